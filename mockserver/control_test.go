package mockserver_test

import (
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// fakeRealTime is a settable source of real time for ticking clocks.
type fakeRealTime struct{ ns atomic.Int64 }

func newFakeRealTime(t time.Time) *fakeRealTime {
	f := &fakeRealTime{}
	f.ns.Store(t.UnixNano())
	return f
}

func (f *fakeRealTime) Now() time.Time            { return time.Unix(0, f.ns.Load()).UTC() }
func (f *fakeRealTime) Sleep(d time.Duration)     { f.ns.Add(int64(d)) }
func (f *fakeRealTime) option() mockserver.Option { return mockserver.WithRealNow(f.Now) }

func TestControlHealthz(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	m := testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/healthz"), http.StatusOK)
	if m["status"] != "ok" {
		t.Errorf("healthz = %v", m)
	}
	if r := testkit.Do(t, http.MethodHead, srv.URL()+"/_mock/healthz", nil, nil); r.Status != http.StatusOK {
		t.Errorf("HEAD healthz: %s", r)
	}
	// Control calls are not API calls: the journal stays empty.
	if reqs := srv.Requests(mockserver.RequestFilter{}); len(reqs) != 0 {
		t.Errorf("journal recorded control calls: %+v", reqs)
	}
}

func TestControlReset(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 6, 1, 8, 0, 0, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	tok := testkit.AppToken(t, srv)
	code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
	if _, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/nope", ErrCode: 45009, Times: 0}); err != nil {
		t.Fatal(err)
	}
	srv.Advance(time.Hour)

	m := testkit.ControlJSON(t, testkit.Do(t, http.MethodPost, srv.URL()+"/_mock/reset", nil, nil), http.StatusOK)
	if m["status"] != "reset" || m["now"] != start.Format(time.RFC3339) {
		t.Errorf("reset answered %v", m)
	}
	if !srv.Now().Equal(start) {
		t.Errorf("clock after reset %v, want %v", srv.Now(), start)
	}
	if f := srv.Faults(); len(f) != 0 {
		t.Errorf("faults after reset: %+v", f)
	}
	if r := srv.Requests(mockserver.RequestFilter{}); len(r) != 0 {
		t.Errorf("journal after reset: %+v", r)
	}
	st := testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/state"), http.StatusOK)
	if rt := testkit.As[map[string]any](t, st["runtime"]); testkit.Num(t, rt, "tokens") != 0 || testkit.Num(t, rt, "codes") != 0 {
		t.Errorf("runtime after reset: %v", rt)
	}

	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.InvalidAccessToken)
	fresh := testkit.AppToken(t, srv)
	if fresh == tok {
		t.Error("reset handed out the pre-reset token again")
	}
	testkit.GetWeComError(t, testkit.SessionURL(srv, fresh, code), errcode.InvalidCode)
	testkit.GetOK(t, testkit.UserGetURL(srv, fresh, "zhangsan"))
}

func TestResetKeepsLoadedFixtures(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if err := srv.LoadFixtures(testkit.ParseWorld(t, testkit.InsensitiveWorld)); err != nil {
		t.Fatal(err)
	}
	srv.Reset()
	testkit.GetOK(t, testkit.UserGetURL(srv, testkit.Token(t, srv, "wwtestcorp", "new-app"), "alice"))
}

// A ticking clock started at a chosen time goes back to that time plus the
// real time elapsed since: Reset drops the Advances, nothing else.
func TestResetTickingClockWithStart(t *testing.T) {
	t.Parallel()
	start := time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)
	real := newFakeRealTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := mockserver.NewTest(t, mockserver.WithClockStart(start), real.option())
	if !srv.Now().Equal(start) {
		t.Fatalf("Now %v, want %v", srv.Now(), start)
	}
	real.Sleep(10 * time.Second)
	if want := start.Add(10 * time.Second); !srv.Now().Equal(want) {
		t.Fatalf("ticking clock reads %v, want %v", srv.Now(), want)
	}
	srv.Advance(2 * time.Hour)
	srv.Reset()
	if want := start.Add(10 * time.Second); !srv.Now().Equal(want) {
		t.Errorf("after Reset the clock reads %v, want %v", srv.Now(), want)
	}
	real.Sleep(5 * time.Second)
	if want := start.Add(15 * time.Second); !srv.Now().Equal(want) {
		t.Errorf("after Reset the clock does not tick: %v, want %v", srv.Now(), want)
	}
}

