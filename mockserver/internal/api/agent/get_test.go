package agent_test

import (
	"slices"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// agent/get reports the default world's app with its visible range as the
// fixture gives it: 研发部 and tag 试点, no member by name.
func TestGetReportsTheFixturesApp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	d := getAgent(t, srv, testkit.AppToken(t, srv), testkit.AgentID)
	if d.AgentID != testkit.AgentID || d.Name != "模拟应用" || d.RedirectDomain != "localhost" || d.Close != 0 {
		t.Errorf("agent/get: %+v", d)
	}
	if !slices.Equal(d.AllowPartys.PartyID, []int{2}) || !slices.Equal(d.AllowTags.TagID, []int{1}) || len(d.AllowUserInfos.User) != 0 {
		t.Errorf("visible range: %+v %+v %+v", d.AllowUserInfos, d.AllowPartys, d.AllowTags)
	}
	if d.SquareLogoURL == "" || d.CustomizedPublishStatus != nil {
		t.Errorf("logo %q, customized_publish_status %v", d.SquareLogoURL, d.CustomizedPublishStatus)
	}
	// The empty lists are [] on the wire, not null.
	m := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/agent/get", "access_token", testkit.AppToken(t, srv), "agentid", agentID))
	if users, ok := testkit.As[map[string]any](t, m["allow_userinfos"])["user"].([]any); !ok || len(users) != 0 {
		t.Errorf("allow_userinfos = %v", m["allow_userinfos"])
	}
}

// A range of members by name lists them with their userids as spelled,
// and follows a userid's change.
func TestGetListsMembersAndFollowsRenames(t *testing.T) {
	t.Parallel()
	w := testkit.ParseWorld(t, testkit.InsensitiveWorld)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	tok := testkit.Token(t, srv, "wwtestcorp", "new-app")
	d := getAgent(t, srv, tok, 1)
	if len(d.AllowUserInfos.User) != 1 || d.AllowUserInfos.User[0].UserID != "alice" || len(d.AllowPartys.PartyID) != 0 {
		t.Fatalf("visible range: %+v", d)
	}
	contacts := testkit.Token(t, srv, "wwtestcorp", "contacts")
	if m := testkit.DecodeMap(t, post(t, srv, contacts, "/cgi-bin/user/update", map[string]any{"userid": "alice", "new_userid": "Alice2"}).Body); testkit.ErrCode(t, m) != 0 {
		t.Fatalf("user/update: %v", m)
	}
	d = getAgent(t, srv, tok, 1)
	if len(d.AllowUserInfos.User) != 1 || d.AllowUserInfos.User[0].UserID != "Alice2" {
		t.Errorf("after the rename: %+v", d.AllowUserInfos)
	}
}

func TestGetErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	tests := []struct {
		name string
		kv   []string
		want errcode.Code
	}{
		{"no agentid", nil, errcode.InvalidAgentID},
		{"empty agentid", []string{"agentid", ""}, errcode.InvalidAgentID},
		{"not a number", []string{"agentid", "abc"}, errcode.InvalidAgentID},
		{"zero", []string{"agentid", "0"}, errcode.InvalidAgentID},
		{"the 代开发 app", []string{"agentid", "1000010"}, errcode.AnotherAgent},
		{"no such app", []string{"agentid", "1000099"}, errcode.AnotherAgent},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/agent/get", append([]string{"access_token", tok}, tt.kv...)...), tt.want)
		})
	}
	// The contacts-sync secret is no app's: 48002 at every agent API.
	contacts := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/agent/get", "access_token", contacts, "agentid", agentID), errcode.APIForbidden)
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/agent/list", "access_token", contacts), errcode.APIForbidden)
}

// Vendors' apps read their own details: a third-party app its
// authorization's range, a 代开发 app also its customized_publish_status.
func TestGetOfVendorsApps(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	dk := getAgent(t, srv, dkToken(t, srv), testkit.DKAgent)
	if dk.CustomizedPublishStatus == nil || *dk.CustomizedPublishStatus != 2 || !slices.Equal(dk.AllowPartys.PartyID, []int{2}) {
		t.Errorf("代开发 app: %+v", dk)
	}
	tok, agent := thirdPartyToken(t, srv)
	d := getAgent(t, srv, tok, agent)
	if d.AgentID != agent || d.Name != "模拟第三方应用" || d.CustomizedPublishStatus != nil {
		t.Errorf("third-party app: %+v", d)
	}
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/agent/get", "access_token", tok, "agentid", agentID), errcode.AnotherAgent)
}

// agent/list lists the token's own app and nothing else.
func TestListIsTheTokensApp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	for _, tc := range []struct {
		name, tok string
		agent     int
		appName   string
	}{
		{"self-built", testkit.AppToken(t, srv), testkit.AgentID, "模拟应用"},
		{"代开发", dkToken(t, srv), testkit.DKAgent, "模拟代开发应用"},
	} {
		r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/agent/list", "access_token", tc.tok))
		testkit.OK(t, r)
		got := testkit.DecodeStrict[struct {
			ErrCode   int    `json:"errcode"`
			ErrMsg    string `json:"errmsg"`
			AgentList []struct {
				AgentID       int    `json:"agentid"`
				Name          string `json:"name"`
				SquareLogoURL string `json:"square_logo_url"`
			} `json:"agentlist"`
		}](t, r.Body)
		if len(got.AgentList) != 1 || got.AgentList[0].AgentID != tc.agent || got.AgentList[0].Name != tc.appName || got.AgentList[0].SquareLogoURL == "" {
			t.Errorf("%s: agentlist %+v", tc.name, got.AgentList)
		}
	}
}
