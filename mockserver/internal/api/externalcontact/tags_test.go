package externalcontact_test

import (
	str "strings"
	"sync"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

const (
	pathTagList = "/cgi-bin/externalcontact/get_corp_tag_list"
	pathTagAdd  = "/cgi-bin/externalcontact/add_corp_tag"
	pathTagEdit = "/cgi-bin/externalcontact/edit_corp_tag"
	pathTagDel  = "/cgi-bin/externalcontact/del_corp_tag"
	pathMarkTag = "/cgi-bin/externalcontact/mark_tag"
)

// The typed shapes of the documented answers: DecodeStrict fails on a
// field too many or of another type.
type (
	listedTag struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		CreateTime int64  `json:"create_time"`
		Order      int64  `json:"order"`
		Deleted    bool   `json:"deleted"`
	}
	listedGroup struct {
		GroupID    string      `json:"group_id"`
		GroupName  string      `json:"group_name"`
		CreateTime int64       `json:"create_time"`
		Order      int64       `json:"order"`
		Deleted    bool        `json:"deleted"`
		Tag        []listedTag `json:"tag"`
	}
	tagListBody struct {
		ErrCode  int           `json:"errcode"`
		ErrMsg   string        `json:"errmsg"`
		TagGroup []listedGroup `json:"tag_group"`
	}
	// add_corp_tag answers without deleted.
	addedTag struct {
		ID         string `json:"id"`
		Name       string `json:"name"`
		CreateTime int64  `json:"create_time"`
		Order      int64  `json:"order"`
	}
	addedBody struct {
		ErrCode  int    `json:"errcode"`
		ErrMsg   string `json:"errmsg"`
		TagGroup struct {
			GroupID    string     `json:"group_id"`
			GroupName  string     `json:"group_name"`
			CreateTime int64      `json:"create_time"`
			Order      int64      `json:"order"`
			Tag        []addedTag `json:"tag"`
		} `json:"tag_group"`
	}
)

// listTags calls get_corp_tag_list with body.
func listTags(t *testing.T, srv *mockserver.Server, tok string, body any) []listedGroup {
	t.Helper()
	r := testkit.ECPost(t, srv, tok, pathTagList, body)
	testkit.OK(t, r)
	return testkit.DecodeStrict[tagListBody](t, r.Body).TagGroup
}

// addTags calls add_corp_tag with body and returns its answer.
func addTags(t *testing.T, srv *mockserver.Server, tok string, body any) addedBody {
	t.Helper()
	r := testkit.ECPost(t, srv, tok, pathTagAdd, body)
	testkit.OK(t, r)
	return testkit.DecodeStrict[addedBody](t, r.Body)
}

// tagIDError checks the 40068 answer, whose errmsg on the real host names
// both kinds of id.
func tagIDError(t *testing.T, r *testkit.Resp) {
	t.Helper()
	m := testkit.DecodeMap(t, r.Body)
	if code := testkit.ErrCode(t, m); code != int(errcode.InvalidTagID) {
		t.Fatalf("errcode %d, want 40068: %s", code, r.Body)
	}
	if msg, _ := m["errmsg"].(string); !str.HasPrefix(msg, "invalid tagid/groupid, hint: [") {
		t.Errorf("errmsg %q", msg)
	}
	if r.Header.Get("Error-Code") != "40068" {
		t.Errorf("Error-Code header %q", r.Header.Get("Error-Code"))
	}
}

// tagNames lists a group's tag names.
func tagNames(g listedGroup) []string {
	var out []string
	for _, tag := range g.Tag {
		out = append(out, tag.Name)
	}
	return out
}

