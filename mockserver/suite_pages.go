package mockserver

import (
	"bytes"
	"embed"
	"errors"
	"html/template"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The suite install page (授权安装页): a vendor
// sends the corp admin to
//
//	https://open.work.weixin.qq.com/3rdapp/install?suite_id=&pre_auth_code=&redirect_uri=&state=
//
// where the admin picks the corp and confirms; the browser then goes to
// redirect_uri?auth_code=…&expires_in=600&state=…. The mock serves the page
// on every host but the API's (so also as open.work.weixin.qq.com under
// interception); the admin is whoever is picked in the list. It is
// server-rendered html/template with inline styles: no script, nothing
// loaded from elsewhere.

const suiteInstallPath = "/3rdapp/install"

//go:embed suite_templates/*.html
var suiteTemplateFS embed.FS

// suitePages are the install page and its message page, each with the
// layout; parsed at start so a broken template fails every test.
var suitePages = map[string]*template.Template{
	"install": template.Must(template.ParseFS(suiteTemplateFS, "suite_templates/layout.html", "suite_templates/install.html")),
	"message": template.Must(template.ParseFS(suiteTemplateFS, "suite_templates/layout.html", "suite_templates/message.html")),
}

// maxInstallMembers bounds the members listed per corp on the page.
const maxInstallMembers = 500

// suitePageRoutes mounts the install page on r.
func (s *Server) suitePageRoutes(r *mux.Router) {
	notAPI := func(req *http.Request, _ *mux.RouteMatch) bool {
		host := req.Host
		if h, _, err := net.SplitHostPort(host); err == nil {
			host = h
		}
		return !strings.EqualFold(host, "qyapi.weixin.qq.com")
	}
	r.Path(suiteInstallPath).Methods(http.MethodGet, http.MethodHead).MatcherFunc(notAPI).HandlerFunc(s.suiteInstallPage)
	r.Path(suiteInstallPath).Methods(http.MethodPost).MatcherFunc(notAPI).HandlerFunc(s.suiteInstallSubmit)
}

type installPage struct {
	SuiteID     string
	SuiteName   string
	Initial     string
	Customized  bool
	TestAuth    bool
	PreAuthCode string
	RedirectURI string
	State       string
	ExpiresAt   string
	Action      string
	Corps       []store.InstallCorp
}

type messagePage struct {
	Title    string
	Text     string
	Error    bool
	AuthCode string
}

func (s *Server) renderSuitePage(w http.ResponseWriter, status int, name string, data any) {
	var buf bytes.Buffer
	if err := suitePages[name].ExecuteTemplate(&buf, "layout", data); err != nil {
		s.cfg.logger.Error("rendering suite page", "page", name, "err", err)
		http.Error(w, "page rendering failed", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; form-action *")
	w.WriteHeader(status)
	_, _ = w.Write(buf.Bytes())
}

func (s *Server) suiteInstallError(w http.ResponseWriter, status int, title, text string) {
	s.renderSuitePage(w, status, "message", messagePage{Title: title, Text: text, Error: true})
}

// installParams are the install URL's parameters, checked: the suite, an
// unused pre_auth_code of it, an absolute http(s) redirect_uri if any.
type installParams struct {
	suite       fixtures.Suite
	preAuth     store.PreAuthCode
	redirectURI string
	state       string
}

func (s *Server) readInstallParams(w http.ResponseWriter, get func(string) string) (installParams, bool) {
	p := installParams{redirectURI: get("redirect_uri"), state: get("state")}
	suiteID, code := get("suite_id"), get("pre_auth_code")
	if suiteID == "" || code == "" {
		s.suiteInstallError(w, http.StatusBadRequest, "参数错误", "The install URL needs suite_id and pre_auth_code (from /cgi-bin/service/get_pre_auth_code).")
		return p, false
	}
	su, err := s.store.Suite(suiteID)
	if err != nil {
		s.suiteInstallError(w, http.StatusNotFound, "应用不存在", "No suite "+suiteID+" in the mock's world.")
		return p, false
	}
	pre, err := s.store.LookupPreAuthCode(code)
	switch {
	case errors.Is(err, store.ErrPreAuthCodeExpired):
		s.suiteInstallError(w, http.StatusBadRequest, "链接已过期", "The pre_auth_code has expired (it is valid 1200 s): ask the vendor for a new install link.")
		return p, false
	case err != nil || pre.SuiteID != suiteID:
		s.suiteInstallError(w, http.StatusBadRequest, "链接无效", "The pre_auth_code is unknown, already used, or not issued to suite "+suiteID+".")
		return p, false
	}
	if p.redirectURI != "" {
		u, err := url.Parse(p.redirectURI)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			s.suiteInstallError(w, http.StatusBadRequest, "参数错误", "redirect_uri must be an absolute http(s) URL.")
			return p, false
		}
	}
	p.suite, p.preAuth = su, pre
	return p, true
}

// suiteInstallPage is GET /3rdapp/install.
func (s *Server) suiteInstallPage(w http.ResponseWriter, r *http.Request) {
	q := r.URL.Query()
	p, ok := s.readInstallParams(w, q.Get)
	if !ok {
		return
	}
	corps, err := s.store.InstallChoices(p.suite.SuiteID, maxInstallMembers)
	if err != nil {
		s.suiteInstallError(w, http.StatusNotFound, "应用不存在", err.Error())
		return
	}
	name := p.suite.Name
	if name == "" {
		name = p.suite.SuiteID
	}
	initial := "?"
	for _, c := range name {
		initial = strings.ToUpper(string(c))
		break
	}
	s.renderSuitePage(w, http.StatusOK, "install", installPage{
		SuiteID:     p.suite.SuiteID,
		SuiteName:   name,
		Initial:     initial,
		Customized:  p.suite.Customized(),
		TestAuth:    p.preAuth.AuthType == 1,
		PreAuthCode: p.preAuth.Value,
		RedirectURI: p.redirectURI,
		State:       p.state,
		ExpiresAt:   p.preAuth.ExpiresAt.Format(time.DateTime),
		Action:      suiteInstallPath,
		Corps:       corps,
	})
}

// suiteInstallSubmit is the page's POST: install, then redirect to the
// vendor with the auth_code (or show it when there is no redirect_uri).
func (s *Server) suiteInstallSubmit(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, 64<<10)
	if err := r.ParseForm(); err != nil {
		s.suiteInstallError(w, http.StatusBadRequest, "参数错误", "The form could not be read.")
		return
	}
	p, ok := s.readInstallParams(w, r.PostForm.Get)
	if !ok {
		return
	}
	admin := strings.TrimSpace(r.PostForm.Get("admin"))
	i := strings.LastIndexByte(admin, ' ')
	if i <= 0 {
		s.suiteInstallError(w, http.StatusBadRequest, "请选择企业和管理员", "Pick the corp and the admin who authorizes the install.")
		return
	}
	corpID, userID := admin[:i], admin[i+1:]
	req := InstallRequest{
		CorpID: corpID, UserID: userID, PreAuthCode: p.preAuth.Value,
		RedirectURI: p.redirectURI, State: p.state,
	}
	if r.PostForm.Get("scope") == "self" {
		req.Privilege = &fixtures.SuitePrivilege{AllowUser: []string{userID}}
	}
	inst, err := s.InstallSuite(p.suite.SuiteID, req)
	var se *Error
	switch {
	case errors.As(err, &se) && se.Status == http.StatusConflict:
		s.suiteInstallError(w, http.StatusConflict, "应用已安装", se.Msg)
		return
	case errors.As(err, &se):
		s.suiteInstallError(w, se.Status, "无法安装", se.Msg)
		return
	case err != nil:
		s.suiteInstallError(w, http.StatusInternalServerError, "无法安装", err.Error())
		return
	}
	if inst.Redirect != "" {
		http.Redirect(w, r, inst.Redirect, http.StatusFound)
		return
	}
	s.renderSuitePage(w, http.StatusOK, "message", messagePage{
		Title:    "安装完成",
		Text:     "The suite is installed in " + inst.CorpID + ". Without a redirect_uri the auth_code is shown here.",
		AuthCode: inst.AuthCode,
	})
}
