package store

import (
	"errors"
	"testing"
)

func cardSend(t *testing.T, s *Store) SendResult {
	t.Helper()
	res, err := s.SendMessage(SendRequest{
		CorpID: msgCorp, AgentID: msgAgent, MsgType: "template_card", Body: []byte(`{}`),
		To: Recipients{Users: []string{"zhangsan"}}, WantResponseCode: true,
		Card: &CardSpec{CardType: "button_interaction", TaskID: "t", Body: []byte(`{}`), Buttons: []string{"ok"}},
	})
	if err != nil || res.Message.ResponseCode == "" || res.Message.Card == nil {
		t.Fatalf("send = %+v, %v", res, err)
	}
	return res
}

// TestCardCodesLeaveWithTheirMessage: a card's codes live as long as its
// inbox message; when the message is pushed out, so are they.
func TestCardCodesLeaveWithTheirMessage(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	first := cardSend(t, s)
	click, err := s.ClickCard(CardClickRequest{MsgID: first.Message.MsgID, UserID: "zhangsan", Key: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	if n := len(s.inbox.codes); n != 2 {
		t.Fatalf("%d codes kept, want the send's and the click's", n)
	}
	for range DefaultInboxSize {
		if _, err := msgSendTo(t, s, Recipients{Users: []string{"lisi"}}); err != nil {
			t.Fatal(err)
		}
	}
	if _, ok := s.inbox.byID[first.Message.MsgID]; ok {
		t.Fatal("the card's message is still in the inbox")
	}
	if n := len(s.inbox.codes); n != 0 {
		t.Fatalf("%d codes kept after their message left, want 0", n)
	}
	_, err = s.UpdateCard(CardUpdate{CorpID: msgCorp, AgentID: msgAgent, ResponseCode: click.Click.ResponseCode,
		To: Recipients{All: true}, ReplaceName: "done"})
	if !errors.Is(err, ErrResponseCodeInvalid) {
		t.Fatalf("update with a code of a message gone = %v, want ErrResponseCodeInvalid", err)
	}
}

// TestCardBytesCountAgainstTheInbox: clicks and replacement cards grow the
// message's footprint, and clearing the inbox forgets every code.
func TestCardBytesCountAgainstTheInbox(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	sent := cardSend(t, s)
	before := s.inbox.bytes
	if _, err := s.ClickCard(CardClickRequest{MsgID: sent.Message.MsgID, UserID: "zhangsan", Key: "ok"}); err != nil {
		t.Fatal(err)
	}
	big := make([]byte, 4096)
	if _, err := s.UpdateCard(CardUpdate{CorpID: msgCorp, AgentID: msgAgent, ResponseCode: sent.Message.ResponseCode,
		To: Recipients{All: true}, Card: &CardSpec{CardType: "text_notice", Body: big}}); err != nil {
		t.Fatal(err)
	}
	if got, want := s.inbox.bytes-before, int64(clickFootprint+len(big)); got != want {
		t.Fatalf("inbox grew by %d bytes, want %d", got, want)
	}
	s.ClearMessages()
	if len(s.inbox.codes) != 0 || s.inbox.bytes != 0 {
		t.Fatalf("after clearing: %d codes, %d bytes", len(s.inbox.codes), s.inbox.bytes)
	}
}
