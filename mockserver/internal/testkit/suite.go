package testkit

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// waitLimit bounds every wait for a callback.
const waitLimit = 10 * time.Second

// SuiteTicket is the suite's newest suite_ticket (Go API).
func SuiteTicket(t testing.TB, srv *mockserver.Server, suiteID string) string {
	t.Helper()
	tk, err := srv.SuiteTicket(suiteID)
	if err != nil {
		t.Fatalf("SuiteTicket(%s): %v", suiteID, err)
	}
	return tk.Ticket
}

// SuiteTokenBody is get_suite_token's typed success body.
type SuiteTokenBody struct {
	ErrCode          int    `json:"errcode"`
	ErrMsg           string `json:"errmsg"`
	SuiteAccessToken string `json:"suite_access_token"`
	ExpiresIn        int    `json:"expires_in"`
}

// PostSuiteToken calls get_suite_token.
func PostSuiteToken(t testing.TB, srv *mockserver.Server, suiteID, secret, ticket string) *Resp {
	t.Helper()
	return SendJSON(t, http.MethodPost, srv.URL()+"/cgi-bin/service/get_suite_token",
		map[string]string{"suite_id": suiteID, "suite_secret": secret, "suite_ticket": ticket})
}

// SuiteToken gets a suite_access_token with the suite's newest ticket.
func SuiteToken(t testing.TB, srv *mockserver.Server, suiteID, secret string) string {
	t.Helper()
	r := PostSuiteToken(t, srv, suiteID, secret, SuiteTicket(t, srv, suiteID))
	OK(t, r)
	b := DecodeStrict[SuiteTokenBody](t, r.Body)
	if b.SuiteAccessToken == "" || b.ExpiresIn <= 0 {
		t.Fatalf("get_suite_token: %s", r.Body)
	}
	return b.SuiteAccessToken
}

// SuiteURL is srv's URL for a suite API with the suite token and more query
// pairs.
func SuiteURL(srv *mockserver.Server, path, tok string, kv ...string) string {
	return URL(srv, path, append([]string{"suite_access_token", tok}, kv...)...)
}

// PostSuite POSTs body to a suite API and returns the answer.
func PostSuite(t testing.TB, srv *mockserver.Server, path, tok string, body any) *Resp {
	t.Helper()
	return SendJSON(t, http.MethodPost, SuiteURL(srv, path, tok), body)
}

// Install installs a suite through the Go API.
func Install(t testing.TB, srv *mockserver.Server, suiteID string, req mockserver.InstallRequest) mockserver.Install {
	t.Helper()
	in, err := srv.InstallSuite(suiteID, req)
	if err != nil {
		t.Fatalf("InstallSuite(%s, %+v): %v", suiteID, req, err)
	}
	return in
}

// MintSuite mints a suite login code through the Go API.
func MintSuite(t testing.TB, srv *mockserver.Server, suiteID string, req mockserver.SuiteCodeRequest) string {
	t.Helper()
	c, err := srv.MintSuiteCode(suiteID, req)
	if err != nil {
		t.Fatalf("MintSuiteCode(%s, %+v): %v", suiteID, req, err)
	}
	if c.ExpiresIn != 300 {
		t.Fatalf("suite code valid %d s, want 300", c.ExpiresIn)
	}
	return c.Code
}

// PermanentCodeBody is get_permanent_code's answer as a typed SDK decodes
// it (every field of D:90603 the mock sends).
type PermanentCodeBody struct {
	ErrCode       int    `json:"errcode"`
	ErrMsg        string `json:"errmsg"`
	AccessToken   string `json:"access_token"`
	ExpiresIn     int    `json:"expires_in"`
	PermanentCode string `json:"permanent_code"`
	AuthCorpInfo  struct {
		CorpID            string `json:"corpid"`
		CorpName          string `json:"corp_name"`
		CorpType          string `json:"corp_type"`
		CorpSquareLogoURL string `json:"corp_square_logo_url"`
		CorpUserMax       int    `json:"corp_user_max"`
		CorpFullName      string `json:"corp_full_name"`
		VerifiedEndTime   int64  `json:"verified_end_time"`
		SubjectType       int    `json:"subject_type"`
		CorpWxQRCode      string `json:"corp_wxqrcode"`
		CorpScale         string `json:"corp_scale"`
		CorpIndustry      string `json:"corp_industry"`
		CorpSubIndustry   string `json:"corp_sub_industry"`
	} `json:"auth_corp_info"`
	AuthInfo struct {
		Agent []struct {
			AgentID          int    `json:"agentid"`
			Name             string `json:"name"`
			RoundLogoURL     string `json:"round_logo_url"`
			SquareLogoURL    string `json:"square_logo_url"`
			AuthMode         int    `json:"auth_mode"`
			IsCustomizedApp  bool   `json:"is_customized_app"`
			AuthFromThirdapp bool   `json:"auth_from_thirdapp"`
			Privilege        struct {
				Level      int      `json:"level"`
				AllowParty []int    `json:"allow_party"`
				AllowUser  []string `json:"allow_user"`
				AllowTag   []int    `json:"allow_tag"`
				ExtraParty []int    `json:"extra_party"`
				ExtraUser  []string `json:"extra_user"`
				ExtraTag   []int    `json:"extra_tag"`
			} `json:"privilege"`
		} `json:"agent"`
	} `json:"auth_info"`
	AuthUserInfo *struct {
		UserID     string `json:"userid"`
		OpenUserID string `json:"open_userid"`
		Name       string `json:"name"`
		Avatar     string `json:"avatar"`
	} `json:"auth_user_info"`
	State string `json:"state"`
}

