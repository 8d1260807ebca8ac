package agent_test

import (
	"net/http"
	"strconv"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// agentID is the default world's app as a query value.
var agentID = strconv.Itoa(testkit.AgentID)

func post(t testing.TB, srv *mockserver.Server, tok, path string, body any, kv ...string) *testkit.Resp {
	t.Helper()
	return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, path, append([]string{"access_token", tok}, kv...)...), body)
}

// agentDetail is agent/get's answer, decoded strictly.
type agentDetail struct {
	ErrCode        int    `json:"errcode"`
	ErrMsg         string `json:"errmsg"`
	AgentID        int    `json:"agentid"`
	Name           string `json:"name"`
	SquareLogoURL  string `json:"square_logo_url"`
	Description    string `json:"description"`
	AllowUserInfos struct {
		User []struct {
			UserID string `json:"userid"`
		} `json:"user"`
	} `json:"allow_userinfos"`
	AllowPartys struct {
		PartyID []int `json:"partyid"`
	} `json:"allow_partys"`
	AllowTags struct {
		TagID []int `json:"tagid"`
	} `json:"allow_tags"`
	Close                   int    `json:"close"`
	RedirectDomain          string `json:"redirect_domain"`
	ReportLocationFlag      int    `json:"report_location_flag"`
	IsReportEnter           int    `json:"isreportenter"`
	HomeURL                 string `json:"home_url"`
	CustomizedPublishStatus *int   `json:"customized_publish_status"`
}

// getAgent reads app agent with agent/get, asserting a success.
func getAgent(t testing.TB, srv *mockserver.Server, tok string, agent int) agentDetail {
	t.Helper()
	r := testkit.Get(t, testkit.URL(srv, "/cgi-bin/agent/get", "access_token", tok, "agentid", strconv.Itoa(agent)))
	testkit.OK(t, r)
	return testkit.DecodeStrict[agentDetail](t, r.Body)
}

// thirdPartyToken installs the default world's third-party suite in corp 1
// and returns its app's token and agentid.
func thirdPartyToken(t testing.TB, srv *mockserver.Server) (string, int) {
	t.Helper()
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1, UserID: "zhangsan"})
	suiteTok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pc := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv,
		"/cgi-bin/service/get_permanent_code", suiteTok, map[string]string{"auth_code": in.AuthCode})))
	return pc.AccessToken, pc.AuthInfo.Agent[0].AgentID
}

// dkToken is the default world's 代开发 app's token (its permanent code is
// its secret).
func dkToken(t testing.TB, srv *mockserver.Server) string {
	t.Helper()
	return testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent)
}

func itoa(n int) string { return strconv.Itoa(n) }
