package browsertest_test

// Browser tests of the dashboard (internal/dashboard): a real headless
// Chromium opens it on the mock and reads what a developer sees. Every
// test listens to the tab's network and dialog events: the page must load
// nothing but the mock's own URLs, and user data must never run as script.
// WECOM_MOCK_SCREENSHOTS=DIR writes docs/img/dashboard-*.png into DIR
// (make screenshots).

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/browsertest"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// tabWatch records the URLs a tab requests and the dialogs it opens.
type tabWatch struct {
	mu      sync.Mutex
	urls    []string
	dialogs []string
}

func watchTab(t *testing.T, tab context.Context) *tabWatch {
	t.Helper()
	w := &tabWatch{}
	if err := chromedp.Do(tab); err != nil { // open the tab first
		t.Fatal(err)
	}
	err := chromedp.Listen(tab, func(ev any) {
		w.mu.Lock()
		defer w.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			w.urls = append(w.urls, e.Request.URL)
		case *page.EventJavascriptDialogOpening:
			w.dialogs = append(w.dialogs, e.Message)
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return w
}

// check fails the test if the tab requested anything but the mock's own
// URLs, or opened a dialog.
func (w *tabWatch) check(t *testing.T, srv *mockserver.Server) {
	t.Helper()
	w.mu.Lock()
	defer w.mu.Unlock()
	if len(w.urls) == 0 {
		t.Error("no network events seen: the listener is broken")
	}
	for _, u := range w.urls {
		if !strings.HasPrefix(u, srv.URL()+"/") {
			t.Errorf("the dashboard requested an outside URL: %s", u)
		}
		if strings.HasSuffix(u, "/x") {
			t.Errorf("injected markup loaded an image: %s", u)
		}
	}
	if len(w.dialogs) > 0 {
		t.Errorf("a script ran and opened dialogs: %q", w.dialogs)
	}
}

func openDashboard(t *testing.T, srv *mockserver.Server, route, ready string) (context.Context, *tabWatch) {
	t.Helper()
	tab := browsertest.NewBrowser(t)
	w := watchTab(t, tab)
	browsertest.Run(t, tab, "open "+route, chromedp.Navigate(srv.URL()+"/#/"+route), browsertest.Visible(ready))
	return tab, w
}

// waitText waits until the element sel's text contains want.
func waitText(t *testing.T, tab context.Context, sel, want string) {
	t.Helper()
	js := `(() => { const el = document.querySelector(` + jsString(sel) + `); return !!el && el.textContent.includes(` + jsString(want) + `); })()`
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("waiting for %q in %s: %v (text now %q)", want, sel, err, browsertest.Text(t, tab, sel))
	}
}

func jsString(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(s) + `"`
}

func TestDashboardWorld(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tab, w := openDashboard(t, srv, "world", `#vis-`+testkit.Corp1)
	if got := browsertest.Text(t, tab, ".mock-badge"); got != "MOCK" {
		t.Errorf("badge %q", got)
	}
	if got := browsertest.Text(t, tab, "#mock-url"); got != srv.URL() {
		t.Errorf("header URL %q, want %q", got, srv.URL())
	}
	waitText(t, tab, "#count-members", "")
	page := browsertest.Text(t, tab, "#page-world")
	for _, want := range []string{"张三", "模拟应用", "1000002", "mock-app-secret", "研发部", "平台组", "试点", "陈小明"} {
		if !strings.Contains(page, want) {
			t.Errorf("World page lacks %q", want)
		}
	}
	// wangwu (市场部) is outside 模拟应用's range: user/get answers 60011
	// (https://developer.work.weixin.qq.com/document/path/90196).
	cell := func(user string) string {
		return browsertest.Text(t, tab, `#vis-`+testkit.Corp1+` td[data-userid="`+user+`"][data-agentid="1000002"]`)
	}
	if got := cell("wangwu"); got != "60011" {
		t.Errorf("wangwu × 1000002 reads %q, want 60011", got)
	}
	if got := cell("zhouqi"); got != "visible" { // through the tag 试点
		t.Errorf("zhouqi × 1000002 reads %q, want visible", got)
	}
	browsertest.Run(t, tab, "scroll to the members", chromedp.Evaluate[chromedp.Void](
		`document.querySelector("#corp-`+testkit.Corp1+` ~ h3:nth-of-type(4)").scrollIntoView()`))
	browsertest.Screenshot(t, tab, "dashboard-world.png")
	w.check(t, srv)
}

func TestDashboardRequestsLive(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tab, w := openDashboard(t, srv, "requests", "#requests-body")
	waitText(t, tab, "#stream-state", "live")
	tok := testkit.AppToken(t, srv)
	testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/get", "access_token", tok, "userid", "wangwu"))
	// Within a second, without a reload.
	js := `[...document.querySelectorAll("#requests-body tr")].some(tr => tr.textContent.includes("/cgi-bin/user/get") && tr.textContent.includes("60011"))`
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](js, chromedp.WithPollingTimeout(time.Second))); err != nil {
		t.Fatalf("the user/get call did not show within a second: %v\n%s", err, browsertest.Text(t, tab, "#requests-body"))
	}
	first := browsertest.Text(t, tab, "#requests-body tr:first-child")
	if !strings.Contains(first, "/cgi-bin/user/get") || !strings.Contains(first, testkit.Corp1) {
		t.Errorf("newest row is not first: %q", first)
	}
	// Filter by errcode, then open the row.
	browsertest.Run(t, tab, "filter errcode 60011", chromedp.SendKeys(`#filter-errcode`, "60011"))
	if n, _ := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("#requests-body tr").length`)); n != 1 {
		t.Errorf("%d rows with errcode 60011, want 1", n)
	}
	browsertest.Run(t, tab, "open the row", browsertest.Click(`#requests-body tr:first-child button`), browsertest.Visible("#request-detail"))
	detail := browsertest.Text(t, tab, "#request-detail")
	for _, want := range []string{"GET /cgi-bin/user/get", "wangwu", "60011", testkit.Corp1, tok[:8] + "***"} {
		if !strings.Contains(detail, want) {
			t.Errorf("detail lacks %q:\n%s", want, detail)
		}
	}
	if strings.Contains(detail, tok) {
		t.Error("the detail shows the whole access token")
	}
	browsertest.Run(t, tab, "clear the filter", chromedp.Evaluate[chromedp.Void](
		`(() => { const el = document.querySelector("#filter-errcode"); el.value = ""; el.dispatchEvent(new Event("input")); })()`))

	// A POST: the row opens its body and the answer's, JSON laid out.
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/message/send", "access_token", tok),
		`{"touser":"zhangsan","msgtype":"text","agentid":1000002,"text":{"content":"Meeting moved to 3 pm"}}`))
	filterMethod(t, tab, "POST")
	waitText(t, tab, "#requests-body", "/cgi-bin/message/send")
	if n, _ := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("#requests-body tr").length`)); n != 1 {
		t.Errorf("%d POST rows, want 1", n)
	}
	browsertest.Run(t, tab, "open the POST", browsertest.Click(`#requests-body tr:first-child button`), browsertest.Visible("#request-body"))
	reqBody := browsertest.Text(t, tab, "#request-body")
	if !strings.Contains(reqBody, `"content": "Meeting moved to 3 pm"`) || !strings.Contains(reqBody, "\n  \"touser\"") {
		t.Errorf("request body not shown pretty-printed: %q", reqBody)
	}
	if resp := browsertest.Text(t, tab, "#response-body"); !strings.Contains(resp, `"errmsg": "ok"`) || !strings.Contains(resp, `"msgid"`) {
		t.Errorf("response body: %q", resp)
	}
	if hdrs := browsertest.Text(t, tab, "#request-detail"); !strings.Contains(hdrs, "Content-Type") || !strings.Contains(hdrs, "1000002") {
		t.Errorf("detail lacks the headers or the app:\n%s", hdrs)
	}
	filterMethod(t, tab, "")
	browsertest.Run(t, tab, "scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	browsertest.Screenshot(t, tab, "dashboard-requests.png")
	w.check(t, srv)
}

