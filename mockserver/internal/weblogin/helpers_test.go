package weblogin_test

import (
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// sdk is our client for an app of srv.
func sdk(srv *mockserver.Server, corpID, secret string) *client.Client {
	return client.New(corpID, secret, client.WithBaseURL(srv.URL()), client.WithClock(srv.Now),
		client.WithHTTPClient(&http.Client{Timeout: 10 * time.Second}))
}
