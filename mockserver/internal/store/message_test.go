package store

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

const (
	msgCorp  = "wwmockcorp000001"
	msgCorp2 = "wwmockcorp000002"
	msgAgent = 1000002
)

// msgStore returns a store with a frozen clock serving w (the default world
// when nil).
func msgStore(t *testing.T, w *fixtures.World) *Store {
	t.Helper()
	if w == nil {
		w = fixtures.Default()
	}
	if err := w.Validate(); err != nil {
		t.Fatal(err)
	}
	s := New(NewClock(time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC), true, time.Now), 7)
	s.Load(w)
	return s
}

func msgSendTo(t *testing.T, s *Store, to Recipients) (SendResult, error) {
	t.Helper()
	return s.SendMessage(SendRequest{CorpID: msgCorp, AgentID: msgAgent, MsgType: "text", Body: []byte(`{}`), To: to})
}

func TestSendMessageResolution(t *testing.T) {
	t.Parallel()
	// Tag 2 lists only departments: 4 (inside the app's range) and 3
	// (outside); tag 3 lists only wangwu, who the app cannot see; tag 4 is
	// empty.
	w := fixtures.Default()
	w.Corps[0].Tags = append(w.Corps[0].Tags,
		fixtures.Tag{TagID: 2, TagName: "按部门", Departments: []int{4, 3}},
		fixtures.Tag{TagID: 3, TagName: "不可见", Users: []string{"wangwu"}},
		fixtures.Tag{TagID: 4, TagName: "空"},
	)
	s := msgStore(t, w)
	tests := []struct {
		name                 string
		to                   Recipients
		users                []string
		badU, badP, badT     []string
		wantNoValidRecipient bool
	}{
		{name: "@all", to: Recipients{All: true, Parties: []string{"99"}}, users: []string{"lisi", "zhangsan", "zhouqi"}},
		{name: "users, deduplicated case-insensitively", to: Recipients{Users: []string{"LISI", "lisi", "Ghost", "ghost"}},
			users: []string{"lisi"}, badU: []string{"ghost"}},
		{name: "department subtree", to: Recipients{Parties: []string{"2"}}, users: []string{"lisi", "zhangsan"}},
		{name: "department outside the range", to: Recipients{Parties: []string{"3", "1", "x", "3"}},
			badP: []string{"3", "1", "x"}, wantNoValidRecipient: true},
		// Department 3 holds wangwu (invisible) and zhouqi (visible through tag 1).
		{name: "tag of departments reaches only visible members", to: Recipients{Tags: []string{"2"}}, users: []string{"lisi", "zhouqi"}},
		{name: "tag of invisible members", to: Recipients{Tags: []string{"3"}}, badT: []string{"3"}, wantNoValidRecipient: true},
		{name: "empty tag outside the range", to: Recipients{Tags: []string{"4", "x"}}, badT: []string{"4", "x"}, wantNoValidRecipient: true},
		{name: "visible tag", to: Recipients{Tags: []string{"1"}}, users: []string{"zhouqi"}},
		{name: "nobody valid", to: Recipients{Users: []string{"WangWu"}, Parties: []string{"3"}, Tags: []string{"9"}},
			badU: []string{"wangwu"}, badP: []string{"3"}, badT: []string{"9"}, wantNoValidRecipient: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, err := msgSendTo(t, s, tt.to)
			if tt.wantNoValidRecipient != errors.Is(err, ErrNoValidRecipient) {
				t.Fatalf("err = %v, want ErrNoValidRecipient: %v", err, tt.wantNoValidRecipient)
			}
			r := res.Resolution
			if !slices.Equal(r.UserIDs, tt.users) || !slices.Equal(r.InvalidUsers, tt.badU) ||
				!slices.Equal(r.InvalidParties, tt.badP) || !slices.Equal(r.InvalidTags, tt.badT) {
				t.Errorf("resolution = %+v", r)
			}
		})
	}
}

func TestSendMessageEmptyVisibleDepartmentIsValid(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	w.Corps[0].Departments = append(w.Corps[0].Departments, fixtures.Department{ID: 5, Name: "空部门", ParentID: 2})
	s := msgStore(t, w)
	res, err := msgSendTo(t, s, Recipients{Parties: []string{"5"}})
	if err != nil || len(res.Message.UserIDs) != 0 || res.Message.MsgID == "" {
		t.Errorf("send to an empty visible department = %+v, %v; want a delivery to nobody", res, err)
	}
}

func TestSendMessageUnknownCorpOrApp(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	if _, err := s.SendMessage(SendRequest{CorpID: "nope", AgentID: msgAgent}); !errors.Is(err, ErrCorpNotFound) {
		t.Errorf("unknown corp: %v", err)
	}
	if _, err := s.SendMessage(SendRequest{CorpID: msgCorp, AgentID: 1}); !errors.Is(err, ErrAppNotFound) {
		t.Errorf("unknown app: %v", err)
	}
}

