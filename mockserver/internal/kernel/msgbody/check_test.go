package msgbody

import (
	"errors"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

func noMedia(string) bool { return false }

func codeOf(t *testing.T, err error) errcode.Code {
	t.Helper()
	var e *kernel.APIError
	if !errors.As(err, &e) {
		t.Fatalf("error %v is not an APIError", err)
	}
	return e.Code
}

// The payload tells the sender what the message needs: its text, and for a
// card whether it answers a response_code.
func TestCheckPayload(t *testing.T) {
	t.Parallel()
	cards := map[string]string{
		"text_notice":          `{"card_type":"text_notice","main_title":{"title":"t"},"card_action":{"type":1,"url":"u"}}`,
		"news_notice":          `{"card_type":"news_notice","main_title":{"title":"t"},"card_action":{"type":1,"url":"u"},"card_image":{"url":"i"}}`,
		"button_interaction":   `{"card_type":"button_interaction","task_id":"T1","main_title":{"title":"t"},"button_list":[{"text":"ok","key":"k"}]}`,
		"vote_interaction":     `{"card_type":"vote_interaction","task_id":"T1","main_title":{"title":"t"},"checkbox":{"question_key":"q","option_list":[{"id":"a","text":"A"}]},"submit_button":{"text":"s","key":"s"}}`,
		"multiple_interaction": `{"card_type":"multiple_interaction","task_id":"T1","main_title":{"title":"t"},"select_list":[{"question_key":"q","option_list":[{"id":"a","text":"A"}]}],"submit_button":{"text":"s","key":"s"}}`,
	}
	for cardType, card := range cards {
		t.Run(cardType, func(t *testing.T) {
			p, err := Check("template_card", []byte(`{"template_card":`+card+`}`), noMedia)
			if err != nil {
				t.Fatal(err)
			}
			interactive := strings.HasSuffix(cardType, "_interaction")
			wantTask := map[bool]string{true: "T1", false: ""}[interactive]
			if p.Interactive != interactive || p.CardType != cardType || p.TaskID != wantTask {
				t.Errorf("payload %+v, want interactive %v, card_type %s, task_id %q", p, interactive, cardType, wantTask)
			}
		})
	}
	for msgtype, body := range map[string]string{
		"text":     `{"text":{"content":"你好"}}`,
		"markdown": `{"markdown":{"content":"你好"}}`,
	} {
		if p, err := Check(msgtype, []byte(body), noMedia); err != nil || p.Content != "你好" || p.Interactive {
			t.Errorf("%s: payload %+v, %v", msgtype, p, err)
		}
	}
}

// Only the msgtype's own object is read: a malformed object of another
// msgtype in the same body does not matter.
func TestCheckReadsOnlyItsObject(t *testing.T) {
	t.Parallel()
	if _, err := Check("text", []byte(`{"text":{"content":"x"},"news":{"articles":"oops"}}`), noMedia); err != nil {
		t.Errorf("text with a stray news object: %v", err)
	}
	_, err := Check("news", []byte(`{"text":{"content":"x"},"news":{"articles":"oops"}}`), noMedia)
	if codeOf(t, err) != errcode.InvalidParameter {
		t.Errorf("news with articles a string: %v, want 40058", err)
	}
}

func TestCheckUnknownType(t *testing.T) {
	t.Parallel()
	if _, err := Check("sticker", []byte(`{}`), noMedia); codeOf(t, err) != errcode.InvalidMessageType {
		t.Errorf("sticker: %v", err)
	}
	for typ := range Types {
		if _, ok := checkers[typ]; !ok {
			t.Errorf("type %s has no checker", typ)
		}
	}
}

// Byte limits count UTF-8 bytes, character limits count characters.
func TestFieldLimits(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		f    field
		ok   bool
	}{
		{"3 CJK characters are 9 bytes", field{path: "p", value: "字字字", maxBytes: 9}, true},
		{"over the byte limit by one", field{path: "p", value: "字字字", maxBytes: 8}, false},
		{"12 CJK characters", field{path: "p", value: strings.Repeat("字", 12), minChars: 4, maxChars: 12}, true},
		{"13 characters", field{path: "p", value: strings.Repeat("a", 13), minChars: 4, maxChars: 12}, false},
		{"3 characters", field{path: "p", value: "abc", minChars: 4, maxChars: 12}, false},
		{"empty optional field skips its limits", field{path: "p", minChars: 4, maxChars: 12}, true},
		{"empty required field", field{path: "p", ifMissing: errTitleMissing}, false},
	}
	for _, tt := range tests {
		if err := tt.f.check(); (err == nil) != tt.ok {
			t.Errorf("%s: %v", tt.name, err)
		}
	}
}

// Errors name the field and its rule in WeCom's 40058 style.
func TestInvalidPhrase(t *testing.T) {
	t.Parallel()
	err := invalid("textcard.url", "exceed max length %d", 2048)
	var e *kernel.APIError
	if !errors.As(err, &e) || e.Code != errcode.InvalidParameter ||
		e.Phrase() != "textcard.url exceed max length 2048. Invalid input invalid Request Parameter" {
		t.Errorf("invalid() = %#v", err)
	}
}
