package token_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestGetTokenErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tests := []struct {
		name  string
		query string
		want  errcode.Code
	}{
		// Check order as the real host answers: the secret before the corpid.
		{"no parameters", "", errcode.CorpSecretMissing},
		{"only corpid", "corpid=" + testkit.Corp1, errcode.CorpSecretMissing},
		{"empty corpsecret", "corpid=" + testkit.Corp1 + "&corpsecret=", errcode.CorpSecretMissing},
		{"unknown corpid without secret", "corpid=wwnosuchcorp", errcode.CorpSecretMissing},
		{"corpsecret given, corpid missing", "corpsecret=" + testkit.AppSecret, errcode.CorpIDMissing},
		{"corpsecret given, corpid empty", "corpid=&corpsecret=" + testkit.AppSecret, errcode.CorpIDMissing},
		{"unknown corpid", "corpid=wwnosuchcorp&corpsecret=" + testkit.AppSecret, errcode.InvalidCorpID},
		{"unknown corpid, unknown secret", "corpid=wwnosuchcorp&corpsecret=whatever", errcode.InvalidCorpID},
		{"right corp, wrong secret", "corpid=" + testkit.Corp1 + "&corpsecret=wrong-secret", errcode.InvalidCredential},
		{"corpid is case-sensitive", "corpid=WWMOCKCORP000001&corpsecret=" + testkit.AppSecret, errcode.InvalidCorpID},
		{"another corp's app secret", "corpid=" + testkit.Corp1 + "&corpsecret=" + testkit.AppSecret2, errcode.SecretInvalid},
		{"another corp's contacts secret", "corpid=" + testkit.Corp1 + "&corpsecret=" + testkit.ContactsSecret2, errcode.SecretInvalid},
		{"corp 1's secret at corp 2", "corpid=" + testkit.Corp2 + "&corpsecret=" + testkit.AppSecret, errcode.SecretInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := srv.URL() + "/cgi-bin/gettoken"
			if tt.query != "" {
				u += "?" + tt.query
			}
			m := testkit.GetWeComError(t, u, tt.want)
			if _, ok := m["access_token"]; ok {
				t.Errorf("error body carries an access_token: %v", m)
			}
		})
	}
}

func TestGetTokenSecretsIssueTokens(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tests := []struct {
		name, corp, secret string
	}{
		{"app secret", testkit.Corp1, testkit.AppSecret},
		{"contacts secret", testkit.Corp1, testkit.ContactsSecret},
		{"corp 2 app secret", testkit.Corp2, testkit.AppSecret2},
		{"corp 2 contacts secret", testkit.Corp2, testkit.ContactsSecret2},
	}
	seen := map[string]string{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", tt.corp, "corpsecret", tt.secret))
			testkit.OK(t, r)
			// The exact body shape SDKs decode: nothing more, nothing less.
			tb := testkit.DecodeStrict[testkit.TokenBody](t, r.Body)
			if tb.ErrCode != 0 || tb.ErrMsg != "ok" || tb.ExpiresIn != 7200 {
				t.Errorf("gettoken = %+v, want errcode 0, errmsg ok, expires_in 7200", tb)
			}
			if n := len(tb.AccessToken); n == 0 || n > 512 {
				t.Errorf("access_token has %d bytes, want 1–512", n)
			}
			if other, dup := seen[tb.AccessToken]; dup {
				t.Errorf("%s and %s got the same token", other, tt.name)
			}
			seen[tb.AccessToken] = tt.name
		})
	}
}

func TestGetTokenReuse(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	first := testkit.GetToken(t, srv, testkit.Corp1, testkit.AppSecret)
	if first.ExpiresIn != 7200 {
		t.Fatalf("fresh token expires_in %d, want 7200", first.ExpiresIn)
	}
	again := testkit.GetToken(t, srv, testkit.Corp1, testkit.AppSecret)
	if again.AccessToken != first.AccessToken {
		t.Fatalf("repeat gettoken within validity gave a different token")
	}
	if again.ExpiresIn != 7200 {
		t.Errorf("reuse at the same instant: expires_in %d, want 7200", again.ExpiresIn)
	}

	srv.Advance(1000 * time.Second)
	later := testkit.GetToken(t, srv, testkit.Corp1, testkit.AppSecret)
	if later.AccessToken != first.AccessToken {
		t.Fatalf("gettoken after 1000 s gave a different token")
	}
	if later.ExpiresIn != 6200 {
		t.Errorf("reuse after 1000 s: expires_in %d, want the remaining 6200", later.ExpiresIn)
	}

	// Each secret has its own token.
	if c := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret); c == first.AccessToken {
		t.Error("the contacts secret got the app's token")
	}
}

func TestGetTokenFullExpiresIn(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithFullExpiresIn())
	first := testkit.GetToken(t, srv, testkit.Corp1, testkit.AppSecret)
	srv.Advance(3000 * time.Second)
	again := testkit.GetToken(t, srv, testkit.Corp1, testkit.AppSecret)
	if again.AccessToken != first.AccessToken {
		t.Fatal("WithFullExpiresIn changed token reuse")
	}
	if first.ExpiresIn != 7200 || again.ExpiresIn != 7200 {
		t.Errorf("expires_in %d then %d, want 7200 both times", first.ExpiresIn, again.ExpiresIn)
	}
}

