package weblogin

// The QR-login pages. The desktop page (/wwlogin/sso/login, the old
// /wwopen/sso/qrConnect) shows a QR code that encodes the phone page's URL
// on the host the browser used, so a phone on the same network — or a
// second tab — plays the WeCom client. The desktop page follows the login
// by polling GET /_mock/qrlogins/{key} (the control API, which the request
// journal leaves out, so a page left open does not flood it); without
// JavaScript it reloads itself every two seconds instead.

import (
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

type qrDesktopPage struct {
	pages.Page
	App        store.LoginApp
	L          mockctl.QRLogin
	ImageURL   string
	StatusURL  string
	RefreshURL string
	RetryURL   string
	// LoopbackPhone reports that the QR code points at a loopback address
	// that a phone cannot reach.
	LoopbackPhone bool
}

type qrPhonePage struct {
	pages.Page
	App     store.LoginApp
	L       mockctl.QRLogin
	Members []store.LoginCandidate
	// Corps are the installs' members of a third-party app's login.
	Corps   []store.LoginCorp
	Total   int
	Query   string
	Action  string
	Visitor string
}

// qrLoginPage serves the desktop login page: it validates the query, then
// starts a QR login — or, with a queued next login, completes one at once.
func (f *Flows) qrLoginPage(old bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		t, perr := f.validateQR(r.URL.Query(), old)
		if perr != nil {
			f.renderError(w, perr)
			return
		}
		l, err := f.st.StartQRLogin(store.QRLoginStart{
			SuiteID: t.SuiteID, CorpID: t.App.CorpID, AgentID: t.App.AgentID, RedirectURI: t.RedirectURI, State: t.State,
		})
		if err != nil {
			f.renderError(w, &pages.ErrorPage{Status: http.StatusInternalServerError, Problem: err.Error()})
			return
		}
		if t.SuiteID != "" {
			if corpID, who, ok := f.takeSuiteNextLogin(t.SuiteID); ok {
				f.completeQRLogin(w, r, t, l.Key, corpID, who)
				return
			}
		} else if next, ok := f.st.TakeNextLogin(t.App.CorpID); ok {
			f.completeQRLogin(w, r, t, l.Key, "", next.Who)
			return
		}
		f.renderQRDesktop(w, r, t.App, l)
	}
}

// completeQRLogin scans and confirms at once for a queued next login.
func (f *Flows) completeQRLogin(w http.ResponseWriter, r *http.Request, t loginTarget, key, corpID string, who store.Who) {
	if _, err := f.st.ScanQRLoginIn(key, corpID, who); err != nil {
		f.renderError(w, &pages.ErrorPage{
			Headline: "无法登录",
			Problem:  "The queued next login could not scan this QR login: " + f.cfg.Explain(err, t.App.CorpID, t.App.AgentID, who.UserID).Error() + ".",
			Fix:      "Give the queued login the right \"corpid\", or clear the queue with DELETE /_mock/login/next.",
			Received: t.Params,
		})
		return
	}
	l, err := f.st.ConfirmQRLogin(key)
	if err != nil {
		f.renderError(w, &pages.ErrorPage{Status: http.StatusInternalServerError, Problem: err.Error()})
		return
	}
	pages.Redirect(w, r, withCode(l.RedirectURI, l.Code, l.State))
}

func (f *Flows) renderQRDesktop(w http.ResponseWriter, r *http.Request, app store.LoginApp, l store.QRLogin) {
	v := View(f.st, l, pages.BaseURL(r))
	retry := url.Values{
		"login_type": {"CorpApp"}, "appid": {l.CorpID}, "agentid": {strconv.Itoa(l.AgentID)},
		"redirect_uri": {l.RedirectURI}, "state": {l.State},
	}
	if l.SuiteID != "" {
		retry = url.Values{"login_type": {"ServiceApp"}, "appid": {l.SuiteID}, "redirect_uri": {l.RedirectURI}, "state": {l.State}}
	}
	f.renderPage(w, http.StatusOK, "qr_desktop.html", qrDesktopPage{
		Page:          pages.Page{Title: "企业微信登录 · " + app.AppName},
		App:           app,
		L:             v,
		ImageURL:      qrDesktopPath(l.Key) + "/code.svg",
		StatusURL:     "/_mock/qrlogins/" + url.PathEscape(l.Key),
		RefreshURL:    qrDesktopPath(l.Key),
		RetryURL:      pages.QRLoginPath + "?" + retry.Encode(),
		LoopbackPhone: pages.OnLoopback(r),
	})
}

