package login_test

import (
	"net/http"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

type jsapiTicketBody struct {
	ErrCode   int    `json:"errcode"`
	ErrMsg    string `json:"errmsg"`
	Ticket    string `json:"ticket"`
	ExpiresIn int    `json:"expires_in"`
}

func jsapiCorpURL(srv *mockserver.Server, tok string) string {
	return testkit.URL(srv, "/cgi-bin/get_jsapi_ticket", "access_token", tok)
}

func jsapiAgentURL(srv *mockserver.Server, tok string) string {
	return testkit.URL(srv, "/cgi-bin/ticket/get", "access_token", tok, "type", "agent_config")
}

// jsapiTicket fetches a ticket with method and checks the answer's shape.
func jsapiTicket(t *testing.T, method, rawURL string) jsapiTicketBody {
	t.Helper()
	r := testkit.Do(t, method, rawURL, nil, nil)
	m := testkit.OK(t, r)
	testkit.Num(t, m, "expires_in")
	b := testkit.DecodeStrict[jsapiTicketBody](t, r.Body)
	if b.Ticket == "" {
		t.Fatalf("empty ticket: %s", r.Body)
	}
	return b
}

func TestJSAPITicketsReuseAndExpiry(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	tok := testkit.AppToken(t, srv)

	corpT := jsapiTicket(t, http.MethodGet, jsapiCorpURL(srv, tok))
	agentT := jsapiTicket(t, http.MethodGet, jsapiAgentURL(srv, tok))
	if corpT.ExpiresIn != 7200 || agentT.ExpiresIn != 7200 {
		t.Errorf("expires_in %d / %d, want 7200", corpT.ExpiresIn, agentT.ExpiresIn)
	}
	if corpT.Ticket == agentT.Ticket {
		t.Fatal("corp ticket and agent_config ticket are the same")
	}

	srv.Advance(1000 * time.Second)
	// Both answer POST too (one Go SDK fetches tickets with POST).
	again := jsapiTicket(t, http.MethodPost, jsapiCorpURL(srv, tok))
	if again.Ticket != corpT.Ticket || again.ExpiresIn != 6200 {
		t.Errorf("corp ticket after 1000 s: %+v, want the same ticket with 6200 s left", again)
	}
	againAgent := jsapiTicket(t, http.MethodPost, jsapiAgentURL(srv, tok))
	if againAgent.Ticket != agentT.Ticket || againAgent.ExpiresIn != 6200 {
		t.Errorf("agent ticket after 1000 s: %+v, want the same ticket with 6200 s left", againAgent)
	}

	srv.Advance(6199 * time.Second) // 7199 s in
	if b := jsapiTicket(t, http.MethodGet, jsapiCorpURL(srv, tok)); b.Ticket != corpT.Ticket || b.ExpiresIn != 1 {
		t.Errorf("at 7199 s: %+v, want the same ticket with 1 s left", b)
	}

	srv.Advance(time.Second)       // exactly 7200 s: expired
	tok = testkit.AppToken(t, srv) // the access token expired at the same instant
	newCorp := jsapiTicket(t, http.MethodGet, jsapiCorpURL(srv, tok))
	newAgent := jsapiTicket(t, http.MethodGet, jsapiAgentURL(srv, tok))
	if newCorp.Ticket == corpT.Ticket || newAgent.Ticket == agentT.Ticket || newCorp.Ticket == newAgent.Ticket {
		t.Errorf("after 7200 s: corp %q (was %q), agent %q (was %q); want two new distinct tickets",
			newCorp.Ticket, corpT.Ticket, newAgent.Ticket, agentT.Ticket)
	}
	if newCorp.ExpiresIn != 7200 {
		t.Errorf("new ticket expires_in %d", newCorp.ExpiresIn)
	}
}

func TestJSAPITicketFullExpiresIn(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithFullExpiresIn())
	tok := testkit.AppToken(t, srv)
	first := jsapiTicket(t, http.MethodGet, jsapiCorpURL(srv, tok))
	srv.Advance(3000 * time.Second)
	if b := jsapiTicket(t, http.MethodGet, jsapiCorpURL(srv, tok)); b.Ticket != first.Ticket || b.ExpiresIn != 7200 {
		t.Errorf("with WithFullExpiresIn: %+v, want the same ticket and 7200", b)
	}
}

