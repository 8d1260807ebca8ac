package mockserver_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

func TestStubsOverHTTP(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)

	// A stub answers a path the mock models with state, and wins over it.
	added := testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/stubs", map[string]any{
		"path":     "/cgi-bin/user/get",
		"match":    map[string]any{"query": map[string]string{"userid": "zhangsan"}},
		"response": map[string]any{"userid": "zhangsan", "name": "Stubbed & Co"},
		"times":    1,
	}), http.StatusOK)
	id, _ := added["id"].(string)
	if id == "" {
		t.Fatalf("no id in %v", added)
	}
	r := testkit.Get(t, testkit.UserGetURL(srv, tok, "zhangsan"))
	if !strings.Contains(string(r.Body), `"name":"Stubbed & Co"`) || !strings.HasPrefix(string(r.Body), `{"errcode":0,"errmsg":"ok"`) {
		t.Fatalf("stubbed answer: %s", r.Body)
	}
	// times 1: the next call reaches the model again.
	if m := testkit.GetOK(t, testkit.UserGetURL(srv, tok, "zhangsan")); m["name"] != "张三" {
		t.Fatalf("after the stub was used up: %v", m)
	}

	// A non-zero errcode gets its exact errmsg; the body subset must match.
	testkit.ControlJSON(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/stubs", map[string]any{
		"path":     "/cgi-bin/message/send",
		"match":    map[string]any{"body": map[string]any{"msgtype": "text", "text": map[string]any{"content": "boom"}}},
		"response": map[string]any{"errcode": 45009},
	}), http.StatusOK)
	send := testkit.URL(srv, "/cgi-bin/message/send", "access_token", tok)
	testkit.WeComError(t, testkit.SendJSON(t, http.MethodPost, send, map[string]any{
		"touser": "zhangsan", "msgtype": "text", "agentid": testkit.AgentID, "text": map[string]any{"content": "boom"},
	}), errcode.FreqOutOfLimit)
	testkit.OK(t, testkit.SendJSON(t, http.MethodPost, send, map[string]any{
		"touser": "zhangsan", "msgtype": "text", "agentid": testkit.AgentID, "text": map[string]any{"content": "fine"},
	}))

	list := testkit.ControlJSON(t, testkit.Get(t, srv.URL()+"/_mock/stubs"), http.StatusOK)
	if n := len(testkit.As[[]any](t, list["stubs"])); n != 1 {
		t.Fatalf("%d stubs listed, want 1 (the used-up one is gone)", n)
	}
	stubID := testkit.As[string](t, testkit.As[map[string]any](t, testkit.As[[]any](t, list["stubs"])[0])["id"])
	testkit.ControlJSON(t, testkit.Do(t, http.MethodDelete, srv.URL()+"/_mock/stubs/"+stubID, nil, nil), http.StatusOK)
	testkit.ControlError(t, testkit.Do(t, http.MethodDelete, srv.URL()+"/_mock/stubs/"+stubID, nil, nil), http.StatusNotFound, stubID)
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/stubs", map[string]any{"path": "nope"}), http.StatusBadRequest, "must start with /")
	testkit.ControlError(t, testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/stubs", map[string]any{"path": "/x", "id": "s9"}), http.StatusBadRequest, "set by the server")
}

func TestStubsGoAPIAndReset(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	st, err := srv.AddStub(mockserver.Stub{
		Path:     "/cgi-bin/oa/getapprovalinfo",
		CorpID:   testkit.Corp2,
		Response: json.RawMessage(`{"sp_no_list":["202601010001"],"new_next_cursor":""}`),
	})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.AddStub(mockserver.Stub{Path: "relative"}); err == nil {
		t.Fatal("a bad stub was accepted")
	}
	// Scoped to corp 2: corp 1's call is not stubbed.
	tok2 := testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)
	m := testkit.GetOK(t, testkit.URL(srv, "/cgi-bin/oa/getapprovalinfo", "access_token", tok2))
	if ids, _ := m["sp_no_list"].([]any); len(ids) != 1 || ids[0] != "202601010001" {
		t.Fatalf("stubbed answer %v", m)
	}
	if got := srv.Stubs(); len(got) != 1 || got[0].ID != st.ID || got[0].Hits != 1 {
		t.Fatalf("Stubs() = %+v", got)
	}
	srv.Reset()
	if got := srv.Stubs(); len(got) != 0 {
		t.Fatalf("Reset kept stubs: %+v", got)
	}
}

func TestStubTimesUnderConcurrency(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	if _, err := srv.AddStub(mockserver.Stub{Path: "/cgi-bin/nothing/here", Response: json.RawMessage(`{"n":1}`), Times: 10}); err != nil {
		t.Fatal(err)
	}
	var stubbed atomic.Int32
	var wg sync.WaitGroup
	for range 50 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := testkit.Get(t, srv.URL()+"/cgi-bin/nothing/here")
			if r.Status == http.StatusOK {
				stubbed.Add(1)
			}
		}()
	}
	testwait.Group(t, &wg)
	if stubbed.Load() != 10 {
		t.Fatalf("a times-10 stub answered %d of 50 concurrent calls", stubbed.Load())
	}
}
