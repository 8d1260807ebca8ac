package steps

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// registerQR adds the step-by-step QR-code login: the desktop browser shows
// the QR code, the phone scans, then confirms or cancels.
func registerQR(sc *godog.ScenarioContext) {
	sc.Step(`^"([^"]*)" opens the web app's QR login page$`, opensQRPage)
	sc.Step(`^"([^"]*)" scans the QR code with WeCom$`, scansQR)
	sc.Step(`^"([^"]*)" confirms the login on the phone$`, confirmsQR)
	sc.Step(`^"([^"]*)" cancels the login on the phone$`, cancelsQR)
	sc.Step(`^the QR login is (waiting|scanned|confirmed|cancelled|expired)$`, qrLoginIs)
	sc.Step(`^WeCom refuses the scan because the QR code has expired$`, scanRefusedExpired)
	sc.Step(`^WeCom shows the error "([^"]*)"$`, wecomShowsError)
	sc.Step(`^"([^"]*)"'s browser is not logged in$`, browserNotLoggedIn)
	sc.Step(`^"([^"]*)"'s browser is logged in as "([^"]*)"$`, browserLoggedInAs)
}

// qrAttempt is a QR login shown in a browser, step by step.
type qrAttempt struct {
	browser string
	key     string
	// scanErr is why the phone's scan was refused, if it was.
	scanErr error
}

func opensQRPage(ctx context.Context, userID string) error {
	st := stateOf(ctx)
	app, err := needApp[WebLoginApp](ctx, st, "WebLoginApp")
	if err != nil {
		return err
	}
	browser := strings.ToLower(userID)
	wecomURL, err := app.StartWebLogin(ctx, browser, WebLogin{Flow: "qr"})
	if err != nil {
		return err
	}
	p, err := parseLoginPage(wecomURL)
	if err != nil {
		return err
	}
	if p.flow != "qr" {
		return fmt.Errorf("the app sent the browser to %s, not a QR-login page", wecomURL)
	}
	res, body, err := st.openWeComPage(ctx, wecomURL)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("the QR-login page answered HTTP %d:\n%s", res.StatusCode, snippet(body))
	}
	logins, err := st.mock.QRLogins(ctx)
	if err != nil {
		return err
	}
	for i := len(logins) - 1; i >= 0; i-- {
		if l := logins[i]; l.State == p.state && l.CorpID == p.corpID {
			st.qr = &qrAttempt{browser: browser, key: l.Key}
			return nil
		}
	}
	return fmt.Errorf("the QR-login page did not start a QR login the mock knows of")
}

func (st *state) qrShown() (*qrAttempt, error) {
	if st.qr == nil {
		return nil, fmt.Errorf("no QR login page is open: start with `\"<userid>\" opens the web app's QR login page`")
	}
	return st.qr, nil
}

func scansQR(ctx context.Context, userID string) error {
	st := stateOf(ctx)
	qr, err := st.qrShown()
	if err != nil {
		return err
	}
	_, err = st.mock.ScanQRLogin(ctx, qr.key, mockctl.LoginAs{UserID: userID})
	var ce *mockctl.Error
	if errors.As(err, &ce) && ce.Status == http.StatusConflict {
		qr.scanErr = err // the QR login's state refused it; a Then step says which
		return nil
	}
	return err
}

func confirmsQR(ctx context.Context, userID string) error {
	st := stateOf(ctx)
	qr, err := st.qrShown()
	if err != nil {
		return err
	}
	l, err := st.mock.ConfirmQRLogin(ctx, qr.key)
	if err != nil {
		return err
	}
	if !strings.EqualFold(l.UserID, userID) {
		return fmt.Errorf("the QR code was scanned by %q, not %s", l.UserID, userID)
	}
	app, err := needApp[WebLoginApp](ctx, st, "WebLoginApp")
	if err != nil {
		return err
	}
	// The desktop page follows the login and sends the browser on.
	st.web = &webAttempt{browser: qr.browser, redirect: l.RedirectURL, code: l.Code}
	login, err := app.FinishWebLogin(ctx, qr.browser, l.RedirectURL)
	if err != nil {
		return err
	}
	st.record(login)
	return nil
}

func cancelsQR(ctx context.Context, _ string) error {
	st := stateOf(ctx)
	qr, err := st.qrShown()
	if err != nil {
		return err
	}
	_, err = st.mock.CancelQRLogin(ctx, qr.key)
	return err
}

func qrLoginIs(ctx context.Context, status string) error {
	st := stateOf(ctx)
	qr, err := st.qrShown()
	if err != nil {
		return err
	}
	l, err := st.mock.QRLogin(ctx, qr.key)
	if err != nil {
		return err
	}
	if l.Status != status {
		return fmt.Errorf("the QR login is %s, want %s", l.Status, status)
	}
	return nil
}

func scanRefusedExpired(ctx context.Context) error {
	st := stateOf(ctx)
	qr, err := st.qrShown()
	if err != nil {
		return err
	}
	if qr.scanErr == nil {
		return fmt.Errorf("WeCom accepted the scan")
	}
	if !strings.Contains(qr.scanErr.Error(), "expired") {
		return fmt.Errorf("WeCom refused the scan, but not because the QR code expired: %v", qr.scanErr)
	}
	return qrLoginIs(ctx, mockctl.QRExpired)
}

func wecomShowsError(ctx context.Context, text string) error {
	st := stateOf(ctx)
	if st.web == nil || st.web.stopped == nil {
		return fmt.Errorf("WeCom showed no error page in this scenario")
	}
	if !strings.Contains(st.web.stopped.page, text) {
		return fmt.Errorf("WeCom's error page does not say %q:\n%s", text, snippet(st.web.stopped.page))
	}
	return nil
}

// BrowserSessionApp is a web app that can say who a browser is logged in as.
type BrowserSessionApp interface {
	// BrowserSession reports the session of the browser: OK with the
	// member, or not OK when it is not logged in.
	BrowserSession(ctx context.Context, browser string) (Login, error)
}

func browserSession(ctx context.Context, userID string) (Login, error) {
	st := stateOf(ctx)
	app, err := needApp[BrowserSessionApp](ctx, st, "BrowserSessionApp")
	if err != nil {
		return Login{}, err
	}
	return app.BrowserSession(ctx, strings.ToLower(userID))
}

func browserNotLoggedIn(ctx context.Context, userID string) error {
	l, err := browserSession(ctx, userID)
	if err != nil {
		return err
	}
	if l.OK {
		return fmt.Errorf("%s's browser is logged in as %s", userID, l.UserID)
	}
	return nil
}

func browserLoggedInAs(ctx context.Context, userID, name string) error {
	l, err := browserSession(ctx, userID)
	if err != nil {
		return err
	}
	if !l.OK || !strings.EqualFold(l.UserID, userID) || l.Name != name {
		return fmt.Errorf("want %s's browser logged in as %s (%s), got: %s", userID, userID, name, &l)
	}
	return nil
}

// snippet shortens a page for an error message.
func snippet(s string) string {
	if len(s) > 600 {
		return s[:600] + "…"
	}
	return s
}
