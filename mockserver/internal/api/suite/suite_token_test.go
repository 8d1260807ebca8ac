package suite_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestGetSuiteTokenErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ticket := testkit.SuiteTicket(t, srv, testkit.ThirdSuite)
	dkTicket := testkit.SuiteTicket(t, srv, testkit.DKSuite)
	url := srv.URL() + "/cgi-bin/service/get_suite_token"
	tests := []struct {
		name   string
		body   any
		code   int
		phrase string
	}{
		{"empty body", "", 40058, wrongJSONText},
		{"not JSON", "suite_id=x", 40058, wrongJSONText},
		{"no suite_id", map[string]string{"suite_secret": testkit.ThirdSecret, "suite_ticket": ticket}, 41021, "suite_id missing"},
		{"no suite_secret", map[string]string{"suite_id": testkit.ThirdSuite, "suite_ticket": ticket}, 41024, "suite_secret missing"},
		{"no suite_ticket", map[string]string{"suite_id": testkit.ThirdSuite, "suite_secret": testkit.ThirdSecret}, 41023, "suite_ticket missing"},
		{"unknown suite", map[string]string{"suite_id": "wwnosuchsuite", "suite_secret": testkit.ThirdSecret, "suite_ticket": ticket}, 40083, "invalid suite_id"},
		{"wrong secret", map[string]string{"suite_id": testkit.ThirdSuite, "suite_secret": testkit.DKSecret, "suite_ticket": ticket}, 40080, "invalid suite_secret"},
		{"wrong ticket", map[string]string{"suite_id": testkit.ThirdSuite, "suite_secret": testkit.ThirdSecret, "suite_ticket": "nope"}, 40085, "invalid suite_ticket"},
		{"another suite's ticket", map[string]string{"suite_id": testkit.ThirdSuite, "suite_secret": testkit.ThirdSecret, "suite_ticket": dkTicket}, 40085, "invalid suite_ticket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := testkit.SuiteError(t, testkit.SendJSON(t, http.MethodPost, url, tt.body), tt.code, tt.phrase)
			if _, ok := m["suite_access_token"]; ok {
				t.Errorf("error body carries a token: %v", m)
			}
		})
	}
	t.Run("GET", func(t *testing.T) {
		testkit.WeComError(t, testkit.Get(t, url+"?suite_id="+testkit.ThirdSuite), errcode.InvalidParameter)
	})
}

func TestGetSuiteTokenReuseAndExpiry(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	r := testkit.PostSuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret, testkit.SuiteTicket(t, srv, testkit.ThirdSuite))
	// errcode 0 is sent although the real API may omit it on success.
	first := testkit.DecodeStrict[testkit.SuiteTokenBody](t, testkit.OKBody(t, r))
	if first.ExpiresIn != 7200 || len(first.SuiteAccessToken) < 32 {
		t.Fatalf("first token %+v", first)
	}
	srv.Advance(time.Hour) // pushes new tickets; any valid one works
	second := testkit.DecodeStrict[testkit.SuiteTokenBody](t, testkit.OKBody(t,
		testkit.PostSuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret, testkit.SuiteTicket(t, srv, testkit.ThirdSuite))))
	if second.SuiteAccessToken != first.SuiteAccessToken || second.ExpiresIn != 3600 {
		t.Errorf("within validity: %+v, want the same token with 3600 s left", second)
	}
	// The token works on a suite API…
	testkit.GetOK(t, testkit.SuiteURL(srv, "/cgi-bin/service/get_pre_auth_code", first.SuiteAccessToken))
	// …and after 7200 s answers 42009.
	srv.Advance(time.Hour)
	testkit.GetWeComError(t, testkit.SuiteURL(srv, "/cgi-bin/service/get_pre_auth_code", first.SuiteAccessToken), errcode.SuiteAccessTokenExpired)
	third := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	if third == first.SuiteAccessToken {
		t.Error("an expired suite token was handed out again")
	}
	testkit.GetOK(t, testkit.SuiteURL(srv, "/cgi-bin/service/get_pre_auth_code", third))
}

func TestSuiteTicketExpiresAfter30Minutes(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	old := testkit.SuiteTicket(t, srv, testkit.ThirdSuite)
	srv.Advance(29 * time.Minute)
	testkit.OK(t, testkit.PostSuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret, old))
	srv.Advance(time.Minute)
	testkit.SuiteError(t, testkit.PostSuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret, old), 40085, "invalid suite_ticket")
	if now := testkit.SuiteTicket(t, srv, testkit.ThirdSuite); now == old {
		t.Error("no newer ticket after 30 minutes")
	}
}

func TestSuiteTokenResolution(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	corpTok := testkit.AppToken(t, srv)
	path := "/cgi-bin/service/get_pre_auth_code"
	t.Run("missing", func(t *testing.T) {
		testkit.SuiteError(t, testkit.Get(t, srv.URL()+path), 41022, "suite_access_token missing")
	})
	t.Run("as access_token", func(t *testing.T) {
		testkit.SuiteError(t, testkit.Get(t, testkit.URL(srv, path, "access_token", tok)), 41022, "suite_access_token missing")
	})
	t.Run("unknown", func(t *testing.T) {
		testkit.GetWeComError(t, testkit.SuiteURL(srv, path, "nope"), errcode.InvalidSuiteToken)
	})
	t.Run("a corp token", func(t *testing.T) {
		testkit.GetWeComError(t, testkit.SuiteURL(srv, path, corpTok), errcode.InvalidSuiteToken)
	})
	t.Run("suite token as access_token on a corp API", func(t *testing.T) {
		testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.InvalidAccessToken)
	})
	t.Run("checked before the method", func(t *testing.T) {
		testkit.GetWeComError(t, testkit.SuiteURL(srv, "/cgi-bin/service/get_permanent_code", "nope"), errcode.InvalidSuiteToken)
	})
}
