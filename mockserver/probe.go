package mockserver

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
	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The callback receiver grader: it plays WeCom against an app's callback
// URL and checks what a correct receiver must do. `wecom-mock
// probe-callback`, POST /_mock/callbacks/probe and Server.ProbeCallback all
// run ProbeCallback.

// ProbeRequest says which receiver to grade and how: the Go form of the
// control API's mockctl.ProbeRequest, with durations and the HTTP client.
type ProbeRequest struct {
	URL            string
	Token          string
	EncodingAESKey string
	// CorpID is the receiveid the receiver expects (the corpid; a suite's
	// SuiteId for a suite receiver).
	CorpID string
	// AgentID goes into the envelope and the test message (default 1000002).
	AgentID int
	// Timeout bounds each POST's answer (default 5 s, WeCom's);
	// VerifyTimeout the verification GET's (default 1 s).
	Timeout       time.Duration
	VerifyTimeout time.Duration
	// Client sends the requests (default: a client that follows no
	// redirects); Now gives the timestamps (default time.Now).
	Client *http.Client
	Now    func() time.Time
}

// defaultProbeAgentID is the default world's app.
const defaultProbeAgentID = 1000002

// probeFrom is the FromUserName of the probe's test messages.
const probeFrom = "wecom-mock-probe"

// ProbeCallback grades the callback receiver at req.URL as WeCom would
// exercise it:
//
//  1. url_verification: the verification GET is answered 200 with exactly
//     the echostr plaintext within VerifyTimeout;
//  2. rejects_bad_signature: a GET and a POST with a forged msg_signature
//     are refused (the GET does not echo the plaintext, the POST is not
//     answered 200);
//  3. rejects_wrong_receiveid: the same for payloads correctly signed but
//     encrypted for another receiveid;
//  4. answers_post_in_time: a valid text message POST is answered 200
//     within Timeout, with an empty body, "success" or a valid encrypted
//     passive reply;
//  5. tolerates_duplicate: the very same POST again (a WeCom retry) is
//     answered the same way.
//
// The error is non-nil only for an unusable request (bad URL, token or key,
// no corpid); a receiver that fails checks is reported, not an error.
func ProbeCallback(ctx context.Context, req ProbeRequest) (ProbeReport, error) {
	cb := fixtures.Callback{URL: req.URL, Token: req.Token, EncodingAESKey: req.EncodingAESKey}
	if err := cb.Validate(); err != nil {
		return ProbeReport{}, badRequest("%s", err.Error())
	}
	if req.CorpID == "" {
		return ProbeReport{}, badRequest(`"corpid" (the receiveid the receiver expects) is required`)
	}
	p := &prober{req: req}
	if p.req.AgentID == 0 {
		p.req.AgentID = defaultProbeAgentID
	}
	if p.req.Timeout <= 0 {
		p.req.Timeout = defaultCallbackTimeout
	}
	if p.req.VerifyTimeout <= 0 {
		p.req.VerifyTimeout = defaultVerifyTimeout
	}
	if p.req.Client == nil {
		p.req.Client = &http.Client{CheckRedirect: noRedirects}
	}
	if p.req.Now == nil {
		p.req.Now = time.Now
	}
	var err error
	if p.crypt, err = wxcrypt.New(req.Token, req.EncodingAESKey, req.CorpID); err != nil {
		return ProbeReport{}, badRequest("%s", err.Error())
	}
	wrongID := "wwprobewrongcorp"
	if wrongID == req.CorpID {
		wrongID += "x"
	}
	if p.wrong, err = wxcrypt.New(req.Token, req.EncodingAESKey, wrongID); err != nil {
		return ProbeReport{}, badRequest("%s", err.Error())
	}
	rep := ProbeReport{URL: req.URL, Passed: true}
	for _, check := range []func(context.Context) ProbeCheck{
		p.checkVerification, p.checkBadSignature, p.checkWrongReceiveID, p.checkPostAndDuplicate,
	} {
		c := check(ctx)
		rep.Checks = append(rep.Checks, c)
		if p.dup != nil {
			rep.Checks = append(rep.Checks, *p.dup)
			p.dup = nil
		}
	}
	for _, c := range rep.Checks {
		rep.Passed = rep.Passed && c.Passed
	}
	return rep, nil
}

