package mockserver

import (
	"context"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/callbacks"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Callback configuration of apps and of the contact-sync assistant, as the
// admin console sets it: saving runs the URL verification first
// (internal/callbacks).

// ContactsAgentID stands for the contact-sync assistant (通讯录同步) in
// CallbackConfig and the deliveries journal: it has a callback but no
// agentid.
const ContactsAgentID = store.ContactsAgentID

// ErrCallbackNotVerified is returned (wrapped) by SetCallback when the URL
// failed the verification; the configuration is not saved.
var ErrCallbackNotVerified = callbacks.ErrNotVerified

// SetCallback saves the callback configuration of an app (or of the
// contact-sync assistant, AgentID 0) the way the admin console does: it
// first calls the URL's verification GET and saves only if the URL answers
// the echostr plaintext within the verification limit (1 s; see
// WithCallbackVerifyTimeout). A failed verification returns its report and
// an error wrapping ErrCallbackNotVerified. Reset and LoadFixtures go back to
// the fixtures' configuration.
func (s *Server) SetCallback(ctx context.Context, cfg CallbackConfig) (CallbackVerification, error) {
	v, err := s.cb.Configure(ctx, cfg)
	return v, callbackError(err, subject{corpID: cfg.CorpID, agentID: cfg.AgentID})
}

// RemoveCallback removes the callback configuration of an app (or of the
// contact-sync assistant, agentID 0): nothing is delivered to it any more.
func (s *Server) RemoveCallback(corpID string, agentID int) error {
	return callbackError(s.cb.Remove(corpID, agentID), subject{corpID: corpID, agentID: agentID})
}

// CallbackConfigs lists every configured callback (from the fixtures or
// SetCallback), by corpid and agentid; SkipVerify is always false.
func (s *Server) CallbackConfigs() []CallbackConfig { return s.cb.Receivers() }
