package refapp

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
)

// The real WeCom hosts; point them at a wecom-mock server in tests.
const (
	DefaultAPIBaseURL   = client.DefaultBaseURL
	DefaultOAuthBaseURL = "https://open.weixin.qq.com"
	DefaultSSOBaseURL   = "https://login.work.weixin.qq.com"
	// DefaultInstallBaseURL is the host of the suite install page.
	DefaultInstallBaseURL = "https://open.work.weixin.qq.com"
)

// Config configures an App.
type Config struct {
	// PublicURL is where browsers reach this app, e.g.
	// "https://portal.example.com"; the OAuth redirect_uri is built from it.
	PublicURL string

	// APIBaseURL is the WeCom API host (default DefaultAPIBaseURL),
	// OAuthBaseURL the host of the OAuth authorize page (default
	// DefaultOAuthBaseURL) and SSOBaseURL the host of the QR-login page
	// (default DefaultSSOBaseURL). A wecom-mock server serves all three.
	APIBaseURL   string
	OAuthBaseURL string
	SSOBaseURL   string

	// Tenants are the corps this app has credentials for: one self-built
	// (or 代开发) app per corp. The first is used when a request does not
	// say which corp it is for.
	Tenants []Tenant
	// Suite, if set, makes the app a 代开发 template's backend: corps that
	// install it become tenants at run time (see suite.go).
	Suite *SuiteConfig
	// AllowedCorps is the allow-list: members of other corps are refused
	// with "corp_not_served", whatever credentials the app holds. Empty
	// means every tenant is served.
	AllowedCorps []string

	// SiteName is the app's name in the welcome message (default "参考应用").
	SiteName string
	// WelcomeMessage sends a WeCom text message to a member on their first
	// login. Failures are logged, never fatal.
	WelcomeMessage bool

	// HTTPClient is used for WeCom calls (default: 10 s timeout).
	HTTPClient *http.Client
	// Retry is the client's retry policy for -1 / 45033 (default: 2
	// retries, 50 ms then 100 ms).
	Retry *client.RetryPolicy
	// Logger logs failures (default: discard).
	Logger *slog.Logger
	// SessionTTL is how long a session lasts (default 8 h).
	SessionTTL time.Duration
}

// Tenant is the app's registration in one corp.
type Tenant struct {
	CorpID  string
	AgentID int
	// Secret is the app's secret (for a 代开发 app: its permanent_code).
	Secret string
	// CallbackToken and CallbackAESKey are the app's 接收消息 settings
	// (Token, EncodingAESKey); empty disables /wecom/callback/{corpid}.
	CallbackToken  string
	CallbackAESKey string
	// ContactsSecret is the corp's 通讯录同步 secret, which the HR sync
	// (hrsync.go) uses; empty leaves the HR sync out for this corp.
	ContactsSecret string
}

func (c *Config) normalize() error {
	if c.PublicURL == "" {
		return errors.New("refapp: PublicURL is required")
	}
	c.PublicURL = strings.TrimRight(c.PublicURL, "/")
	if len(c.Tenants) == 0 && c.Suite == nil {
		return errors.New("refapp: at least one tenant (or a suite) is required")
	}
	seen := map[string]bool{}
	for _, t := range c.Tenants {
		if t.CorpID == "" || t.AgentID == 0 || t.Secret == "" {
			return fmt.Errorf("refapp: tenant %q: corpid, agentid and secret are required", t.CorpID)
		}
		if seen[t.CorpID] {
			return fmt.Errorf("refapp: tenant %q listed twice", t.CorpID)
		}
		seen[t.CorpID] = true
	}
	if c.APIBaseURL == "" {
		c.APIBaseURL = DefaultAPIBaseURL
	}
	if c.OAuthBaseURL == "" {
		c.OAuthBaseURL = DefaultOAuthBaseURL
	}
	if c.SSOBaseURL == "" {
		c.SSOBaseURL = DefaultSSOBaseURL
	}
	if c.Suite != nil {
		if c.Suite.SuiteID == "" || c.Suite.Secret == "" || c.Suite.CallbackToken == "" {
			return errors.New("refapp: a suite needs its suite_id, secret and callback token")
		}
		if c.Suite.InstallBaseURL == "" {
			c.Suite.InstallBaseURL = DefaultInstallBaseURL
		}
		c.Suite.InstallBaseURL = strings.TrimRight(c.Suite.InstallBaseURL, "/")
	}
	c.APIBaseURL = strings.TrimRight(c.APIBaseURL, "/")
	c.OAuthBaseURL = strings.TrimRight(c.OAuthBaseURL, "/")
	c.SSOBaseURL = strings.TrimRight(c.SSOBaseURL, "/")
	if c.SiteName == "" {
		c.SiteName = "参考应用"
	}
	if c.HTTPClient == nil {
		c.HTTPClient = &http.Client{Timeout: 10 * time.Second}
	}
	if c.Retry == nil {
		c.Retry = &client.RetryPolicy{MaxRetries: 2, BaseDelay: 50 * time.Millisecond, MaxDelay: 200 * time.Millisecond}
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.DiscardHandler)
	}
	if c.SessionTTL <= 0 {
		c.SessionTTL = 8 * time.Hour
	}
	return nil
}
