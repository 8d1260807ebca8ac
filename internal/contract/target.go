package contract

import (
	"fmt"
	"net/http"
	"slices"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Target is one WeCom host and the credentials to call it with.
type Target struct {
	BaseURL        string
	CorpID         string
	ContactsSecret string
	// AppSecrets are app secrets by agentid.
	AppSecrets map[int]string
	// HTTPClient makes the calls (default: a client with a 30 s timeout).
	HTTPClient *http.Client
}

// WorldTarget is the target of a world's first corp served at baseURL:
// its corpid, contacts secret and app secrets.
func WorldTarget(w *fixtures.World, baseURL string) (Target, error) {
	if len(w.Corps) == 0 {
		return Target{}, fmt.Errorf("contract: the world has no corp")
	}
	c := &w.Corps[0]
	t := Target{BaseURL: baseURL, CorpID: c.CorpID, ContactsSecret: c.ContactsSecret, AppSecrets: map[int]string{}}
	for _, a := range c.Apps {
		t.AppSecrets[a.AgentID] = a.Secret
	}
	return t, nil
}

// ServeWorld starts an in-process mock on loopback serving w and returns
// its target; stop closes it.
func ServeWorld(w *fixtures.World) (t Target, stop func() error, err error) {
	srv, err := mockserver.New(mockserver.WithFixtures(w))
	if err != nil {
		return Target{}, nil, fmt.Errorf("contract: loading the imported world: %w", err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		return Target{}, nil, err
	}
	t, err = WorldTarget(w, srv.URL())
	if err != nil {
		_ = srv.Close()
		return Target{}, nil, err
	}
	return t, srv.Close, nil
}

// httpClient is the target's client, or one of the session's own whose
// connections close returns.
func (t *Target) httpClient() (hc *http.Client, close func()) {
	if t.HTTPClient != nil {
		return t.HTTPClient, func() {}
	}
	tr := http.DefaultTransport.(*http.Transport).Clone()
	return &http.Client{Timeout: 30 * time.Second, Transport: tr}, tr.CloseIdleConnections
}

// commonApp is the lowest agentid both targets hold a secret for.
func commonApp(a, b Target) (int, bool) {
	var ids []int
	for id := range a.AppSecrets {
		if _, ok := b.AppSecrets[id]; ok {
			ids = append(ids, id)
		}
	}
	if len(ids) == 0 {
		return 0, false
	}
	return slices.Min(ids), true
}
