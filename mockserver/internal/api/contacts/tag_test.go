package contacts_test

import (
	"encoding/json"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// tagAPI calls the tag APIs of srv with one token.
type tagAPI struct {
	t   *testing.T
	srv *mockserver.Server
	tok string
}

func (c tagAPI) post(path string, body any) *testkit.Resp {
	return testkit.SendJSON(c.t, http.MethodPost, testkit.URL(c.srv, path, "access_token", c.tok), body)
}

func (c tagAPI) get(path string, kv ...string) *testkit.Resp {
	return testkit.Get(c.t, testkit.URL(c.srv, path, append([]string{"access_token", c.tok}, kv...)...))
}

// create makes a tag and returns its tagid.
func (c tagAPI) create(name string) int {
	c.t.Helper()
	return testkit.Num(c.t, assertWritten(c.t, c.post("/cgi-bin/tag/create", map[string]any{"tagname": name}), "created"), "tagid")
}

// tagView is tag/get's answer.
type tagView struct {
	ErrCode  int    `json:"errcode"`
	ErrMsg   string `json:"errmsg"`
	TagName  string `json:"tagname"`
	UserList []struct {
		UserID string  `json:"userid"`
		Name   *string `json:"name"`
	} `json:"userlist"`
	PartyList []int `json:"partylist"`
}

func (v tagView) userIDs() []string {
	out := []string{}
	for _, u := range v.UserList {
		out = append(out, u.UserID)
	}
	return out
}

func (c tagAPI) tag(id int) tagView {
	c.t.Helper()
	return testkit.DecodeStrict[tagView](c.t, testkit.OKBody(c.t, c.get("/cgi-bin/tag/get", "tagid", fmt.Sprint(id))))
}

// list is tag/list's answer as "id:name" strings.
func (c tagAPI) list() []string {
	c.t.Helper()
	var body struct {
		TagList []struct {
			TagID   int    `json:"tagid"`
			TagName string `json:"tagname"`
		} `json:"taglist"`
	}
	if err := json.Unmarshal(testkit.OKBody(c.t, c.get("/cgi-bin/tag/list")), &body); err != nil {
		c.t.Fatal(err)
	}
	out := []string{}
	for _, t := range body.TagList {
		out = append(out, fmt.Sprintf("%d:%s", t.TagID, t.TagName))
	}
	return out
}

// thirdPartyToken installs the third-party suite in corp 1 with a visible
// range of tag 1 only (zhouqi) and returns the app's corp token.
func thirdPartyToken(t *testing.T, srv *mockserver.Server) string {
	t.Helper()
	in := testkit.Install(t, srv, testkit.ThirdSuite, mockserver.InstallRequest{CorpID: testkit.Corp1, UserID: "zhangsan",
		Privilege: &fixtures.SuitePrivilege{AllowTag: []int{1}}})
	suiteTok := testkit.SuiteToken(t, srv, testkit.ThirdSuite, testkit.ThirdSecret)
	pc := testkit.DecodeStrict[testkit.PermanentCodeBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv,
		"/cgi-bin/service/get_permanent_code", suiteTok, map[string]string{"auth_code": in.AuthCode})))
	return testkit.DecodeStrict[testkit.TokenBody](t, testkit.OKBody(t, testkit.PostSuite(t, srv, "/cgi-bin/service/get_corp_token",
		suiteTok, map[string]string{"auth_corpid": testkit.Corp1, "permanent_code": pc.PermanentCode}))).AccessToken
}

