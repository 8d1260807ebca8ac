package mockserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"go.uber.org/goleak"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// renamedWorld is the default world with zhangsan renamed, so two
// sandboxes answer user/get differently.
func renamedWorld(t testing.TB, name string) *fixtures.World {
	t.Helper()
	w := fixtures.Default()
	for i := range w.Corps[0].Members {
		if w.Corps[0].Members[i].UserID == "zhangsan" {
			w.Corps[0].Members[i].Name = name
		}
	}
	return w
}

// userName is user/get of zhangsan by the default app, at base as an SDK
// would call it (https://developer.work.weixin.qq.com/document/path/90196).
func userName(t testing.TB, base string) string {
	t.Helper()
	name, err := nameAt(base)
	if err != nil {
		t.Fatal(err)
	}
	return name
}

// nameAt is userName without a testing.TB, for other goroutines.
func nameAt(base string) (string, error) {
	var tok struct {
		ErrCode     int    `json:"errcode"`
		AccessToken string `json:"access_token"`
	}
	if err := getInto(base+"/cgi-bin/gettoken?corpid="+testkit.Corp1+"&corpsecret="+testkit.AppSecret, &tok); err != nil || tok.ErrCode != 0 {
		return "", fmt.Errorf("gettoken at %s: errcode %d, %v", base, tok.ErrCode, err)
	}
	var u struct {
		ErrCode int    `json:"errcode"`
		Name    string `json:"name"`
	}
	if err := getInto(base+"/cgi-bin/user/get?access_token="+tok.AccessToken+"&userid=zhangsan", &u); err != nil || u.ErrCode != 0 {
		return "", fmt.Errorf("user/get at %s: errcode %d, %v", base, u.ErrCode, err)
	}
	return u.Name, nil
}

func getInto(url string, v any) error {
	res, err := testkit.HTTPClient.Get(url)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("GET %s: HTTP %d", url, res.StatusCode)
	}
	return json.NewDecoder(res.Body).Decode(v)
}

// Two sandboxes created over the control API, one with its own world as a
// JSON object and one as YAML text, serve their own worlds to SDK-style
// calls whose base URL is the sandbox's, in parallel.
func TestSandboxesServeTheirOwnWorlds(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	objJSON, err := json.Marshal(renamedWorld(t, "沙箱甲"))
	if err != nil {
		t.Fatal(err)
	}
	yamlText, err := renamedWorld(t, "沙箱乙").YAML()
	if err != nil {
		t.Fatal(err)
	}
	a, infoA, err := ctl.Sandbox(ctx, mockctl.SandboxRequest{Fixtures: objJSON})
	if err != nil {
		t.Fatal(err)
	}
	b, infoB, err := ctl.Sandbox(ctx, mockctl.SandboxRequest{Fixtures: mockctl.YAMLFixtures(yamlText)})
	if err != nil {
		t.Fatal(err)
	}
	if infoA.URL != srv.URL()+"/sandboxes/"+infoA.ID || a.URL() != infoA.URL {
		t.Fatalf("sandbox url %q (client %q), want %s/sandboxes/%s", infoA.URL, a.URL(), srv.URL(), infoA.ID)
	}
	want := map[string]string{a.URL(): "沙箱甲", b.URL(): "沙箱乙", srv.URL(): "张三"}
	var wg sync.WaitGroup
	for base, name := range want {
		for range 10 {
			wg.Go(func() {
				if got, err := nameAt(base); err != nil || got != name {
					t.Errorf("%s: user/get name %q (%v), want %q", base, got, err, name)
				}
			})
		}
	}
	testwait.Group(t, &wg)
	list, err := ctl.Sandboxes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Sandboxes) != 2 || list.Sandboxes[0].ID != infoA.ID || list.Sandboxes[1].URL != infoB.URL || list.Max != mockserver.DefaultMaxSandboxes {
		t.Fatalf("sandboxes %+v", list)
	}
}

