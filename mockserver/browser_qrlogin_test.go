package mockserver_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// openQRLogin opens the app in tab, starts its QR login and returns the
// phone page's URL that the desktop page links (and its QR code encodes).
func openQRLogin(t *testing.T, tab context.Context, app *testApp) string {
	t.Helper()
	run(t, tab, "open the app and start the QR login",
		chromedp.Navigate(app.URL),
		click("#qr"),
		visible("img.qrcode"),
	)
	phone := attr(t, tab, "#phone-link", "href")
	if !strings.HasPrefix(phone, app.srv.URL()+"/wwmock/qr/") {
		t.Fatalf("phone link %q", phone)
	}
	return phone
}

// phoneTab opens the phone page in a second tab, sized like a phone.
func phoneTab(t *testing.T, tab context.Context, phone string) context.Context {
	t.Helper()
	p := newTab(t, tab)
	run(t, p, "open the phone page",
		chromedp.EmulateViewport(390, 760, chromedp.EmulateMobile),
		chromedp.Navigate(phone),
		visible(`button[data-userid="zhangsan"]`),
	)
	return p
}

func TestBrowserQRLogin(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	desk := newBrowser(t)
	phoneURL := openQRLogin(t, desk, app)
	screenshot(t, desk, "qr-login.png")

	phone := phoneTab(t, desk, phoneURL)
	screenshot(t, phone, "qr-phone.png")
	run(t, phone, "scan as zhangsan", click(`button[data-userid="zhangsan"]`), visible("#confirm"))
	// The desktop page follows: scanned, with who scanned.
	run(t, desk, "see the scan on the desktop", visible(`section[data-state="scanned"]`))
	if name := text(t, desk, `section[data-state="scanned"] [data-name]`); name != "张三" {
		t.Errorf("desktop shows the scan by %q", name)
	}
	run(t, phone, "confirm", click("#confirm"), visible(".ok-icon"))
	run(t, desk, "land back on the app", visible("#who"))
	if who, state := text(t, desk, "#who"), text(t, desk, "#state"); who != "zhangsan" || state != "qr1" {
		t.Errorf("the app saw userid %q, state %q; want zhangsan, qr1", who, state)
	}
}

func TestBrowserQRLoginCancel(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	desk := newBrowser(t)
	phoneURL := openQRLogin(t, desk, app)
	first := attr(t, desk, "#qrlogin", "data-status-url")

	phone := phoneTab(t, desk, phoneURL)
	run(t, phone, "scan as lisi, then cancel",
		click(`button[data-userid="lisi"]`),
		click("#cancel"),
		visible(".muted-icon"),
	)
	run(t, desk, "see the cancel on the desktop", visible(`section[data-state="cancelled"]`))
	run(t, desk, "scan again", click("#retry-cancelled"), visible("img.qrcode"))
	if again := attr(t, desk, "#qrlogin", "data-status-url"); again == first {
		t.Error("scanning again shows the same QR login")
	}
}

func TestBrowserQRLoginExpiry(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	desk := newBrowser(t)
	openQRLogin(t, desk, app)
	srv.Advance(5 * time.Minute)
	run(t, desk, "see the code expire", visible(`section[data-state="expired"]`))
	run(t, desk, "get a new code", click("#retry-expired"), visible("img.qrcode"))
	if ls := srv.QRLogins(); len(ls) != 2 || ls[0].Status != mockserver.QRExpired || ls[1].Status != mockserver.QRWaiting {
		t.Errorf("QR logins %+v", ls)
	}
}

// TestBrowserQRLoginWithoutJavaScript follows a QR login with scripts off:
// the page reloads itself through its <noscript> refresh until confirmed.
func TestBrowserQRLoginWithoutJavaScript(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	desk := newBrowser(t)
	run(t, desk, "turn JavaScript off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetScriptExecutionDisabled, emulation.SetScriptExecutionDisabledParams{Value: true})
		return err
	}))
	openQRLogin(t, desk, app)
	ls := srv.QRLogins()
	if len(ls) != 1 {
		t.Fatalf("QR logins %+v", ls)
	}
	if _, err := srv.ScanQRLogin(ls[0].Key, mockserver.LoginAs{UserID: "lisi"}); err != nil {
		t.Fatal(err)
	}
	run(t, desk, "see the scan after a reload", visible(`section[data-state="scanned"]`))
	if _, err := srv.ConfirmQRLogin(ls[0].Key); err != nil {
		t.Fatal(err)
	}
	run(t, desk, "land back on the app", visible("#who"))
	if who := text(t, desk, "#who"); who != "lisi" {
		t.Errorf("the app saw %q", who)
	}
}