func TestCorpTagList(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	vip := listedTag{ID: testkit.TagVIP, Name: "重要客户", CreateTime: 1690000000, Order: 2}
	normal := listedTag{ID: testkit.TagNormal, Name: "普通客户", CreateTime: 1690000000, Order: 1}
	t.Run("filters", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			tok  string
			body map[string]any
			want []listedTag // of group 客户等级; nil: no group
		}{
			{"everything", ec, map[string]any{}, []listedTag{vip, normal}},
			{"by the app", app, map[string]any{}, []listedTag{vip, normal}},
			{"by tag", ec, map[string]any{"tag_id": []string{testkit.TagNormal}}, []listedTag{normal}},
			{"by group", ec, map[string]any{"group_id": []string{testkit.TagGroup1}}, []listedTag{vip, normal}},
			{"group_id wins over tag_id", ec, map[string]any{"group_id": []string{testkit.TagGroup1}, "tag_id": []string{testkit.TagVIP}}, []listedTag{vip, normal}},
			{"unknown ids", ec, map[string]any{"tag_id": []string{"etnope"}}, nil},
			{"an agentid", app, map[string]any{"agentid": testkit.AgentID}, []listedTag{vip, normal}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				groups := listTags(t, srv, tc.tok, tc.body)
				if tc.want == nil {
					if len(groups) != 0 {
						t.Errorf("tag_group %+v, want []", groups)
					}
					return
				}
				if len(groups) != 1 {
					t.Fatalf("tag_group %+v, want 客户等级", groups)
				}
				g := groups[0]
				if g.GroupID != testkit.TagGroup1 || g.GroupName != "客户等级" || g.CreateTime != 1690000000 || g.Order != 1 || g.Deleted {
					t.Errorf("group %+v", g)
				}
				if len(g.Tag) != len(tc.want) {
					t.Fatalf("tags %+v, want %+v", g.Tag, tc.want)
				}
				for i := range g.Tag {
					if g.Tag[i] != tc.want[i] {
						t.Errorf("tag %d: %+v, want %+v", i, g.Tag[i], tc.want[i])
					}
				}
			})
		}
	})
	// deleted is always there, a JSON false.
	m := testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagList, map[string]any{}))
	g := testkit.As[map[string]any](t, testkit.As[[]any](t, m["tag_group"])[0])
	if g["deleted"] != false || testkit.As[map[string]any](t, testkit.As[[]any](t, g["tag"])[0])["deleted"] != false {
		t.Errorf("deleted flags: %v", g)
	}
	testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathTagList, map[string]any{"tag_id": "etmockvip0001"}), errcode.InvalidParameter)
	testkit.WeComError(t, testkit.ECPost(t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret), pathTagList, map[string]any{}), errcode.APIForbidden)
}

// Deleted tags and groups leave the full list but are listed, deleted, when
// asked for by id.
func TestCorpTagListDeleted(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagDel, map[string]any{"tag_id": []string{testkit.TagNormal}}))
	if groups := listTags(t, srv, ec, map[string]any{}); len(groups) != 1 || len(groups[0].Tag) != 1 || groups[0].Tag[0].ID != testkit.TagVIP {
		t.Errorf("after deleting 普通客户: %+v", groups)
	}
	groups := listTags(t, srv, ec, map[string]any{"tag_id": []string{testkit.TagNormal}})
	if len(groups) != 1 || groups[0].Deleted || len(groups[0].Tag) != 1 || !groups[0].Tag[0].Deleted {
		t.Errorf("the deleted tag by id: %+v", groups)
	}
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagDel, map[string]any{"group_id": []string{testkit.TagGroup1}}))
	if groups := listTags(t, srv, ec, map[string]any{}); len(groups) != 0 {
		t.Errorf("after deleting the group: %+v", groups)
	}
	groups = listTags(t, srv, ec, map[string]any{"group_id": []string{testkit.TagGroup1}})
	if len(groups) != 1 || !groups[0].Deleted || len(groups[0].Tag) != 2 || !groups[0].Tag[0].Deleted || !groups[0].Tag[1].Deleted {
		t.Errorf("the deleted group by id: %+v", groups)
	}
}

