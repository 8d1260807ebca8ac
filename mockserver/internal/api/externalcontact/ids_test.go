package externalcontact_test

import (
	"regexp"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

const (
	pathUnionID       = "/cgi-bin/externalcontact/unionid_to_external_userid"
	pathPendingID     = "/cgi-bin/idconvert/unionid_to_external_userid"
	pathOpenID        = "/cgi-bin/externalcontact/convert_to_openid"
	pathNewExternalID = "/cgi-bin/externalcontact/get_new_external_userid"
	pathFromService   = "/cgi-bin/externalcontact/from_service_external_userid"

	unionID1 = "ozmockunion0001" // Customer1's
	unionID2 = "ozmockunion0002" // Customer2's
)

// thirdParty installs the default world's third-party suite in corp 1 as a
// vendor does — install, get_permanent_code, get_corp_token — and returns
// the corp token and the app's agentid. The install sees the whole corp.
func thirdParty(t *testing.T, srv *mockserver.Server) (string, int) {
	t.Helper()
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1, UserID: "zhangsan"})
	suiteTok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pc := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv,
		"/cgi-bin/service/get_permanent_code", suiteTok, map[string]string{"auth_code": in.AuthCode})))
	tok := testkit.DecodeStrict[testkit.TokenBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_corp_token",
		suiteTok, map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": pc.PermanentCode}))).AccessToken
	return tok, pc.AuthInfo.Agent[0].AgentID
}

// dkToken is the default world's 代开发 app's token (it sees 研发部).
func dkToken(t *testing.T, srv *mockserver.Server) string {
	t.Helper()
	return testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent)
}

// idsOf is zhangsan's customers as tok sees them: Customer1, 2 and 3 in
// the caller's form.
func idsOf(t *testing.T, srv *mockserver.Server, tok string) []string {
	t.Helper()
	return strings(t, testkit.OK(t, testkit.ECGet(t, srv, tok, pathList, "userid", "zhangsan")), "external_userid")
}

func TestUnionIDToExternalUserID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tp, _ := thirdParty(t, srv)
	dk := dkToken(t, srv)
	for _, tc := range []struct {
		name, tok string
	}{{"third-party", tp}, {"代开发", dk}} {
		t.Run(tc.name, func(t *testing.T) {
			ids := idsOf(t, srv, tc.tok)
			if ids[0] == testkit.Customer1 || !regexp.MustCompile(`^wm[0-9A-Za-z_-]{30}$`).MatchString(ids[0]) {
				t.Fatalf("list gave %q: want the app's own form of %s", ids[0], testkit.Customer1)
			}
			got := testkit.Str(t, testkit.OK(t, testkit.ECPost(t, srv, tc.tok, pathUnionID,
				map[string]string{"unionid": unionID1, "openid": "oMiniProgramOpenID0000000001"})), "external_userid")
			if got != ids[0] {
				t.Errorf("external_userid %q, want the one list gives, %q", got, ids[0])
			}
			// The app passes it back.
			contact := testkit.As[map[string]any](t, testkit.OK(t, testkit.ECGet(t, srv, tc.tok, pathGet, "external_userid", got))["external_contact"])
			if contact["external_userid"] != got || contact["name"] != "陈小明" {
				t.Errorf("get with the converted id: %v", contact)
			}
		})
	}
	if a, b := idsOf(t, srv, tp)[0], idsOf(t, srv, dk)[0]; a == b {
		t.Errorf("the third-party and 代开发 apps see the same id %q", a)
	}

	for _, tc := range []struct {
		name, tok string
		body      map[string]string
		want      errcode.Code
	}{
		{"a unionid of nobody", tp, map[string]string{"unionid": "oznobody", "openid": "o1"}, errcode.NotExternalContact},
		{"a self-built app", testkit.AppToken(t, srv), map[string]string{"unionid": unionID1, "openid": "o1"}, errcode.APIForbidden},
		{"the 客户联系 secret", testkit.ECToken(t, srv), map[string]string{"unionid": unionID1, "openid": "o1"}, errcode.APIForbidden},
		{"no unionid", tp, map[string]string{"openid": "o1"}, errcode.InvalidParameter},
		{"no openid", tp, map[string]string{"unionid": unionID1}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathUnionID, tc.body), tc.want)
		})
	}
}