func TestTokenExpiryBoundary(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	old := testkit.AppToken(t, srv)

	srv.Advance(7199 * time.Second)
	testkit.GetOK(t, testkit.UserGetURL(srv, old, "zhangsan"))
	if tb := testkit.GetToken(t, srv, testkit.Corp1, testkit.AppSecret); tb.AccessToken != old || tb.ExpiresIn != 1 {
		t.Fatalf("at 7199 s gettoken = (%q…, %d), want the same token with expires_in 1", tb.AccessToken[:8], tb.ExpiresIn)
	}

	srv.Advance(time.Second) // exactly 7200 s
	testkit.GetWeComError(t, testkit.UserGetURL(srv, old, "zhangsan"), errcode.AccessTokenExpired)
	testkit.GetWeComError(t, testkit.SessionURL(srv, old, "anycode"), errcode.AccessTokenExpired)

	fresh := testkit.GetToken(t, srv, testkit.Corp1, testkit.AppSecret)
	if fresh.AccessToken == old {
		t.Fatal("gettoken after expiry returned the expired token")
	}
	if fresh.ExpiresIn != 7200 {
		t.Errorf("new token expires_in %d, want 7200", fresh.ExpiresIn)
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, fresh.AccessToken, "zhangsan"))
	// The old token stays expired; it does not come back to life.
	testkit.GetWeComError(t, testkit.UserGetURL(srv, old, "zhangsan"), errcode.AccessTokenExpired)
}

func TestTokenExpiresAfterAdvance(t *testing.T) {
	t.Parallel()
	// A ticking clock: Advance still moves every expiry at once.
	srv := mockserver.NewTest(t)
	old := testkit.AppToken(t, srv)
	testkit.GetOK(t, testkit.UserGetURL(srv, old, "zhangsan"))
	srv.Advance(7200 * time.Second)
	testkit.GetWeComError(t, testkit.UserGetURL(srv, old, "zhangsan"), errcode.AccessTokenExpired)
	fresh := testkit.AppToken(t, srv)
	if fresh == old {
		t.Fatal("gettoken after Advance(7200s) returned the old token")
	}
	testkit.GetOK(t, testkit.UserGetURL(srv, fresh, "zhangsan"))
}

func TestAccessTokenOnlyFromQuery(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	user := srv.URL() + "/cgi-bin/user/get?userid=zhangsan"

	t.Run("missing", func(t *testing.T) {
		testkit.GetWeComError(t, user, errcode.AccessTokenMissing)
	})
	t.Run("empty", func(t *testing.T) {
		testkit.GetWeComError(t, user+"&access_token=", errcode.AccessTokenMissing)
	})
	t.Run("unknown", func(t *testing.T) {
		testkit.GetWeComError(t, testkit.UserGetURL(srv, "not-a-token", "zhangsan"), errcode.InvalidAccessToken)
	})
	t.Run("unknown on jscode2session", func(t *testing.T) {
		testkit.GetWeComError(t, testkit.SessionURL(srv, "not-a-token", "x"), errcode.InvalidAccessToken)
	})
	t.Run("Authorization Bearer header", func(t *testing.T) {
		r := testkit.Do(t, http.MethodGet, user, nil, http.Header{"Authorization": {"Bearer " + tok}})
		testkit.WeComError(t, r, errcode.AccessTokenMissing)
	})
	t.Run("access_token header", func(t *testing.T) {
		r := testkit.Do(t, http.MethodGet, user, nil, http.Header{"Access_token": {tok}})
		testkit.WeComError(t, r, errcode.AccessTokenMissing)
	})
	t.Run("JSON body", func(t *testing.T) {
		r := testkit.SendJSON(t, http.MethodPost, user, map[string]string{"access_token": tok, "userid": "zhangsan"})
		testkit.WeComError(t, r, errcode.AccessTokenMissing)
	})
	t.Run("form body", func(t *testing.T) {
		form := url.Values{"access_token": {tok}, "userid": {"zhangsan"}}
		r := testkit.Do(t, http.MethodPost, srv.URL()+"/cgi-bin/user/get", strings.NewReader(form.Encode()),
			http.Header{"Content-Type": {"application/x-www-form-urlencoded"}})
		testkit.WeComError(t, r, errcode.AccessTokenMissing)
	})
	t.Run("cookie", func(t *testing.T) {
		r := testkit.Do(t, http.MethodGet, user, nil, http.Header{"Cookie": {"access_token=" + tok}})
		testkit.WeComError(t, r, errcode.AccessTokenMissing)
	})
	t.Run("query works", func(t *testing.T) {
		testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan"))
	})
}

func TestTokenIsScopedToItsServerAndCorp(t *testing.T) {
	t.Parallel()
	a := mockserver.NewTest(t)
	b := mockserver.NewTest(t)
	tokA := testkit.AppToken(t, a)
	tokB := testkit.AppToken(t, b)
	if tokA == tokB {
		t.Fatal("two servers issued the same token")
	}
	testkit.GetWeComError(t, testkit.UserGetURL(b, tokA, "zhangsan"), errcode.InvalidAccessToken)
	testkit.GetWeComError(t, testkit.UserGetURL(a, tokB, "zhangsan"), errcode.InvalidAccessToken)

	// Corp 2's token cannot read corp 1's members: they do not exist there.
	tok2 := testkit.Token(t, a, testkit.Corp2, testkit.AppSecret2)
	testkit.GetWeComError(t, testkit.UserGetURL(a, tok2, "zhangsan"), errcode.UserIDNotFound)
	testkit.GetOK(t, testkit.UserGetURL(a, tok2, "zhaoliu"))
}

func TestSeedMakesTokensReproducible(t *testing.T) {
	t.Parallel()
	a := mockserver.NewTest(t, mockserver.WithSeed(42))
	b := mockserver.NewTest(t, mockserver.WithSeed(42))
	c := mockserver.NewTest(t, mockserver.WithSeed(43))
	ta, tb, tc := testkit.AppToken(t, a), testkit.AppToken(t, b), testkit.AppToken(t, c)
	if ta != tb {
		t.Error("the same seed gave different tokens")
	}
	if ta == tc {
		t.Error("different seeds gave the same token")
	}
}