func TestAddCorpTag(t *testing.T) {
	t.Parallel()
	// Frozen: the test compares times to the second.
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	now := srv.Now().Unix()

	// Into the existing group by id: only the new tag comes back; group_name
	// and order are ignored.
	got := addTags(t, srv, app, map[string]any{
		"group_id": testkit.TagGroup1, "group_name": "别的名字", "order": 9, "agentid": testkit.AgentID,
		"tag": []map[string]any{{"name": "潜在客户", "order": 3}},
	})
	g := got.TagGroup
	if g.GroupID != testkit.TagGroup1 || g.GroupName != "客户等级" || g.CreateTime != 1690000000 || g.Order != 1 || len(g.Tag) != 1 {
		t.Fatalf("add to 客户等级: %+v", got)
	}
	if tag := g.Tag[0]; !str.HasPrefix(tag.ID, "et") || len(tag.ID) != 32 || tag.Name != "潜在客户" || tag.Order != 3 || tag.CreateTime != now {
		t.Errorf("new tag %+v", tag)
	}
	if names := tagNames(listTags(t, srv, ec, map[string]any{})[0]); len(names) != 3 || names[2] != "潜在客户" {
		t.Errorf("the group lists %v", names)
	}

	// A new group by name; a name twice in one call makes one tag.
	got = addTags(t, srv, ec, map[string]any{
		"group_name": "来源渠道", "order": 5,
		"tag": []map[string]any{{"name": "官网"}, {"name": "展会", "order": 2}, {"name": "官网", "order": 7}},
	})
	g = got.TagGroup
	if !str.HasPrefix(g.GroupID, "et") || g.GroupID == testkit.TagGroup1 || g.GroupName != "来源渠道" || g.Order != 5 || g.CreateTime != now || len(g.Tag) != 2 || g.Tag[0].Name != "官网" || g.Tag[0].Order != 0 {
		t.Fatalf("new group: %+v", got)
	}
	channels := g.GroupID
	// The name of an existing group adds to it.
	got = addTags(t, srv, ec, map[string]any{"group_name": "来源渠道", "order": 99, "tag": []map[string]any{{"name": "转介绍"}}})
	if got.TagGroup.GroupID != channels || got.TagGroup.Order != 5 || len(got.TagGroup.Tag) != 1 {
		t.Errorf("add by an existing group's name: %+v", got)
	}
	if groups := listTags(t, srv, ec, map[string]any{}); len(groups) != 2 || groups[1].GroupID != channels || len(groups[1].Tag) != 3 {
		t.Errorf("after the adds: %+v", groups)
	}

	long := str.Repeat("长", 31)
	t.Run("refusals", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			body map[string]any
			want errcode.Code
		}{
			{"a name the group has", map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{{"name": "重要客户"}}}, errcode.InvalidTagName},
			{"neither group_id nor group_name", map[string]any{"tag": []map[string]any{{"name": "无组"}}}, errcode.InvalidParameter},
			{"no tags", map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{}}, errcode.InvalidParameter},
			{"no tag field", map[string]any{"group_id": testkit.TagGroup1}, errcode.InvalidParameter},
			{"an empty name", map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{{"name": ""}}}, errcode.InvalidParameter},
			{"a name of 31 characters", map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{{"name": long}}}, errcode.InvalidParameter},
			{"a group name of 31 characters", map[string]any{"group_name": long, "tag": []map[string]any{{"name": "甲"}}}, errcode.InvalidParameter},
			{"a negative order", map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{{"name": "甲", "order": -1}}}, errcode.InvalidParameter},
			{"an order of 2^32", map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{{"name": "甲", "order": int64(1) << 32}}}, errcode.InvalidParameter},
			{"a group order of 2^32", map[string]any{"group_name": "新组", "order": int64(1) << 32, "tag": []map[string]any{{"name": "甲"}}}, errcode.InvalidParameter},
			{"an order that is a string", map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{{"name": "甲", "order": "x"}}}, errcode.InvalidParameter},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				testkit.WeComError(t, testkit.ECPost(t, srv, ec, pathTagAdd, tc.body), tc.want)
			})
		}
		t.Run("an unknown group_id", func(t *testing.T) {
			t.Parallel()
			tagIDError(t, testkit.ECPost(t, srv, ec, pathTagAdd, map[string]any{"group_id": "etnope", "tag": []map[string]any{{"name": "甲"}}}))
		})
	})
	if names := tagNames(listTags(t, srv, ec, map[string]any{})[0]); len(names) != 3 {
		t.Errorf("a refused add changed the group: %v", names)
	}
}

