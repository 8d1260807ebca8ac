package mockserver

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
)

// The callback delivery engine: deliverCallback encrypts a message or event
// for one receiver, records it in the deliveries journal and queues it; a
// goroutine per receiver URL posts its queue in order, with WeCom's timeout
// and retries. Request handlers never wait for a delivery.
//
// Bounds: at most maxPendingCallbacks deliveries wait at any time (more are
// recorded as failed at once), at most maxConcurrentCallbacks are on the wire,
// and the journal keeps the newest entries (the server's journal size).
// Reset cancels what is queued or in flight and empties the journal;
// Close/Shutdown does the same and waits for the goroutines to end.

// Defaults of WeCom's delivery rules
// (https://developer.work.weixin.qq.com/document/path/96466).
const (
	defaultCallbackTimeout = 5 * time.Second
	defaultVerifyTimeout   = 1 * time.Second
	callbackAttempts       = 3
)

const (
	maxPendingCallbacks    = 10000
	maxConcurrentCallbacks = 16
	// maxCallbackResponse bounds how much of a receiver's answer is read;
	// maxJournalResponse how much of it the journal keeps.
	maxCallbackResponse = 1 << 20
	maxJournalResponse  = 4096
)

// delivery is a journal entry with what sending it needs. Its Delivery is
// guarded by callbackState.mu.
type delivery struct {
	Delivery
	target callbackTarget
	query  string // msg_signature, timestamp, nonce
	body   []byte // the XML envelope
	ctx    context.Context
	done   chan struct{}
}

// callbackState is the server's delivery engine. Its zero value is ready:
// it starts on first use.
type callbackState struct {
	mu      sync.Mutex
	started bool
	closed  bool
	ctx     context.Context // canceled by Reset (replaced) and Close
	cancel  context.CancelFunc
	queues  map[string][]*delivery // by URL; present while its goroutine runs
	pending int                    // queued, not yet taken by a goroutine
	wg      sync.WaitGroup
	sem     chan struct{}
	seq     uint64
	rng     *rand.ChaCha8
	ring    []*delivery // the journal, a ring like the request journal's
	next    int
	byID    map[string]*delivery // the entries of ring

	clientOnce sync.Once
	client     *http.Client
}

// callbacks returns the engine, started.
func (s *Server) callbacks() *callbackState {
	st := &s.cb
	st.mu.Lock()
	defer st.mu.Unlock()
	if !st.started {
		st.started = true
		st.ctx, st.cancel = context.WithCancel(context.Background())
		st.queues = map[string][]*delivery{}
		st.sem = make(chan struct{}, maxConcurrentCallbacks)
		var key [32]byte
		for i := range 8 {
			key[i] = byte(s.cfg.seed >> (8 * i))
		}
		key[31] = 'c' // not the store's stream
		st.rng = rand.NewChaCha8(key)
		st.ring = make([]*delivery, 0, max(s.cfg.journalSize, 1))
		st.byID = map[string]*delivery{}
	}
	return st
}

func (s *Server) callbackTimeout() time.Duration {
	if s.cfg.callbackTimeout > 0 {
		return s.cfg.callbackTimeout
	}
	return defaultCallbackTimeout
}

func (s *Server) verifyTimeout() time.Duration {
	if s.cfg.verifyTimeout > 0 {
		return s.cfg.verifyTimeout
	}
	return defaultVerifyTimeout
}

// callbackClient is the HTTP client of deliveries, verification and probes:
// it never follows redirects (only a 200 counts) and its timeouts come from
// each request's context.
func (s *Server) callbackClient() *http.Client {
	if s.cfg.callbackClient != nil {
		return s.cfg.callbackClient
	}
	st := &s.cb
	st.clientOnce.Do(func() {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		tr.MaxIdleConnsPerHost = maxConcurrentCallbacks
		st.client = &http.Client{Transport: tr, CheckRedirect: noRedirects}
	})
	return st.client
}

func noRedirects(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }

