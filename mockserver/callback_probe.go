package mockserver

import (
	"context"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/callbacks"
)

// The callback receiver grader (internal/callbacks): `wecom-mock
// probe-callback`, POST /_mock/callbacks/probe and Server.ProbeCallback all
// run it.

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
	rep, err := callbacks.Probe(ctx, callbacks.ProbeRequest(req))
	return rep, callbackError(err, subject{corpID: req.CorpID, agentID: req.AgentID})
}

// ProbeCallback grades a callback receiver (see the package function) with
// the server's clock, HTTP client and timeouts (WithCallbackTimeout,
// WithCallbackVerifyTimeout). With an empty URL it grades the callback
// configured for req.CorpID / req.AgentID (agentid 0: the contact-sync
// assistant).
func (s *Server) ProbeCallback(ctx context.Context, req ProbeRequest) (ProbeReport, error) {
	rep, err := s.cb.Probe(ctx, callbacks.ProbeRequest(req))
	return rep, callbackError(err, subject{corpID: req.CorpID, agentID: req.AgentID})
}