// The contacts-sync secret creates, renames, reads, lists and deletes tags;
// tagids count up from the largest, or are the caller's.
func TestTagLifecycleWithContactsSecret(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	cs := tagAPI{t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)}

	if got := cs.list(); !slices.Equal(got, []string{"1:试点"}) {
		t.Fatalf("tag/list of the default world: %v", got)
	}
	if id := cs.create("研发骨干"); id != 2 {
		t.Errorf("first new tagid %d, want 2 (one past the largest)", id)
	}
	m := assertWritten(t, cs.post("/cgi-bin/tag/create", map[string]any{"tagname": "UI设计", "tagid": "12"}), "created")
	if testkit.Num(t, m, "tagid") != 12 {
		t.Errorf("tag/create with tagid 12: %v", m)
	}
	if id := cs.create("测试"); id != 13 {
		t.Errorf("next tagid %d, want 13", id)
	}
	assertWritten(t, cs.post("/cgi-bin/tag/addtagusers", map[string]any{"tagid": 12, "userlist": []string{"lisi", "wangwu"}, "partylist": []int{3}}), "ok")
	assertWritten(t, cs.post("/cgi-bin/tag/update", map[string]any{"tagid": 12, "tagname": "UI 设计"}), "updated")
	v := cs.tag(12)
	if v.TagName != "UI 设计" || !slices.Equal(v.userIDs(), []string{"lisi", "wangwu"}) || !slices.Equal(v.PartyList, []int{3}) ||
		v.UserList[0].Name == nil || *v.UserList[0].Name != "李四" {
		t.Errorf("tag/get 12: %+v", v)
	}
	// Renaming a tag to its own name is no conflict.
	assertWritten(t, cs.post("/cgi-bin/tag/update", map[string]any{"tagid": 12, "tagname": "UI 设计"}), "updated")
	if got := cs.list(); !slices.Equal(got, []string{"1:试点", "2:研发骨干", "12:UI 设计", "13:测试"}) {
		t.Errorf("tag/list: %v", got)
	}

	// A tag with members may be deleted: it is gone from every read, and
	// its members no longer carry it.
	assertWritten(t, cs.get("/cgi-bin/tag/delete", "tagid", "12"), "deleted")
	testkit.WeComError(t, cs.get("/cgi-bin/tag/get", "tagid", "12"), errcode.InvalidTagID)
	testkit.WeComError(t, cs.get("/cgi-bin/tag/delete", "tagid", "12"), errcode.InvalidTagID)
	if got := cs.list(); !slices.Equal(got, []string{"1:试点", "2:研发骨干", "13:测试"}) {
		t.Errorf("tag/list after delete: %v", got)
	}
	// The name is free again, and the world's own tag can go too.
	if id := cs.create("UI 设计"); id != 14 {
		t.Errorf("tagid after delete %d, want 14", id)
	}
	assertWritten(t, cs.get("/cgi-bin/tag/delete", "tagid", "1"), "deleted")
	// zhouqi was visible to the app only through tag 1, which its range
	// no longer names.
	atok := testkit.AppToken(t, srv)
	testkit.GetWeComError(t, testkit.UserGetURL(srv, atok, "zhouqi"), errcode.NoPrivilege)
	agent := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/agent/get", "access_token", atok, "agentid", fmt.Sprint(testkit.AgentID)))
	if tags := fmt.Sprint(agent["allow_tags"]); tags != "map[tagid:[]]" {
		t.Errorf("agent/get allow_tags after deleting tag 1: %s", tags)
	}
}