// randomDigits returns n random decimal digits (nonces and echostr
// plaintexts look like that on WeCom).
func (st *callbackState) randomDigits(n int) string {
	b := make([]byte, n)
	st.mu.Lock()
	defer st.mu.Unlock()
	for i := range b {
		b[i] = '0' + byte(st.rng.Uint64()%10)
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

// randomPrefix returns the 16 alphanumerics that start every plaintext.
func (st *callbackState) randomPrefix() []byte {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, wxcrypt.RandomLen)
	st.mu.Lock()
	defer st.mu.Unlock()
	for i := range b {
		b[i] = alphabet[st.rng.Uint64()%uint64(len(alphabet))]
	}
	return b
}

// int63 returns a random positive int64 (message ids).
func (st *callbackState) int63() int64 {
	st.mu.Lock()
	defer st.mu.Unlock()
	return int64(st.rng.Uint64()>>1) | 1<<60
}

// sealed is an encrypted callback ready to send.
type sealed struct {
	query string
	body  []byte
}

// seal encrypts plaintext for t with receiveid t.ReceiveID and signs it
// with the virtual time and a fresh nonce: the query and XML envelope of
// the POST.
func (s *Server) seal(t callbackTarget, plaintext []byte, receiveID string) (sealed, error) {
	st := s.callbacks()
	crypt, err := wxcrypt.New(t.Token, t.EncodingAESKey, receiveID)
	if err != nil {
		return sealed{}, err
	}
	ts := strconv.FormatInt(s.Now().Unix(), 10)
	nonce := st.randomDigits(10)
	enc, sig, err := crypt.EncryptWithRandom(plaintext, ts, nonce, st.randomPrefix())
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

// withQuery appends query to rawURL's own query, if it has one.
func withQuery(rawURL, query string) string {
	base, frag, _ := strings.Cut(rawURL, "#")
	_ = frag // a configured URL never has one (validated)
	if strings.Contains(base, "?") {
		if strings.HasSuffix(base, "?") || strings.HasSuffix(base, "&") {
			return base + query
		}
		return base + "&" + query
	}
	return base + "?" + query
}

func receiverOf(t callbackTarget) string {
	switch {
	case t.Suite:
		return "suite"
	case t.AgentIDNum == 0:
		return "contacts"
	}
	return "app"
}

// deliverCallback encrypts plaintext (the decrypted XML of a message or
// event) for t and delivers it asynchronously as WeCom does — POST, 5 s
// timeout, 3 attempts, only HTTP 200 counts — recording every attempt in the
// deliveries journal. kind names the event for the journal (e.g.
// "change_contact/create_user", "suite_ticket"). It returns the delivery id.
// It never blocks on the network.
func (s *Server) deliverCallback(t callbackTarget, kind string, plaintext []byte) string {
	st := s.callbacks()
	d := &delivery{
		Delivery: Delivery{
			Kind:      kind,
			Receiver:  receiverOf(t),
			CorpID:    t.CorpID,
			AgentID:   t.AgentIDNum,
			SuiteID:   t.SuiteID,
			URL:       t.URL,
			Status:    DeliveryPending,
			Time:      s.Now(),
			Plaintext: string(plaintext),
			Attempts:  []CallbackAttempt{},
		},
		target: t,
		done:   make(chan struct{}),
	}
	sl, sealErr := s.seal(t, plaintext, t.ReceiveID)
	d.query, d.body = sl.query, sl.body

	st.mu.Lock()
	defer st.mu.Unlock()
	st.seq++
	d.ID = "cb" + strconv.FormatUint(st.seq, 10)
	d.ctx = st.ctx
	st.addLocked(d)
	switch {
	case sealErr != nil:
		st.finishLocked(d, DeliveryFailed, "cannot encrypt: "+sealErr.Error())
	case st.closed:
		st.finishLocked(d, DeliveryCanceled, "server closed")
	case st.pending >= maxPendingCallbacks:
		st.finishLocked(d, DeliveryFailed, fmt.Sprintf("dropped: %d deliveries already waiting", st.pending))
	default:
		q, running := st.queues[t.URL]
		st.queues[t.URL] = append(q, d)
		st.pending++
		if !running {
			st.wg.Add(1)
			go s.runCallbackQueue(st, t.URL)
		}
	}
	return d.ID
}

// addLocked records d in the journal ring, dropping the oldest entry.
func (st *callbackState) addLocked(d *delivery) {
	if len(st.ring) < cap(st.ring) {
		st.ring = append(st.ring, d)
	} else {
		delete(st.byID, st.ring[st.next].ID)
		st.ring[st.next] = d
	}
	st.next = (st.next + 1) % cap(st.ring)
	st.byID[d.ID] = d
}

// finishLocked gives d its final status and wakes its waiters.
func (st *callbackState) finishLocked(d *delivery, status, errText string) {
	if d.Status != DeliveryPending {
		return
	}
	d.Status = status
	if errText != "" {
		d.Error = errText
	}
	close(d.done)
}

// runCallbackQueue posts the deliveries queued for url, oldest first, until
// the queue is empty.
func (s *Server) runCallbackQueue(st *callbackState, url string) {
	defer st.wg.Done()
	for {
		st.mu.Lock()
		q := st.queues[url]
		if len(q) == 0 {
			delete(st.queues, url)
			st.mu.Unlock()
			return
		}
		d := q[0]
		q[0] = nil
		st.queues[url] = q[1:]
		st.pending--
		st.mu.Unlock()

		select {
		case st.sem <- struct{}{}:
			s.sendDelivery(st, d)
			<-st.sem
		case <-d.ctx.Done():
			st.mu.Lock()
			st.finishLocked(d, DeliveryCanceled, "canceled by reset or close")
			st.mu.Unlock()
		}
	}
}

// sendDelivery makes up to three attempts; only HTTP 200 counts.
func (s *Server) sendDelivery(st *callbackState, d *delivery) {
	timeout := d.target.Timeout
	if timeout <= 0 {
		timeout = s.callbackTimeout()
	}
	for n := 1; n <= callbackAttempts; n++ {
		if d.ctx.Err() != nil {
			break
		}
		a := s.postCallback(d.ctx, d.target, withQuery(d.target.URL, d.query), d.body, timeout)
		a.N = n
		st.mu.Lock()
		d.Attempts = append(d.Attempts, a)
		if a.Status == http.StatusOK {
			d.Reply, d.ReplyError = a.Reply, a.ReplyError
			st.finishLocked(d, DeliveryDelivered, "")
			st.mu.Unlock()
			return
		}
		st.mu.Unlock()
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	if d.ctx.Err() != nil {
		st.finishLocked(d, DeliveryCanceled, "canceled by reset or close")
		return
	}
	last := d.Attempts[len(d.Attempts)-1]
	reason := last.Error
	if reason == "" {
		reason = fmt.Sprintf("HTTP %d", last.Status)
	}
	st.finishLocked(d, DeliveryFailed, fmt.Sprintf("%d attempts failed; last: %s", len(d.Attempts), reason))
}

// postCallback sends one POST and reads the answer within timeout.
func (s *Server) postCallback(ctx context.Context, t callbackTarget, target string, body []byte, timeout time.Duration) CallbackAttempt {
	a := CallbackAttempt{Time: s.Now()}
	status, resp, latency, err := s.roundTrip(ctx, http.MethodPost, target, body, timeout)
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
	a.Reply, a.ReplyError = s.openReply(t, resp)
	return a
}

// roundTrip sends one request and reads at most maxCallbackResponse bytes
// of the answer, all within timeout (real time).
func (s *Server) roundTrip(ctx context.Context, method, target string, body []byte, timeout time.Duration) (status int, resp []byte, latency time.Duration, err error) {
	started := s.cfg.realNow() // before the deadline is set: a timeout's latency is at least the limit
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return 0, nil, 0, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "text/xml")
	}
	res, err := s.callbackClient().Do(req)
	if err != nil {
		return 0, nil, s.cfg.realNow().Sub(started), describeNetErr(ctx, err, timeout)
	}
	defer res.Body.Close()
	resp, err = io.ReadAll(io.LimitReader(res.Body, maxCallbackResponse))
	latency = s.cfg.realNow().Sub(started)
	if err != nil {
		return res.StatusCode, resp, latency, describeNetErr(ctx, err, timeout)
	}
	return res.StatusCode, resp, latency, nil
}

// describeNetErr says "no answer within 5s" for a timeout, as WeCom would
// see it, and keeps other causes.
func describeNetErr(ctx context.Context, err error, timeout time.Duration) error {
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no answer within %v", timeout)
	}
	if errors.Is(ctx.Err(), context.Canceled) {
		return errors.New("canceled")
	}
	var ue *url.Error
	if errors.As(err, &ue) {
		return ue.Err
	}
	return err
}