func TestResetTickingDefaultClock(t *testing.T) {
	t.Parallel()
	real := newFakeRealTime(time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC))
	srv := mockserver.NewTest(t, real.option())
	real.Sleep(time.Minute)
	srv.Advance(24 * time.Hour)
	srv.Reset()
	if want := real.Now(); !srv.Now().Equal(want) {
		t.Errorf("after Reset the default clock reads %v, want real time %v", srv.Now(), want)
	}
}

const replacementYAML = `
corps:
  - corpid: wwreplaced
    name: Replaced
    apps:
      - {agentid: 7, name: app, secret: s7, visible: {departments: [1]}, miniprogram: {appid: wxmp}}
    departments:
      - {id: 1, name: root, parentid: 0}
    members:
      - {userid: neo, name: Neo, department: [1]}
`

const replacementJSON = `{"corps":[{"corpid":"wwjson","name":"J","apps":[{"agentid":9,"name":"a","secret":"s9","visible":{"users":["trinity"]}}],
 "departments":[{"id":1,"name":"root","parentid":0}],"members":[{"userid":"trinity","name":"Trinity","department":[1]}]}]}`

func TestControlPutFixtures(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, body, corp, secret, member string
	}{
		{"YAML", replacementYAML, "wwreplaced", "s7", "neo"},
		{"JSON", replacementJSON, "wwjson", "s9", "trinity"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := mockserver.NewTest(t)
			oldTok := testkit.AppToken(t, srv)
			r := testkit.Do(t, http.MethodPut, srv.URL()+"/_mock/fixtures", strings.NewReader(tt.body), nil)
			m := testkit.ControlJSON(t, r, http.StatusOK)
			if m["status"] != "loaded" {
				t.Errorf("answer %v", m)
			}
			counts := testkit.As[map[string]any](t, m["counts"])
			if testkit.Num(t, counts, "corps") != 1 || testkit.Num(t, counts, "members") != 1 || testkit.Num(t, counts, "apps") != 1 {
				t.Errorf("counts %v", counts)
			}

			// The old world is gone: its corp, its tokens, its members.
			testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret), errcode.InvalidCorpID)
			testkit.GetWeComError(t, testkit.UserGetURL(srv, oldTok, "zhangsan"), errcode.InvalidAccessToken)
			tok := testkit.Token(t, srv, tt.corp, tt.secret)
			testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.UserIDNotFound)
			u := testkit.DecodeStrict[testkit.UserBody](t, testkit.Get(t, testkit.UserGetURL(srv, tok, tt.member)).Body)
			if u.UserID != tt.member {
				t.Errorf("user/get %s = %+v", tt.member, u)
			}

			got := testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/fixtures"), http.StatusOK)
			corps := testkit.As[[]any](t, got["corps"])
			if len(corps) != 1 || testkit.As[map[string]any](t, corps[0])["corpid"] != tt.corp {
				t.Errorf("GET /_mock/fixtures after PUT: %v", got)
			}
		})
	}
}

func TestControlPutFixturesPOSTAlias(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	testkit.ControlJSON(t, testkit.Do(t, http.MethodPost, srv.URL()+"/_mock/fixtures", strings.NewReader(replacementYAML), nil), http.StatusOK)
	testkit.Token(t, srv, "wwreplaced", "s7")
}

func TestControlPutFixturesRejected(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		body      string
		wantInMsg []string
	}{
		{"empty body", "", []string{"empty"}},
		{"whitespace body", "  \n ", []string{"empty"}},
		{"invalid YAML", "corps: [\n  - corpid: x\n   name: : :\n", []string{"YAML"}},
		{"YAML scalar", "just a string", []string{"YAML"}},
		{"unknown YAML field", strings.Replace(replacementYAML, "name: Replaced", "name: Replaced\n    bogus_field: 1", 1), []string{"bogus_field"}},
		{"unknown JSON field", strings.Replace(replacementJSON, `"name":"J"`, `"name":"J","colour":"red"`, 1), []string{"colour"}},
		{"malformed JSON", `{"corps": [`, []string{"JSON"}},
		{"no corps", "corps: []", []string{"corp"}},
		{"visible user missing", strings.Replace(replacementYAML, "visible: {departments: [1]}", "visible: {users: [ghost]}", 1),
			[]string{"corps[0] (wwreplaced).apps[0] (7)", "ghost", "previous world"}},
		{"member in missing department", strings.Replace(replacementYAML, "department: [1]}", "department: [42]}", 1),
			[]string{"members[0] (neo)", "42"}},
		{"wrong type", strings.Replace(replacementYAML, "agentid: 7", "agentid: seven", 1), []string{"seven"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := mockserver.NewTest(t)
			tok := testkit.AppToken(t, srv)
			r := testkit.Do(t, http.MethodPut, srv.URL()+"/_mock/fixtures", strings.NewReader(tt.body), nil)
			testkit.ControlError(t, r, http.StatusBadRequest, tt.wantInMsg...)

			// The old world is still served, old tokens included.
			testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan"))
			if c := srv.Fixtures().Corps[0].CorpID; c != testkit.Corp1 {
				t.Errorf("loaded world's first corp is %q", c)
			}
		})
	}
}

