package weblogin

// The authorize page of a third-party app: appid is its suite_id
// (https://developer.work.weixin.qq.com/document/path/91120). The app
// serves every corp that installed it, so the page lists the members of
// each install, grouped by corp, and a visitor; the choice ends in
// redirect_uri?code=CODE&state=STATE with a code of the suite that
// service/auth/getuserinfo3rd exchanges.

import (
	"net/http"
	"net/url"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The forms of a suite's authorize page.
const (
	suiteOAuthChoosePath  = "/wwmock/oauth3rd/choose"
	suiteOAuthConsentPath = "/wwmock/oauth3rd/consent"
)

// groupPickPage lists members grouped by corp (the third-party pages).
type groupPickPage struct {
	pages.Page
	Name, Kind, ID string
	Lead           string
	ScopeLine      string
	Params         []pages.Param
	SearchAction   string
	ChooseAction   string
	Query          string
	Corps          []store.LoginCorp
	Visitor        bool
	RedirectURI    string
	State          string
	Note           string
}

// suiteOAuthAuthorize is the authorize page for appid=SuiteID.
func (f *Flows) suiteOAuthAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t, perr := f.validateSuiteOAuth(q)
	if perr != nil {
		f.renderError(w, perr)
		return
	}
	if corpID, who, ok := f.takeSuiteNextLogin(t.SuiteID); ok {
		f.finishSuiteOAuth(w, r, t, corpID, who)
		return
	}
	query := q.Get("q")
	corps, err := f.st.SuiteLoginChoices(t.SuiteID, query, maxListed)
	if err != nil {
		f.renderError(w, &pages.ErrorPage{Status: http.StatusInternalServerError, Problem: err.Error()})
		return
	}
	scope := "snsapi_base · 静默授权：应用获得 corpid、userid 与 open_userid"
	if t.Scope == store.ScopePrivateInfo {
		scope = "snsapi_privateinfo · 手动授权：成员将被请求同意 · the member is asked to consent"
	}
	f.renderPage(w, http.StatusOK, "group_pick.html", groupPickPage{
		Page: pages.Page{Title: "登录 " + t.App.AppName}, Name: t.App.AppName, Kind: "第三方应用", ID: t.SuiteID,
		Lead: "Who opens this third-party app? Members of every corp that installed it.", ScopeLine: scope,
		Params: t.Params, SearchAction: pages.OAuthAuthorizePath, ChooseAction: suiteOAuthChoosePath,
		Query: query, Corps: corps, Visitor: true, RedirectURI: t.RedirectURI, State: t.State,
		Note: `Headless tests skip this page: POST /_mock/login/next {"corpid":"…","userid":"…"} makes the next one redirect at once.`,
	})
}

// takeSuiteNextLogin takes the first queued next login usable by an
// install of the suite: one for an installed corp, or one without a corp
// whose member is in an installed corp (a visitor: the first install);
// failing those, one naming any other corp.
func (f *Flows) takeSuiteNextLogin(suiteID string) (string, store.Who, bool) {
	corps, err := f.st.SuiteLoginChoices(suiteID, "", 0)
	if err != nil {
		return "", store.Who{}, false
	}
	for _, c := range corps {
		n, ok := f.st.TakeNextLogin(c.CorpID)
		if !ok {
			continue
		}
		if n.CorpID != "" || n.Who.UserID == "" {
			return c.CorpID, n.Who, true
		}
		for _, c2 := range corps {
			if _, err := f.st.LoginCandidate(c2.CorpID, c2.AgentID, n.Who.UserID); err == nil {
				return c2.CorpID, n.Who, true
			}
		}
		return c.CorpID, n.Who, true
	}
	// A member of a corp that has not installed the suite may open the
	// app's link too (getuserinfo3rd then hides their userid): a login
	// queued for such a corp is taken as well.
	for _, corpID := range f.loadedCorps() {
		if n, ok := f.st.TakeNextLogin(corpID); ok {
			return corpID, n.Who, true
		}
	}
	return "", store.Who{}, false
}

// suiteOAuthChoose is the member list's form; under snsapi_privateinfo a
// member is asked for consent first.
func (f *Flows) suiteOAuthChoose(w http.ResponseWriter, r *http.Request) {
	t, corpID, who, perr := f.readSuiteOAuthForm(w, r)
	if perr != nil {
		f.renderError(w, perr)
		return
	}
	if who.UserID != "" && t.Scope == store.ScopePrivateInfo {
		m, _ := f.st.LoginCandidate(t.App.CorpID, t.App.AgentID, who.UserID)
		f.renderPage(w, http.StatusOK, "oauth_consent.html", oauthConsentPage{
			Page: pages.Page{Title: "授权 " + t.App.AppName}, T: t, Member: m, Action: suiteOAuthConsentPath,
		})
		return
	}
	f.finishSuiteOAuth(w, r, t, corpID, who)
}

