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
// (a truncated body too) is a *ResponseError; a connection that broke is the
// transport's error, wrapped with the API path. A GET that met a gateway's
// 502, 503 or 504, or a connection closed before any answer, is retried
// within the same RetryPolicy; a POST is not, as the API may have acted. Context cancellation is honoured everywhere, including
// while waiting for a shared token fetch or between retries.
//
// # 客户联系 (customers)
//
// With the 客户联系 secret, or the secret of an app listed under 客户联系 →
// 可调用应用, a Client reads and manages the customers of the corp's
// members: GetExternalContact, CustomersOf (batch/get_by_user, page by
// page), Remark, the corp's tags (CorpTagList, AddCorpTag, MarkTag),
// contact ways (AddContactWay, GetContactWay), customer groups
// (GroupChatList, GroupChatGet), the welcome message of a new customer
// (SendWelcomeMsg, with the code of the add_external_contact event that
// package callback parses) and transfers to another member (TransferCustomer
// and, after a member left, UnassignedList and ResignedTransferCustomer).
// Customer types and genders are numbers, unlike a member's gender.
//
// # Testing against wecom-mock
//
// WithBaseURL points the client at a wecom-mock server
// (github.com/wecom-mock/wecom-mock/mockserver); passing the server's Now to
// WithClock makes the client see the server's virtual time. The package
// examples run against one.
//
// # Suites: third-party and 代开发 apps
//
// SuiteClient makes the service provider's calls for third-party apps (第三方应用)
// and 代开发 templates.
//
// A SuiteClient holds one suite's suite_access_token, fetched with
// get_suite_token from the suite ID, its secret and the newest suite_ticket
// (pushed to the vendor's callback every 10 minutes, valid 30 minutes; the
// client asks the TicketFunc each time it fetches a token). The token is
// cached, refreshed ahead of expiry and shared between concurrent callers
// exactly like a Client's access token, and a call that WeCom answers with
// 40082 (invalid suite_access_token) or 42009 (expired) drops it, fetches a
// new one and is repeated once.
//
//	s := client.NewSuite("wwsuiteid", "suite-secret", func(ctx context.Context) (string, error) {
//		return tickets.Latest(ctx) // what the suite callback received
//	})
//	pre, _ := s.PreAuthCode(ctx)             // for the install page
//	auth, _ := s.PermanentCode(ctx, authCode) // from the redirect or create_auth
//	tok, _ := s.CorpToken(ctx, auth.AuthCorpInfo.CorpID, auth.PermanentCode)
//
// A 代开发 install's permanent_code is the app's secret in the installing
// corp: PermanentCode answers no AccessToken (and IsCustomizedApp true), and
// get_corp_token is refused (48002). Serve the corp with an ordinary Client:
//
//	c := client.New(auth.AuthCorpInfo.CorpID, auth.PermanentCode)
//	u, err := c.GetUser(ctx, "zhangsan")
//
// A third-party install's corp token (from PermanentCode or CorpToken) is an
// access token, not a secret. CorpClient gives a Client that fetches and
// refreshes it with get_corp_token:
//
//	c := s.CorpClient(auth.AuthCorpInfo.CorpID, auth.PermanentCode)
//	u, err := c.GetUser(ctx, "zhangsan") // u.Name is the userid for a third party
package client
