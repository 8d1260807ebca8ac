package mockserver

import (
	"errors"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// authorize resolves the credential the endpoint takes and checks that its
// kind may call the endpoint (48002 otherwise), as the real host does before
// it reads any body parameter.
func (s *Server) authorize(spec *catalog.Endpoint, c *call) error {
	switch spec.TokenParam() {
	case "access_token":
		tok, err := s.resolveToken(c.Query)
		if err != nil {
			return err
		}
		c.Token = tok
		if !spec.Allows(catalog.Credential(tok.Kind.String())) {
			return wecomErr(errcode.APIForbidden)
		}
		if isExternalContactAPI(spec) && tok.Kind == store.AppToken {
			if err := s.store.MayCallExternalContact(tok); err != nil {
				return kernel.StoreError(err)
			}
		}
	case "suite_access_token":
		tok, err := s.resolveSuiteToken(c.Query)
		if err != nil {
			return err
		}
		c.Suite = &tok
	case "provider_access_token":
		tok, err := s.resolveProviderToken(c.Query)
		if err != nil {
			return err
		}
		c.Rare = &kernel.RareCredentials{Provider: tok}
	case "key":
		r, ok := s.store.LookupRobot(c.Query.Get("key"))
		if !ok {
			return wecomErr(errcode.InvalidWebhookURL)
		}
		c.Rare = &kernel.RareCredentials{Robot: r}
	}
	return nil
}

// resolveToken reads access_token from the query — WeCom reads it nowhere
// else — and checks it: 41001 missing, 40014 unknown, 42001 expired.
func (s *Server) resolveToken(q rawQuery) (store.Token, error) {
	value := q.Get("access_token")
	if value == "" {
		return store.Token{}, wecomErr(errcode.AccessTokenMissing)
	}
	tok, err := s.store.LookupToken(value)
	switch {
	case errors.Is(err, store.ErrTokenExpired):
		return store.Token{}, wecomErr(errcode.AccessTokenExpired)
	case err != nil:
		return store.Token{}, wecomErr(errcode.InvalidAccessToken)
	}
	return tok, nil
}

// resolveProviderToken checks provider_access_token. WeCom documents no
// errcodes of its own for it; the mock answers those of access_token.
func (s *Server) resolveProviderToken(q rawQuery) (store.ProviderToken, error) {
	value := q.Get("provider_access_token")
	if value == "" {
		return store.ProviderToken{}, wecomErr(errcode.AccessTokenMissing)
	}
	tok, err := s.store.LookupProviderToken(value)
	switch {
	case errors.Is(err, store.ErrProviderTokenExpired):
		return store.ProviderToken{}, wecomErr(errcode.AccessTokenExpired)
	case err != nil:
		return store.ProviderToken{}, wecomErr(errcode.InvalidAccessToken)
	}
	return tok, nil
}

// resolveSuiteToken reads suite_access_token from the query — suite APIs
// take it nowhere else — and checks it: 41022 missing, 40082 unknown (a
// corp access_token included), 42009 expired.
func (s *Server) resolveSuiteToken(q rawQuery) (store.SuiteToken, error) {
	value := q.Get("suite_access_token")
	if value == "" {
		return store.SuiteToken{}, wecomErr(errcode.SuiteTokenMissing)
	}
	tok, err := s.store.LookupSuiteToken(value)
	switch {
	case errors.Is(err, store.ErrSuiteTokenExpired):
		return store.SuiteToken{}, wecomErr(errcode.SuiteAccessTokenExpired)
	case err != nil:
		return store.SuiteToken{}, wecomErr(errcode.InvalidSuiteToken)
	}
	return tok, nil
}

// isExternalContactAPI reports whether spec is one of the 客户联系 APIs
// that the 客户联系 secret calls: an app calls them only when the admin
// listed it under 客户联系 → 可调用应用 (or it is a third-party or 代开发
// app), shaped ones as much as modelled ones.
func isExternalContactAPI(spec *catalog.Endpoint) bool {
	return spec.Family == "externalcontact" && spec.Allows(catalog.ExternalContact)
}
