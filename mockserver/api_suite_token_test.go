package mockserver_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

func TestGetSuiteTokenErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ticket := suiteTicket(t, srv, thirdSuite)
	dkTicket := suiteTicket(t, srv, dkSuite)
	url := srv.URL() + "/cgi-bin/service/get_suite_token"
	tests := []struct {
		name   string
		body   any
		code   int
		phrase string
	}{
		{"empty body", "", 40058, wrongJSONText},
		{"not JSON", "suite_id=x", 40058, wrongJSONText},
		{"no suite_id", map[string]string{"suite_secret": thirdSecret, "suite_ticket": ticket}, 41021, "suite_id missing"},
		{"no suite_secret", map[string]string{"suite_id": thirdSuite, "suite_ticket": ticket}, 41024, "suite_secret missing"},
		{"no suite_ticket", map[string]string{"suite_id": thirdSuite, "suite_secret": thirdSecret}, 41023, "suite_ticket missing"},
		{"unknown suite", map[string]string{"suite_id": "wwnosuchsuite", "suite_secret": thirdSecret, "suite_ticket": ticket}, 40083, "invalid suite_id"},
		{"wrong secret", map[string]string{"suite_id": thirdSuite, "suite_secret": dkSecret, "suite_ticket": ticket}, 40080, "invalid suite_secret"},
		{"wrong ticket", map[string]string{"suite_id": thirdSuite, "suite_secret": thirdSecret, "suite_ticket": "nope"}, 40085, "invalid suite_ticket"},
		{"another suite's ticket", map[string]string{"suite_id": thirdSuite, "suite_secret": thirdSecret, "suite_ticket": dkTicket}, 40085, "invalid suite_ticket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := assertSuiteError(t, sendJSON(t, http.MethodPost, url, tt.body), tt.code, tt.phrase)
			if _, ok := m["suite_access_token"]; ok {
				t.Errorf("error body carries a token: %v", m)
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		assertWeComError(t, get(t, url+"?suite_id="+thirdSuite), errcode.InvalidParameter)
	})
}

func TestGetSuiteTokenReuseAndExpiry(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	r := postSuiteToken(t, srv, thirdSuite, thirdSecret, suiteTicket(t, srv, thirdSuite))
	// errcode 0 is sent although the real API may omit it on success.
	first := decodeStrict[suiteTokenBody](t, okBody(t, r))
	if first.ExpiresIn != 7200 || len(first.SuiteAccessToken) < 32 {
		t.Fatalf("first token %+v", first)
	}
	srv.Advance(time.Hour) // pushes new tickets; any valid one works
	second := decodeStrict[suiteTokenBody](t, okBody(t,
		postSuiteToken(t, srv, thirdSuite, thirdSecret, suiteTicket(t, srv, thirdSuite))))
	if second.SuiteAccessToken != first.SuiteAccessToken || second.ExpiresIn != 3600 {
		t.Errorf("within validity: %+v, want the same token with 3600 s left", second)
	}
	// The token works on a suite API…
	okJSON(t, suiteURL(srv, "/cgi-bin/service/get_pre_auth_code", first.SuiteAccessToken))
	// …and after 7200 s answers 42009.
	srv.Advance(time.Hour)
	wecomError(t, suiteURL(srv, "/cgi-bin/service/get_pre_auth_code", first.SuiteAccessToken), errcode.SuiteAccessTokenExpired)
	third := suiteToken(t, srv, thirdSuite, thirdSecret)
	if third == first.SuiteAccessToken {
		t.Error("an expired suite token was handed out again")
	}
	okJSON(t, suiteURL(srv, "/cgi-bin/service/get_pre_auth_code", third))
}

// okBody asserts a success answer and returns its raw body.
func okBody(t testing.TB, r *resp) []byte {
	t.Helper()
	assertOK(t, r)
	return r.Body
}

func TestSuiteTicketExpiresAfter30Minutes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	old := suiteTicket(t, srv, thirdSuite)
	srv.Advance(29 * time.Minute)
	assertOK(t, postSuiteToken(t, srv, thirdSuite, thirdSecret, old))
	srv.Advance(time.Minute)
	assertSuiteError(t, postSuiteToken(t, srv, thirdSuite, thirdSecret, old), 40085, "invalid suite_ticket")
	if now := suiteTicket(t, srv, thirdSuite); now == old {
		t.Error("no newer ticket after 30 minutes")
	}
}

func TestSuiteTokenResolution(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := suiteToken(t, srv, thirdSuite, thirdSecret)
	corpTok := appToken(t, srv)
	path := "/cgi-bin/service/get_pre_auth_code"
	t.Run("missing", func(t *testing.T) {
		assertSuiteError(t, get(t, srv.URL()+path), 41022, "suite_access_token missing")
	})
	t.Run("as access_token", func(t *testing.T) {
		assertSuiteError(t, get(t, apiURL(srv, path, "access_token", tok)), 41022, "suite_access_token missing")
	})
	t.Run("unknown", func(t *testing.T) {
		wecomError(t, suiteURL(srv, path, "nope"), errcode.InvalidSuiteToken)
	})
	t.Run("a corp token", func(t *testing.T) {
		wecomError(t, suiteURL(srv, path, corpTok), errcode.InvalidSuiteToken)
	})
	t.Run("suite token as access_token on a corp API", func(t *testing.T) {
		wecomError(t, userGetURL(srv, tok, "zhangsan"), errcode.InvalidAccessToken)
	})
	t.Run("checked before the method", func(t *testing.T) {
		wecomError(t, suiteURL(srv, "/cgi-bin/service/get_permanent_code", "nope"), errcode.InvalidSuiteToken)
	})
}