// The refusals of the tag APIs: names, tagids, the creator rule.
func TestTagErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	cs := tagAPI{t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)}
	app := tagAPI{t, srv, testkit.AppToken(t, srv)}
	csTag := cs.create("通讯录标签")
	appTag := app.create("应用标签")
	long := strings.Repeat("标", 33)
	for _, tc := range []struct {
		name   string
		caller tagAPI
		path   string
		body   map[string]any // nil: GET with query
		query  []string
		code   errcode.Code
	}{
		{"create without tagname", cs, "/cgi-bin/tag/create", map[string]any{"tagid": 30}, nil, errcode.InvalidTagNameLen},
		{"create empty tagname", cs, "/cgi-bin/tag/create", map[string]any{"tagname": ""}, nil, errcode.InvalidTagNameLen},
		{"create 33 characters", cs, "/cgi-bin/tag/create", map[string]any{"tagname": long}, nil, errcode.InvalidTagNameLen},
		{"create duplicate name", cs, "/cgi-bin/tag/create", map[string]any{"tagname": "试点"}, nil, errcode.InvalidTagName},
		{"app duplicate name", app, "/cgi-bin/tag/create", map[string]any{"tagname": "通讯录标签"}, nil, errcode.InvalidTagName},
		{"create taken tagid", cs, "/cgi-bin/tag/create", map[string]any{"tagname": "新", "tagid": 1}, nil, errcode.InvalidTagID},
		{"create negative tagid", cs, "/cgi-bin/tag/create", map[string]any{"tagname": "新", "tagid": -1}, nil, errcode.InvalidTagID},
		{"create tagid not a number", cs, "/cgi-bin/tag/create", map[string]any{"tagname": "新", "tagid": "x"}, nil, errcode.InvalidTagID},
		{"create tagid too large", cs, "/cgi-bin/tag/create", map[string]any{"tagname": "新", "tagid": int64(1) << 31}, nil, errcode.InvalidTagID},
		{"update without tagid", cs, "/cgi-bin/tag/update", map[string]any{"tagname": "新"}, nil, errcode.InvalidTagID},
		{"update unknown tagid", cs, "/cgi-bin/tag/update", map[string]any{"tagid": 99, "tagname": "新"}, nil, errcode.InvalidTagID},
		{"update without tagname", cs, "/cgi-bin/tag/update", map[string]any{"tagid": 1}, nil, errcode.InvalidTagNameLen},
		{"update to another's name", cs, "/cgi-bin/tag/update", map[string]any{"tagid": 1, "tagname": "应用标签"}, nil, errcode.InvalidTagName},
		{"app updates the world's tag", app, "/cgi-bin/tag/update", map[string]any{"tagid": 1, "tagname": "新"}, nil, errcode.NotTagCreator},
		{"app updates the contacts tag", app, "/cgi-bin/tag/update", map[string]any{"tagid": csTag, "tagname": "新"}, nil, errcode.NotTagCreator},
		{"app deletes the world's tag", app, "/cgi-bin/tag/delete", nil, []string{"tagid", "1"}, errcode.NotTagCreator},
		{"app deletes the contacts tag", app, "/cgi-bin/tag/delete", nil, []string{"tagid", fmt.Sprint(csTag)}, errcode.NotTagCreator},
		{"app adds members to the world's tag", app, "/cgi-bin/tag/addtagusers", map[string]any{"tagid": 1, "userlist": []string{"lisi"}}, nil, errcode.NotTagCreator},
		{"app removes members of the contacts tag", app, "/cgi-bin/tag/deltagusers", map[string]any{"tagid": csTag, "userlist": []string{"lisi"}}, nil, errcode.NotTagCreator},
		{"delete without tagid", cs, "/cgi-bin/tag/delete", nil, nil, errcode.InvalidTagID},
		{"delete tagid 0", cs, "/cgi-bin/tag/delete", nil, []string{"tagid", "0"}, errcode.InvalidTagID},
		{"delete unknown tagid", cs, "/cgi-bin/tag/delete", nil, []string{"tagid", "99"}, errcode.InvalidTagID},
		{"get without tagid", app, "/cgi-bin/tag/get", nil, nil, errcode.InvalidTagID},
		{"get tagid not a number", app, "/cgi-bin/tag/get", nil, []string{"tagid", "abc"}, errcode.InvalidTagID},
		{"get unknown tagid", app, "/cgi-bin/tag/get", nil, []string{"tagid", "99"}, errcode.InvalidTagID},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var r *testkit.Resp
			if tc.body != nil {
				r = tc.caller.post(tc.path, tc.body)
			} else {
				r = tc.caller.get(tc.path, tc.query...)
			}
			testkit.WeComError(t, r, tc.code)
		})
	}
	// Nothing changed: the app's tag is still its own, the others unrenamed.
	if got := cs.list(); !slices.Equal(got, []string{"1:试点", fmt.Sprintf("%d:通讯录标签", csTag), fmt.Sprintf("%d:应用标签", appTag)}) {
		t.Errorf("tag/list after the refusals: %v", got)
	}
	// A 32-character name is fine.
	cs.create(strings.Repeat("标", 32))
}