// suiteOAuthConsent is the consent step's form.
func (f *Flows) suiteOAuthConsent(w http.ResponseWriter, r *http.Request) {
	t, corpID, who, perr := f.readSuiteOAuthForm(w, r)
	if perr != nil {
		f.renderError(w, perr)
		return
	}
	if r.PostForm.Get("decision") != "allow" {
		f.renderPage(w, http.StatusOK, "oauth_declined.html", oauthDeclinedPage{
			Page: pages.Page{Title: "已拒绝 · Declined"}, T: t,
			Back: pages.OAuthAuthorizePath + "?" + encodeParams(t.Params),
		})
		return
	}
	f.finishSuiteOAuth(w, r, t, corpID, who)
}

// readSuiteOAuthForm validates a suite login form: the authorize
// parameters and who logs in — member="CORPID USERID" of an installed
// corp, or visitor=1.
func (f *Flows) readSuiteOAuthForm(w http.ResponseWriter, r *http.Request) (loginTarget, string, store.Who, *pages.ErrorPage) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return loginTarget{}, "", store.Who{}, &pages.ErrorPage{Headline: "参数错误", Problem: "The form could not be read: " + err.Error()}
	}
	t, perr := f.validateSuiteOAuth(r.PostForm)
	if perr != nil {
		return loginTarget{}, "", store.Who{}, perr
	}
	if r.PostForm.Get("visitor") != "" {
		return t, "", store.Who{Visitor: true}, nil
	}
	corpID, userID, perr := f.formMember(r.PostForm, t.SuiteID, t.Params)
	if perr != nil {
		return loginTarget{}, "", store.Who{}, perr
	}
	t.App = f.installApp(t.App, t.SuiteID, corpID)
	return t, corpID, store.Who{UserID: userID}, nil
}

// formMember reads member="CORPID USERID": a member of a corp that
// installed the suite.
func (f *Flows) formMember(form url.Values, suiteID string, params []pages.Param) (string, string, *pages.ErrorPage) {
	corpID, userID := splitMember(form.Get("member"))
	agentID, err := f.st.SuiteInstallAgent(suiteID, corpID)
	if err == nil {
		_, err = f.st.LoginCandidate(corpID, agentID, userID)
	}
	if err != nil {
		return "", "", &pages.ErrorPage{
			Headline: "成员不存在",
			Problem:  "No member " + userID + " of a corp that installed " + suiteID + " (corp " + corpID + ").",
			Fix:      "Pick a member from the list; only corps that installed the app are listed.",
			Received: params,
		}
	}
	return corpID, userID, nil
}

// installApp names the suite's install in corpID.
func (f *Flows) installApp(app store.LoginApp, suiteID, corpID string) store.LoginApp {
	agentID, err := f.st.SuiteInstallAgent(suiteID, corpID)
	if err != nil {
		return app
	}
	if a, err := f.st.LoginApp(corpID, agentID); err == nil {
		app.CorpID, app.AgentID, app.CorpName = corpID, agentID, a.CorpName
	}
	return app
}

// finishSuiteOAuth mints the suite's code and redirects to the app. A
// visitor belongs to the first corp that installed the suite (or the
// world's first corp), whose visitor openid the code carries.
func (f *Flows) finishSuiteOAuth(w http.ResponseWriter, r *http.Request, t loginTarget, corpID string, who store.Who) {
	if corpID == "" {
		corpID = f.visitorCorp(t.SuiteID)
	}
	code, err := f.st.MintSuiteCode(store.SuiteCodeRequest{
		SuiteID: t.SuiteID, Kind: store.OAuthCode, CorpID: corpID,
		UserID: who.UserID, OpenID: who.OpenID, Scope: t.Scope,
	})
	if err != nil {
		f.renderError(w, &pages.ErrorPage{
			Headline: "无法登录",
			Problem:  "The login could not be completed: " + f.cfg.Explain(err, corpID, 0, who.UserID).Error() + ".",
			Fix:      "If a queued next login (POST /_mock/login/next) names someone outside the corps that installed the app, give it the right \"corpid\" or clear the queue with DELETE /_mock/login/next.",
			Received: t.Params,
		})
		return
	}
	pages.Redirect(w, r, withCode(t.RedirectURI, code.Value, t.State))
}

// visitorCorp is the corp a visitor of a suite's login is counted in.
func (f *Flows) visitorCorp(suiteID string) string {
	if corps, err := f.st.SuiteLoginChoices(suiteID, "", 0); err == nil && len(corps) > 0 {
		return corps[0].CorpID
	}
	if cs := f.loadedCorps(); len(cs) > 0 {
		return cs[0]
	}
	return ""
}

// splitMember reads a grouped list's choice, "CORPID USERID".
func splitMember(v string) (corpID, userID string) {
	corpID, userID, _ = strings.Cut(v, " ")
	return corpID, userID
}
