package callbacks

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"time"

	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Delivery: Deliver encrypts a message or event for one receiver, records
// it in the journal and queues it; a goroutine per receiver URL posts its
// queue in order, with WeCom's timeout and retries. Callers never wait for
// the network.

// delivery is a journal entry with what sending it needs. Its Delivery is
// guarded by Engine.mu.
type delivery struct {
	mockctl.Delivery
	target Target
	query  string // msg_signature, timestamp, nonce
	body   []byte // the XML envelope
	ctx    context.Context
	done   chan struct{}
}

// sealed is an encrypted callback ready to send.
type sealed struct {
	query string
	body  []byte
}

// seal encrypts plaintext for t with receiveid receiveID and signs it with
// the virtual time and a fresh nonce: the query and XML envelope of the
// POST.
func (e *Engine) seal(t Target, plaintext []byte, receiveID string) (sealed, error) {
	crypt, err := wxcrypt.New(t.Token, t.EncodingAESKey, receiveID)
	if err != nil {
		return sealed{}, err
	}
	ts := strconv.FormatInt(e.now().Unix(), 10)
	nonce := e.randomDigits(10)
	enc, sig, err := crypt.EncryptWithRandom(plaintext, ts, nonce, e.randomPrefix())
	if err != nil {
		return sealed{}, err
	}
	body, err := (&wxcrypt.Envelope{ToUserName: t.ToUserName, Encrypt: enc, AgentID: t.AgentID}).Marshal()
	if err != nil {
		return sealed{}, err
	}
	q := "msg_signature=" + sig + "&timestamp=" + ts + "&nonce=" + nonce
	return sealed{query: q, body: body}, nil
}

// Deliver encrypts plaintext (the decrypted XML of a message or event) for
// t and delivers it asynchronously as WeCom does — POST, 5 s timeout, 3
// attempts, only HTTP 200 counts — recording every attempt in the
// deliveries journal. kind names the event for the journal (e.g.
// "change_contact/create_user", "suite_ticket"). It returns the delivery id
// and never blocks on the network.
func (e *Engine) Deliver(t Target, kind string, plaintext []byte) string {
	d := &delivery{
		Delivery: mockctl.Delivery{
			Kind:      kind,
			Receiver:  t.receiver(),
			CorpID:    t.CorpID,
			AgentID:   t.AgentIDNum,
			SuiteID:   t.SuiteID,
			URL:       t.URL,
			Status:    mockctl.DeliveryPending,
			Time:      e.now(),
			Plaintext: string(plaintext),
			Attempts:  []mockctl.CallbackAttempt{},
		},
		target: t,
		done:   make(chan struct{}),
	}
	sl, sealErr := e.seal(t, plaintext, t.ReceiveID)
	d.query, d.body = sl.query, sl.body

	e.mu.Lock()
	defer e.mu.Unlock()
	e.seq++
	d.ID = "cb" + strconv.FormatUint(e.seq, 10)
	d.ctx = e.ctx
	e.addLocked(d)
	switch {
	case sealErr != nil:
		e.finishLocked(d, mockctl.DeliveryFailed, "cannot encrypt: "+sealErr.Error())
	case e.closed:
		e.finishLocked(d, mockctl.DeliveryCanceled, "server closed")
	case e.pending >= maxPendingCallbacks:
		e.finishLocked(d, mockctl.DeliveryFailed, fmt.Sprintf("dropped: %d deliveries already waiting", e.pending))
	default:
		q, running := e.queues[t.URL]
		e.queues[t.URL] = append(q, d)
		e.pending++
		if !running {
			e.wg.Add(1)
			go e.runQueue(t.URL)
		}
	}
	return d.ID
}

// runQueue posts the deliveries queued for url, oldest first, until the
// queue is empty.
func (e *Engine) runQueue(url string) {
	defer e.wg.Done()
	for {
		e.mu.Lock()
		q := e.queues[url]
		if len(q) == 0 {
			delete(e.queues, url)
			e.mu.Unlock()
			return
		}
		d := q[0]
		q[0] = nil
		e.queues[url] = q[1:]
		e.pending--
		e.mu.Unlock()

		select {
		case e.sem <- struct{}{}:
			e.send(d)
			<-e.sem
		case <-d.ctx.Done():
			e.mu.Lock()
			e.finishLocked(d, mockctl.DeliveryCanceled, "canceled by reset or close")
			e.mu.Unlock()
		}
	}
}

// send makes up to three attempts; only HTTP 200 counts.
func (e *Engine) send(d *delivery) {
	timeout := d.target.Timeout
	if timeout <= 0 {
		timeout = e.timeout
	}
	for n := 1; n <= callbackAttempts; n++ {
		if d.ctx.Err() != nil {
			break
		}
		a := e.post(d.ctx, d.target, withQuery(d.target.URL, d.query), d.body, timeout)
		a.N = n
		e.mu.Lock()
		d.Attempts = append(d.Attempts, a)
		if a.Status == http.StatusOK {
			d.Reply, d.ReplyError = a.Reply, a.ReplyError
			e.finishLocked(d, mockctl.DeliveryDelivered, "")
			e.mu.Unlock()
			return
		}
		e.mu.Unlock()
	}
	e.mu.Lock()
	defer e.mu.Unlock()
	if d.ctx.Err() != nil {
		e.finishLocked(d, mockctl.DeliveryCanceled, "canceled by reset or close")
		return
	}
	last := d.Attempts[len(d.Attempts)-1]
	reason := last.Error
	if reason == "" {
		reason = fmt.Sprintf("HTTP %d", last.Status)
	}
	e.finishLocked(d, mockctl.DeliveryFailed, fmt.Sprintf("%d attempts failed; last: %s", len(d.Attempts), reason))
}

// post sends one POST and reads the answer within timeout.
func (e *Engine) post(ctx context.Context, t Target, target string, body []byte, timeout time.Duration) mockctl.CallbackAttempt {
	a := mockctl.CallbackAttempt{Time: e.now()}
	status, resp, latency, err := e.roundTrip(ctx, http.MethodPost, target, body, timeout)
	a.Status, a.LatencyMS = status, ms(latency)
	a.Response = truncate(resp, maxJournalResponse)
	if err != nil {
		a.Error = err.Error()
		a.Status = 0
		return a
	}
	if status != http.StatusOK {
		a.Error = fmt.Sprintf("HTTP %d (only 200 counts)", status)
		return a
	}
	a.Reply, a.ReplyError = openReply(t, resp)
	return a
}

// openReply checks a 200 answer: suites must answer "success"; apps answer
// nothing or an encrypted passive reply, which is decrypted and verified
// over its own timestamp and nonce. <Timestamp> and <TimeStamp>, and an
// empty receiveid (go-workwx), are accepted.
func openReply(t Target, resp []byte) (reply, replyErr string) {
	body := bytes.TrimSpace(resp)
	if t.Suite {
		if string(body) != "success" {
			return "", `a suite callback must be answered with the body "success"`
		}
		return "", ""
	}
	if len(body) == 0 {
		return "", ""
	}
	crypt, err := wxcrypt.New(t.Token, t.EncodingAESKey, t.ReceiveID, wxcrypt.AllowEmptyReceiveID())
	if err != nil {
		return "", err.Error()
	}
	plain, err := crypt.DecryptReply(body)
	if err != nil {
		return "", "passive reply rejected: " + err.Error()
	}
	return string(plain), ""
}
