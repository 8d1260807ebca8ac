// Package client is a Go client for the WeCom (企业微信) server API at
// https://qyapi.weixin.qq.com, for self-built apps and the contacts-sync
// secret.
//
// A Client holds one secret's access token:
//
//	c := client.New("wwcorpid", "app-secret")
//	u, err := c.GetUser(ctx, "zhangsan")
//	if errors.Is(err, errcode.NoPrivilege) { ... } // outside the app's visible range
//
// # Access token
//
// The token is fetched on the first call that needs it and cached. It is
// fetched again ahead of expiry — when less than 10 % of its lifetime (at most
// 5 minutes) is left, by the clock given with WithClock — and concurrent
// callers share one fetch. When WeCom rejects a token anyway (40014 invalid,
// 42001 expired; tokens can be revoked early, and clocks differ), the client
// drops it, fetches a new one and repeats the call once — never more, so a
// server that keeps rejecting tokens yields an error, not a loop. The corp
// JS-SDK ticket and the app's agent_config ticket are cached the same way,
// each on its own.
//
// # Errors
//
// Success is decided by errcode alone. A non-zero errcode comes back as
// *APIError, which matches its errcode.Code with errors.Is; "system busy"
// (-1) and 45033 are retried first within the RetryPolicy. An HTTP status
// other than 200 is an *HTTPError; an answer that is not the JSON WeCom sends
// is a *ResponseError. Context cancellation is honoured everywhere, including
// while waiting for a shared token fetch or between retries.
//
// # Testing against wecom-mock
//
// WithBaseURL points the client at a wecom-mock server
// (github.com/wecom-mock/wecom-mock/mockserver); passing the server's Now to
// WithClock makes the client see the server's virtual time. The package
// examples run against one.
package client
