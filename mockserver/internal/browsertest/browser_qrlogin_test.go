package browsertest_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/browsertest"
)

// openQRLogin opens the app in tab, starts its QR login and returns the
// phone page's URL that the desktop page links (and its QR code encodes).
func openQRLogin(t *testing.T, tab context.Context, app *testApp) string {
	t.Helper()
	browsertest.Run(t, tab, "open the app and start the QR login",
		chromedp.Navigate(app.URL),
		browsertest.Click("#qr"),
		browsertest.Visible("img.qrcode"),
	)
	phone := browsertest.Attr(t, tab, "#phone-link", "href")
	if !strings.HasPrefix(phone, app.srv.URL()+"/wwmock/qr/") {
		t.Fatalf("phone link %q", phone)
	}
	return phone
}

// phoneTab opens the phone page in a second tab, sized like a phone.
func phoneTab(t *testing.T, tab context.Context, phone string) context.Context {
	t.Helper()
	p := browsertest.NewTab(t, tab)
	browsertest.Run(t, p, "open the phone page",
		chromedp.EmulateViewport(390, 760, chromedp.EmulateMobile),
		chromedp.Navigate(phone),
		browsertest.Visible(`button[data-userid="zhangsan"]`),
	)
	return p
}

func TestBrowserQRLogin(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	desk := browsertest.NewBrowser(t)
	phoneURL := openQRLogin(t, desk, app)
	browsertest.Screenshot(t, desk, "qr-login.png")

	phone := phoneTab(t, desk, phoneURL)
	browsertest.Screenshot(t, phone, "qr-phone.png")
	browsertest.Run(t, phone, "scan as zhangsan", browsertest.Click(`button[data-userid="zhangsan"]`), browsertest.Visible("#confirm"))
	// The desktop page follows: scanned, with who scanned.
	browsertest.Run(t, desk, "see the scan on the desktop", browsertest.Visible(`section[data-state="scanned"]`))
	if name := browsertest.Text(t, desk, `section[data-state="scanned"] [data-name]`); name != "张三" {
		t.Errorf("desktop shows the scan by %q", name)
	}
	browsertest.Run(t, phone, "confirm", browsertest.Click("#confirm"), browsertest.Visible(".ok-icon"))
	browsertest.Run(t, desk, "land back on the app", browsertest.Visible("#who"))
	if who, state := browsertest.Text(t, desk, "#who"), browsertest.Text(t, desk, "#state"); who != "zhangsan" || state != "qr1" {
		t.Errorf("the app saw userid %q, state %q; want zhangsan, qr1", who, state)
	}
}

func TestBrowserQRLoginCancel(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	desk := browsertest.NewBrowser(t)
	phoneURL := openQRLogin(t, desk, app)
	first := browsertest.Attr(t, desk, "#qrlogin", "data-status-url")

	phone := phoneTab(t, desk, phoneURL)
	browsertest.Run(t, phone, "scan as lisi, then cancel",
		browsertest.Click(`button[data-userid="lisi"]`),
		browsertest.Click("#cancel"),
		browsertest.Visible(".muted-icon"),
	)
	browsertest.Run(t, desk, "see the cancel on the desktop", browsertest.Visible(`section[data-state="cancelled"]`))
	browsertest.Run(t, desk, "scan again", browsertest.Click("#retry-cancelled"), browsertest.Visible("img.qrcode"))
	if again := browsertest.Attr(t, desk, "#qrlogin", "data-status-url"); again == first {
		t.Error("scanning again shows the same QR login")
	}
}

func TestBrowserQRLoginExpiry(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	desk := browsertest.NewBrowser(t)
	openQRLogin(t, desk, app)
	srv.Advance(5 * time.Minute)
	browsertest.Run(t, desk, "see the code expire", browsertest.Visible(`section[data-state="expired"]`))
	browsertest.Run(t, desk, "get a new code", browsertest.Click("#retry-expired"), browsertest.Visible("img.qrcode"))
	if ls := srv.QRLogins(); len(ls) != 2 || ls[0].Status != mockserver.QRExpired || ls[1].Status != mockserver.QRWaiting {
		t.Errorf("QR logins %+v", ls)
	}
}

// TestBrowserQRLoginWithoutJavaScript follows a QR login with scripts off:
// the page reloads itself through its <noscript> refresh until confirmed.
func TestBrowserQRLoginWithoutJavaScript(t *testing.T) {
	srv := mockserver.NewTest(t)
	app := newTestApp(t, srv)
	desk := browsertest.NewBrowser(t)
	browsertest.Run(t, desk, "turn JavaScript off", chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
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
	browsertest.Run(t, desk, "see the scan after a reload", browsertest.Visible(`section[data-state="scanned"]`))
	if _, err := srv.ConfirmQRLogin(ls[0].Key); err != nil {
		t.Fatal(err)
	}
	browsertest.Run(t, desk, "land back on the app", browsertest.Visible("#who"))
	if who := browsertest.Text(t, desk, "#who"); who != "lisi" {
		t.Errorf("the app saw %q", who)
	}
}