// A sandbox's clock, journal, inbox and faults are its own.
func TestSandboxStateIsItsOwn(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	a, b := srv.Sandbox(t), srv.Sandbox(t)
	ctx := context.Background()
	before, err := b.Control.Now(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := a.Control.Advance(ctx, 3*time.Hour); err != nil {
		t.Fatal(err)
	}
	if after, err := b.Control.Now(ctx); err != nil || !after.Equal(before) {
		t.Fatalf("advancing a moved b's clock: %v → %v (%v)", before, after, err)
	}
	if moved := a.Server.Now().Sub(srv.Now()); moved < 3*time.Hour {
		t.Fatalf("a is %v ahead of its parent, want 3h", moved)
	}

	// Journal: the call to a is in a's journal alone, under its own path.
	userName(t, a.URL())
	if got := a.Server.Requests(mockserver.RequestFilter{Path: "/cgi-bin/user/get"}); len(got) != 1 {
		t.Fatalf("a's journal has %d user/get, want 1", len(got))
	}
	for name, s := range map[string]*mockserver.Server{"b": b.Server, "parent": srv} {
		if got := s.Requests(mockserver.RequestFilter{}); len(got) != 0 {
			t.Fatalf("%s's journal has %d entries of a's calls: %+v", name, len(got), got)
		}
	}

	// Faults: one added to b fails b's gettoken only.
	if _, err := b.Server.AddFault(mockserver.Fault{Path: "/cgi-bin/gettoken", ErrCode: 45009}); err != nil {
		t.Fatal(err)
	}
	if got := testkit.GetJSON(t, b.URL()+"/cgi-bin/gettoken?corpid="+testkit.Corp1+"&corpsecret="+testkit.AppSecret); testkit.ErrCode(t, got) != 45009 {
		t.Fatalf("b's gettoken with its fault: %v", got)
	}
	userName(t, a.URL())
	userName(t, srv.URL())
}

// A sandbox cannot make sandboxes; unknown and deleted ones answer 404.
func TestSandboxDeleteAndRefusals(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	child, info, err := ctl.Sandbox(ctx, mockctl.SandboxRequest{})
	if err != nil {
		t.Fatal(err)
	}
	wantStatus := func(err error, status int, text string) {
		t.Helper()
		var e *mockctl.Error
		if !errors.As(err, &e) || e.Status != status || !strings.Contains(e.Msg, text) {
			t.Fatalf("got %v, want HTTP %d saying %q", err, status, text)
		}
	}
	_, err = child.CreateSandbox(ctx, mockctl.SandboxRequest{})
	wantStatus(err, http.StatusForbidden, "a sandbox cannot create sandboxes")

	_, err = ctl.CreateSandbox(ctx, mockctl.SandboxRequest{TTLSeconds: -1})
	wantStatus(err, http.StatusBadRequest, "ttl_seconds")
	_, err = ctl.CreateSandbox(ctx, mockctl.SandboxRequest{Fixtures: mockctl.YAMLFixtures([]byte("corps: [{corpid: x, no_such_key: 1}]"))})
	wantStatus(err, http.StatusBadRequest, "fixtures")

	if err := ctl.DeleteSandbox(ctx, info.ID); err != nil {
		t.Fatal(err)
	}
	if r := testkit.Get(t, child.URL()+"/cgi-bin/gettoken"); r.Status != http.StatusNotFound || !strings.Contains(string(r.Body), "no sandbox "+info.ID) {
		t.Fatalf("a deleted sandbox answered %s", r)
	}
	wantStatus(ctl.DeleteSandbox(ctx, info.ID), http.StatusNotFound, "no sandbox")
}

// Past the cap, creating a sandbox is refused with 429 naming the cap.
func TestSandboxCap(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithMaxSandboxes(2))
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	for range 2 {
		if _, err := ctl.CreateSandbox(ctx, mockctl.SandboxRequest{}); err != nil {
			t.Fatal(err)
		}
	}
	_, err := ctl.CreateSandbox(ctx, mockctl.SandboxRequest{})
	var e *mockctl.Error
	if !errors.As(err, &e) || e.Status != http.StatusTooManyRequests || !strings.Contains(e.Msg, "the cap is 2") {
		t.Fatalf("third sandbox: %v, want 429 naming the cap", err)
	}
}

