package store

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// appChatStore serves the default world with app 1000002 seeing the root
// department, as the appchat APIs require.
func appChatStore(t *testing.T) *Store {
	t.Helper()
	w := fixtures.Default()
	w.Corps[0].Apps[0].Visible = fixtures.Visibility{Departments: []int{1}}
	return msgStore(t, w)
}

func createTestChat(s *Store, chatID string) (AppChat, error) {
	return s.CreateAppChat(AppChatCreate{CorpID: msgCorp, AgentID: msgAgent, ChatID: chatID, Owner: "zhangsan", UserList: []string{"zhangsan", "lisi"}})
}

// The chat table is bounded in count: past it, create answers 45009 and
// the chats already there keep working.
func TestAppChatTableCountBound(t *testing.T) {
	t.Parallel()
	s := appChatStore(t)
	for i := range DefaultAppChatCount {
		if _, err := createTestChat(s, ""); err != nil {
			t.Fatalf("chat %d: %v", i, err)
		}
	}
	if _, err := createTestChat(s, "onetoomany"); !errors.Is(err, errcode.FreqOutOfLimit) {
		t.Fatalf("chat %d: %v, want 45009", DefaultAppChatCount+1, err)
	}
	if n, _ := s.AppChatCounts(); n != DefaultAppChatCount {
		t.Errorf("table holds %d chats, want %d", n, DefaultAppChatCount)
	}
	s.Reset()
	if n, b := s.AppChatCounts(); n != 0 || b != 0 {
		t.Errorf("after Reset: %d chats, %d bytes", n, b)
	}
	if _, err := createTestChat(s, "afterreset"); err != nil {
		t.Errorf("create after Reset: %v", err)
	}
}

// The chat table is bounded in bytes: a create or an update that grows a
// chat past it answers 45009 and changes nothing; one that shrinks a chat
// still works and frees its bytes.
func TestAppChatTableByteBound(t *testing.T) {
	t.Parallel()
	s := appChatStore(t)
	first, err := createTestChat(s, "first")
	if err != nil {
		t.Fatal(err)
	}
	_, used := s.AppChatCounts()
	if used != first.size() || used == 0 {
		t.Fatalf("table weighs %d bytes, the chat %d", used, first.size())
	}
	s.SetAppChatLimits(DefaultAppChatCount, used+first.size()+10)
	if _, err := createTestChat(s, "second"); err != nil {
		t.Fatalf("second chat within the bound: %v", err)
	}
	if _, err := createTestChat(s, "third"); !errors.Is(err, errcode.FreqOutOfLimit) {
		t.Fatalf("third chat past the bound: %v, want 45009", err)
	}
	_, err = s.UpdateAppChat(AppChatUpdate{CorpID: msgCorp, AgentID: msgAgent, ChatID: "first", Name: strings.Repeat("名", 50)})
	if !errors.Is(err, errcode.FreqOutOfLimit) {
		t.Fatalf("growing update past the bound: %v, want 45009", err)
	}
	if ch, _ := s.AppChat(msgCorp, msgAgent, "first"); ch.Name != "" {
		t.Errorf("refused update renamed the chat to %q", ch.Name)
	}
	if _, err := s.UpdateAppChat(AppChatUpdate{CorpID: msgCorp, AgentID: msgAgent, ChatID: "first", Add: []string{"wangwu"}, Del: []string{"lisi"}}); err != nil {
		t.Fatalf("same-size update: %v", err)
	}
	if _, err := s.UpdateAppChat(AppChatUpdate{CorpID: msgCorp, AgentID: msgAgent, ChatID: "second", Owner: "lisi", Add: []string{"zhouqi"}, Del: []string{"zhangsan"}}); err != nil {
		t.Fatalf("shrinking update: %v", err)
	}
	_, after := s.AppChatCounts()
	want := int64(0)
	for _, id := range []string{"first", "second"} {
		ch, err := s.AppChat(msgCorp, msgAgent, id)
		if err != nil {
			t.Fatal(err)
		}
		want += ch.size()
	}
	if after != want {
		t.Errorf("table weighs %d bytes, its chats %d", after, want)
	}
}

// Concurrent creates of one chatid: exactly one wins, the others get 86215.
func TestAppChatCreateSameIDConcurrently(t *testing.T) {
	t.Parallel()
	s := appChatStore(t)
	const n = 16
	errs := make(chan error, n)
	for range n {
		go func() {
			_, err := createTestChat(s, "race")
			errs <- err
		}()
	}
	won := 0
	for range n {
		switch err := testwait.Recv(t, errs); {
		case err == nil:
			won++
		case !errors.Is(err, errcode.ChatIDExisted):
			t.Errorf("create: %v", err)
		}
	}
	if won != 1 {
		t.Errorf("%d creates of one chatid succeeded, want 1", won)
	}
	if n, _ := s.AppChatCounts(); n != 1 {
		t.Errorf("table holds %d chats", n)
	}
}

// A chat is its creator's: other apps get 86008, other corps don't find it.
func TestAppChatOfOtherAppOrCorp(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	w.Corps[0].Apps[0].Visible = fixtures.Visibility{Departments: []int{1}}
	w.Corps[0].Apps = append(w.Corps[0].Apps, fixtures.App{AgentID: 1000003, Name: "其他", Secret: "other", Visible: fixtures.Visibility{Departments: []int{1}}})
	s := msgStore(t, w)
	if _, err := createTestChat(s, "mine"); err != nil {
		t.Fatal(err)
	}
	if _, err := s.AppChat(msgCorp, 1000003, "mine"); !errors.Is(err, errcode.ChatNotCreatedByApp) {
		t.Errorf("other app: %v, want 86008", err)
	}
	if _, err := s.SendAppChat(AppChatSend{CorpID: msgCorp, AgentID: 1000003, ChatID: "mine", MsgType: "text"}); !errors.Is(err, errcode.ChatNotCreatedByApp) {
		t.Errorf("other app's send: %v, want 86008", err)
	}
	if _, err := s.AppChat(msgCorp, msgAgent, "nope"+strconv.Itoa(1)); !errors.Is(err, ErrAppChatNotFound) {
		t.Errorf("unknown chat: %v", err)
	}
}
