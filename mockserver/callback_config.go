package mockserver

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Callback configuration of apps and of the contact-sync assistant, as the
// admin console sets it: saving runs the URL verification first.

// ContactsAgentID stands for the contact-sync assistant (通讯录同步) in
// CallbackConfig and the deliveries journal: it has a callback but no
// agentid.
const ContactsAgentID = store.ContactsAgentID

// ErrCallbackNotVerified is returned (wrapped) by SetCallback when the URL
// failed the verification; the configuration is not saved.
var ErrCallbackNotVerified = errors.New("callback URL verification failed")

// SetCallback saves the callback configuration of an app (or of the
// contact-sync assistant, AgentID 0) the way the admin console does: it
// first calls the URL's verification GET and saves only if the URL answers
// the echostr plaintext within the verification limit (1 s; see
// WithCallbackVerifyTimeout). A failed verification returns its report and
// an error wrapping ErrCallbackNotVerified. Reset and LoadFixtures go back to
// the fixtures' configuration.
func (s *Server) SetCallback(ctx context.Context, cfg CallbackConfig) (CallbackVerification, error) {
	cb := fixtures.Callback{URL: cfg.URL, Token: cfg.Token, EncodingAESKey: cfg.EncodingAESKey}
	if cfg.CorpID == "" {
		return CallbackVerification{}, badRequest(`"corpid" is required`)
	}
	if err := cb.Validate(); err != nil {
		return CallbackVerification{}, badRequest("%s", err.Error())
	}
	if _, _, err := s.store.Callback(cfg.CorpID, cfg.AgentID); err != nil {
		return CallbackVerification{}, storeError(err, subject{terms: callbackTerms, corpID: cfg.CorpID, agentID: cfg.AgentID})
	}
	var v CallbackVerification
	if cfg.SkipVerify {
		v = CallbackVerification{Skipped: true}
	} else {
		v = s.verifyCallback(ctx, s.callbackTarget(cfg.CorpID, cfg.AgentID, cb))
		if !v.Verified {
			return v, fmt.Errorf("%w: %s", ErrCallbackNotVerified, v.Error)
		}
	}
	if err := s.store.SetCallback(cfg.CorpID, cfg.AgentID, &cb); err != nil {
		return v, storeError(err, subject{terms: callbackTerms, corpID: cfg.CorpID, agentID: cfg.AgentID})
	}
	return v, nil
}

// RemoveCallback removes the callback configuration of an app (or of the
// contact-sync assistant, agentID 0): nothing is delivered to it any more.
func (s *Server) RemoveCallback(corpID string, agentID int) error {
	return storeError(s.store.SetCallback(corpID, agentID, nil), subject{terms: callbackTerms, corpID: corpID, agentID: agentID})
}

// CallbackConfigs lists every configured callback (from the fixtures or
// SetCallback), by corpid and agentid; SkipVerify is always false.
func (s *Server) CallbackConfigs() []CallbackConfig {
	entries := s.store.Callbacks()
	out := make([]CallbackConfig, len(entries))
	for i, e := range entries {
		out[i] = CallbackConfig{
			CorpID: e.CorpID, AgentID: e.AgentID,
			URL: e.Callback.URL, Token: e.Callback.Token, EncodingAESKey: e.Callback.EncodingAESKey,
		}
	}
	return out
}

// callbackTarget is where callbacks of an app (or of the contact-sync
// assistant, agentID 0) go: receiveid and ToUserName are the corpid; the
// envelope's AgentID is the app's, empty for the contact-sync assistant.
func (s *Server) callbackTarget(corpID string, agentID int, cb fixtures.Callback) callbackTarget {
	t := callbackTarget{
		URL: cb.URL, Token: cb.Token, EncodingAESKey: cb.EncodingAESKey,
		ReceiveID: corpID, ToUserName: corpID,
		CorpID: corpID, AgentIDNum: agentID,
	}
	if agentID != ContactsAgentID {
		t.AgentID = strconv.Itoa(agentID)
	}
	return t
}

// verifyCallback runs the admin console's URL verification against t: GET
// ?msg_signature&timestamp&nonce&echostr (URL-encoded), where echostr
// encrypts a random decimal string with receiveid t.ReceiveID; the URL must
// answer 200 with exactly that string (no quotes, BOM or newline) within the
// verification limit.
func (s *Server) verifyCallback(ctx context.Context, t callbackTarget) CallbackVerification {
	st := s.callbacks()
	expected := st.randomDigits(19)
	v := CallbackVerification{Expected: expected}
	crypt, err := wxcrypt.New(t.Token, t.EncodingAESKey, t.ReceiveID)
	if err != nil {
		v.Error = err.Error()
		return v
	}
	ts := strconv.FormatInt(s.Now().Unix(), 10)
	nonce := st.randomDigits(10)
	echostr, sig, err := crypt.EncryptWithRandom([]byte(expected), ts, nonce, st.randomPrefix())
	if err != nil {
		v.Error = err.Error()
		return v
	}
	v.Request = withQuery(t.URL, verifyQuery(sig, ts, nonce, echostr))
	limit := s.verifyTimeout()
	status, resp, latency, err := s.roundTrip(ctx, http.MethodGet, v.Request, nil, limit)
	v.Status, v.LatencyMS, v.Response = status, ms(latency), truncate(resp, maxJournalResponse)
	switch {
	case err != nil:
		v.Error = err.Error()
	case status != http.StatusOK:
		v.Error = fmt.Sprintf("answered HTTP %d, want 200 with the echostr plaintext", status)
	case string(resp) != expected:
		v.Error = fmt.Sprintf("answered %q, want exactly the echostr plaintext %q (no quotes, BOM or newline)", truncate(resp, 64), expected)
	default:
		v.Verified = true
	}
	return v
}

// verifyQuery is the query of a verification GET: echostr is URL-encoded
// (base64 has '+', '/' and '=').
func verifyQuery(sig, ts, nonce, echostr string) string {
	return "msg_signature=" + sig + "&timestamp=" + ts + "&nonce=" + nonce + "&echostr=" + url.QueryEscape(echostr)
}