// filterMethod picks a method in the Requests page's filter.
func filterMethod(t *testing.T, tab context.Context, method string) {
	t.Helper()
	browsertest.Run(t, tab, "filter "+method, chromedp.Evaluate[chromedp.Void](
		`(() => { const el = document.querySelector("#filter-method"); el.value = "`+method+`"; el.dispatchEvent(new Event("change")); })()`))
}

func TestDashboardClock(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 1, 8, 0, 0, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	if _, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/user/get", ErrCode: 45009, Times: 2}); err != nil {
		t.Fatal(err)
	}
	tab, w := openDashboard(t, srv, "clock", "#advance-2h")
	waitText(t, tab, "#clock-now", "2026-03-01 08:00:00 UTC")
	waitText(t, tab, "#faults", "45009")
	browsertest.Run(t, tab, "advance 2h", browsertest.Click("#advance-2h"))
	waitText(t, tab, "#clock-now", "2026-03-01 10:00:00 UTC")
	waitText(t, tab, "#now", "2026-03-01 10:00:00 UTC") // the header too
	if got := srv.Now(); !got.Equal(start.Add(2 * time.Hour)) {
		t.Errorf("server clock %v after advance 2h", got)
	}
	browsertest.Run(t, tab, "advance 90s", chromedp.SendKeys("#advance-by", "90s"), browsertest.Click("#advance-custom"))
	waitText(t, tab, "#clock-now", "10:01:30")
	browsertest.Run(t, tab, "unfreeze", browsertest.Click("#clock-freeze"))
	waitText(t, tab, "#clock-mode", "ticking")
	if srv.State().Frozen {
		t.Error("the clock is still frozen")
	}
	browsertest.Run(t, tab, "freeze again", browsertest.Click("#clock-freeze"))
	waitText(t, tab, "#clock-mode", "frozen")
	browsertest.Run(t, tab, "add a fault",
		chromedp.SendKeys("#fault-path", "/cgi-bin/gettoken"),
		chromedp.SetValue("#fault-errcode", "40013"),
		browsertest.Click("#fault-add"))
	waitText(t, tab, "#faults", "/cgi-bin/gettoken")
	if n := len(srv.Faults()); n != 2 {
		t.Errorf("%d faults after adding one, want 2", n)
	}
	browsertest.Run(t, tab, "add a stub",
		chromedp.SendKeys("#stub-path", "/cgi-bin/oa/getapprovalinfo"),
		browsertest.Click("#stub-add"))
	waitText(t, tab, "#stubs", "sp_no_list")
	browsertest.Run(t, tab, "scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	browsertest.Screenshot(t, tab, "dashboard-clock.png")
	browsertest.Run(t, tab, "remove the first fault", browsertest.Click(`#faults tbody tr:first-child button`))
	// The list is redrawn once the DELETE is answered: wait for one row.
	if _, err := chromedp.Run(tab, chromedp.Poll[bool](`document.querySelectorAll("#faults tbody tr").length === 1`,
		chromedp.WithPollingTimeout(5*time.Second))); err != nil {
		t.Fatalf("the faults list still shows %q: %v", browsertest.Text(t, tab, "#faults"), err)
	}
	waitText(t, tab, "#faults", "/cgi-bin/gettoken")
	if n := len(srv.Faults()); n != 1 {
		t.Errorf("%d faults after removing one, want 1", n)
	}
	w.check(t, srv)
}