// A deleted group takes no more tags.
func TestAddCorpTagToDeletedGroup(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagDel, map[string]any{"group_id": []string{testkit.TagGroup1}}))
	tagIDError(t, testkit.ECPost(t, srv, ec, pathTagAdd, map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{{"name": "甲"}}}))
	// Its name is free again: a new group gets it.
	got := addTags(t, srv, ec, map[string]any{"group_name": "客户等级", "tag": []map[string]any{{"name": "重要客户"}}})
	if got.TagGroup.GroupID == testkit.TagGroup1 || got.TagGroup.GroupName != "客户等级" {
		t.Errorf("a new 客户等级: %+v", got)
	}
}

// Of concurrent adds of one name to a group, one makes the tag and the
// others find it there (40071).
func TestAddCorpTagOnce(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	const n = 8
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			r := testkit.ECPost(t, srv, ec, pathTagAdd, map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{{"name": "同名"}}})
			codes[i] = testkit.ErrCode(t, testkit.DecodeMap(t, r.Body))
		})
	}
	testwait.Group(t, &wg)
	made := 0
	for _, c := range codes {
		switch c {
		case 0:
			made++
		case int(errcode.InvalidTagName):
		default:
			t.Errorf("errcode %d", c)
		}
	}
	if made != 1 {
		t.Errorf("%d adds made the tag, want 1 (%v)", made, codes)
	}
	if names := tagNames(listTags(t, srv, ec, map[string]any{})[0]); len(names) != 3 {
		t.Errorf("the group lists %v", names)
	}
}

func TestEditCorpTag(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	// The secret edits the admin's tags and groups.
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagEdit, map[string]any{"id": testkit.TagVIP, "name": "核心客户", "order": 7}))
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagEdit, map[string]any{"id": testkit.TagGroup1, "name": "客户分级", "order": 0}))
	// An empty name, and a tag's own name, change nothing.
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagEdit, map[string]any{"id": testkit.TagNormal, "name": ""}))
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagEdit, map[string]any{"id": testkit.TagNormal, "name": "普通客户"}))
	g := listTags(t, srv, ec, map[string]any{})[0]
	if g.GroupName != "客户分级" || g.Order != 0 || g.Tag[0].Name != "核心客户" || g.Tag[0].Order != 7 || g.Tag[1].Name != "普通客户" || g.Tag[1].Order != 1 {
		t.Errorf("after the edits: %+v", g)
	}
	// The customer's tags show the new names.
	follow := testkit.As[map[string]any](t, testkit.As[[]any](t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer1))["follow_user"])[0])
	if tag := testkit.As[map[string]any](t, testkit.As[[]any](t, follow["tags"])[0]); tag["tag_name"] != "核心客户" || tag["group_name"] != "客户分级" {
		t.Errorf("externalcontact/get: %v", tag)
	}

	// The app edits what it created, not the admin's.
	mine := addTags(t, srv, app, map[string]any{"group_name": "应用的组", "tag": []map[string]any{{"name": "应用的标签"}}}).TagGroup
	testkit.OK(t, testkit.ECPost(t, srv, app, pathTagEdit, map[string]any{"id": mine.Tag[0].ID, "name": "改过的标签", "agentid": testkit.AgentID}))
	testkit.OK(t, testkit.ECPost(t, srv, app, pathTagEdit, map[string]any{"id": mine.GroupID, "name": "改过的组"}))
	second := addTags(t, srv, ec, map[string]any{"group_id": testkit.TagGroup1, "tag": []map[string]any{{"name": "第三级"}}}).TagGroup.Tag[0].ID

	t.Run("refusals", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			tok  string
			body map[string]any
			want errcode.Code
		}{
			{"the app on the admin's tag", app, map[string]any{"id": testkit.TagVIP, "name": "甲"}, errcode.NotTagCreator},
			{"the app on the admin's group", app, map[string]any{"id": testkit.TagGroup1, "order": 3}, errcode.NotTagCreator},
			{"the app on a tag the secret made", app, map[string]any{"id": second, "name": "甲"}, errcode.NotTagCreator},
			{"another tag's name", ec, map[string]any{"id": testkit.TagVIP, "name": "普通客户"}, errcode.InvalidTagName},
			{"another group's name", ec, map[string]any{"id": testkit.TagGroup1, "name": "改过的组"}, errcode.InvalidTagName},
			{"a name of 31 characters", ec, map[string]any{"id": testkit.TagVIP, "name": str.Repeat("长", 31)}, errcode.InvalidParameter},
			{"a negative order", ec, map[string]any{"id": testkit.TagVIP, "order": -1}, errcode.InvalidParameter},
			{"no id", ec, map[string]any{"name": "甲"}, errcode.InvalidParameter},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathTagEdit, tc.body), tc.want)
			})
		}
		t.Run("an unknown id", func(t *testing.T) {
			t.Parallel()
			tagIDError(t, testkit.ECPost(t, srv, ec, pathTagEdit, map[string]any{"id": "etnope", "name": "甲"}))
		})
	})
	// A tag in another group may have the name.
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagEdit, map[string]any{"id": mine.Tag[0].ID, "name": "核心客户"}))
}