func TestControlPutFixturesTooLarge(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithMaxFixtureBytes(1024))
	body := replacementYAML + "# " + strings.Repeat("x", 2048) + "\n"
	r := testkit.Do(t, http.MethodPut, srv.URL()+"/_mock/fixtures", strings.NewReader(body), nil)
	testkit.ControlError(t, r, http.StatusRequestEntityTooLarge, "1024")
	testkit.GetOK(t, testkit.UserGetURL(srv, testkit.AppToken(t, srv), "zhangsan"))
	// Just under the limit is fine.
	testkit.ControlJSON(t, testkit.Do(t, http.MethodPut, srv.URL()+"/_mock/fixtures", strings.NewReader(replacementYAML), nil), http.StatusOK)
}

func TestControlGetFixtures(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	r := testkit.Get(t, srv.URL()+"/_mock/fixtures")
	testkit.ControlJSON(t, r, http.StatusOK)
	// It round-trips into the fixtures schema and equals the default world.
	w, err := fixtures.Parse(r.Body)
	if err != nil {
		t.Fatalf("GET /_mock/fixtures is not a loadable world: %v", err)
	}
	if got, want := w.Count(), fixtures.Default().Count(); got != want {
		t.Errorf("counts %+v, want %+v", got, want)
	}
	if w.Corps[0].CorpID != testkit.Corp1 || w.Corps[1].CorpID != testkit.Corp2 {
		t.Errorf("corps %s, %s", w.Corps[0].CorpID, w.Corps[1].CorpID)
	}
}

func TestControlState(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	testkit.AppToken(t, srv)
	testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
	if _, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/nope", ErrCode: -1, Times: 0}); err != nil {
		t.Fatal(err)
	}

	r := testkit.Get(t, srv.URL()+"/_mock/state")
	m := testkit.ControlJSON(t, r, http.StatusOK)
	var st mockserver.State
	if err := json.Unmarshal(r.Body, &st); err != nil {
		t.Fatal(err)
	}
	if !st.Now.Equal(start) || !st.Frozen {
		t.Errorf("now %v frozen %v", st.Now, st.Frozen)
	}
	if st.Counts != fixtures.Default().Count() {
		t.Errorf("counts %+v", st.Counts)
	}
	if st.Runtime != (mockserver.RuntimeCounts{Tokens: 2, ValidTokens: 2, Codes: 1, UnexpiredCodes: 1}) {
		t.Errorf("runtime %+v", st.Runtime)
	}
	if st.Faults != 1 || st.Journal != 2 {
		t.Errorf("faults %d journal %d, want 1 and 2", st.Faults, st.Journal)
	}
	if _, ok := m["world"].(map[string]any); !ok {
		t.Errorf("state has no world: %v", m)
	}

	srv.Advance(7200 * time.Second)
	st = srv.State()
	if st.Runtime != (mockserver.RuntimeCounts{Tokens: 2, ValidTokens: 0, Codes: 1, UnexpiredCodes: 0}) {
		t.Errorf("runtime after 7200 s %+v", st.Runtime)
	}
}

func TestControlMintCodeErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	const noMP = `
corps:
  - corpid: wwnomp
    name: n
    apps: [{agentid: 5, name: a, secret: s5, visible: {departments: [1]}}]
    departments: [{id: 1, name: root, parentid: 0}]
    members: [{userid: u1, name: U, department: [1]}]
`
	noMPSrv := mockserver.NewTest(t, mockserver.WithFixtures(testkit.ParseWorld(t, noMP)))
	tests := []struct {
		name      string
		srv       *mockserver.Server
		body      string
		status    int
		wantInMsg []string
	}{
		{"empty body", srv, "", 400, []string{"corpid"}},
		{"missing corpid", srv, `{"agentid":1000002,"userid":"zhangsan"}`, 400, []string{`"corpid" is required`}},
		{"missing agentid", srv, `{"corpid":"wwmockcorp000001","userid":"zhangsan"}`, 400, []string{`"agentid" is required`}},
		{"missing userid", srv, `{"corpid":"wwmockcorp000001","agentid":1000002}`, 400, []string{`"userid" is required`}},
		{"unknown corp", srv, `{"corpid":"wwnope","agentid":1000002,"userid":"zhangsan"}`, 404, []string{"wwnope"}},
		{"unknown app", srv, `{"corpid":"wwmockcorp000001","agentid":42,"userid":"zhangsan"}`, 404, []string{"42"}},
		{"unknown member", srv, `{"corpid":"wwmockcorp000001","agentid":1000002,"userid":"ghost"}`, 404, []string{"ghost"}},
		{"unknown kind", srv, `{"kind":"oauth2","corpid":"wwmockcorp000001","agentid":1000002,"userid":"zhangsan"}`, 400, []string{"oauth2", "miniprogram"}},
		{"unknown field", srv, `{"corpid":"wwmockcorp000001","agentid":1000002,"user_id":"zhangsan"}`, 400, []string{"user_id"}},
		{"malformed JSON", srv, `{"corpid":`, 400, []string{"JSON"}},
		{"not an object", srv, `["wwmockcorp000001"]`, 400, []string{"JSON"}},
		{"two values", srv, `{"corpid":"wwmockcorp000001","agentid":1000002,"userid":"zhangsan"} {}`, 400, []string{"more than one"}},
		{"agentid as string", srv, `{"corpid":"wwmockcorp000001","agentid":"1000002","userid":"zhangsan"}`, 400, []string{"agentid"}},
		{"app without mini program", noMPSrv, `{"corpid":"wwnomp","agentid":5,"userid":"u1"}`, 400, []string{"mini program"}},
		// A mini program code may name the mini program instead of the app
		// (https://developer.work.weixin.qq.com/document/path/91507).
		{"appid bound nowhere", srv, `{"kind":"miniprogram","appid":"wxnowhere","corpid":"wwmockcorp000001","userid":"zhangsan"}`, 404, []string{"wxnowhere", "no app"}},
		{"appid of no app in this world", noMPSrv, `{"appid":"wxmockminiprogram1","corpid":"wwnomp","userid":"u1"}`, 404, []string{"wxmockminiprogram1"}},
		{"agentid of another mini program", srv, `{"kind":"miniprogram","appid":"wxmockdkminiprogram","corpid":"wwmockcorp000001","agentid":1000002,"userid":"zhangsan"}`, 400, []string{"app 1000002", "another mini program", "wxmockdkminiprogram"}},
		{"appid with an unknown member", srv, `{"appid":"wxmockminiprogram1","corpid":"wwmockcorp000002","userid":"zhangsan"}`, 404, []string{"zhangsan"}},
		{"appid of an oauth code", srv, `{"kind":"oauth","appid":"wxmockminiprogram1","corpid":"wwmockcorp000001","agentid":1000002,"userid":"zhangsan"}`, 400, []string{`"appid"`, "miniprogram"}},
		{"neither agentid nor appid", srv, `{"kind":"miniprogram","corpid":"wwmockcorp000001","userid":"zhangsan"}`, 400, []string{`"agentid" is required`, `"appid"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testkit.SendJSON(t, http.MethodPost, tt.srv.URL()+"/_mock/codes", tt.body)
			testkit.ControlError(t, r, tt.status, tt.wantInMsg...)
		})
	}
	if st := srv.State(); st.Runtime.Codes != 0 {
		t.Errorf("failed mints left %d codes", st.Runtime.Codes)
	}
}

func TestMintCodeGoAPIErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	_, err := srv.MintCode(mockserver.CodeRequest{CorpID: testkit.Corp1, AgentID: testkit.AgentID, UserID: "ghost"})
	var me *mockserver.Error
	if !errors.As(err, &me) || me.Status != http.StatusNotFound {
		t.Errorf("unknown member: %v, want a not-found Error", err)
	}
	_, err = srv.MintCode(mockserver.CodeRequest{CorpID: testkit.Corp1, UserID: "zhangsan"})
	if !errors.As(err, &me) || me.Status == http.StatusNotFound {
		t.Errorf("missing agentid: %v, want a bad-request Error", err)
	}
}

func TestControlClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 2, 3, 4, 5, 6, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	m := testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/clock"), http.StatusOK)
	if m["now"] != start.Format(time.RFC3339) || m["frozen"] != true {
		t.Errorf("clock = %v", m)
	}
	tok := testkit.AppToken(t, srv)

	m = testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/clock/advance", `{"seconds":7201}`), http.StatusOK)
	if want := start.Add(7201 * time.Second); m["now"] != want.Format(time.RFC3339) || !srv.Now().Equal(want) {
		t.Errorf("after 7201 s: %v (Now %v), want %v", m, srv.Now(), want)
	}
	testkit.GetWeComError(t, testkit.UserGetURL(srv, tok, "zhangsan"), errcode.AccessTokenExpired)

	m = testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/clock/advance", `{"duration":"2h"}`), http.StatusOK)
	if want := start.Add(7201*time.Second + 2*time.Hour); m["now"] != want.Format(time.RFC3339) {
		t.Errorf("after 2h more: %v, want %v", m, want)
	}
	m = testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/clock"), http.StatusOK)
	if want := start.Add(7201*time.Second + 2*time.Hour); m["now"] != want.Format(time.RFC3339) {
		t.Errorf("GET clock: %v, want %v", m, want)
	}

	// Fractions of a second and zero are fine.
	testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/clock/advance", `{"seconds":0.5}`), http.StatusOK)
	testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/clock/advance", `{"seconds":0}`), http.StatusOK)
	if want := start.Add(7201*time.Second + 2*time.Hour + 500*time.Millisecond); !srv.Now().Equal(want) {
		t.Errorf("Now %v, want %v", srv.Now(), want)
	}
}

func TestControlAdvanceRejected(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	before := srv.Now()
	tests := []struct {
		name, body string
		wantInMsg  []string
	}{
		{"empty body", "", []string{"seconds", "duration"}},
		{"empty object", "{}", []string{"seconds", "duration"}},
		{"negative seconds", `{"seconds":-1}`, []string{"seconds"}},
		{"huge seconds", `{"seconds":1e300}`, []string{"seconds"}},
		{"NaN", `{"seconds":NaN}`, []string{"JSON"}},
		{"seconds as string", `{"seconds":"7201"}`, []string{"seconds"}},
		{"null seconds", `{"seconds":null}`, []string{"seconds"}},
		{"both", `{"seconds":1,"duration":"1h"}`, []string{"not both"}},
		{"negative duration", `{"duration":"-1h"}`, []string{"duration"}},
		{"bad duration", `{"duration":"two hours"}`, []string{"duration", "2h"}},
		{"duration without unit", `{"duration":"7200"}`, []string{"duration"}},
		{"unknown field", `{"minutes":5}`, []string{"minutes"}},
		{"malformed JSON", `{"seconds":`, []string{"JSON"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/clock/advance", tt.body)
			testkit.ControlError(t, r, http.StatusBadRequest, tt.wantInMsg...)
		})
	}
	if !srv.Now().Equal(before) {
		t.Errorf("rejected advances moved the clock from %v to %v", before, srv.Now())
	}
}

func TestControlWrongMethod(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tests := []struct{ method, path, allow string }{
		{http.MethodPost, "/_mock/healthz", "GET, HEAD"},
		{http.MethodGet, "/_mock/reset", "POST"},
		{http.MethodDelete, "/_mock/fixtures", "GET, POST, PUT"},
		{http.MethodPost, "/_mock/state", "GET"},
		{http.MethodGet, "/_mock/codes", "POST"},
		{http.MethodPut, "/_mock/clock", "GET"},
		{http.MethodGet, "/_mock/clock/advance", "POST"},
		{http.MethodPut, "/_mock/faults", "DELETE, GET, POST"},
		{http.MethodGet, "/_mock/faults/f1", "DELETE"},
		{http.MethodPost, "/_mock/requests", "DELETE, GET"},
	}
	for _, tt := range tests {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			r := testkit.Do(t, tt.method, srv.URL()+tt.path, nil, nil)
			testkit.ControlError(t, r, http.StatusMethodNotAllowed, tt.method, tt.path)
			if got := r.Header.Get("Allow"); got != tt.allow {
				t.Errorf("Allow %q, want %q", got, tt.allow)
			}
		})
	}
}

func TestControlUnknownPath(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, p := range []string{"/_mock/", "/_mock/nope", "/_mock/healthz/extra", "/_mock/faults/", "/_mock/clock/rewind"} {
		t.Run(p, func(t *testing.T) {
			testkit.ControlError(t, testkit.Get(t, srv.URL()+p), http.StatusNotFound, p, "docs/control-api.md")
		})
	}
}