// ProbeCallback grades a callback receiver (see the package function) with
// the server's clock, HTTP client and timeouts (WithCallbackTimeout,
// WithCallbackVerifyTimeout). With an empty URL it grades the callback
// configured for req.CorpID / req.AgentID (agentid 0: the contact-sync
// assistant).
func (s *Server) ProbeCallback(ctx context.Context, req ProbeRequest) (ProbeReport, error) {
	if req.URL == "" && req.Token == "" && req.EncodingAESKey == "" {
		entry, ok, err := s.store.Callback(req.CorpID, req.AgentID)
		if err != nil {
			return ProbeReport{}, storeError(err, subject{terms: callbackTerms, corpID: req.CorpID, agentID: req.AgentID})
		}
		if !ok {
			return ProbeReport{}, conflictErr("corp %q agentid %d has no callback configured: give url, token and encoding_aes_key", req.CorpID, req.AgentID)
		}
		req.URL, req.Token, req.EncodingAESKey = entry.Callback.URL, entry.Callback.Token, entry.Callback.EncodingAESKey
	}
	if req.Timeout <= 0 {
		req.Timeout = s.callbackTimeout()
	}
	if req.VerifyTimeout <= 0 {
		req.VerifyTimeout = s.verifyTimeout()
	}
	if req.Client == nil {
		req.Client = s.callbackClient()
	}
	if req.Now == nil {
		req.Now = s.Now
	}
	return ProbeCallback(ctx, req)
}

type prober struct {
	req   ProbeRequest
	crypt *wxcrypt.Crypt // the right receiveid
	wrong *wxcrypt.Crypt // another receiveid
	dup   *ProbeCheck    // the duplicate check, made with the POST check
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
	return fmt.Sprintf("HTTP %d %q in %s", a.status, truncate(a.body, 80), roundLatency(a.latency))
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

func failed(name, rule, format string, args ...any) ProbeCheck {
	return ProbeCheck{Name: name, Rule: rule, Detail: fmt.Sprintf(format, args...)}
}

func (p *prober) checkVerification(ctx context.Context) ProbeCheck {
	const name = CheckURLVerification
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
	return ProbeCheck{Name: name, Rule: rule, Passed: true, Detail: fmt.Sprintf("answered the plaintext in %s", roundLatency(a.latency))}
}

// checkRefusals sends a GET and a POST that a correct receiver refuses.
func (p *prober) checkRefusals(ctx context.Context, name, rule, what string, c *wxcrypt.Crypt, token string) ProbeCheck {
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
	return ProbeCheck{Name: name, Rule: rule, Passed: true,
		Detail: fmt.Sprintf("GET answered HTTP %d, POST answered HTTP %d", get.status, post.status)}
}

func (p *prober) checkBadSignature(ctx context.Context) ProbeCheck {
	return p.checkRefusals(ctx, CheckRejectsBadSignature,
		"refuses a GET and a POST whose msg_signature was not made with its token",
		"a forged msg_signature", p.crypt, p.forgedToken())
}

func (p *prober) checkWrongReceiveID(ctx context.Context) ProbeCheck {
	return p.checkRefusals(ctx, CheckRejectsWrongReceiver,
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

func (p *prober) checkPostAndDuplicate(ctx context.Context) ProbeCheck {
	const name = CheckAnswersPostInTime
	rule := fmt.Sprintf("answers a valid POST with 200 within %v (empty body, \"success\" or a valid encrypted passive reply)", p.req.Timeout)
	dupRule := "answers the same POST again with 200 (WeCom retries when it got no 200 in time)"
	target, body, err := p.message(p.crypt, p.req.Token, "wecom-mock probe-callback")
	if err != nil {
		c := failed(name, rule, "cannot build the request: %v", err)
		d := failed(CheckToleratesDuplicate, dupRule, "not run")
		p.dup = &d
		return c
	}
	judge := func(name, rule string, a answer) ProbeCheck {
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
		return ProbeCheck{Name: name, Rule: rule, Passed: true, Detail: fmt.Sprintf("HTTP 200 in %s, %s", roundLatency(a.latency), what)}
	}
	first := judge(name, rule, p.send(ctx, http.MethodPost, target, body, p.req.Timeout))
	second := judge(CheckToleratesDuplicate, dupRule, p.send(ctx, http.MethodPost, target, body, p.req.Timeout))
	p.dup = &second
	return first
}
