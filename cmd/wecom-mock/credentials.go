package main

import (
	"flag"
	"fmt"
	"strconv"
	"strings"
)

// corpCredentials are the flags import and contract share: a real corp's
// id, its secrets and its host. Each flag not given falls back on its WECOM_*
// environment variable, the better place for secrets (a command line is
// visible to every user of the machine). No secret is ever printed: not
// in usage, not in errors.
type corpCredentials struct {
	corpID, contacts, externalContact, baseURL string
	apps                                       appSecrets
}

// The environment variables of corpCredentials.
const (
	envCorpID          = "WECOM_CORPID"
	envContactsSecret  = "WECOM_CONTACTS_SECRET"
	envAppSecrets      = "WECOM_APP_SECRETS" // AGENTID=SECRET[,AGENTID=SECRET...]
	envExternalContact = "WECOM_EXTERNALCONTACT_SECRET"
	envBaseURL         = "WECOM_BASE_URL"
)

func addCorpCredentials(fs *flag.FlagSet) *corpCredentials {
	c := &corpCredentials{}
	fs.StringVar(&c.corpID, "corpid", "", "the corp's `id` [$"+envCorpID+"]")
	fs.StringVar(&c.contacts, "contacts-secret", "", "the 通讯录同步 `secret` [$"+envContactsSecret+"]")
	fs.Var(&c.apps, "app-secret", "an app's `AGENTID=SECRET`, repeatable [$"+envAppSecrets+", comma-separated]")
	fs.StringVar(&c.externalContact, "externalcontact-secret", "", "the 客户联系 `secret`, or an app's secret if the app may call the 客户联系 APIs [$"+envExternalContact+"]")
	fs.StringVar(&c.baseURL, "base-url", "https://qyapi.weixin.qq.com", "the WeCom `host` [$"+envBaseURL+"]")
	return c
}

// fill takes each credential not given as a flag from the environment and
// checks what is required.
func (c *corpCredentials) fill(explicit map[string]bool, getenv func(string) string) error {
	for _, f := range []struct {
		flag, env string
		v         *string
	}{{"corpid", envCorpID, &c.corpID}, {"contacts-secret", envContactsSecret, &c.contacts},
		{"externalcontact-secret", envExternalContact, &c.externalContact}, {"base-url", envBaseURL, &c.baseURL}} {
		if v := getenv(f.env); !explicit[f.flag] && v != "" {
			*f.v = v
		}
	}
	if v := getenv(envAppSecrets); !explicit["app-secret"] && v != "" {
		for _, pair := range strings.Split(v, ",") {
			_ = c.apps.Set(strings.TrimSpace(pair))
		}
	}
	switch {
	case c.apps.bad != "":
		return fmt.Errorf("--app-secret / %s: %s", envAppSecrets, c.apps.bad)
	case c.corpID == "":
		return fmt.Errorf("--corpid or %s is required", envCorpID)
	case c.contacts == "":
		return fmt.Errorf("--contacts-secret or %s is required", envContactsSecret)
	case !strings.HasPrefix(c.baseURL, "http://") && !strings.HasPrefix(c.baseURL, "https://"):
		return fmt.Errorf("--base-url %q: want an http:// or https:// URL", c.baseURL)
	}
	c.baseURL = strings.TrimSuffix(c.baseURL, "/")
	return nil
}

// appSecrets is the repeatable --app-secret AGENTID=SECRET. Set never
// fails, so that the flag package never quotes a secret in an error; the
// first bad entry is kept, described without its secret, for fill.
type appSecrets struct {
	m   map[int]string
	bad string
}

func (a *appSecrets) String() string {
	if a == nil || len(a.m) == 0 {
		return ""
	}
	return fmt.Sprintf("%d app secrets", len(a.m))
}

func (a *appSecrets) Set(v string) error {
	if a.m == nil {
		a.m = map[int]string{}
	}
	id, secret, ok := strings.Cut(v, "=")
	n, err := strconv.Atoi(id)
	switch {
	case !ok || err != nil || n <= 0:
		if a.bad == "" {
			a.bad = "an entry is not AGENTID=SECRET with a positive agentid"
		}
	case secret == "":
		if a.bad == "" {
			a.bad = fmt.Sprintf("app %d has an empty secret", n)
		}
	default:
		a.m[n] = secret
	}
	return nil
}