// SuiteReceiver is a vendor's suite callback endpoint (指令回调): the
// client/callback handler, collecting every event it accepts.
type SuiteReceiver struct {
	URL    string
	events chan callback.Event
}

// NewSuiteReceiver starts a SuiteReceiver for suiteID, closed when the test
// ends.
func NewSuiteReceiver(t testing.TB, suiteID string) *SuiteReceiver {
	t.Helper()
	r := &SuiteReceiver{events: make(chan callback.Event, 256)}
	h, err := callback.NewHandler(SuiteCBToken, SuiteCBKey, suiteID,
		func(_ context.Context, ev callback.Event) (callback.Reply, error) {
			r.events <- ev
			return nil, nil
		})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	r.URL = ts.URL + "/suite/receive"
	return r
}

// Callback is the receiver's configuration for a suite fixture.
func (r *SuiteReceiver) Callback() *fixtures.Callback {
	return &fixtures.Callback{URL: r.URL, Token: SuiteCBToken, EncodingAESKey: SuiteCBKey}
}

// Await returns the next event of type T the receiver got, skipping others
// (suite_tickets pushed meanwhile), failing after 10 s.
func Await[T callback.Event](t testing.TB, r *SuiteReceiver) T {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		select {
		case ev := <-r.events:
			if v, ok := ev.(T); ok {
				return v
			}
		case <-deadline:
			var zero T
			t.Fatalf("no %T reached the vendor within %v", zero, waitLimit)
			return zero
		}
	}
}

// WaitDelivered waits for a delivery and checks the receiver acknowledged
// it with "success".
func WaitDelivered(t testing.TB, srv *mockserver.Server, id string) mockserver.Delivery {
	t.Helper()
	if id == "" {
		t.Fatal("no delivery id: the suite has no callback?")
	}
	ctx, cancel := context.WithTimeout(context.Background(), waitLimit)
	defer cancel()
	d, err := srv.WaitDelivery(ctx, id)
	if err != nil {
		t.Fatalf("WaitDelivery(%s): %v", id, err)
	}
	if d.Status != mockserver.DeliveryDelivered {
		t.Fatalf("delivery %s: status %s, attempts %+v", id, d.Status, d.Attempts)
	}
	if n := len(d.Attempts); n == 0 || !bytes.Equal([]byte(d.Attempts[n-1].Response), []byte("success")) {
		t.Errorf("delivery %s: the receiver did not answer success: %+v", id, d.Attempts)
	}
	return d
}

// SuiteWorld is the default world with the suites' callbacks pointed at
// the receivers (nil leaves a suite without one); withoutInstalls drops the
// fixture authorizations.
func SuiteWorld(t testing.TB, third, dk *SuiteReceiver, withoutInstalls bool) *fixtures.World {
	t.Helper()
	w := fixtures.Default()
	for i := range w.Suites {
		s := &w.Suites[i]
		switch {
		case s.SuiteID == ThirdSuite && third != nil:
			s.Callback = third.Callback()
		case s.SuiteID == DKSuite && dk != nil:
			s.Callback = dk.Callback()
		}
		if withoutInstalls {
			s.Authorizations = nil
		}
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	return w
}

// Privilege is a visible range of users and departments.
func Privilege(users []string, parties []int) *fixtures.SuitePrivilege {
	return &fixtures.SuitePrivilege{AllowUser: users, AllowParty: parties}
}