func TestInboxBoundedByCount(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	var first SendResult
	for i := range DefaultInboxSize + 5 {
		res, err := msgSendTo(t, s, Recipients{Users: []string{"zhangsan"}})
		if err != nil {
			t.Fatal(err)
		}
		if i == 0 {
			first = res
		}
	}
	kept, total := s.MessageCounts()
	if kept != DefaultInboxSize || total != DefaultInboxSize+5 || len(s.Messages(MessageFilter{})) != DefaultInboxSize {
		t.Fatalf("kept %d, total %d", kept, total)
	}
	if err := s.RecallMessage(msgCorp, msgAgent, first.Message.MsgID); !errors.Is(err, ErrMessageNotFound) {
		t.Errorf("recalling a dropped message: %v, want ErrMessageNotFound", err)
	}
}

func TestInboxBoundedByBytes(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	body := []byte(strings.Repeat("x", 1<<20))
	for range 70 {
		if _, err := s.SendMessage(SendRequest{CorpID: msgCorp, AgentID: msgAgent, Body: body,
			To: Recipients{Users: []string{"lisi"}}}); err != nil {
			t.Fatal(err)
		}
	}
	kept, total := s.MessageCounts()
	if kept != DefaultInboxBytes>>20 || total != 70 {
		t.Errorf("kept %d of %d 1 MiB messages, want %d", kept, total, DefaultInboxBytes>>20)
	}
}

func TestDuplicateWindow(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	send := func(interval time.Duration) SendResult {
		t.Helper()
		res, err := s.SendMessage(SendRequest{CorpID: msgCorp, AgentID: msgAgent, Body: []byte(`{}`),
			To: Recipients{Users: []string{"lisi"}}, DuplicateKey: "k", DuplicateInterval: interval})
		if err != nil {
			t.Fatal(err)
		}
		return res
	}
	a := send(10 * time.Hour) // capped at 4 hours
	s.Clock().Advance(MaxDuplicateInterval - time.Second)
	if b := send(10 * time.Hour); !b.Duplicate || b.Message.MsgID != a.Message.MsgID {
		t.Fatalf("within the window: %+v", b)
	}
	s.Clock().Advance(time.Second)
	if c := send(0); c.Duplicate {
		t.Fatalf("after the capped window: %+v", c)
	}
	// Another app (corp 2) with the same key is not a duplicate.
	res, err := s.SendMessage(SendRequest{CorpID: msgCorp2, AgentID: msgAgent, DuplicateKey: "k",
		To: Recipients{Users: []string{"zhaoliu"}}})
	if err != nil || res.Duplicate {
		t.Errorf("other corp: %+v, %v", res, err)
	}
}

func TestDuplicateTableIsBounded(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	for i := range maxDuplicateKeys + 10 {
		if _, err := s.SendMessage(SendRequest{CorpID: msgCorp, AgentID: msgAgent, DuplicateKey: strconv.Itoa(i),
			To: Recipients{Users: []string{"lisi"}}}); err != nil {
			t.Fatal(err)
		}
	}
	s.mu.RLock()
	n := len(s.inbox.dups)
	s.mu.RUnlock()
	if n > maxDuplicateKeys {
		t.Errorf("duplicate table holds %d keys, bound %d", n, maxDuplicateKeys)
	}
}

func TestRecallWindowAndOwnership(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	res, err := msgSendTo(t, s, Recipients{Users: []string{"lisi"}})
	if err != nil {
		t.Fatal(err)
	}
	id := res.Message.MsgID
	if err := s.RecallMessage(msgCorp2, msgAgent, id); !errors.Is(err, ErrMessageNotFound) {
		t.Errorf("other corp: %v", err)
	}
	if err := s.RecallMessage(msgCorp, 1000003, id); !errors.Is(err, ErrMessageNotFound) {
		t.Errorf("other app: %v", err)
	}
	s.Clock().Advance(RecallWindow)
	if err := s.RecallMessage(msgCorp, msgAgent, id); !errors.Is(err, ErrRecallExpired) {
		t.Errorf("after 24 h: %v", err)
	}
	if s.Messages(MessageFilter{})[0].Recalled {
		t.Error("refused recall marked the message")
	}
}

func TestLoadClearsInbox(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	if _, err := msgSendTo(t, s, Recipients{All: true}); err != nil {
		t.Fatal(err)
	}
	s.Reset()
	if kept, total := s.MessageCounts(); kept != 0 || total != 0 {
		t.Errorf("after Reset: kept %d total %d", kept, total)
	}
}