// A self-built app owns the tags it creates: it renames, fills and deletes
// them, within its visible range; it reads every tag, seeing only the
// members and departments of its range; the contacts-sync secret manages
// the app's tags too.
func TestTagScopeOfSelfBuiltApp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	cs := tagAPI{t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)}
	app := tagAPI{t, srv, testkit.AppToken(t, srv)}

	own := app.create("应用标签")
	assertWritten(t, app.post("/cgi-bin/tag/update", map[string]any{"tagid": own, "tagname": "应用标签2"}), "updated")
	// The app sees 研发部 (2, with 平台组 4: zhangsan, lisi) and tag 1
	// (zhouqi); wangwu and 市场部 (3) are outside its range, so invalid.
	r := app.post("/cgi-bin/tag/addtagusers", map[string]any{"tagid": own, "userlist": []string{"lisi", "zhouqi", "wangwu"}, "partylist": []int{4, 3}})
	m := assertWritten(t, r, "ok")
	if m["invalidlist"] != "wangwu" || fmt.Sprint(m["invalidparty"]) != "[3]" {
		t.Errorf("addtagusers by the app, partial: %s", r.Body)
	}
	testkit.WeComError(t, app.post("/cgi-bin/tag/addtagusers", map[string]any{"tagid": own, "userlist": []string{"wangwu"}}), errcode.AllListInvalidAdd)
	// The contacts-sync secret adds what the app cannot reach.
	assertWritten(t, cs.post("/cgi-bin/tag/addtagusers", map[string]any{"tagid": own, "userlist": []string{"wangwu"}, "partylist": []int{3}}), "ok")

	// tag/get: the contacts-sync secret sees everything, the app its range.
	full := cs.tag(own)
	if !slices.Equal(full.userIDs(), []string{"lisi", "zhouqi", "wangwu"}) || !slices.Equal(full.PartyList, []int{4, 3}) {
		t.Errorf("tag/get by the contacts-sync secret: %+v", full)
	}
	seen := app.tag(own)
	if seen.TagName != "应用标签2" || !slices.Equal(seen.userIDs(), []string{"lisi", "zhouqi"}) || !slices.Equal(seen.PartyList, []int{4}) ||
		seen.UserList[0].Name == nil || *seen.UserList[0].Name != "李四" {
		t.Errorf("tag/get by the app: %+v", seen)
	}
	// A tag the app did not create, outside its range, is readable too
	// (无限制), filtered the same way.
	other := cs.create("市场")
	assertWritten(t, cs.post("/cgi-bin/tag/addtagusers", map[string]any{"tagid": other, "userlist": []string{"wangwu", "zhangsan"}, "partylist": []int{3, 2}}), "ok")
	if v := app.tag(other); !slices.Equal(v.userIDs(), []string{"zhangsan"}) || !slices.Equal(v.PartyList, []int{2}) {
		t.Errorf("tag/get by the app of a tag outside its range: %+v", v)
	}
	// tag/list: a self-built app lists every tag.
	want := []string{"1:试点", fmt.Sprintf("%d:应用标签2", own), fmt.Sprintf("%d:市场", other)}
	if got := app.list(); !slices.Equal(got, want) {
		t.Errorf("tag/list by the app: %v, want %v", got, want)
	}

	// The app removes members of its tag and deletes it; the contacts-sync
	// secret may rename and delete an app's tag as well.
	m = assertWritten(t, app.post("/cgi-bin/tag/deltagusers", map[string]any{"tagid": own, "userlist": []string{"lisi", "wangwu"}}), "deleted")
	if m["invalidlist"] != "wangwu" {
		t.Errorf("deltagusers by the app: %v", m)
	}
	assertWritten(t, app.get("/cgi-bin/tag/delete", "tagid", fmt.Sprint(own)), "deleted")
	own2 := app.create("应用标签3")
	assertWritten(t, cs.post("/cgi-bin/tag/update", map[string]any{"tagid": own2, "tagname": "改名"}), "updated")
	assertWritten(t, cs.get("/cgi-bin/tag/delete", "tagid", fmt.Sprint(own2)), "deleted")
	// A deleted tagid reused by someone else is not the app's.
	assertWritten(t, cs.post("/cgi-bin/tag/create", map[string]any{"tagname": "复用", "tagid": own2}), "created")
	testkit.WeComError(t, app.get("/cgi-bin/tag/delete", "tagid", fmt.Sprint(own2)), errcode.NotTagCreator)
}

// Another app of the corp does not own the first app's tags; the 代开发
// app reads like a self-built one.
func TestTagOwnerIsTheCreatingApp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	app := tagAPI{t, srv, testkit.AppToken(t, srv)}
	dk := tagAPI{t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.DKPermanent)}
	own := app.create("应用标签")
	testkit.WeComError(t, dk.post("/cgi-bin/tag/update", map[string]any{"tagid": own, "tagname": "抢"}), errcode.NotTagCreator)
	testkit.WeComError(t, dk.get("/cgi-bin/tag/delete", "tagid", fmt.Sprint(own)), errcode.NotTagCreator)
	dkTag := dk.create("代开发标签")
	if got := dk.list(); len(got) != 3 {
		t.Errorf("tag/list by the 代开发 app: %v, want every tag", got)
	}
	assertWritten(t, dk.get("/cgi-bin/tag/delete", "tagid", fmt.Sprint(dkTag)), "deleted")
	// The 代开发 app sees 研发部 only: tag 1's zhouqi is outside its range.
	if v := dk.tag(1); v.TagName != "试点" || len(v.UserList) != 0 {
		t.Errorf("tag/get 1 by the 代开发 app: %+v", v)
	}
}

