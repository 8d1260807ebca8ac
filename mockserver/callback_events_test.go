package mockserver_test

import (
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

var cbClockStart = time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)

// eventOf asserts the type of the next event of r.
func eventOf[T callback.Event](t *testing.T, r *appReceiver) T {
	t.Helper()
	ev := r.next(t)
	typed, ok := ev.(T)
	if !ok {
		t.Fatalf("got %T (%s), want %T: %s", ev, ev.Kind(), typed, ev.Raw())
	}
	return typed
}

// changeOf waits for the next change_contact of r and checks its header.
func changeOf(t *testing.T, r *appReceiver, changeType string, now time.Time) *callback.ChangeContactEvent {
	t.Helper()
	ev := eventOf[*callback.ChangeContactEvent](t, r)
	if ev.ChangeType != changeType || ev.FromUserName != "sys" || ev.ToUserName != testkit.Corp1 ||
		ev.MsgType != "event" || ev.CreateTime != now.Unix() {
		t.Fatalf("change_contact header: %+v, want %s from sys to %s at %d\n%s", ev.EventHeader, changeType, testkit.Corp1, now.Unix(), ev.Raw())
	}
	return ev
}

// An app built on client/callback receives and decodes every kind of
// event the mock generates: the seven change_contact kinds (from the
// contact write APIs and the control API), member messages, enter_agent,
// menu events and raw XML; the contact-sync assistant gets everything but
// its own API changes.
func TestCallbackEveryEventKind(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(cbClockStart))
	now := srv.Now()
	app := newAppReceiver(t, testkit.Corp1, func(ev callback.Event) (callback.Reply, error) {
		if m, ok := ev.(*callback.TextMessage); ok {
			return callback.TextReply("echo: " + m.Content), nil
		}
		return nil, nil
	})
	contacts := newAppReceiver(t, testkit.Corp1, nil)
	configure(t, srv, testkit.Corp1, testkit.AgentID, app.URL)
	configure(t, srv, testkit.Corp1, mockserver.ContactsAgentID, contacts.URL)
	ctok := testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret)
	post := func(path string, body any) *testkit.Resp {
		t.Helper()
		return testkit.SendJSON(t, http.MethodPost, testkit.URL(srv, path, "access_token", ctok), body)
	}
	settle := func() []mockserver.Delivery {
		t.Helper()
		ds := testkit.WaitDeliveries(t, srv, mockserver.DeliveryFilter{})
		for _, d := range ds {
			if d.Status != mockserver.DeliveryDelivered {
				t.Fatalf("delivery %s %s: %s %s", d.ID, d.Kind, d.Status, d.Error)
			}
		}
		return ds
	}

	// create_user through the API: the app sees the new member (研发部);
	// the contact-sync assistant made it, so it hears nothing.
	r := post("/cgi-bin/user/create", map[string]any{
		"userid": "chenba", "name": "陈八", "department": []int{2}, "mobile": "13800000008",
		"gender": "1", "email": "chenba@mock.example.com", "position": "工程师", "alias": "Ba",
		"direct_leader": []string{"zhangsan"}, "is_leader_in_dept": []int{0},
		"extattr": map[string]any{"attrs": []any{
			map[string]any{"type": 0, "name": "工号", "text": map[string]any{"value": "A0008"}},
			map[string]any{"type": 1, "name": "主页", "web": map[string]any{"url": "https://mock.example.com/chenba", "title": "主页"}},
		}},
	})
	if !strings.HasPrefix(string(r.Body), `{"errcode":0,"errmsg":"created"`) {
		t.Fatalf("user/create: %s", r)
	}
	settle()
	ev := changeOf(t, app, callback.CreateUser, now)
	if ev.UserID != "chenba" || ev.Name != "陈八" || !slices.Equal(ev.Department, []int{2}) || ev.MainDepartment != 2 ||
		ev.Mobile != "13800000008" || ev.Gender != "1" || ev.Email != "chenba@mock.example.com" ||
		ev.Position != "工程师" || ev.Alias != "Ba" || !slices.Equal(ev.DirectLeader, []string{"zhangsan"}) ||
		!slices.Equal(ev.IsLeaderInDept, []int{0}) || ev.Status != 4 || len(ev.ExtAttr) != 2 ||
		ev.ExtAttr[0].Text.Value != "A0008" || ev.ExtAttr[1].Web.Url != "https://mock.example.com/chenba" {
		t.Errorf("create_user: %+v\n%s", ev.ContactChange, ev.Raw())
	}
	contacts.none(t)

	// update_user from the admin console (Go API): both hear it, with only
	// what changed.
	if _, err := srv.UpdateUser(testkit.Corp1, "chenba", func(m *fixtures.Member) { m.Position = "架构师" }); err != nil {
		t.Fatal(err)
	}
	settle()
	for _, rc := range []*appReceiver{contacts, app} {
		ev := changeOf(t, rc, callback.UpdateUser, now)
		if ev.UserID != "chenba" || ev.Position != "架构师" || ev.Has("Name") || ev.Has("Mobile") || ev.Has("NewUserID") {
			t.Errorf("update_user: %s", ev.Raw())
		}
	}

	// A rename through the API carries NewUserID.
	r = post("/cgi-bin/user/update", map[string]any{"userid": "chenba", "new_userid": "chenba2"})
	if !strings.HasPrefix(string(r.Body), `{"errcode":0,"errmsg":"updated"`) {
		t.Fatalf("user/update: %s", r)
	}
	settle()
	if ev := changeOf(t, app, callback.UpdateUser, now); ev.UserID != "chenba" || ev.NewUserID != "chenba2" {
		t.Errorf("rename: %s", ev.Raw())
	}
	contacts.none(t)

	// delete_user.
	r = testkit.Get(t, testkit.URL(srv, "/cgi-bin/user/delete", "access_token", ctok, "userid", "chenba2"))
	if !strings.HasPrefix(string(r.Body), `{"errcode":0,"errmsg":"deleted"`) {
		t.Fatalf("user/delete: %s", r)
	}
	settle()
	if ev := changeOf(t, app, callback.DeleteUser, now); ev.UserID != "chenba2" || ev.Has("Name") {
		t.Errorf("delete_user: %s", ev.Raw())
	}

	// create_party, update_party (console), delete_party.
	r = post("/cgi-bin/department/create", map[string]any{"name": "测试组", "parentid": 2, "order": 5, "id": 40})
	if m := testkit.DecodeMap(t, r.Body); testkit.Str(t, m, "errmsg") != "created" || testkit.Num(t, m, "id") != 40 {
		t.Fatalf("department/create: %s", r)
	}
	settle()
	if ev := changeOf(t, app, callback.CreateParty, now); ev.Id != 40 || ev.Name != "测试组" || ev.ParentId != 2 || ev.Order != 5 {
		t.Errorf("create_party: %s", ev.Raw())
	}
	if _, err := srv.UpdateDepartment(testkit.Corp1, 40, func(d *fixtures.Department) { d.Name = "质量组" }); err != nil {
		t.Fatal(err)
	}
	settle()
	for _, rc := range []*appReceiver{contacts, app} {
		if ev := changeOf(t, rc, callback.UpdateParty, now); ev.Id != 40 || ev.Name != "质量组" || ev.Has("ParentId") {
			t.Errorf("update_party: %s", ev.Raw())
		}
	}
	r = testkit.Get(t, testkit.URL(srv, "/cgi-bin/department/delete", "access_token", ctok, "id", "40"))
	if !strings.HasPrefix(string(r.Body), `{"errcode":0,"errmsg":"deleted"`) {
		t.Fatalf("department/delete: %s", r)
	}
	settle()
	if ev := changeOf(t, app, callback.DeleteParty, now); ev.Id != 40 {
		t.Errorf("delete_party: %s", ev.Raw())
	}

	// update_tag: the app's visible range includes tag 1.
	if _, err := srv.AddTagUsers(testkit.Corp1, 1, []string{"lisi"}, []int{3}); err != nil {
		t.Fatal(err)
	}
	settle()
	for _, rc := range []*appReceiver{contacts, app} {
		ev := changeOf(t, rc, callback.UpdateTag, now)
		if ev.TagId != 1 || !slices.Equal(ev.AddUserItems, []string{"lisi"}) || !slices.Equal(ev.AddPartyItems, []int{3}) || ev.Has("DelUserItems") {
			t.Errorf("update_tag: %s", ev.Raw())
		}
	}
	r = post("/cgi-bin/tag/deltagusers", map[string]any{"tagid": 1, "userlist": []string{"lisi"}})
	if !strings.HasPrefix(string(r.Body), `{"errcode":0,"errmsg":"deleted"`) {
		t.Fatalf("tag/deltagusers: %s", r)
	}
	settle()
	if ev := changeOf(t, app, callback.UpdateTag, now); !slices.Equal(ev.DelUserItems, []string{"lisi"}) || ev.Has("AddUserItems") {
		t.Errorf("update_tag (del): %s", ev.Raw())
	}
	contacts.none(t)

	// Member activity triggered through the Go API.
	trigger := func(req mockserver.CallbackTrigger) mockserver.TriggeredCallback {
		t.Helper()
		req.CorpID = testkit.Corp1
		if req.AgentID == 0 && req.Kind != "raw" {
			req.AgentID = testkit.AgentID
		}
		out, err := srv.TriggerCallback(req)
		if err != nil {
			t.Fatalf("TriggerCallback(%+v): %v", req, err)
		}
		return out
	}
	text := trigger(mockserver.CallbackTrigger{Kind: "text", From: "lisi", Content: "你好"})
	msg := eventOf[*callback.TextMessage](t, app)
	if msg.Content != "你好" || msg.FromUserName != "lisi" || msg.ToUserName != testkit.Corp1 || msg.AgentID != testkit.AgentID ||
		msg.MsgId != text.MsgID || msg.CreateTime != now.Unix() {
		t.Errorf("text: %+v\n%s", msg, msg.Raw())
	}
	d := testkit.WaitDelivery(t, srv, text.ID)
	if d.Status != mockserver.DeliveryDelivered || !strings.Contains(d.Reply, "<Content><![CDATA[echo: 你好]]></Content>") ||
		!strings.Contains(d.Reply, "<ToUserName><![CDATA[lisi]]></ToUserName>") || d.ReplyError != "" {
		t.Errorf("passive reply not recorded: %+v", d)
	}

	trigger(mockserver.CallbackTrigger{Kind: "enter_agent", From: "zhangsan"})
	if ev := eventOf[*callback.EnterAgentEvent](t, app); ev.FromUserName != "zhangsan" || ev.AgentID != testkit.AgentID || ev.EventKey != "" {
		t.Errorf("enter_agent: %s", ev.Raw())
	}
	trigger(mockserver.CallbackTrigger{Kind: "click", From: "zhouqi", EventKey: "MENU_REPORT"})
	if ev := eventOf[*callback.MenuClickEvent](t, app); ev.Kind() != "click" || ev.EventKey != "MENU_REPORT" || ev.FromUserName != "zhouqi" {
		t.Errorf("click: %s", ev.Raw())
	}
	trigger(mockserver.CallbackTrigger{Kind: "view", From: "zhangsan", EventKey: "https://mock.example.com/"})
	if ev := eventOf[*callback.MenuClickEvent](t, app); ev.Kind() != "view" || ev.EventKey != "https://mock.example.com/" {
		t.Errorf("view: %s", ev.Raw())
	}
	trigger(mockserver.CallbackTrigger{Kind: "subscribe", From: "lisi"})
	eventOf[*callback.SubscribeEvent](t, app)
	trigger(mockserver.CallbackTrigger{Kind: "unsubscribe", From: "lisi"})
	eventOf[*callback.UnsubscribeEvent](t, app)
	trigger(mockserver.CallbackTrigger{Kind: "raw", AgentID: testkit.AgentID, XML: `<xml><ToUserName><![CDATA[` + testkit.Corp1 +
		`]]></ToUserName><FromUserName><![CDATA[lisi]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
		`<Event><![CDATA[LOCATION]]></Event><Latitude>23.1</Latitude><Longitude>113.3</Longitude><Precision>30</Precision><AgentID>1000002</AgentID><AppType><![CDATA[wxwork]]></AppType></xml>`})
	if ev := eventOf[*callback.LocationEvent](t, app); ev.Latitude != 23.1 || ev.AppType != "wxwork" {
		t.Errorf("raw LOCATION: %s", ev.Raw())
	}
	// A raw trigger with agentid 0 goes to the contact-sync assistant.
	trigger(mockserver.CallbackTrigger{Kind: "raw", XML: `<xml><ToUserName><![CDATA[` + testkit.Corp1 +
		`]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1</CreateTime><MsgType><![CDATA[event]]></MsgType>` +
		`<Event><![CDATA[batch_job_result]]></Event><BatchJob><JobId><![CDATA[job1]]></JobId><JobType><![CDATA[sync_user]]></JobType><ErrCode>0</ErrCode><ErrMsg><![CDATA[ok]]></ErrMsg></BatchJob></xml>`})
	if ev := eventOf[*callback.BatchJobResultEvent](t, contacts); ev.BatchJob.JobId != "job1" {
		t.Errorf("raw batch_job_result: %s", ev.Raw())
	}
	settle()
	app.none(t)
	contacts.none(t)

	// The journal names every kind.
	var kinds []string
	for _, d := range srv.Deliveries(mockserver.DeliveryFilter{}) {
		kinds = append(kinds, d.Kind)
	}
	for _, want := range []string{"change_contact/create_user", "change_contact/update_user", "change_contact/delete_user",
		"change_contact/create_party", "change_contact/update_party", "change_contact/delete_party", "change_contact/update_tag",
		"text", "enter_agent", "click", "view", "subscribe", "unsubscribe", "raw"} {
		if !slices.Contains(kinds, want) {
			t.Errorf("journal lacks %s: %v", want, kinds)
		}
	}
	if got := srv.Deliveries(mockserver.DeliveryFilter{Receiver: "contacts", Kind: "change_contact"}); len(got) != 3 {
		t.Errorf("contact-sync assistant got %d change_contact deliveries, want the console's 3", len(got))
	}
}

// Apps hear only about members, departments and tags inside their visible
// range, and apps without sensitive_fields get no mobile, email, gender,
// avatar or address; the contact-sync assistant hears everything.
func TestChangeContactVisibilityAndSensitiveFields(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	app := newAppReceiver(t, testkit.Corp1, nil)
	contacts := newAppReceiver(t, testkit.Corp1, nil)
	configure(t, srv, testkit.Corp1, testkit.AgentID, app.URL)
	configure(t, srv, testkit.Corp1, mockserver.ContactsAgentID, contacts.URL)

	// wangwu (市场部) is outside the app's range.
	res, err := srv.UpdateUser(testkit.Corp1, "wangwu", func(m *fixtures.Member) { m.Mobile = "13900000003" })
	if err != nil {
		t.Fatal(err)
	}
	if len(res.Deliveries) != 1 {
		t.Fatalf("deliveries %v, want only the contact-sync assistant's", res.Deliveries)
	}
	testkit.WaitDeliveries(t, srv, mockserver.DeliveryFilter{})
	if ev := eventOf[*callback.ChangeContactEvent](t, contacts); ev.UserID != "wangwu" || ev.Mobile != "13900000003" {
		t.Errorf("contacts: %s", ev.Raw())
	}
	app.none(t)

	// Moving wangwu into 研发部 brings him into the range: the app hears it.
	if _, err := srv.UpdateUser(testkit.Corp1, "wangwu", func(m *fixtures.Member) { m.Department = []int{2}; m.MainDepartment = 2 }); err != nil {
		t.Fatal(err)
	}
	testkit.WaitDeliveries(t, srv, mockserver.DeliveryFilter{})
	if ev := eventOf[*callback.ChangeContactEvent](t, app); ev.UserID != "wangwu" || !slices.Equal(ev.Department, []int{2}) || ev.MainDepartment != 2 {
		t.Errorf("app: %s", ev.Raw())
	}
	contacts.next(t)

	// The second corp's app has no sensitive_fields.
	app2 := newAppReceiver(t, testkit.Corp2, nil)
	configure(t, srv, testkit.Corp2, testkit.AgentID, app2.URL)
	if _, err := srv.CreateUser(testkit.Corp2, fixtures.Member{UserID: "sunjiu", Name: "孙九", Department: []int{1}, Mobile: "13900000009", Email: "s@x.example.com", Gender: "2"}); err != nil {
		t.Fatal(err)
	}
	testkit.WaitDeliveries(t, srv, mockserver.DeliveryFilter{CorpID: testkit.Corp2})
	ev := eventOf[*callback.ChangeContactEvent](t, app2)
	if ev.UserID != "sunjiu" || ev.Name != "孙九" {
		t.Errorf("create_user: %s", ev.Raw())
	}
	for _, hidden := range []string{"Mobile", "Email", "Gender", "Avatar", "Address", "BizMail"} {
		if ev.Has(hidden) {
			t.Errorf("an app without sensitive_fields got %s: %s", hidden, ev.Raw())
		}
	}
	// A change of hidden fields only tells it nothing.
	res, err = srv.UpdateUser(testkit.Corp2, "sunjiu", func(m *fixtures.Member) { m.Mobile = "13900000010" })
	if err != nil || len(res.Deliveries) != 0 {
		t.Errorf("hidden-field update: %+v, %v", res, err)
	}
}

// The config set through the control API is what the fixtures can say too:
// apps and the contact-sync assistant with callbacks from the start.
func TestCallbackConfigFromFixtures(t *testing.T) {
	t.Parallel()
	app := newAppReceiver(t, "wwcbcorp", nil)
	contacts := newAppReceiver(t, "wwcbcorp", nil)
	w := testkit.ParseWorld(t, `
corps:
  - corpid: wwcbcorp
    name: CB
    contacts_secret: cb-contacts
    contacts_callback: {url: "`+contacts.URL+`/contacts", token: `+cbToken+`, encoding_aes_key: `+cbKey+`}
    apps:
      - agentid: 7
        name: A
        secret: cb-app
        visible: {departments: [1]}
        callback: {url: "`+app.URL+`/app?x=1", token: `+cbToken+`, encoding_aes_key: `+cbKey+`}
    departments:
      - {id: 1, name: Root, parentid: 0}
    members:
      - {userid: u1, name: U1, department: [1], mobile: "13000000001"}
`)
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	cfgs := srv.CallbackConfigs()
	if len(cfgs) != 2 || cfgs[0].AgentID != 0 || cfgs[1].AgentID != 7 || cfgs[1].URL != app.URL+"/app?x=1" {
		t.Fatalf("CallbackConfigs: %+v", cfgs)
	}
	if _, err := srv.DeleteUser("wwcbcorp", "u1"); err != nil {
		t.Fatal(err)
	}
	testkit.WaitDeliveries(t, srv, mockserver.DeliveryFilter{})
	if ev := eventOf[*callback.ChangeContactEvent](t, app); ev.ChangeType != callback.DeleteUser {
		t.Errorf("app: %s", ev.Raw())
	}
	if ev := eventOf[*callback.ChangeContactEvent](t, contacts); ev.ChangeType != callback.DeleteUser {
		t.Errorf("contacts: %s", ev.Raw())
	}

	// Invalid callback configurations are named.
	for _, bad := range []string{
		`{url: "ftp://x", token: ` + cbToken + `, encoding_aes_key: ` + cbKey + `}`,
		`{url: "http://x", token: "bad token!", encoding_aes_key: ` + cbKey + `}`,
		`{url: "http://x", token: ` + cbToken + `, encoding_aes_key: short}`,
	} {
		_, err := fixtures.Parse([]byte(`
corps:
  - corpid: c
    name: C
    apps:
      - {agentid: 1, name: A, secret: s, callback: ` + bad + `}
    departments: [{id: 1, name: R, parentid: 0}]
    members: []
`))
		if err == nil || !strings.Contains(err.Error(), "apps[0] (1): callback:") {
			t.Errorf("%s: error %v", bad, err)
		}
	}

	// Reset forgets runtime configuration: the fixtures' comes back.
	if err := srv.RemoveCallback("wwcbcorp", 7); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.CallbackConfigs()); n != 1 {
		t.Errorf("after RemoveCallback: %d configs", n)
	}
	srv.Reset()
	if n := len(srv.CallbackConfigs()); n != 2 {
		t.Errorf("after Reset: %d configs, want the fixtures' 2", n)
	}
}
