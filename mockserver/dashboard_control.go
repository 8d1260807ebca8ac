package mockserver

import (
	"errors"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Control endpoints the dashboard's Callbacks and Logins pages drive, for
// any client: the live credentials at a glance (GET /_mock/credentials)
// and re-sending a callback delivery (POST /_mock/callbacks/{id}/redeliver).

// Credentials and its parts (GET /_mock/credentials).
type (
	Credentials       = mockctl.Credentials
	AccessTokenInfo   = mockctl.AccessTokenInfo
	SuiteTokenInfo    = mockctl.SuiteTokenInfo
	ProviderTokenInfo = mockctl.ProviderTokenInfo
	LoginCodeInfo     = mockctl.LoginCodeInfo
)

// maxListedCodes bounds the codes Credentials lists.
const maxListedCodes = 500

// Credentials lists the tokens and login codes valid now on the virtual
// clock — each secret's current access token (and each suite install's),
// each suite's and provider's token, the unspent login codes (the newest
// 500) — with their remaining lifetime. Values are masked to a prefix of
// 8 characters and "***", as the request journal masks tokens.
func (s *Server) Credentials() Credentials {
	c := s.store.LiveCredentials(maxListedCodes)
	out := Credentials{
		Now:          c.Now,
		AccessTokens: make([]AccessTokenInfo, len(c.Tokens)), SuiteTokens: make([]SuiteTokenInfo, len(c.SuiteTokens)),
		ProviderTokens: make([]ProviderTokenInfo, len(c.ProviderTokens)), Codes: make([]LoginCodeInfo, len(c.Codes)),
		CodesTotal: c.CodesTotal,
	}
	for i, t := range c.Tokens {
		out.AccessTokens[i] = AccessTokenInfo{
			CorpID: t.CorpID, SecretKind: t.Kind.String(), AgentID: t.AgentID, SuiteID: t.SuiteID,
			Token: maskValue(t.Value), IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt, ExpiresIn: t.ExpiresIn(c.Now),
		}
	}
	for i, t := range c.SuiteTokens {
		out.SuiteTokens[i] = SuiteTokenInfo{
			SuiteID: t.SuiteID, Token: maskValue(t.Value), IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt, ExpiresIn: t.ExpiresIn(c.Now),
		}
	}
	for i, t := range c.ProviderTokens {
		out.ProviderTokens[i] = ProviderTokenInfo{
			CorpID: t.CorpID, Token: maskValue(t.Value), IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt, ExpiresIn: secondsLeft(t.ExpiresAt.Sub(c.Now)),
		}
	}
	for i, code := range c.Codes {
		out.Codes[i] = LoginCodeInfo{
			Kind: string(code.Kind), CorpID: code.CorpID, AgentID: code.AgentID, AppID: code.AppID,
			UserID: code.UserID, OpenID: code.OpenID, Scope: code.Scope, Code: maskValue(code.Value),
			IssuedAt: code.IssuedAt, ExpiresAt: code.ExpiresAt, ExpiresIn: secondsLeft(code.ExpiresAt.Sub(c.Now)),
		}
	}
	return out
}

// maskValue keeps a credential's first 8 characters.
func maskValue(v string) string {
	if len(v) <= 8 {
		return "***"
	}
	return v[:8] + "***"
}

// secondsLeft rounds a remaining lifetime up to whole seconds, as
// expires_in does.
func secondsLeft(d time.Duration) int {
	return max(int((d+time.Second-1)/time.Second), 0)
}

// RedeliverCallback sends delivery id's event again, as a new delivery, to
// its receiver as configured now (a corrected URL or key is used), sealed
// with the current virtual time. WeCom never re-sends after its three
// attempts: this is for developers fixing a receiver. It returns the new
// delivery as it stands. Errors: one wrapping ErrDeliveryNotFound; a 409
// *Error when the receiver has no callback configured any more.
func (s *Server) RedeliverCallback(id string) (Delivery, error) {
	newID, err := s.cb.Redeliver(id)
	if err != nil {
		if errors.Is(err, ErrDeliveryNotFound) {
			return Delivery{}, err
		}
		return Delivery{}, callbackError(err, subject{})
	}
	return s.cb.Delivery(newID)
}

// dashboardControlRoutes registers the endpoints above.
func (s *Server) dashboardControlRoutes(handle func(string, controlFunc, ...string)) {
	handle("/credentials", func(*http.Request) (any, error) { return s.Credentials(), nil }, http.MethodGet)
	handle("/callbacks/{id}/redeliver", func(r *http.Request) (any, error) {
		d, err := s.RedeliverCallback(mux.Vars(r)["id"])
		if errors.Is(err, ErrDeliveryNotFound) {
			return nil, notFoundErr("%v", err)
		}
		return controlAnswer(d, err)
	}, http.MethodPost)
}
