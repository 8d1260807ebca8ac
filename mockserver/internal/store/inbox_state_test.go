package store

import (
	"errors"
	"strconv"
	"testing"
	"time"
)

// TestRestoreInboxKeepsTheCaps: restoring more messages than the inbox
// keeps loads the newest DefaultInboxSize only, and counts all of them.
func TestRestoreInboxKeepsTheCaps(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	now := s.Now()
	saved := SavedInbox{Total: DefaultInboxSize + 5}
	for i := range DefaultInboxSize + 5 {
		saved.Messages = append(saved.Messages, SavedMessage{Message: Message{
			Channel: ChannelApp, MsgID: "m" + strconv.Itoa(i), Time: now, CorpID: msgCorp, AgentID: msgAgent, MsgType: "text",
		}})
	}
	if n := s.RestoreInbox(saved); n != DefaultInboxSize {
		t.Errorf("restored %d, want %d", n, DefaultInboxSize)
	}
	kept, total := s.MessageCounts()
	if kept != DefaultInboxSize || total != DefaultInboxSize+5 {
		t.Errorf("kept %d, total %d", kept, total)
	}
	if msgs := s.Messages(MessageFilter{}); msgs[0].MsgID != "m5" {
		t.Errorf("oldest kept = %s, want m5", msgs[0].MsgID)
	}
}

// TestRestoreInboxCardCodes: a card's response codes come back with their
// state: a spent one stays spent, an expired one is invalid, an unspent
// one updates once.
func TestRestoreInboxCardCodes(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	sent := cardSend(t, s)
	click, err := s.ClickCard(CardClickRequest{MsgID: sent.Message.MsgID, UserID: "zhangsan", Key: "ok"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.UpdateCard(CardUpdate{CorpID: msgCorp, AgentID: msgAgent, ResponseCode: sent.Message.ResponseCode,
		To: Recipients{All: true}, ReplaceName: "done"}); err != nil {
		t.Fatal(err)
	}
	saved := s.SavedInbox()
	if c := saved.Messages[0].Card; c == nil || len(c.Codes) != 2 || !c.Codes[0].Used || c.Codes[1].Used || len(c.Specs) != 1 || len(c.Views) != 2 {
		t.Fatalf("saved card = %+v", saved.Messages[0].Card)
	}

	again := msgStore(t, nil)
	if n := again.RestoreInbox(saved); n != 1 {
		t.Fatalf("restored %d", n)
	}
	update := func(code string) error {
		_, err := again.UpdateCard(CardUpdate{CorpID: msgCorp, AgentID: msgAgent, ResponseCode: code, To: Recipients{All: true}, ReplaceName: "again"})
		return err
	}
	if err := update(sent.Message.ResponseCode); !errors.Is(err, ErrResponseCodeUsed) {
		t.Errorf("spent code after restore: %v", err)
	}
	if err := update(click.Click.ResponseCode); err != nil {
		t.Errorf("unspent code after restore: %v", err)
	}
	if err := update(click.Click.ResponseCode); !errors.Is(err, ErrResponseCodeUsed) {
		t.Errorf("the same code twice after restore: %v", err)
	}

	// Restored 72 hours later, the codes are expired.
	late := msgStore(t, nil)
	late.Clock().Advance(ResponseCodeTTL)
	saved.Messages[0].Card.Codes[1].Used = false
	late.RestoreInbox(saved)
	if _, err := late.UpdateCard(CardUpdate{CorpID: msgCorp, AgentID: msgAgent, ResponseCode: click.Click.ResponseCode,
		To: Recipients{All: true}, ReplaceName: "late"}); !errors.Is(err, ErrResponseCodeInvalid) {
		t.Errorf("expired code after restore: %v", err)
	}
}

// TestCheckSavedMessageBounds: a card past MaxCardClicks or with more codes
// than clicks is refused.
func TestCheckSavedMessageBounds(t *testing.T) {
	t.Parallel()
	card := func() *SavedCard {
		return &SavedCard{Specs: []CardSpec{{CardType: "button_interaction"}}, Views: []SavedCardView{{}}}
	}
	many := card()
	many.Clicks = make([]CardClick, MaxCardClicks+1)
	codes := card()
	codes.Codes = []SavedResponseCode{{Code: "a"}, {Code: "b"}}
	for name, c := range map[string]*SavedCard{"clicks": many, "codes": codes} {
		m := SavedMessage{Message: Message{Channel: ChannelApp, MsgID: "m", Time: time.Now()}, Card: c}
		if err := CheckSavedMessage(&m); !errors.Is(err, ErrSavedInbox) {
			t.Errorf("%s: %v", name, err)
		}
	}
}
