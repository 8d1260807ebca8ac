package mockserver

import (
	"errors"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// call is what a handler knows about the request beyond *http.Request.
type call struct {
	query rawQuery
	token store.Token // the resolved access token, for endpoints with auth
	// suite is the resolved suite_access_token, for endpoints with suiteAuth
	// (a pointer: most calls have none, and call is allocated per request).
	suite *store.SuiteToken
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