// An app reaches a customer through a follow-user in its range, or a
// customer group whose owner is in its range — also a WeChat user in such a
// group who is nobody's customer.
func TestUnionIDReach(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	ec := w.Corps[0].ExternalContact
	// The 代开发 app sees 市场部 (wangwu, who follows nobody), and wangwu
	// owns the group, which keeps Customer1 and no longer Customer2.
	w.Suites[1].Authorizations[0].Privilege.AllowParty = []int{3}
	g := &ec.CustomerGroups[0]
	g.Owner = "wangwu"
	g.Members = []fixtures.GroupMember{
		{UserID: "wangwu", Type: fixtures.GroupMemberInternal, JoinTime: 1700400000, JoinScene: 1},
		{UserID: testkit.Customer1, Type: fixtures.GroupMemberExternal, UnionID: unionID1, JoinTime: 1700400200, JoinScene: 3},
		{UserID: "wmmockgrouponly01", Type: fixtures.GroupMemberExternal, UnionID: "ozgrouponly01", Name: "群友", JoinTime: 1700400300, JoinScene: 2},
	}
	g.Admins = nil
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	dk := dkToken(t, srv)
	post := func(unionID string) *testkit.Resp {
		return testkit.ECPost(t, srv, dk, pathUnionID, map[string]string{"unionid": unionID, "openid": "o1"})
	}
	viaGroup := testkit.Str(t, testkit.OK(t, post(unionID1)), "external_userid")
	groupOnly := testkit.Str(t, testkit.OK(t, post("ozgrouponly01")), "external_userid")
	if viaGroup == testkit.Customer1 || groupOnly == "wmmockgrouponly01" || viaGroup == groupOnly {
		t.Errorf("ids %q and %q: want the 代开发 app's forms of two people", viaGroup, groupOnly)
	}
	testkit.WeComError(t, post(unionID2), errcode.NotExternalContact)
}

func TestIdconvertUnionIDToPendingID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tp, _ := thirdParty(t, srv)
	dk := dkToken(t, srv)
	post := func(tok string, body map[string]any) *testkit.Resp {
		return testkit.ECPost(t, srv, tok, pathPendingID, body)
	}

	m := testkit.OK(t, post(tp, map[string]any{"unionid": unionID1, "openid": "o1", "subject_type": 1}))
	if m["external_userid"] != idsOf(t, srv, tp)[0] {
		t.Errorf("a customer: %v, want the third-party form of %s", m, testkit.Customer1)
	}
	if _, ok := m["pending_id"]; ok {
		t.Errorf("a customer got a pending_id: %v", m)
	}

	pending := func(tok string) string {
		m := testkit.OK(t, post(tok, map[string]any{"unionid": "oznotyet", "openid": "o1"}))
		if _, ok := m["external_userid"]; ok {
			t.Errorf("a WeChat user who is no customer got an external_userid: %v", m)
		}
		p := testkit.Str(t, m, "pending_id")
		if !regexp.MustCompile(`^p[0-9A-Za-z_-]{31}$`).MatchString(p) {
			t.Errorf("pending_id %q", p)
		}
		return p
	}
	if a, b := pending(tp), pending(tp); a != b {
		t.Errorf("pending_id changed between calls: %q, %q", a, b)
	}
	if pending(tp) == pending(dk) {
		t.Error("two suites got the same pending_id")
	}

	for _, tc := range []struct {
		name, tok string
		body      map[string]any
		want      errcode.Code
	}{
		{"subject_type 2", tp, map[string]any{"unionid": unionID1, "openid": "o1", "subject_type": 2}, errcode.InvalidParameter},
		{"a self-built app", testkit.AppToken(t, srv), map[string]any{"unionid": unionID1, "openid": "o1"}, errcode.APIForbidden},
		{"no unionid", tp, map[string]any{"openid": "o1"}, errcode.InvalidParameter},
		{"no openid", tp, map[string]any{"unionid": unionID1}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, post(tc.tok, tc.body), tc.want)
		})
	}
}