// qrLoginAt finds the login of a /wwmock/qr/{key}/... page, or renders the
// error page that explains why it is gone.
func (f *Flows) qrLoginAt(w http.ResponseWriter, r *http.Request) (store.QRLogin, store.LoginApp, bool) {
	l, err := f.st.QRLogin(mux.Vars(r)["key"])
	if err == nil && l.SuiteID != "" {
		if _, app, perr := f.suiteApp(l.SuiteID); perr == nil {
			return l, f.installApp(app, l.SuiteID, l.CorpID), true
		}
	} else if err == nil {
		app, aerr := f.st.LoginApp(l.CorpID, l.AgentID)
		if aerr == nil {
			return l, app, true
		}
	}
	f.renderError(w, &pages.ErrorPage{
		Status:   http.StatusNotFound,
		Headline: "二维码已失效",
		Problem:  "This QR login is unknown to the mock: it was reset, or its fixtures were reloaded.",
		Fix:      "Start the login again from the app.",
	})
	return store.QRLogin{}, store.LoginApp{}, false
}

// qrDesktop is GET /wwmock/qr/{key}: the desktop page again (what the
// no-JavaScript reload fetches); once confirmed, the redirect to the app.
func (f *Flows) qrDesktop(w http.ResponseWriter, r *http.Request) {
	l, app, ok := f.qrLoginAt(w, r)
	if !ok {
		return
	}
	if l.Status == store.QRConfirmed {
		pages.Redirect(w, r, withCode(l.RedirectURI, l.Code, l.State))
		return
	}
	f.renderQRDesktop(w, r, app, l)
}

// qrImage is GET /wwmock/qr/{key}/code.svg: the QR code of the phone page.
func (f *Flows) qrImage(w http.ResponseWriter, r *http.Request) {
	key := mux.Vars(r)["key"]
	if _, err := f.st.QRLogin(key); err != nil {
		w.Header().Set("Content-Length", "0")
		w.WriteHeader(http.StatusNotFound)
		return
	}
	pages.ServeQRCode(w, pages.BaseURL(r)+PhonePath(key), 0)
}

// qrPhone is GET /wwmock/qr/{key}/phone: the "WeCom client" that scanned the
// code. Waiting, it lists whom to log in as; scanned, it asks to confirm;
// afterwards it says how the login ended.
func (f *Flows) qrPhone(w http.ResponseWriter, r *http.Request) {
	l, app, ok := f.qrLoginAt(w, r)
	if !ok {
		return
	}
	p := qrPhonePage{
		Page:    pages.Page{Title: "企业微信 · 扫码登录", Phone: true},
		App:     app,
		L:       View(f.st, l, pages.BaseURL(r)),
		Action:  PhonePath(l.Key),
		Visitor: visitorName,
	}
	if l.Status == store.QRWaiting {
		p.Query = r.URL.Query().Get("q")
		var err error
		if l.SuiteID != "" {
			p.Corps, err = f.st.SuiteLoginChoices(l.SuiteID, p.Query, maxListed)
		} else {
			p.Members, p.Total, err = f.st.LoginCandidates(l.CorpID, l.AgentID, p.Query, maxListed)
		}
		if err != nil {
			f.renderError(w, &pages.ErrorPage{Status: http.StatusInternalServerError, Problem: err.Error()})
			return
		}
	}
	f.renderPage(w, http.StatusOK, "qr_phone.html", p)
}

// qrPhoneAction is the phone page's form: action=scan (with userid or
// visitor), confirm or cancel. It answers 303 back to the phone page, which
// shows where the login now stands — also when the action came too late
// (the code expired meanwhile), which is what the phone would then show.
func (f *Flows) qrPhoneAction(w http.ResponseWriter, r *http.Request) {
	l, _, ok := f.qrLoginAt(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		f.renderError(w, &pages.ErrorPage{Headline: "参数错误", Problem: "The form could not be read: " + err.Error()})
		return
	}
	var err error
	switch action := r.PostForm.Get("action"); action {
	case "scan":
		who := store.Who{UserID: r.PostForm.Get("userid"), Visitor: r.PostForm.Get("visitor") != ""}
		corpID := ""
		if m := r.PostForm.Get("member"); m != "" {
			corpID, who.UserID = splitMember(m)
		}
		_, err = f.st.ScanQRLoginIn(l.Key, corpID, who)
	case "confirm":
		_, err = f.st.ConfirmQRLogin(l.Key)
	case "cancel":
		_, err = f.st.CancelQRLogin(l.Key)
	default:
		err = errors.New("unknown action " + strconv.Quote(action))
	}
	var se *store.QRStateError
	if err != nil && !errors.As(err, &se) {
		f.renderError(w, &pages.ErrorPage{
			Headline: "参数错误",
			Problem:  f.cfg.Explain(err, l.CorpID, l.AgentID, r.PostForm.Get("userid")).Error() + ".",
			Fix:      "Go back to the phone page and pick someone from the list.",
		})
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	http.Redirect(w, r, PhonePath(l.Key), http.StatusSeeOther)
}
