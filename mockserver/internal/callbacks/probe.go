package callbacks

import (
	"context"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// The callback receiver grader: it plays WeCom against an app's callback
// URL and checks what a correct receiver must do. `wecom-mock
// probe-callback`, POST /_mock/callbacks/probe and Server.ProbeCallback all
// come here.

// ProbeRequest says which receiver to grade and how. mockserver.ProbeRequest
// has the same fields and converts to it.
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

// Probe grades the callback receiver at req.URL as WeCom would exercise
// it:
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
// The error, a *Refusal, is non-nil only for an unusable request (bad URL,
// token or key, no corpid); a receiver that fails checks is reported, not
// an error.
func Probe(ctx context.Context, req ProbeRequest) (mockctl.ProbeReport, error) {
	cb := fixtures.Callback{URL: req.URL, Token: req.Token, EncodingAESKey: req.EncodingAESKey}
	if err := cb.Validate(); err != nil {
		return mockctl.ProbeReport{}, invalid("%s", err.Error())
	}
	if req.CorpID == "" {
		return mockctl.ProbeReport{}, invalid(`"corpid" (the receiveid the receiver expects) is required`)
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
		return mockctl.ProbeReport{}, invalid("%s", err.Error())
	}
	wrongID := "wwprobewrongcorp"
	if wrongID == req.CorpID {
		wrongID += "x"
	}
	if p.wrong, err = wxcrypt.New(req.Token, req.EncodingAESKey, wrongID); err != nil {
		return mockctl.ProbeReport{}, invalid("%s", err.Error())
	}
	rep := mockctl.ProbeReport{URL: req.URL, Passed: true}
	for _, check := range []func(context.Context) mockctl.ProbeCheck{
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

// Probe grades a callback receiver (see the package function) with the
// engine's virtual clock, HTTP client and timeouts. With no URL, token or
// key it grades the callback configured for req.CorpID / req.AgentID
// (agentid 0: the contact-sync assistant).
func (e *Engine) Probe(ctx context.Context, req ProbeRequest) (mockctl.ProbeReport, error) {
	if req.URL == "" && req.Token == "" && req.EncodingAESKey == "" {
		entry, ok, err := e.store.Callback(req.CorpID, req.AgentID)
		if err != nil {
			return mockctl.ProbeReport{}, err
		}
		if !ok {
			return mockctl.ProbeReport{}, conflict("corp %q agentid %d has no callback configured: give url, token and encoding_aes_key", req.CorpID, req.AgentID)
		}
		req.URL, req.Token, req.EncodingAESKey = entry.Callback.URL, entry.Callback.Token, entry.Callback.EncodingAESKey
	}
	if req.Timeout <= 0 {
		req.Timeout = e.timeout
	}
	if req.VerifyTimeout <= 0 {
		req.VerifyTimeout = e.verifyTimeout
	}
	if req.Client == nil {
		req.Client = e.client()
	}
	if req.Now == nil {
		req.Now = e.now
	}
	return Probe(ctx, req)
}
