package mockctl

import (
	"context"
	"fmt"
	"net/http"
	"strings"
)

// ProbeRequest is the body of POST /_mock/callbacks/probe: the callback
// receiver to grade — its URL and keys, or just CorpID and AgentID to grade
// a configured callback.
type ProbeRequest struct {
	URL            string `json:"url"`
	Token          string `json:"token"`
	EncodingAESKey string `json:"encoding_aes_key"`
	// CorpID is the receiveid the receiver expects (the corpid; a suite's
	// SuiteId for a suite receiver).
	CorpID string `json:"corpid"`
	// AgentID goes into the envelope and the test message (default 1000002).
	AgentID int `json:"agentid,omitempty"`
	// TimeoutMS bounds each POST's answer (default 5000, WeCom's);
	// VerifyTimeoutMS the verification GET's (default 1000). At most 60000.
	TimeoutMS       int64 `json:"timeout_ms,omitempty"`
	VerifyTimeoutMS int64 `json:"verify_timeout_ms,omitempty"`
}

// ProbeReport is the grade: one check per rule, and whether all passed.
type ProbeReport struct {
	URL    string       `json:"url"`
	Passed bool         `json:"passed"`
	Checks []ProbeCheck `json:"checks"`
}

// ProbeCheck is one rule and how the receiver did.
type ProbeCheck struct {
	Name   string `json:"name"`
	Passed bool   `json:"passed"`
	// Rule is what a correct receiver does; Detail what this one did.
	Rule   string `json:"rule"`
	Detail string `json:"detail"`
}

// The checks, in the order they run.
const (
	CheckURLVerification      = "url_verification"
	CheckRejectsBadSignature  = "rejects_bad_signature"
	CheckRejectsWrongReceiver = "rejects_wrong_receiveid"
	CheckAnswersPostInTime    = "answers_post_in_time"
	CheckToleratesDuplicate   = "tolerates_duplicate"
)

// String renders the report for a terminal, one line per check; when every
// check failed for one reason (an unreachable URL fails each the same way)
// it is told once, "× N", with the checks' names.
func (r ProbeReport) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "Callback receiver %s\n", r.URL)
	if cause, ok := r.commonFailure(); ok {
		names := make([]string, len(r.Checks))
		for i, c := range r.Checks {
			names[i] = c.Name
		}
		fmt.Fprintf(&b, "  FAIL  %s (× %d)\n", cause, len(r.Checks))
		fmt.Fprintf(&b, "        %s\n", strings.Join(names, ", "))
		fmt.Fprintf(&b, "%d of %d checks failed\n", len(r.Checks), len(r.Checks))
		return b.String()
	}
	failed := 0
	for _, c := range r.Checks {
		mark := "PASS"
		if !c.Passed {
			mark = "FAIL"
			failed++
		}
		fmt.Fprintf(&b, "  %s  %-24s %s\n", mark, c.Name, c.Rule)
		fmt.Fprintf(&b, "        %-24s %s\n", "", c.Detail)
	}
	if failed == 0 {
		fmt.Fprintf(&b, "all %d checks passed\n", len(r.Checks))
	} else {
		fmt.Fprintf(&b, "%d of %d checks failed\n", failed, len(r.Checks))
	}
	return b.String()
}

// commonFailure reports whether more than one check ran, all failed, and
// each one's detail holds the first one's: the receiver was never reached
// (or answered everything alike), and that detail says why.
func (r ProbeReport) commonFailure() (string, bool) {
	if len(r.Checks) < 2 || r.Checks[0].Passed || r.Checks[0].Detail == "" {
		return "", false
	}
	cause := r.Checks[0].Detail
	for _, c := range r.Checks[1:] {
		if c.Passed || !strings.Contains(c.Detail, cause) {
			return "", false
		}
	}
	return cause, true
}

// ProbeCallback grades a callback receiver as WeCom would exercise it. A
// receiver that fails checks is reported, not an error.
func (c *Client) ProbeCallback(ctx context.Context, req ProbeRequest) (ProbeReport, error) {
	var out ProbeReport
	err := c.do(ctx, http.MethodPost, "/_mock/callbacks/probe", req, &out)
	return out, err
}
