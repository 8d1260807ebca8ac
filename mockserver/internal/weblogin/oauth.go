package weblogin

// The OAuth2 authorize page (网页授权,
// https://developer.work.weixin.qq.com/document/path/96441). Inside the WeCom
// client this step is invisible: the client knows who is logged in. The mock
// has no client, so the page asks: it lists the corp's members (and a visitor
// who is not a member) to log in as; snsapi_privateinfo adds a consent step;
// the choice ends in 302 redirect_uri?code=CODE&state=STATE.

import (
	"net/http"
	"net/url"
	"strconv"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// maxListed is how many members a login page lists at once; a search box
// finds the others in large worlds.
const maxListed = 50

// maxFormBody bounds a login form post.
const maxFormBody = 64 << 10

type oauthPickPage struct {
	pages.Page
	T          loginTarget
	Members    []store.LoginCandidate
	Total      int
	Query      string
	Downgraded bool
	Visitor    string
}

type oauthConsentPage struct {
	pages.Page
	T      loginTarget
	Member store.LoginCandidate
	// Action is the consent form of a suite's login ("" for a corp app's).
	Action string
}

type oauthDeclinedPage struct {
	pages.Page
	T    loginTarget
	Back string
}

// oauthAuthorize is GET /connect/oauth2/authorize.
func (f *Flows) oauthAuthorize(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	if f.isSuite(q.Get("appid")) {
		f.suiteOAuthAuthorize(w, r)
		return
	}
	t, perr := f.validateOAuth(q)
	if perr != nil {
		f.renderError(w, perr)
		return
	}
	if next, ok := f.st.TakeNextLogin(t.App.CorpID); ok {
		f.finishOAuth(w, r, t, next.Who)
		return
	}
	query := q.Get("q")
	members, total, err := f.st.LoginCandidates(t.App.CorpID, t.App.AgentID, query, maxListed)
	if err != nil {
		f.renderError(w, &pages.ErrorPage{Status: http.StatusInternalServerError, Problem: err.Error()})
		return
	}
	f.renderPage(w, http.StatusOK, "oauth_pick.html", oauthPickPage{
		Page:       pages.Page{Title: "登录 " + t.App.AppName},
		T:          t,
		Members:    members,
		Total:      total,
		Query:      query,
		Downgraded: q.Get("scope") == store.ScopePrivateInfo && t.Scope == store.ScopeBase,
		Visitor:    visitorName,
	})
}

// oauthChoose is the member list's form: who logs in. Under
// snsapi_privateinfo a member is asked for consent first.
func (f *Flows) oauthChoose(w http.ResponseWriter, r *http.Request) {
	t, who, perr := f.readOAuthForm(w, r)
	if perr != nil {
		f.renderError(w, perr)
		return
	}
	if who.UserID != "" && t.Scope == store.ScopePrivateInfo {
		m, _ := f.st.LoginCandidate(t.App.CorpID, t.App.AgentID, who.UserID)
		f.renderPage(w, http.StatusOK, "oauth_consent.html", oauthConsentPage{
			Page: pages.Page{Title: "授权 " + t.App.AppName}, T: t, Member: m,
		})
		return
	}
	f.finishOAuth(w, r, t, who)
}

// oauthConsent is the consent step's form: allow logs in with a
// user_ticket; deny sends nothing to the app and offers the list again.
func (f *Flows) oauthConsent(w http.ResponseWriter, r *http.Request) {
	t, who, perr := f.readOAuthForm(w, r)
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
	f.finishOAuth(w, r, t, who)
}

// readOAuthForm validates a login form post: the authorize parameters it
// carries, and who logs in (a member of the corp, or a visitor).
func (f *Flows) readOAuthForm(w http.ResponseWriter, r *http.Request) (loginTarget, store.Who, *pages.ErrorPage) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		return loginTarget{}, store.Who{}, &pages.ErrorPage{Headline: "参数错误", Problem: "The form could not be read: " + err.Error()}
	}
	t, perr := f.validateOAuth(r.PostForm)
	if perr != nil {
		return loginTarget{}, store.Who{}, perr
	}
	who, perr := f.formWho(r.PostForm, t)
	return t, who, perr
}

// formWho reads a login form's choice: userid, or visitor=1.
func (f *Flows) formWho(form url.Values, t loginTarget) (store.Who, *pages.ErrorPage) {
	if form.Get("visitor") != "" {
		return store.Who{Visitor: true}, nil
	}
	userID := form.Get("userid")
	if _, err := f.st.LoginCandidate(t.App.CorpID, t.App.AgentID, userID); err != nil {
		return store.Who{}, &pages.ErrorPage{
			Headline: "成员不存在",
			Problem:  "Corp " + t.App.CorpID + " has no member " + strconv.Quote(userID) + ".",
			Fix:      "Pick a member from the list, or add them to the fixtures.",
			Received: t.Params,
		}
	}
	return store.Who{UserID: userID}, nil
}

// finishOAuth issues the code for who and redirects to the app.
func (f *Flows) finishOAuth(w http.ResponseWriter, r *http.Request, t loginTarget, who store.Who) {
	code, err := f.cfg.MintCode(store.MintRequest{
		Kind: store.OAuthCode, CorpID: t.App.CorpID, AgentID: t.App.AgentID,
		UserID: who.UserID, OpenID: who.OpenID, Scope: t.Scope, RedirectURI: t.RedirectURI,
	})
	if msg, ok := f.cfg.Refused(err); ok {
		f.renderError(w, &pages.ErrorPage{
			Headline: "无法登录",
			Problem:  "The login could not be completed: " + msg + ".",
			Fix:      "If a queued next login (POST /_mock/login/next) names someone outside this corp, give it the right \"corpid\" or clear the queue with DELETE /_mock/login/next.",
			Received: t.Params,
		})
		return
	}
	if err != nil {
		f.renderError(w, &pages.ErrorPage{Status: http.StatusInternalServerError, Problem: err.Error()})
		return
	}
	pages.Redirect(w, r, withCode(t.RedirectURI, code, t.State))
}

// encodeParams is the query string of params, in their order.
func encodeParams(ps []pages.Param) string {
	var b []byte
	for i, p := range ps {
		if i > 0 {
			b = append(b, '&')
		}
		b = append(b, url.QueryEscape(p.Name)...)
		b = append(b, '=')
		b = append(b, url.QueryEscape(p.Value)...)
	}
	return string(b)
}