// A deleted tag cannot be edited.
func TestEditDeletedCorpTag(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagDel, map[string]any{"tag_id": []string{testkit.TagNormal}}))
	tagIDError(t, testkit.ECPost(t, srv, ec, pathTagEdit, map[string]any{"id": testkit.TagNormal, "name": "甲"}))
}

func TestDelCorpTag(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	mine := addTags(t, srv, app, map[string]any{"group_name": "应用的组", "tag": []map[string]any{{"name": "一"}, {"name": "二"}}}).TagGroup

	t.Run("refusals", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			tok  string
			body map[string]any
			want errcode.Code
		}{
			{"nothing to delete", ec, map[string]any{}, errcode.InvalidParameter},
			{"empty lists", ec, map[string]any{"tag_id": []string{}, "group_id": []string{}}, errcode.InvalidParameter},
			{"the app on the admin's tag", app, map[string]any{"tag_id": []string{testkit.TagVIP}}, errcode.NotTagCreator},
			{"the app on the admin's group", app, map[string]any{"group_id": []string{testkit.TagGroup1}}, errcode.NotTagCreator},
			{"the app's tag and the admin's", app, map[string]any{"tag_id": []string{mine.Tag[0].ID, testkit.TagVIP}}, errcode.NotTagCreator},
			{"tag_id not a list", ec, map[string]any{"tag_id": testkit.TagVIP}, errcode.InvalidParameter},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathTagDel, tc.body), tc.want)
			})
		}
		for _, tc := range []struct {
			name string
			body map[string]any
		}{
			{"an unknown tag", map[string]any{"tag_id": []string{"etnope"}}},
			{"a known tag and an unknown one", map[string]any{"tag_id": []string{testkit.TagNormal, "etnope"}}},
			{"an empty tag id with a group", map[string]any{"tag_id": []string{""}, "group_id": []string{testkit.TagGroup1}}},
			{"an unknown group", map[string]any{"group_id": []string{"etnope"}}},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				tagIDError(t, testkit.ECPost(t, srv, ec, pathTagDel, tc.body))
			})
		}
	})
	// Nothing was deleted by the refusals.
	if groups := listTags(t, srv, ec, map[string]any{}); len(groups) != 2 || len(groups[0].Tag) != 2 || len(groups[1].Tag) != 2 {
		t.Fatalf("after the refusals: %+v", groups)
	}

	// The app deletes its tags; the last one takes the group with it.
	testkit.OK(t, testkit.ECPost(t, srv, app, pathTagDel, map[string]any{"tag_id": []string{mine.Tag[0].ID}, "agentid": testkit.AgentID}))
	testkit.OK(t, testkit.ECPost(t, srv, app, pathTagDel, map[string]any{"tag_id": []string{mine.Tag[1].ID}}))
	if groups := listTags(t, srv, ec, map[string]any{"group_id": []string{mine.GroupID}}); len(groups) != 1 || !groups[0].Deleted {
		t.Errorf("a group without tags: %+v", groups)
	}
	tagIDError(t, testkit.ECPost(t, srv, app, pathTagDel, map[string]any{"tag_id": []string{mine.Tag[0].ID}}))

	// The secret deletes the admin's tag: the customer loses it.
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagDel, map[string]any{"tag_id": []string{testkit.TagVIP}}))
	follow := testkit.As[map[string]any](t, testkit.As[[]any](t, testkit.OK(t, testkit.ECGet(t, srv, ec, pathGet, "external_userid", testkit.Customer1))["follow_user"])[0])
	if tags := testkit.As[[]any](t, follow["tags"]); len(tags) != 0 {
		t.Errorf("zhangsan's tags on 陈小明 after the delete: %v", tags)
	}
	if groups := listTags(t, srv, ec, map[string]any{}); len(groups) != 1 || len(groups[0].Tag) != 1 || groups[0].Tag[0].ID != testkit.TagNormal {
		t.Errorf("after the deletes: %+v", groups)
	}
}

