package weblogin

// The service provider's website login (服务商网站扫码登录,
// https://developer.work.weixin.qq.com/document/path/91124):
// open.work.weixin.qq.com/wwopen/sso/3rd_qrConnect?appid=PROVIDER_CORPID
// &redirect_uri&state&usertype=admin|member. The person scans with WeCom
// (an admin) or WeCom's member login; the mock lists the members of the
// corps that installed one of the provider's suites. The choice ends in
// redirect_uri?auth_code=AUTH_CODE&state=STATE, which the provider trades
// at service/get_login_info
// (https://developer.work.weixin.qq.com/document/path/91125).

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
)

// providerChoosePath is the provider login's form.
const providerChoosePath = "/wwmock/sso3rd/choose"

// providerLoginPage is GET /wwopen/sso/3rd_qrConnect.
func (f *Flows) providerLoginPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	t, perr := f.validateProviderLogin(q)
	if perr != nil {
		f.renderError(w, perr)
		return
	}
	query := q.Get("q")
	lead, kind := "An admin of a corp that installed the provider's app logs in to its website.", "服务商 · 管理员登录"
	if !t.Admin {
		lead, kind = "A member of a corp that installed the provider's app logs in to its website.", "服务商 · 成员登录"
	}
	f.renderPage(w, http.StatusOK, "group_pick.html", groupPickPage{
		Page: pages.Page{Title: "企业微信登录 · " + t.Name}, Name: t.Name, Kind: kind, ID: t.Provider,
		Lead: lead, Params: t.Params, SearchAction: pages.ProviderLoginPath, ChooseAction: providerChoosePath,
		Query: query, Corps: f.st.ProviderLoginChoices(t.Provider, query, maxListed),
		RedirectURI: t.RedirectURI, State: t.State,
		Note: "The redirect carries auth_code (single use, 5 minutes) for POST /cgi-bin/service/get_login_info?provider_access_token=…",
	})
}

// providerChoose is the login's form: member="CORPID USERID".
func (f *Flows) providerChoose(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, maxFormBody)
	if err := r.ParseForm(); err != nil {
		f.renderError(w, &pages.ErrorPage{Headline: "参数错误", Problem: "The form could not be read: " + err.Error()})
		return
	}
	t, perr := f.validateProviderLogin(r.PostForm)
	if perr != nil {
		f.renderError(w, perr)
		return
	}
	corpID, userID := splitMember(r.PostForm.Get("member"))
	code, err := f.st.MintProviderLogin(t.Provider, corpID, userID, t.Admin)
	if err != nil {
		f.renderError(w, &pages.ErrorPage{
			Headline: "无法登录",
			Problem:  "The login could not be completed: " + f.cfg.Explain(err, corpID, 0, userID).Error() + ".",
			Fix:      "Pick a member from the list; only corps that installed one of the provider's suites are listed.",
			Received: t.Params,
		})
		return
	}
	pages.Redirect(w, r, withParam(t.RedirectURI, "auth_code", code, t.State))
}
