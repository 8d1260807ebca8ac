package suites

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/pages"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The suite install page (授权安装页): a vendor sends the corp admin to
//
//	https://open.work.weixin.qq.com/3rdapp/install?suite_id=&pre_auth_code=&redirect_uri=&state=
//
// where the admin picks the corp and confirms; the browser then goes to
// redirect_uri?auth_code=…&expires_in=600&state=…. The admin is whoever is
// picked in the list. The page is one of the pages package's: served on the
// mock's own address and as open.work.weixin.qq.com under interception, on
// the login pages' layout, with no script.

// maxInstallMembers bounds the members listed per corp on the page.
const maxInstallMembers = 500

type installPage struct {
	pages.Page
	SuiteID     string
	SuiteName   string
	Customized  bool
	TestAuth    bool
	PreAuthCode string
	RedirectURI string
	State       string
	ExpiresAt   string
	Action      string
	Corps       []store.InstallCorp
}

// installDonePage shows the auth_code of an install without a redirect_uri.
type installDonePage struct {
	pages.Page
	Text     string
	AuthCode string
}

// suiteInstallError renders the shared error page: headline is the short
// Chinese line, problem says what is wrong; received are the install
// parameters the page got.
func (s *Suites) suiteInstallError(w http.ResponseWriter, status int, headline, problem string, received []pages.Param) {
	pages.Error(w, s.logger, &pages.ErrorPage{
		Page:     pages.Page{Title: headline},
		Status:   status,
		Headline: headline,
		Problem:  problem,
		Received: received,
	})
}

// installReceived lists the install parameters a request carries, in URL
// order, and the form's admin, for the error page.
func installReceived(get func(string) string) []pages.Param {
	var out []pages.Param
	for _, n := range []string{"suite_id", "pre_auth_code", "redirect_uri", "state", "admin"} {
		if v := get(n); v != "" {
			out = append(out, pages.Param{Name: n, Value: v})
		}
	}
	return out
}

// installParams are the install URL's parameters, checked: the suite, an
// unused pre_auth_code of it, an absolute http(s) redirect_uri if any.
type installParams struct {
	suite       fixtures.Suite
	preAuth     store.PreAuthCode
	redirectURI string
	state       string
}

func (s *Suites) readInstallParams(w http.ResponseWriter, get func(string) string) (installParams, bool) {
	p := installParams{redirectURI: get("redirect_uri"), state: get("state")}
	fail := func(status int, headline, problem string) (installParams, bool) {
		s.suiteInstallError(w, status, headline, problem, installReceived(get))
		return p, false
	}
	suiteID, code := get("suite_id"), get("pre_auth_code")
	if suiteID == "" || code == "" {
		return fail(http.StatusBadRequest, "参数错误", "The install URL needs suite_id and pre_auth_code (from /cgi-bin/service/get_pre_auth_code).")
	}
	su, err := s.store.Suite(suiteID)
	if err != nil {
		return fail(http.StatusNotFound, "应用不存在", "No suite "+suiteID+" in the mock's world.")
	}
	pre, err := s.store.LookupPreAuthCode(code)
	switch {
	case errors.Is(err, store.ErrPreAuthCodeExpired):
		return fail(http.StatusBadRequest, "链接已过期", "The pre_auth_code has expired (it is valid 1200 s): ask the vendor for a new install link.")
	case err != nil || pre.SuiteID != suiteID:
		return fail(http.StatusBadRequest, "链接无效", "The pre_auth_code is unknown, already used, or not issued to suite "+suiteID+".")
	}
	if p.redirectURI != "" {
		u, err := url.Parse(p.redirectURI)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return fail(http.StatusBadRequest, "参数错误", "redirect_uri must be an absolute http(s) URL.")
		}
		if !store.RedirectTrusted(installDomains(su), p.redirectURI) {
			return fail(http.StatusBadRequest, "redirect_uri 与配置的授权完成回调域名不一致",
				"The auth_code goes only to the suite's own domains: "+u.Host+" is not among "+strings.Join(installDomains(su), ", ")+
					". Add it to the suite's trusted_domains in the fixture (its 授权完成回调域名); localhost and 127.0.0.1 match any port.")
		}
	}
	p.suite, p.preAuth = su, pre
	return p, true
}

// InstallPage is GET /3rdapp/install.
func (s *Suites) InstallPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, ok := s.readInstallParams(w, q.Get)
	if !ok {
		return
	}
	corps, err := s.store.InstallChoices(p.suite.SuiteID, maxInstallMembers)
	if err != nil {
		s.suiteInstallError(w, http.StatusNotFound, "应用不存在", err.Error(), installReceived(q.Get))
		return
	}
	name := p.suite.Name
	if name == "" {
		name = p.suite.SuiteID
	}
	pages.Render(w, s.logger, http.StatusOK, "install.html", installPage{
		Page:        pages.Page{Title: "安装 " + name},
		SuiteID:     p.suite.SuiteID,
		SuiteName:   name,
		Customized:  p.suite.Customized(),
		TestAuth:    p.preAuth.AuthType == 1,
		PreAuthCode: p.preAuth.Value,
		RedirectURI: p.redirectURI,
		State:       p.state,
		ExpiresAt:   p.preAuth.ExpiresAt.Format(time.DateTime),
		Action:      pages.InstallPath,
		Corps:       corps,
	})
}

// InstallSubmit is the page's POST: install, then redirect to the
// vendor with the auth_code (or show it when there is no redirect_uri).
func (s *Suites) InstallSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.suiteInstallError(w, http.StatusBadRequest, "参数错误", "The form could not be read.", nil)
		return
	}
	p, ok := s.readInstallParams(w, r.PostForm.Get)
	if !ok {
		return
	}
	fail := func(status int, headline, problem string) {
		s.suiteInstallError(w, status, headline, problem, installReceived(r.PostForm.Get))
	}
	admin := strings.TrimSpace(r.PostForm.Get("admin"))
	i := strings.LastIndexByte(admin, ' ')
	if i <= 0 {
		fail(http.StatusBadRequest, "请选择企业和管理员", "Pick the corp and the admin who authorizes the install.")
		return
	}
	corpID, userID := admin[:i], admin[i+1:]
	req := mockctl.InstallRequest{
		CorpID: corpID, UserID: userID, PreAuthCode: p.preAuth.Value,
		RedirectURI: p.redirectURI, State: p.state,
	}
	if r.PostForm.Get("scope") == "self" {
		req.Privilege = &fixtures.SuitePrivilege{AllowUser: []string{userID}}
	}
	inst, err := s.Install(p.suite.SuiteID, req)
	if err != nil {
		status, msg, ok := s.refusal(err, p.suite.SuiteID, corpID, userID)
		switch {
		case ok && status == http.StatusConflict:
			fail(http.StatusConflict, "应用已安装", msg)
		case ok:
			fail(status, "无法安装", msg)
		default:
			fail(http.StatusInternalServerError, "无法安装", err.Error())
		}
		return
	}
	if inst.Redirect != "" {
		pages.Redirect(w, r, inst.Redirect)
		return
	}
	pages.Render(w, s.logger, http.StatusOK, "install_done.html", installDonePage{
		Page:     pages.Page{Title: "安装完成"},
		Text:     "The suite is installed in " + inst.CorpID + ". Without a redirect_uri the auth_code is shown here.",
		AuthCode: inst.AuthCode,
	})
}
