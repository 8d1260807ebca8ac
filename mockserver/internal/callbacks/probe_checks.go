package callbacks

import (
	"bytes"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"math/big"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// The probe's checks. Unlike deliveries they use crypto/rand: a probe is
// not part of a seeded world.

type prober struct {
	req   ProbeRequest
	crypt *wxcrypt.Crypt      // the right receiveid
	wrong *wxcrypt.Crypt      // another receiveid
	dup   *mockctl.ProbeCheck // the duplicate check, made with the POST check
}

// answer is what the receiver did with one request.
type answer struct {
	status  int
	body    []byte
	latency time.Duration
	err     error
}

func (a answer) String() string {
	if a.err != nil {
		return a.err.Error()
	}
	// The status and the body's size only: the target's body is never
	// reported back (it may be an internal address's answer).
	return fmt.Sprintf("HTTP %d, %d-byte body, in %s", a.status, len(a.body), roundLatency(a.latency))
}

func roundLatency(d time.Duration) time.Duration {
	if d > 10*time.Millisecond {
		return d.Round(time.Millisecond)
	}
	return d.Round(10 * time.Microsecond)
}

func (p *prober) send(ctx context.Context, method, target string, body []byte, timeout time.Duration) answer {
	started := time.Now()
	ctx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, target, rd)
	if err != nil {
		return answer{err: err}
	}
	if body != nil {
		req.Header.Set("Content-Type", "text/xml")
	}
	res, err := p.req.Client.Do(req)
	if err != nil {
		return answer{err: describeNetErr(ctx, err, timeout), latency: time.Since(started)}
	}
	defer res.Body.Close()
	b, err := io.ReadAll(io.LimitReader(res.Body, maxCallbackResponse))
	a := answer{status: res.StatusCode, body: b, latency: time.Since(started)}
	if err != nil {
		a.err = describeNetErr(ctx, err, timeout)
	}
	return a
}

func (p *prober) timestamp() string { return strconv.FormatInt(p.req.Now().Unix(), 10) }