func TestJSAPITicketsPerCorpAndApp(t *testing.T) {
	t.Parallel()
	w := testkit.ParseWorld(t, `
corps:
  - corpid: wwtickets
    name: 票据公司
    contacts_secret: cs
    apps:
      - {agentid: 1000001, name: 甲, secret: s1, visible: {departments: [1]}}
      - {agentid: 1000002, name: 乙, secret: s2, visible: {departments: [1]}}
    departments:
      - {id: 1, name: 根, parentid: 0}
    members:
      - {userid: a, name: A, department: [1], mobile: "13800000000"}
`)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	t1, t2 := testkit.Token(t, srv, "wwtickets", "s1"), testkit.Token(t, srv, "wwtickets", "s2")

	c1 := jsapiTicket(t, http.MethodGet, jsapiCorpURL(srv, t1))
	c2 := jsapiTicket(t, http.MethodGet, jsapiCorpURL(srv, t2))
	if c1.Ticket != c2.Ticket {
		t.Error("two apps of one corp got different corp tickets; the corp ticket is per corp")
	}
	a1 := jsapiTicket(t, http.MethodGet, jsapiAgentURL(srv, t1))
	a2 := jsapiTicket(t, http.MethodGet, jsapiAgentURL(srv, t2))
	if a1.Ticket == a2.Ticket || a1.Ticket == c1.Ticket || a2.Ticket == c1.Ticket {
		t.Error("agent_config tickets must be one per app and differ from the corp ticket")
	}

	// Another server, another world: its corp has its own ticket.
	other := mockserver.NewTest(t)
	if b := jsapiTicket(t, http.MethodGet, jsapiCorpURL(other, testkit.AppToken(t, other))); b.Ticket == c1.Ticket {
		t.Error("two corps share a ticket")
	}
}

func TestJSAPITicketErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	app, contacts := testkit.AppToken(t, srv), testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	tests := []struct {
		name string
		url  string
		want errcode.Code
	}{
		{"corp ticket, contacts token", jsapiCorpURL(srv, contacts), errcode.APIForbidden},
		{"agent ticket, contacts token", jsapiAgentURL(srv, contacts), errcode.APIForbidden},
		{"agent ticket, no type", testkit.URL(srv, "/cgi-bin/ticket/get", "access_token", app), errcode.InvalidParameter},
		{"agent ticket, type jsapi", testkit.URL(srv, "/cgi-bin/ticket/get", "access_token", app, "type", "jsapi"), errcode.InvalidParameter},
		{"agent ticket, type case", testkit.URL(srv, "/cgi-bin/ticket/get", "access_token", app, "type", "AGENT_CONFIG"), errcode.InvalidParameter},
		{"corp ticket, no token", srv.URL() + "/cgi-bin/get_jsapi_ticket", errcode.AccessTokenMissing},
		{"agent ticket, bad token", jsapiAgentURL(srv, "nope"), errcode.InvalidAccessToken},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) { testkit.GetWeComError(t, tt.url, tt.want) })
	}
}

func TestJSAPITicketsClearedByReset(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	before := jsapiTicket(t, http.MethodGet, jsapiCorpURL(srv, testkit.AppToken(t, srv)))
	srv.Reset()
	after := jsapiTicket(t, http.MethodGet, jsapiCorpURL(srv, testkit.AppToken(t, srv)))
	if before.Ticket == after.Ticket {
		t.Error("Reset kept the issued ticket")
	}
}
