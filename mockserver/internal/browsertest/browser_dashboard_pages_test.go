package browsertest_test

// Browser tests of the dashboard's Inbox, Callbacks and Logins pages
// (internal/dashboard/static/pages): what a developer sees of the messages
// their app sent, the callbacks the mock delivered and the tokens and codes
// alive, and what they drive from there. As in browser_dashboard_test.go,
// every tab must load nothing but the mock's URLs and run no injected
// script.

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/browsertest"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// A textcard sent with message/send shows in the Inbox as the client
// renders it: title, the description's gray/normal/highlight lines, the
// button to its URL (https://developer.work.weixin.qq.com/document/path/90236).
// A button of an interactive card, clicked for a recipient, reaches the
// app's callback as template_card_event
// (https://developer.work.weixin.qq.com/document/path/90240).
func TestDashboardInbox(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	rcv := testkit.NewReceiver(t, srv, testkit.Corp1, testkit.AgentID)
	tok := testkit.AppToken(t, srv)
	testkit.MsgSendOK(t, srv, tok, map[string]any{
		"touser": "zhangsan", "msgtype": "markdown", "agentid": testkit.AgentID,
		"markdown": map[string]any{"content": "# 周报\n> 本周 **完成** <font color=\"info\">3 项</font>\n[看板](https://example.com/board)"},
	})
	testkit.MsgSendOK(t, srv, tok, map[string]any{
		"touser": "zhangsan|lisi", "msgtype": "textcard", "agentid": testkit.AgentID,
		"textcard": map[string]any{
			"title":       "领奖通知",
			"description": `<div class="gray">2026年3月1日</div> <div class="normal">恭喜你抽中iPhone一台</div><div class="highlight">请于3月10日前联系行政同事领取</div>`,
			"url":         "https://example.com/prize", "btntxt": "更多",
		},
	})
	card := testkit.MsgSendOK(t, srv, tok, map[string]any{
		"touser": "zhangsan|lisi", "msgtype": "template_card", "agentid": testkit.AgentID,
		"template_card": map[string]any{
			"card_type": "button_interaction", "task_id": "task-dash",
			"main_title":  map[string]any{"title": "报销审批", "desc": "差旅 1,280 元"},
			"button_list": []any{map[string]any{"text": "同意", "key": "approve"}, map[string]any{"text": "驳回", "key": "reject", "style": 2}},
		},
	})

	tab, w := openDashboard(t, srv, "inbox", "#inbox-list article")
	waitText(t, tab, "#inbox-list", "领奖通知")
	tc := `#inbox-list article[data-msgtype="textcard"] `
	if got := browsertest.Text(t, tab, tc+".tc-title"); got != "领奖通知" {
		t.Errorf("textcard title %q", got)
	}
	for cls, want := range map[string]string{"tc-gray": "2026年3月1日", "tc-normal": "恭喜你抽中iPhone一台", "tc-highlight": "请于3月10日前联系行政同事领取"} {
		if got := browsertest.Text(t, tab, tc+"."+cls); got != want {
			t.Errorf("textcard .%s %q, want %q", cls, got, want)
		}
	}
	if got := browsertest.Attr(t, tab, tc+".tc-btn a", "href"); got != "https://example.com/prize" || browsertest.Text(t, tab, tc+".tc-btn a") != "更多" {
		t.Errorf("textcard button %q → %q", browsertest.Text(t, tab, tc+".tc-btn a"), got)
	}
	if got := browsertest.Text(t, tab, tc+".chips"); !strings.Contains(got, "lisi") || !strings.Contains(got, "zhangsan") {
		t.Errorf("textcard recipients %q", got)
	}
	md := `#inbox-list article[data-msgtype="markdown"] `
	if browsertest.Text(t, tab, md+".md-h1") != "周报" || browsertest.Text(t, tab, md+"blockquote strong") != "完成" ||
		browsertest.Text(t, tab, md+".md-info") != "3 项" || browsertest.Attr(t, tab, md+"a", "href") != "https://example.com/board" {
		t.Errorf("markdown rendered as %q", browsertest.Text(t, tab, md+".md"))
	}
	if first := browsertest.Attr(t, tab, "#inbox-list article:first-child", "data-msgid"); first != card.MsgID {
		t.Errorf("first message %s, want the newest %s", first, card.MsgID)
	}
	browsertest.Screenshot(t, tab, "dashboard-inbox.png")

	// lisi clicks 同意.
	sel := `#msg-` + card.MsgID + ` select.recipient`
	browsertest.Run(t, tab, "pick lisi and click 同意",
		chromedp.SetValue(sel, "lisi"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector(`+jsString(sel)+`).dispatchEvent(new Event("change"))`),
		browsertest.Click(`#msg-`+card.MsgID+` button[data-key="approve"]`))
	waitText(t, tab, "#msg-"+card.MsgID+" .click-answer", "response_code")
	ev := rcv.Next(t)
	if ev["Event"] != "template_card_event" || ev["EventKey"] != "approve" || ev["FromUserName"] != "lisi" || ev["TaskId"] != "task-dash" {
		t.Errorf("the app received %v", ev)
	}
	if got := browsertest.Text(t, tab, "#msg-"+card.MsgID+" .click-answer"); !strings.Contains(got, ev["ResponseCode"]) {
		t.Errorf("the page shows %q, the event's response_code is %s", got, ev["ResponseCode"])
	}
	waitText(t, tab, "#msg-"+card.MsgID+" .clicks", "1 click")

	// A key that is not on the card is refused, and the page says why.
	browsertest.Run(t, tab, "click for a member who did not get it", chromedp.Evaluate[chromedp.Void](`(() => {
		const s = document.querySelector(`+jsString(sel)+`);
		s.append(new Option("wangwu", "wangwu")); s.value = "wangwu";
		document.querySelector(`+jsString(`#msg-`+card.MsgID+` button[data-key="reject"]`)+`).click();
	})()`))
	waitText(t, tab, "#msg-"+card.MsgID+" .click-answer", "Refused")
	w.check(t, srv)
}

// The Callbacks page lists deliveries with their attempts, the decrypted
// XML and the receiver's answer, re-delivers one, and grades a receiver
// with the probe.
func TestDashboardCallbacks(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	h := &testkit.CountingHandler{Answers: []int{http.StatusOK}}
	rcv := httptest.NewServer(h)
	t.Cleanup(rcv.Close)
	testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, rcv.URL+"/cb")
	first := testkit.TriggerText(t, srv, "你好，回调")
	testkit.WaitDelivery(t, srv, first.ID)

	tab, w := openDashboard(t, srv, "callbacks", "#callbacks-body tr")
	row := `#callbacks-body tr[data-id="` + first.ID + `"]`
	waitText(t, tab, row, "delivered")
	browsertest.Run(t, tab, "open the delivery", browsertest.Click(row+" button"), browsertest.Visible("#callback-detail"))
	detail := browsertest.Text(t, tab, "#callback-detail")
	for _, want := range []string{"你好，回调", "<MsgType><![CDATA[text]]></MsgType>", "200", rcv.URL + "/cb"} {
		if !strings.Contains(detail, want) {
			t.Errorf("delivery detail lacks %q:\n%s", want, detail)
		}
	}
	browsertest.Run(t, tab, "re-deliver", browsertest.Click("#redeliver"))
	waitText(t, tab, "#callbacks-body", "cb2")
	if ds := testkit.WaitDeliveries(t, srv, mockserver.DeliveryFilter{}); len(ds) != 2 || ds[1].Plaintext != first.Plaintext || h.Count() != 2 {
		t.Errorf("after re-deliver: %d deliveries, %d posts", len(ds), h.Count())
	}
	browsertest.Run(t, tab, "probe the receiver", browsertest.Click("#receivers .probe-btn"))
	waitText(t, tab, "#receivers .probe-out", "url_verification")
	if got := browsertest.Text(t, tab, "#receivers .probe-out"); !strings.Contains(got, "FAIL") { // it answers no echostr
		t.Errorf("probe of a receiver that answers no echostr: %q", got)
	}
	browsertest.Run(t, tab, "select the first delivery", browsertest.Click(row+" button"), browsertest.Visible("#callback-detail"),
		chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	browsertest.Screenshot(t, tab, "dashboard-callbacks.png")
	w.check(t, srv)
}

// The Logins page shows a token with its lifetime on the virtual clock;
// advancing the clock 2 h on the Clock page expires it (an access token
// lives 7200 s, https://developer.work.weixin.qq.com/document/path/91039).
// A code minted for a member shows whole once, with a copy button; a QR
// login in progress is scanned and confirmed from the page.
func TestDashboardLogins(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	start := srv.Now()
	tok := testkit.AppToken(t, srv)
	qr, err := srv.StartQRLogin(mockserver.QRLoginRequest{CorpID: testkit.Corp1, AgentID: testkit.AgentID, RedirectURI: testkit.AppCallback})
	if err != nil {
		t.Fatal(err)
	}
	tab, w := openDashboard(t, srv, "logins", "#mint")
	waitText(t, tab, "#access-tokens", tok[:8]+"***")
	if got := browsertest.Text(t, tab, "#access-tokens"); strings.Contains(got, tok) || !strings.Contains(got, "2 h") {
		t.Errorf("access tokens shown as %q", got)
	}

	waitText(t, tab, "#mint-user", "lisi")
	browsertest.Run(t, tab, "mint an oauth code for lisi",
		chromedp.SetValue("#mint-kind", "oauth"), chromedp.SetValue("#mint-user", "lisi"), browsertest.Click("#mint"))
	waitText(t, tab, "#minted", "oauth code for lisi")
	code := browsertest.Text(t, tab, "#minted-code code")
	if c := srv.Credentials(); len(c.Codes) != 1 || c.Codes[0].UserID != "lisi" || c.Codes[0].Kind != "oauth" || c.Codes[0].Code != code[:8]+"***" {
		t.Errorf("minted %q; the mock lists %+v", code, c.Codes)
	}
	waitText(t, tab, "#code-list", code[:8]+"***")

	waitText(t, tab, "#qrlogins", "waiting")
	browsertest.Run(t, tab, "scan as zhangsan", browsertest.Click(`#qrlogins button:nth-of-type(1)`))
	waitText(t, tab, "#qrlogins", "scanned")
	browsertest.Run(t, tab, "confirm", browsertest.Click(`#qrlogins button:nth-of-type(2)`))
	waitText(t, tab, "#qrlogins", "confirmed")
	if l, err := srv.QRLogin(qr.Key); err != nil || l.Status != mockserver.QRConfirmed || l.UserID != "zhangsan" {
		t.Errorf("QR login after scan and confirm: %+v, %v", l, err)
	}
	browsertest.Run(t, tab, "scroll to the top", chromedp.Evaluate[chromedp.Void](`window.scrollTo(0, 0)`))
	browsertest.Screenshot(t, tab, "dashboard-logins.png")

	browsertest.Run(t, tab, "advance 2 h on the clock page", chromedp.Navigate(srv.URL()+"/#/clock"), browsertest.Visible("#advance-2h"), browsertest.Click("#advance-2h"))
	waitText(t, tab, "#clock-now", start.Add(2*time.Hour).UTC().Format("2006-01-02 15:04:05 UTC"))
	if left := srv.Now().Sub(start); left != 2*time.Hour {
		t.Fatalf("the clock moved %v", left)
	}
	browsertest.Run(t, tab, "back to the logins page", chromedp.Navigate(srv.URL()+"/#/logins"), browsertest.Visible("#mint"))
	waitText(t, tab, "#tokens", "No live access tokens")
	waitText(t, tab, "#codes", "No live login codes")
	w.check(t, srv)
}

// Message contents and a receiver's answer are user data: markup in a
// text, a markdown, a textcard, an article and a card stays text, links
// other than http(s) are not links, and a callback answer holding markup
// is shown as characters.
func TestDashboardInboxAndCallbacksXSS(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	const evil = `<img src=x onerror=alert(1)><script>alert(2)</script>`
	h := &testkit.CountingHandler{Answers: []int{http.StatusOK}, Reply: `<img src=x onerror=alert(4)>`}
	rcv := httptest.NewServer(h)
	t.Cleanup(rcv.Close)
	testkit.SkipVerify(t, srv, testkit.Corp1, testkit.AgentID, rcv.URL+"/cb")
	tok := testkit.AppToken(t, srv)
	testkit.MsgSendOK(t, srv, tok, testkit.MsgText("zhangsan", evil))
	testkit.MsgSendOK(t, srv, tok, map[string]any{
		"touser": "zhangsan", "msgtype": "markdown", "agentid": testkit.AgentID,
		"markdown": map[string]any{"content": "**" + evil + "** [点我](javascript:alert(5)) <font color=\"warning\">" + evil + "</font>"},
	})
	testkit.MsgSendOK(t, srv, tok, map[string]any{
		"touser": "zhangsan", "msgtype": "textcard", "agentid": testkit.AgentID,
		"textcard": map[string]any{"title": evil, "description": `<div class="gray">` + evil + `</div><a href="x" onclick="alert(6)">x</a>`, "url": "javascript:alert(7)"},
	})
	testkit.MsgSendOK(t, srv, tok, map[string]any{
		"touser": "zhangsan", "msgtype": "news", "agentid": testkit.AgentID,
		"news": map[string]any{"articles": []any{map[string]any{"title": evil, "description": evil, "url": "https://example.com/a", "picurl": "https://example.com/x"}}},
	})
	d := testkit.TriggerText(t, srv, evil)
	testkit.WaitDelivery(t, srv, d.ID)

	tab, w := openDashboard(t, srv, "inbox", "#inbox-list article")
	waitText(t, tab, "#inbox-list", "onerror=alert(1)")
	n, err := chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("main img, main script, main [onclick], main [onerror]").length`))
	if err != nil || n != 0 {
		t.Errorf("%d injected elements in the inbox (%v)", n, err)
	}
	hrefs, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`[...document.querySelectorAll("main a[href]")].map(a => a.getAttribute("href"))`))
	if err != nil {
		t.Fatal(err)
	}
	for _, href := range hrefs {
		if !strings.HasPrefix(href, "https://") && !strings.HasPrefix(href, "#") {
			t.Errorf("a link to %q", href)
		}
	}
	if got := browsertest.Text(t, tab, `#inbox-list article[data-msgtype="textcard"] .tc-title`); got != evil {
		t.Errorf("textcard title shown as %q", got)
	}

	browsertest.Run(t, tab, "open the callbacks page", chromedp.Navigate(srv.URL()+"/#/callbacks"), browsertest.Visible("#callbacks-body tr"),
		browsertest.Click(`#callbacks-body tr[data-id="`+d.ID+`"] button`), browsertest.Visible("#callback-detail"))
	waitText(t, tab, "#callback-detail", "onerror=alert(4)")
	n, err = chromedp.Run(tab, chromedp.Evaluate[int](`document.querySelectorAll("main img, main script").length`))
	if err != nil || n != 0 {
		t.Errorf("%d injected elements on the callbacks page (%v)", n, err)
	}
	w.check(t, srv)
}

// A sandbox serves the dashboard under its prefix, and the dashboard
// there reads the sandbox's control API: its header names the sandbox's
// URL and its Inbox shows the sandbox's messages, not the parent's.
func TestDashboardInSandbox(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	sb := srv.Sandbox(t)
	testkit.MsgSendOK(t, srv, testkit.AppToken(t, srv), testkit.MsgText("zhangsan", "父服务器的消息"))
	tok := testkit.Token(t, sb.Server, testkit.Corp1, testkit.AppSecret)
	testkit.MsgSendOK(t, sb.Server, tok, testkit.MsgText("lisi", "沙箱里的消息"))

	tab := browsertest.NewBrowser(t)
	w := watchTab(t, tab)
	browsertest.Run(t, tab, "open the sandbox's inbox", chromedp.Navigate(sb.URL()+"/#/inbox"), browsertest.Visible("#inbox-list article"))
	waitText(t, tab, "#inbox-list", "沙箱里的消息")
	if got := browsertest.Text(t, tab, "#inbox-list"); strings.Contains(got, "父服务器的消息") {
		t.Errorf("the sandbox's inbox shows the parent's message: %q", got)
	}
	if got := browsertest.Text(t, tab, "#mock-url"); got != sb.URL() {
		t.Errorf("header URL %q, want the sandbox's %q", got, sb.URL())
	}
	w.check(t, srv)
}
