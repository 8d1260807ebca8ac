package client

import (
	"context"
	"net/http"
	"net/url"
)

// Token returns a valid access token for the client's secret, fetching one
// with GET /cgi-bin/gettoken (for a CorpClient, get_corp_token) if none is cached or the cached one is due for
// refresh (less than 10 % of its lifetime, at most 5 minutes, left). Concurrent
// callers share one fetch. Every API call uses it; call it yourself only to
// hand the token to code outside this package.
func (c *Client) Token(ctx context.Context) (string, error) {
	return c.cached(ctx, &c.token, c.fetch)
}

type tokenResponse struct {
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

func (c *Client) fetchToken(ctx context.Context) (string, int, error) {
	const path = "/cgi-bin/gettoken"
	var out tokenResponse
	err := c.callJSON(ctx, &request{
		method: http.MethodGet,
		path:   path,
		query:  url.Values{"corpid": {c.corpID}, "corpsecret": {c.secret}},
		// The old 企业号 gettoken could answer success without errcode; a
		// token in the answer is what counts then.
		errcodeOptional: true,
	}, &out)
	if err != nil {
		return "", 0, err
	}
	if out.AccessToken == "" {
		return "", 0, &ResponseError{Path: path, Reason: "answer has no access_token"}
	}
	return out.AccessToken, out.ExpiresIn, nil
}
