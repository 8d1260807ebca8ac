package callbacks

import (
	"context"
	"fmt"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Receivers of apps and of the contact-sync assistant, as the admin console
// configures them: saving runs the URL verification first. The
// configuration itself lives in the store, so Reset and a fixture load go
// back to the fixtures'.

// Configure saves the callback configuration of an app (or of the
// contact-sync assistant, agentid 0) after its URL passed the verification
// GET, unless cfg.SkipVerify. A failed verification returns its report and
// an error wrapping ErrNotVerified.
func (e *Engine) Configure(ctx context.Context, cfg mockctl.CallbackConfig) (mockctl.CallbackVerification, error) {
	cb := fixtures.Callback{URL: cfg.URL, Token: cfg.Token, EncodingAESKey: cfg.EncodingAESKey}
	if cfg.CorpID == "" {
		return mockctl.CallbackVerification{}, invalid(`"corpid" is required`)
	}
	if err := cb.Validate(); err != nil {
		return mockctl.CallbackVerification{}, invalid("%s", err.Error())
	}
	if _, _, err := e.store.Callback(cfg.CorpID, cfg.AgentID); err != nil {
		return mockctl.CallbackVerification{}, err
	}
	var v mockctl.CallbackVerification
	if cfg.SkipVerify {
		v = mockctl.CallbackVerification{Skipped: true}
	} else {
		v = e.verify(ctx, AppTarget(cfg.CorpID, cfg.AgentID, cb))
		if !v.Verified {
			return v, fmt.Errorf("%w: %s", ErrNotVerified, v.Error)
		}
	}
	return v, e.store.SetCallback(cfg.CorpID, cfg.AgentID, &cb)
}

// Remove drops the callback configuration of an app (or of the
// contact-sync assistant): nothing is delivered to it any more.
func (e *Engine) Remove(corpID string, agentID int) error {
	return e.store.SetCallback(corpID, agentID, nil)
}

// Receivers lists every configured callback, by corpid and agentid;
// SkipVerify is always false.
func (e *Engine) Receivers() []mockctl.CallbackConfig {
	entries := e.store.Callbacks()
	out := make([]mockctl.CallbackConfig, len(entries))
	for i, en := range entries {
		out[i] = mockctl.CallbackConfig{
			CorpID: en.CorpID, AgentID: en.AgentID,
			URL: en.Callback.URL, Token: en.Callback.Token, EncodingAESKey: en.Callback.EncodingAESKey,
		}
	}
	return out
}
