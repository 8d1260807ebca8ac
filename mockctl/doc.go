// Package mockctl is the control API of wecom-mock (/_mock/...): its wire
// types, and a small Go client for it.
//
// The types are the JSON bodies the control API reads and answers — codes,
// clock, faults, the request journal, the inbox, callbacks, contact
// changes, suites, logins, state — declared once, here: the server
// (package mockserver) decodes and encodes these very types, and its Go API
// (srv.MintCode, srv.AddFault, srv.Deliveries, …) speaks them too, so a test
// in Go, a godog step and a tool in another language share one vocabulary.
//
// The Client speaks only HTTP, so it drives an in-process server
// (mockserver.NewTest(t).URL()), the binary and the container (the
// testcontainers module's Container.Control) the same way:
//
//	ctl := mockctl.New("http://127.0.0.1:8080")
//	code, err := ctl.MintCode(ctx, mockctl.CodeRequest{
//		Kind: "miniprogram", CorpID: "wwmockcorp000001", AgentID: 1000002, UserID: "zhangsan",
//	})
//	_, err = ctl.Advance(ctx, 2*time.Hour)
//	calls, err := ctl.Requests(ctx, "/cgi-bin/gettoken")
//
// A refusal of the control API (4xx, 5xx) is an *Error carrying the HTTP
// status and the answer's "error" message.
//
// This package imports none of the server's packages: a client needs only
// it (and package fixtures, for worlds).
package mockctl