func TestConvertToOpenID(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	w.Corps[0].ExternalContact.Customers[1].OpenID = "oFixtureOpenIDOfLinXiaoHong1"
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	app := testkit.AppToken(t, srv)
	tp, _ := thirdParty(t, srv)
	openID := func(tok, id string) string {
		return testkit.Str(t, testkit.OK(t, testkit.ECPost(t, srv, tok, pathOpenID, map[string]string{"external_userid": id})), "openid")
	}

	derived := openID(app, testkit.Customer1)
	if !regexp.MustCompile(`^o[0-9A-Za-z_-]{27}$`).MatchString(derived) {
		t.Errorf("derived openid %q: want o and 27 characters", derived)
	}
	if again := openID(app, testkit.Customer1); again != derived {
		t.Errorf("openid changed: %q then %q", derived, again)
	}
	if got := openID(app, testkit.Customer2); got != "oFixtureOpenIDOfLinXiaoHong1" {
		t.Errorf("openid %q, want the fixtures'", got)
	}
	// The third-party app asks with its own id of the same customer.
	if got := openID(tp, idsOf(t, srv, tp)[0]); got != derived {
		t.Errorf("third-party: openid %q, want %q", got, derived)
	}

	// A customer of wangwu's only, whom the self-built app cannot reach.
	added, err := srv.AddExternalContact(mockserver.ExternalContactAdd{
		CorpID: testkit.Corp1, UserID: "wangwu", Customer: &fixtures.Customer{Name: "新客户", Type: fixtures.CustomerWeChat},
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, tok string
		body      map[string]string
		want      errcode.Code
	}{
		{"a WeCom user", app, map[string]string{"external_userid": testkit.Customer3}, errcode.InvalidExternalUserIDType},
		{"an unknown id", app, map[string]string{"external_userid": "wmunknown"}, errcode.InvalidExternalUserID},
		{"the corp's form from a third-party app", tp, map[string]string{"external_userid": testkit.Customer1}, errcode.InvalidExternalUserID},
		{"a customer out of reach", app, map[string]string{"external_userid": added.ExternalUserID}, errcode.NotExternalContact},
		{"no external_userid", app, map[string]string{}, errcode.ExternalUserIDMissing},
		{"the 客户联系 secret", testkit.ECToken(t, srv), map[string]string{"external_userid": testkit.Customer1}, errcode.APIForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathOpenID, tc.body), tc.want)
		})
	}
}

func TestGetNewExternalUserID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tp, _ := thirdParty(t, srv)
	mine := idsOf(t, srv, tp)
	m := testkit.OK(t, testkit.ECPost(t, srv, tp, pathNewExternalID, map[string]any{
		"external_userid_list": []string{testkit.Customer1, "wmunknown", mine[1], testkit.Customer3},
	}))
	items := testkit.As[[]any](t, m["items"])
	want := [][2]string{{testkit.Customer1, mine[0]}, {mine[1], mine[1]}, {testkit.Customer3, mine[2]}}
	if len(items) != len(want) {
		t.Fatalf("items %v, want %d", items, len(want))
	}
	for i, w := range want {
		it := testkit.As[map[string]any](t, items[i])
		if it["external_userid"] != w[0] || it["new_external_userid"] != w[1] {
			t.Errorf("items[%d] = %v, want %s → %s", i, it, w[0], w[1])
		}
	}

	tooMany := make([]string, 1001)
	for i := range tooMany {
		tooMany[i] = testkit.Customer1
	}
	for _, tc := range []struct {
		name, tok string
		body      map[string]any
		want      errcode.Code
	}{
		{"a self-built app", testkit.AppToken(t, srv), map[string]any{"external_userid_list": []string{testkit.Customer1}}, errcode.APIForbidden},
		{"no list", tp, map[string]any{}, errcode.InvalidParameter},
		{"1001 ids", tp, map[string]any{"external_userid_list": tooMany}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathNewExternalID, tc.body), tc.want)
		})
	}
}

