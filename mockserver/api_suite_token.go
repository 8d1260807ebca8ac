package mockserver

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

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

type suiteTokenResponse struct {
	SuiteAccessToken string `json:"suite_access_token"`
	ExpiresIn        int    `json:"expires_in"`
}

// getSuiteToken is POST /cgi-bin/service/get_suite_token
// {"suite_id","suite_secret","suite_ticket"}
// (https://developer.work.weixin.qq.com/document/path/97162). One token per
// suite, handed out again until it expires after 7200 s; any of the suite's
// tickets younger than 30 minutes is accepted.
//
// Check order (not documented; the mock's choice): the body, then missing
// suite_id (41021), suite_secret (41024), suite_ticket (41023), then unknown
// suite (40083), wrong secret (40080), unknown or expired ticket (40085).
//
// The real API may omit errcode on success ("因历史原因，该接口在调用失败时才
// 返回errcode"); the mock always sends errcode 0 and errmsg "ok": every SDK
// accepts that, while at least one Go SDK fails on a body without errcode.
func (s *Server) getSuiteToken(r *http.Request, _ *call) (any, error) {
	var req struct {
		SuiteID     string `json:"suite_id"`
		SuiteSecret string `json:"suite_secret"`
		SuiteTicket string `json:"suite_ticket"`
	}
	if err := decodeJSONBodyInto(r, &req); err != nil {
		return nil, err
	}
	switch {
	case req.SuiteID == "":
		return nil, wecomErr(errcode.SuiteIDMissing)
	case req.SuiteSecret == "":
		return nil, wecomErr(errcode.SuiteSecretMissing)
	case req.SuiteTicket == "":
		return nil, wecomErr(errcode.SuiteTicketMissing)
	}
	tok, err := s.store.IssueSuiteToken(req.SuiteID, req.SuiteSecret, req.SuiteTicket)
	switch {
	case errors.Is(err, store.ErrSuiteNotFound):
		return nil, wecomErr(errcode.InvalidSuiteID)
	case errors.Is(err, store.ErrSuiteSecretMismatch):
		return nil, wecomErr(errcode.InvalidSuiteSecret)
	case errors.Is(err, store.ErrSuiteTicketInvalid):
		return nil, wecomErr(errcode.InvalidSuiteTicket)
	case err != nil:
		return nil, err
	}
	expiresIn := tok.ExpiresIn(s.store.Now())
	if s.cfg.fullExpiresIn {
		expiresIn = int(store.SuiteTokenTTL.Seconds())
	}
	return suiteTokenResponse{SuiteAccessToken: tok.Value, ExpiresIn: expiresIn}, nil
}