// A third-party app lists only its own tags and reads its own and those of
// its visible range, without member names.
func TestTagScopeOfThirdPartyApp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	cs := tagAPI{t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)}
	tp := tagAPI{t, srv, thirdPartyToken(t, srv)}
	outside := cs.create("通讯录标签")
	if got := tp.list(); len(got) != 0 {
		t.Errorf("tag/list by a third-party app without tags: %v", got)
	}
	own := tp.create("第三方标签")
	if got := tp.list(); !slices.Equal(got, []string{fmt.Sprintf("%d:第三方标签", own)}) {
		t.Errorf("tag/list by the third-party app: %v", got)
	}
	// Its range is tag 1 (zhouqi): it may put zhouqi in its tag, not lisi.
	m := assertWritten(t, tp.post("/cgi-bin/tag/addtagusers", map[string]any{"tagid": own, "userlist": []string{"zhouqi", "lisi"}}), "ok")
	if m["invalidlist"] != "lisi" {
		t.Errorf("addtagusers by the third-party app: %v", m)
	}
	for _, id := range []int{own, 1} {
		v := tp.tag(id)
		if !slices.Equal(v.userIDs(), []string{"zhouqi"}) || v.UserList[0].Name != nil {
			t.Errorf("tag/get %d by the third-party app: %+v (no names for third-party apps)", id, v)
		}
	}
	testkit.WeComError(t, tp.get("/cgi-bin/tag/get", "tagid", fmt.Sprint(outside)), errcode.NotTagCreator)
	testkit.WeComError(t, tp.post("/cgi-bin/tag/update", map[string]any{"tagid": 1, "tagname": "新"}), errcode.NotTagCreator)
	assertWritten(t, tp.get("/cgi-bin/tag/delete", "tagid", fmt.Sprint(own)), "deleted")
}

// A corp holds at most 3000 tags (the world's included); one more is
// refused, and deleting one makes room.
func TestTagLimit(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	cs := tagAPI{t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)}
	for i := 2; i <= 3000; i++ {
		r := cs.post("/cgi-bin/tag/create", map[string]any{"tagname": fmt.Sprint("标签", i)})
		if testkit.ErrCode(t, testkit.DecodeMap(t, r.Body)) != 0 {
			t.Fatalf("tag %d: %s", i, r.Body)
		}
	}
	testkit.WeComError(t, cs.post("/cgi-bin/tag/create", map[string]any{"tagname": "第3001个"}), errcode.CorpTagLimit)
	assertWritten(t, cs.get("/cgi-bin/tag/delete", "tagid", "3000"), "deleted")
	if id := cs.create("第3001个"); id != 3000 {
		t.Errorf("tagid after the limit %d, want 3000", id)
	}
}

// Concurrent creates: one name is taken once, and tagids never collide.
func TestTagCreateConcurrently(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	cs := tagAPI{t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)}
	const n = 16
	codes := make([]int, n)
	ids := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			name := "同名"
			if i%2 == 1 {
				name = fmt.Sprint("不同", i)
			}
			// Decoded here by hand: the testkit checks may stop the test,
			// which only the test's own goroutine may do.
			var body struct {
				ErrCode int `json:"errcode"`
				TagID   int `json:"tagid"`
			}
			r := cs.post("/cgi-bin/tag/create", map[string]any{"tagname": name})
			if err := json.Unmarshal(r.Body, &body); err != nil {
				t.Errorf("create %d: %s", i, r.Body)
			}
			codes[i], ids[i] = body.ErrCode, body.TagID
		}()
	}
	testwait.Group(t, &wg)
	won, seen := 0, map[int]bool{}
	for i := range n {
		switch {
		case i%2 == 0 && codes[i] == 0:
			won++
		case i%2 == 0 && codes[i] != int(errcode.InvalidTagName):
			t.Errorf("create %d: errcode %d, want 0 or 40071", i, codes[i])
		case i%2 == 1 && codes[i] != 0:
			t.Errorf("create %d of its own name: errcode %d", i, codes[i])
		}
		if codes[i] == 0 && seen[ids[i]] {
			t.Errorf("tagid %d handed out twice", ids[i])
		}
		seen[ids[i]] = true
	}
	if won != 1 {
		t.Errorf("%d creates of one name succeeded, want 1", won)
	}
	if got := len(cs.list()); got != 1+1+n/2 {
		t.Errorf("tag/list holds %d tags, want %d", got, 1+1+n/2)
	}
}