func TestFromServiceExternalUserID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tp, tpAgent := thirdParty(t, srv)
	app, ec := testkit.AppToken(t, srv), testkit.ECToken(t, srv)
	tpIDs, dkIDs := idsOf(t, srv, tp), idsOf(t, srv, dkToken(t, srv))
	for _, tc := range []struct {
		name, tok string
		agent     int
		id, want  string
	}{
		{"third-party to self-built", app, tpAgent, tpIDs[0], testkit.Customer1},
		{"代开发 to self-built", app, testkit.DKAgent, dkIDs[2], testkit.Customer3},
		{"third-party to the 客户联系 secret", ec, tpAgent, tpIDs[1], testkit.Customer2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := testkit.Str(t, testkit.OK(t, testkit.ECPost(t, srv, tc.tok, pathFromService,
				map[string]any{"source_agentid": tc.agent, "external_userid": tc.id})), "external_userid")
			if got != tc.want {
				t.Errorf("external_userid %q, want %q", got, tc.want)
			}
		})
	}

	// A customer of wangwu's only: the third-party app reaches them, the
	// self-built app does not.
	added, err := srv.AddExternalContact(mockserver.ExternalContactAdd{
		CorpID: testkit.Corp1, UserID: "wangwu", Customer: &fixtures.Customer{Name: "新客户", Type: fixtures.CustomerWeChat},
	})
	if err != nil {
		t.Fatal(err)
	}
	wangwus := strings(t, testkit.OK(t, testkit.ECGet(t, srv, tp, pathList, "userid", "wangwu")), "external_userid")
	if got := testkit.Str(t, testkit.OK(t, testkit.ECPost(t, srv, ec, pathFromService,
		map[string]any{"source_agentid": tpAgent, "external_userid": wangwus[0]})), "external_userid"); got != added.ExternalUserID {
		t.Errorf("the 客户联系 secret: %q, want %q", got, added.ExternalUserID)
	}
	for _, tc := range []struct {
		name, tok string
		body      map[string]any
		want      errcode.Code
	}{
		{"a self-built source", app, map[string]any{"source_agentid": testkit.AgentID, "external_userid": testkit.Customer1}, errcode.InvalidAgentID},
		{"an unknown source", app, map[string]any{"source_agentid": 999, "external_userid": tpIDs[0]}, errcode.InvalidAgentID},
		{"the corp's own id", app, map[string]any{"source_agentid": tpAgent, "external_userid": testkit.Customer1}, errcode.InvalidExternalUserID},
		{"another source app's id", app, map[string]any{"source_agentid": tpAgent, "external_userid": dkIDs[0]}, errcode.InvalidExternalUserID},
		{"out of the caller's reach", app, map[string]any{"source_agentid": tpAgent, "external_userid": wangwus[0]}, errcode.NotExternalContact},
		{"a third-party caller", tp, map[string]any{"source_agentid": tpAgent, "external_userid": tpIDs[0]}, errcode.APIForbidden},
		{"no external_userid", app, map[string]any{"source_agentid": tpAgent}, errcode.ExternalUserIDMissing},
		{"no source_agentid", app, map[string]any{"external_userid": tpIDs[0]}, errcode.InvalidParameter},
	} {
		t.Run(tc.name, func(t *testing.T) {
			testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathFromService, tc.body), tc.want)
		})
	}
}