// An idle sandbox expires after its ttl of real time; one in use does not.
func TestSandboxExpiry(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	realNow := func() time.Time { mu.Lock(); defer mu.Unlock(); return now }
	pass := func(d time.Duration) { mu.Lock(); now = now.Add(d); mu.Unlock() }
	srv := mockserver.NewTest(t, mockserver.WithRealNow(realNow))
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	idle, idleInfo, err := ctl.Sandbox(ctx, mockctl.SandboxRequest{TTLSeconds: 60})
	if err != nil {
		t.Fatal(err)
	}
	busy, _, err := ctl.Sandbox(ctx, mockctl.SandboxRequest{TTLSeconds: 60})
	if err != nil {
		t.Fatal(err)
	}
	if idleInfo.ExpiresAt != "2026-01-02T03:05:05Z" || idleInfo.TTLSeconds != 60 {
		t.Fatalf("sandbox %+v, want it to expire 60 s after creation", idleInfo)
	}
	pass(40 * time.Second)
	userName(t, busy.URL())
	pass(40 * time.Second)
	list, err := ctl.Sandboxes(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(list.Sandboxes) != 1 || list.Sandboxes[0].URL != busy.URL() {
		t.Fatalf("after 80 s: %+v, want only the busy sandbox", list)
	}
	if r := testkit.Get(t, idle.URL()+"/_mock/healthz"); r.Status != http.StatusNotFound {
		t.Fatalf("an expired sandbox answered %s", r)
	}
	userName(t, busy.URL())
}

// The login pages work under the prefix: their forms, assets and status
// links keep it, and the code they issue is the sandbox's.
func TestSandboxLoginPages(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	sb := srv.Sandbox(t)
	prefix := "/sandboxes/" + sb.ID
	page := testkit.AuthorizeURL(sb.Server)
	html := testkit.WantPage(t, testkit.Get(t, page), http.StatusOK, `action="`+prefix+`/wwmock/oauth/choose"`, `href="`+prefix+`/wwmock/static/style.css"`)
	if strings.Contains(html, `="/wwmock`) || strings.Contains(html, `="/connect`) {
		t.Fatalf("the page links out of the sandbox:\n%s", html)
	}
	if r := testkit.Get(t, sb.URL()+"/wwmock/static/style.css"); r.Status != http.StatusOK {
		t.Fatalf("style.css in the sandbox: %s", r)
	}
	code, _ := testkit.Redirected(t, testkit.Choose(t, sb.Server, page, "userid", "lisi"), testkit.AppCallback)
	tok := testkit.AppToken(t, sb.Server)
	got := testkit.GetJSON(t, sb.URL()+"/cgi-bin/auth/getuserinfo?access_token="+tok+"&code="+code)
	if testkit.ErrCode(t, got) != 0 || got["userid"] != "lisi" {
		t.Fatalf("auth/getuserinfo in the sandbox: %v", got)
	}
	// The parent never saw the code.
	parentTok := testkit.AppToken(t, srv)
	if got := testkit.GetJSON(t, srv.URL()+"/cgi-bin/auth/getuserinfo?access_token="+parentTok+"&code="+code); testkit.ErrCode(t, got) == 0 {
		t.Fatalf("the parent redeemed the sandbox's code: %v", got)
	}
}

// Shutting the parent down shuts its sandboxes down and leaves no
// goroutine behind. Not parallel: goleak compares against the goroutines
// alive when it starts.
func TestSandboxShutdownLeavesNoGoroutines(t *testing.T) {
	defer goleak.VerifyNone(t, goleak.IgnoreCurrent())
	srv, err := mockserver.New()
	if err != nil {
		t.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		t.Fatal(err)
	}
	for range 3 {
		sb, err := srv.NewSandbox(mockserver.WithSandboxTTL(time.Minute))
		if err != nil {
			t.Fatal(err)
		}
		userName(t, sb.URL())
		if _, err := sb.Control.Now(context.Background()); err != nil {
			t.Fatal(err)
		}
	}
	if err := srv.Close(); err != nil {
		t.Fatal(err)
	}
	testkit.HTTPClient.CloseIdleConnections()
	http.DefaultClient.CloseIdleConnections()
	testkit.As[*http.Transport](t, http.DefaultTransport).CloseIdleConnections()
}