// followTags is member userID's tag ids on a customer, through
// externalcontact/get.
func followTags(t *testing.T, srv *mockserver.Server, tok, customer, userID string) []string {
	t.Helper()
	for _, f := range testkit.As[[]any](t, testkit.OK(t, testkit.ECGet(t, srv, tok, pathGet, "external_userid", customer))["follow_user"]) {
		f := testkit.As[map[string]any](t, f)
		if f["userid"] != userID {
			continue
		}
		ids := []string{}
		for _, tag := range testkit.As[[]any](t, f["tags"]) {
			ids = append(ids, testkit.As[string](t, testkit.As[map[string]any](t, tag)["tag_id"]))
		}
		return ids
	}
	t.Fatalf("%s does not follow %s", userID, customer)
	return nil
}

func TestMarkTag(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec, app := testkit.ECToken(t, srv), testkit.AppToken(t, srv)
	// zhangsan's 林小红 is 普通客户: make her 重要客户.
	testkit.OK(t, testkit.ECPost(t, srv, app, pathMarkTag, map[string]any{
		"userid": "zhangsan", "external_userid": testkit.Customer2, "add_tag": []string{testkit.TagVIP}, "remove_tag": []string{testkit.TagNormal},
	}))
	if got := followTags(t, srv, ec, testkit.Customer2, "zhangsan"); len(got) != 1 || got[0] != testkit.TagVIP {
		t.Errorf("after mark_tag: %v", got)
	}
	// Adding a tag twice keeps one; a tag in both lists ends up removed;
	// removing one the customer lacks is fine.
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathMarkTag, map[string]any{
		"userid": "lisi", "external_userid": testkit.Customer1, "add_tag": []string{testkit.TagVIP, testkit.TagVIP, testkit.TagNormal}, "remove_tag": []string{testkit.TagNormal},
	}))
	if got := followTags(t, srv, ec, testkit.Customer1, "lisi"); len(got) != 1 || got[0] != testkit.TagVIP {
		t.Errorf("lisi's tags: %v", got)
	}
	if got := followTags(t, srv, ec, testkit.Customer1, "zhangsan"); len(got) != 1 || got[0] != testkit.TagVIP {
		t.Errorf("zhangsan's tags on the same customer changed: %v", got)
	}

	mark := func(userID, customer string, add, remove []string) map[string]any {
		return map[string]any{"userid": userID, "external_userid": customer, "add_tag": add, "remove_tag": remove}
	}
	vip := []string{testkit.TagVIP}
	t.Run("refusals", func(t *testing.T) {
		for _, tc := range []struct {
			name string
			tok  string
			body map[string]any
			want errcode.Code
		}{
			{"a member outside the app's range", app, mark("wangwu", testkit.Customer1, vip, nil), errcode.NoPrivilege},
			{"a member who does not follow the customer", ec, mark("lisi", testkit.Customer2, vip, nil), errcode.NotExternalContact},
			{"a member without 客户联系", ec, mark("zhouqi", testkit.Customer1, vip, nil), errcode.NoExternalContactPrivilege},
			{"an unknown member", ec, mark("nobody", testkit.Customer1, vip, nil), errcode.UserIDNotFound},
			{"a malformed userid", ec, mark("no body", testkit.Customer1, vip, nil), errcode.InvalidUserID},
			{"an unknown customer", ec, mark("zhangsan", "wmnope", vip, nil), errcode.InvalidExternalUserID},
			{"no customer", ec, map[string]any{"userid": "zhangsan", "add_tag": vip}, errcode.ExternalUserIDMissing},
			{"no userid", ec, map[string]any{"external_userid": testkit.Customer1, "add_tag": vip}, errcode.InvalidParameter},
			{"nothing to add or remove", ec, mark("zhangsan", testkit.Customer1, nil, nil), errcode.InvalidParameter},
			{"add_tag not a list", ec, map[string]any{"userid": "zhangsan", "external_userid": testkit.Customer1, "add_tag": testkit.TagVIP}, errcode.InvalidParameter},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				testkit.WeComError(t, testkit.ECPost(t, srv, tc.tok, pathMarkTag, tc.body), tc.want)
			})
		}
		for _, tc := range []struct {
			name string
			body map[string]any
		}{
			{"an unknown tag to add", mark("zhangsan", testkit.Customer1, []string{"etnope"}, nil)},
			{"an unknown tag to remove", mark("zhangsan", testkit.Customer1, nil, []string{"etnope"})},
			{"a known tag and an unknown one", mark("zhangsan", testkit.Customer3, []string{testkit.TagVIP, "etnope"}, nil)},
		} {
			t.Run(tc.name, func(t *testing.T) {
				t.Parallel()
				tagIDError(t, testkit.ECPost(t, srv, ec, pathMarkTag, tc.body))
			})
		}
	})
	if got := followTags(t, srv, ec, testkit.Customer3, "zhangsan"); len(got) != 0 {
		t.Errorf("a refused mark_tag tagged 王总: %v", got)
	}
}

// A deleted tag can be neither put on nor taken off.
func TestMarkDeletedTag(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ec := testkit.ECToken(t, srv)
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathTagDel, map[string]any{"tag_id": []string{testkit.TagVIP}}))
	for _, body := range []map[string]any{
		{"userid": "zhangsan", "external_userid": testkit.Customer2, "add_tag": []string{testkit.TagVIP}},
		{"userid": "zhangsan", "external_userid": testkit.Customer1, "remove_tag": []string{testkit.TagVIP}},
	} {
		tagIDError(t, testkit.ECPost(t, srv, ec, pathMarkTag, body))
	}
	// Marking another tag drops the deleted one for good.
	testkit.OK(t, testkit.ECPost(t, srv, ec, pathMarkTag, map[string]any{"userid": "zhangsan", "external_userid": testkit.Customer1, "add_tag": []string{testkit.TagNormal}}))
	if got := followTags(t, srv, ec, testkit.Customer1, "zhangsan"); len(got) != 1 || got[0] != testkit.TagNormal {
		t.Errorf("after marking 普通客户: %v", got)
	}
}