// Data from the world and from faults is shown as text: a member named
// like an <img> with an onerror and a fault path holding a <script> make no
// element, load nothing and open no dialog.
func TestDashboardXSS(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	const evil = `<img src=x onerror=alert(1)>`
	const evilPath = `/cgi-bin/<script>alert(2)</script>`
	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/contacts/users", map[string]any{
		"corpid": testkit.Corp1, "action": "create",
		"user": map[string]any{"userid": "xss", "name": evil, "department": []int{2}, "mobile": "13800009999"},
	})
	if r.Status != http.StatusOK {
		t.Fatalf("creating the member: %s", r)
	}
	if _, err := srv.AddFault(mockserver.Fault{Path: evilPath, ErrCode: 45009, Times: 1}); err != nil {
		t.Fatalf("adding the fault: %v", err)
	}
	testkit.Get(t, srv.URL()+"/cgi-bin/<img src=x onerror=alert(3)>")
	// Bodies and headers are text too, laid out or not.
	testkit.Do(t, http.MethodPost, srv.URL()+"/cgi-bin/message/send", strings.NewReader(`{"touser":"<img src=x onerror=alert(4)>"}`),
		http.Header{"X-Evil": {"<script>alert(5)</script>"}})
	testkit.Do(t, http.MethodPost, srv.URL()+"/cgi-bin/message/send", strings.NewReader(`<svg onload=alert(6)>`), nil)

	tab, w := openDashboard(t, srv, "world", `#vis-`+testkit.Corp1)
	// The member made at run time shows in the member list (the live
	// world) and in the visibility matrix, as text.
	if !strings.Contains(browsertest.Text(t, tab, "table.members"), evil) {
		t.Error("the member's name is not shown as text in the member list")
	}
	if !strings.Contains(browsertest.Text(t, tab, "#vis-"+testkit.Corp1), evil) {
		t.Error("the member's name is not shown as text in the visibility matrix")
	}
	browsertest.Run(t, tab, "open the clock page", chromedp.Navigate(srv.URL()+"/#/clock"), browsertest.Visible("#fault-form"))
	waitText(t, tab, "#faults", evilPath)
	browsertest.Run(t, tab, "open the requests page", chromedp.Navigate(srv.URL()+"/_mock/ui/#/requests"), browsertest.Visible("#requests-body"))
	waitText(t, tab, "#requests-body", "onerror=alert(3)")
	filterMethod(t, tab, "POST")
	for _, row := range []string{"tr:nth-child(1)", "tr:nth-child(2)"} { // the two POSTs, newest first
		browsertest.Run(t, tab, "open a POST", browsertest.Click(`#requests-body `+row+` button`), browsertest.Visible("#request-body"))
	}
	waitText(t, tab, "#request-body", "alert(4)")
	n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("main img, main script, main svg").length`))
	if err != nil || n != 0 {
		t.Errorf("%d injected elements (%v)", n, err)
	}
	w.check(t, srv)
}

// The theme toggle is remembered across reloads; the first Tab reaches the
// skip link, which moves the focus to the page's content.
func TestDashboardThemeAndKeyboard(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tab, w := openDashboard(t, srv, "clock", "#advance-2h")
	theme := func() string {
		s, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.documentElement.dataset.theme || "system"`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	if got := theme(); got != "system" {
		t.Fatalf("first theme %q, want system", got)
	}
	browsertest.Run(t, tab, "toggle the theme", browsertest.Click("#theme"))
	if got := theme(); got != "dark" {
		t.Fatalf("theme after a toggle %q, want dark", got)
	}
	browsertest.Run(t, tab, "reload", chromedp.Reload(), browsertest.Visible("#advance-2h"))
	if got := theme(); got != "dark" {
		t.Errorf("theme after a reload %q, want dark (remembered)", got)
	}
	if got := browsertest.Text(t, tab, "nav a[aria-current=page]"); got != "Clock and faults" {
		t.Errorf("current nav link %q", got)
	}
	browsertest.Screenshot(t, tab, "dashboard-dark.png")
	focused := func() string {
		s, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.activeElement.id`))
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	browsertest.Run(t, tab, "Tab", chromedp.KeyEvent("\t"))
	if got := focused(); got != "skip" {
		t.Fatalf("first Tab focuses %q, want the skip link", got)
	}
	browsertest.Run(t, tab, "Enter", chromedp.KeyEvent("\r"))
	if got := focused(); got != "page" {
		t.Errorf("the skip link focused %q, want the main content", got)
	}
	if u, _ := chromedp.Run(tab, chromedp.Evaluate[string](`location.hash`)); u != "#/clock" {
		t.Errorf("the skip link changed the route to %q", u)
	}
	w.check(t, srv)
}