// openReply checks a 200 answer: suites must answer "success"; apps answer
// nothing or an encrypted passive reply, which is decrypted and verified
// over its own timestamp and nonce. <Timestamp> and <TimeStamp>, and an
// empty receiveid (go-workwx), are accepted.
func (s *Server) openReply(t callbackTarget, resp []byte) (reply, replyErr string) {
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

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func truncate(b []byte, n int) string {
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}

// resetCallbacks cancels every queued or in-flight delivery and empties the
// journal (Reset).
func (s *Server) resetCallbacks() {
	st := s.callbacks()
	st.mu.Lock()
	defer st.mu.Unlock()
	st.cancel()
	for _, d := range st.ring {
		// Queued ones are skipped and in-flight ones aborted by the
		// canceled context; their waiters need not wait for that.
		st.finishLocked(d, DeliveryCanceled, "canceled by reset")
	}
	if !st.closed {
		st.ctx, st.cancel = context.WithCancel(context.Background())
	}
	st.ring = st.ring[:0]
	st.next = 0
	clear(st.byID)
}

// stopCallbacks cancels every delivery and waits, until ctx is done, for
// the delivery goroutines to end (Close/Shutdown).
func (s *Server) stopCallbacks(ctx context.Context) error {
	st := s.callbacks()
	st.mu.Lock()
	st.closed = true
	st.cancel()
	st.mu.Unlock()
	done := make(chan struct{})
	go func() { st.wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-ctx.Done():
		return ctx.Err()
	}
	if s.cfg.callbackClient == nil {
		s.callbackClient().CloseIdleConnections()
	}
	return nil
}