func randomDigits(n int) string {
	b := make([]byte, n)
	for i := range b {
		v, _ := rand.Int(rand.Reader, big.NewInt(10))
		b[i] = '0' + byte(v.Int64())
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

// verifyRequest returns a verification GET URL whose echostr encrypts
// plain with c, signed with token (the right one or not).
func (p *prober) verifyRequest(c *wxcrypt.Crypt, plain, token string) (string, error) {
	ts, nonce := p.timestamp(), randomDigits(10)
	echostr, _, err := c.Encrypt([]byte(plain), ts, nonce)
	if err != nil {
		return "", err
	}
	sig := wxcrypt.Signature(token, ts, nonce, echostr)
	return withQuery(p.req.URL, verifyQuery(sig, ts, nonce, echostr)), nil
}

// message returns a POST URL and envelope carrying a text message encrypted
// with c and signed with token.
func (p *prober) message(c *wxcrypt.Crypt, token, content string) (string, []byte, error) {
	ts, nonce := p.timestamp(), randomDigits(10)
	msgID, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	plain := newCallbackXML().
		cdata("ToUserName", p.req.CorpID).
		cdata("FromUserName", probeFrom).
		num("CreateTime", p.req.Now().Unix()).
		cdata("MsgType", "text").
		cdata("Content", content).
		num("MsgId", msgID.Int64()+1).
		num("AgentID", int64(p.req.AgentID)).
		bytes()
	enc, _, err := c.Encrypt(plain, ts, nonce)
	if err != nil {
		return "", nil, err
	}
	sig := wxcrypt.Signature(token, ts, nonce, enc)
	body, err := (&wxcrypt.Envelope{ToUserName: p.req.CorpID, Encrypt: enc, AgentID: strconv.Itoa(p.req.AgentID)}).Marshal()
	if err != nil {
		return "", nil, err
	}
	return withQuery(p.req.URL, "msg_signature="+sig+"&timestamp="+ts+"&nonce="+nonce), body, nil
}

// forgedToken signs with a token that is not the receiver's.
func (p *prober) forgedToken() string { return p.req.Token + "forged" }

func failed(name, rule, format string, args ...any) mockctl.ProbeCheck {
	return mockctl.ProbeCheck{Name: name, Rule: rule, Detail: fmt.Sprintf(format, args...)}
}

func (p *prober) checkVerification(ctx context.Context) mockctl.ProbeCheck {
	const name = mockctl.CheckURLVerification
	rule := fmt.Sprintf("answers the verification GET with 200 and exactly the echostr plaintext within %v", p.req.VerifyTimeout)
	plain := randomDigits(19)
	target, err := p.verifyRequest(p.crypt, plain, p.req.Token)
	if err != nil {
		return failed(name, rule, "cannot build the request: %v", err)
	}
	a := p.send(ctx, http.MethodGet, target, nil, p.req.VerifyTimeout)
	switch {
	case a.err != nil:
		return failed(name, rule, "%v", a)
	case a.status != http.StatusOK:
		return failed(name, rule, "answered %v, want 200", a)
	case string(a.body) != plain:
		return failed(name, rule, "answered %v, want exactly %q (no quotes, BOM or newline)", a, plain)
	}
	return mockctl.ProbeCheck{Name: name, Rule: rule, Passed: true, Detail: fmt.Sprintf("answered the plaintext in %s", roundLatency(a.latency))}
}

// checkRefusals sends a GET and a POST that a correct receiver refuses.
func (p *prober) checkRefusals(ctx context.Context, name, rule, what string, c *wxcrypt.Crypt, token string) mockctl.ProbeCheck {
	plain := randomDigits(19)
	target, err := p.verifyRequest(c, plain, token)
	if err != nil {
		return failed(name, rule, "cannot build the request: %v", err)
	}
	get := p.send(ctx, http.MethodGet, target, nil, p.req.Timeout)
	postURL, body, err := p.message(c, token, "wecom-mock probe: "+what+", do not process")
	if err != nil {
		return failed(name, rule, "cannot build the request: %v", err)
	}
	post := p.send(ctx, http.MethodPost, postURL, body, p.req.Timeout)
	var problems []string
	switch {
	case get.err != nil:
		problems = append(problems, fmt.Sprintf("verification GET with %s: %v (refuse at once, e.g. 403)", what, get))
	case get.status == http.StatusOK && string(get.body) == plain:
		problems = append(problems, fmt.Sprintf("verification GET with %s echoed the plaintext", what))
	}
	switch {
	case post.err != nil:
		problems = append(problems, fmt.Sprintf("POST with %s: %v (refuse at once, e.g. 403)", what, post))
	case post.status == http.StatusOK:
		problems = append(problems, fmt.Sprintf("POST with %s was accepted: %v (want a refusal such as 403)", what, post))
	}
	if len(problems) > 0 {
		return failed(name, rule, "%s", strings.Join(problems, "; "))
	}
	return mockctl.ProbeCheck{Name: name, Rule: rule, Passed: true,
		Detail: fmt.Sprintf("GET answered HTTP %d, POST answered HTTP %d", get.status, post.status)}
}

func (p *prober) checkBadSignature(ctx context.Context) mockctl.ProbeCheck {
	return p.checkRefusals(ctx, mockctl.CheckRejectsBadSignature,
		"refuses a GET and a POST whose msg_signature was not made with its token",
		"a forged msg_signature", p.crypt, p.forgedToken())
}

func (p *prober) checkWrongReceiveID(ctx context.Context) mockctl.ProbeCheck {
	return p.checkRefusals(ctx, mockctl.CheckRejectsWrongReceiver,
		fmt.Sprintf("refuses a correctly signed GET and POST encrypted for another receiveid than %q", p.req.CorpID),
		"a wrong receiveid", p.wrong, p.req.Token)
}

// judgeReply checks a 200 body: empty, "success" or an encrypted passive
// reply that decrypts with the receiver's keys.
func (p *prober) judgeReply(body []byte) (string, bool) {
	t := bytes.TrimSpace(body)
	switch {
	case len(t) == 0:
		return "no passive reply", true
	case string(t) == "success":
		return `answered "success"`, true
	}
	c, err := wxcrypt.New(p.req.Token, p.req.EncodingAESKey, p.req.CorpID, wxcrypt.AllowEmptyReceiveID())
	if err != nil {
		return err.Error(), false
	}
	plain, err := c.DecryptReply(t)
	if err != nil {
		return fmt.Sprintf("the body is neither empty nor a valid encrypted passive reply: %v", err), false
	}
	return fmt.Sprintf("passive reply %s", truncate(plain, 400)), true
}

func (p *prober) checkPostAndDuplicate(ctx context.Context) mockctl.ProbeCheck {
	const name = mockctl.CheckAnswersPostInTime
	rule := fmt.Sprintf("answers a valid POST with 200 within %v (empty body, \"success\" or a valid encrypted passive reply)", p.req.Timeout)
	dupRule := "answers the same POST again with 200 (WeCom retries when it got no 200 in time)"
	target, body, err := p.message(p.crypt, p.req.Token, "wecom-mock probe-callback")
	if err != nil {
		c := failed(name, rule, "cannot build the request: %v", err)
		d := failed(mockctl.CheckToleratesDuplicate, dupRule, "not run")
		p.dup = &d
		return c
	}
	judge := func(name, rule string, a answer) mockctl.ProbeCheck {
		switch {
		case a.err != nil:
			return failed(name, rule, "%v", a)
		case a.status != http.StatusOK:
			return failed(name, rule, "answered %v, want 200", a)
		}
		what, ok := p.judgeReply(a.body)
		if !ok {
			return failed(name, rule, "answered HTTP 200 in %s but %s", roundLatency(a.latency), what)
		}
		return mockctl.ProbeCheck{Name: name, Rule: rule, Passed: true, Detail: fmt.Sprintf("HTTP 200 in %s, %s", roundLatency(a.latency), what)}
	}
	first := judge(name, rule, p.send(ctx, http.MethodPost, target, body, p.req.Timeout))
	second := judge(mockctl.CheckToleratesDuplicate, dupRule, p.send(ctx, http.MethodPost, target, body, p.req.Timeout))
	p.dup = &second
	return first
}
