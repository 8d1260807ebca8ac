package callback_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/wxcrypt"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// The official sample GET, exactly as WeCom sends it (echostr URL-encoded).
func TestOfficialSampleGET(t *testing.T) {
	rec := &recorder{}
	h := newHandler(t, sampleCorpID, rec.fn)
	w := serve(h, getRequest(sampleGETSignature, sampleGETTimestamp, sampleGETNonce, sampleGETEchostr))

	if w.Code != http.StatusOK {
		t.Fatalf("status %d, body %q", w.Code, w.Body)
	}
	if got := w.Body.String(); got != sampleGETMsg {
		t.Fatalf("body %q, want the bare plaintext %q", got, sampleGETMsg)
	}
	if ct := w.Header().Get("Content-Type"); !strings.HasPrefix(ct, "text/plain") {
		t.Errorf("Content-Type %q", ct)
	}
	if rec.calls() != 0 {
		t.Error("URL verification called the Func")
	}
}

// A sender that forgets to URL-encode echostr turns '+' into ' '.
func TestGETUnencodedPlus(t *testing.T) {
	h := newHandler(t, sampleCorpID, (&recorder{}).fn)
	raw := "/callback?msg_signature=" + sampleGETSignature + "&timestamp=" + sampleGETTimestamp +
		"&nonce=" + sampleGETNonce + "&echostr=" + sampleGETEchostr // '+' and '=' unescaped
	w := serve(h, httptest.NewRequest(http.MethodGet, raw, nil))
	if w.Code != http.StatusOK || w.Body.String() != sampleGETMsg {
		t.Fatalf("status %d, body %q", w.Code, w.Body)
	}
}

func TestGETRejects(t *testing.T) {
	other := newSender(t, "wwOtherCorp", "")
	garbage := "bm90IGNpcGhlcnRleHQ=" // valid base64, not a ciphertext
	tests := []struct {
		name   string
		h      *callback.Handler
		r      *http.Request
		status int
	}{
		{"bad signature", newHandler(t, sampleCorpID, (&recorder{}).fn),
			getRequest(strings.Repeat("0", 40), sampleGETTimestamp, sampleGETNonce, sampleGETEchostr), http.StatusForbidden},
		{"other timestamp", newHandler(t, sampleCorpID, (&recorder{}).fn),
			getRequest(sampleGETSignature, "1409659590", sampleGETNonce, sampleGETEchostr), http.StatusForbidden},
		{"wrong receiveid", newHandler(t, "wwSomeoneElse", (&recorder{}).fn),
			getRequest(sampleGETSignature, sampleGETTimestamp, sampleGETNonce, sampleGETEchostr), http.StatusForbidden},
		{"encrypted for another corp", newHandler(t, sampleCorpID, (&recorder{}).fn),
			other.verifyRequest("123456"), http.StatusForbidden},
		{"signed garbage", newHandler(t, sampleCorpID, (&recorder{}).fn),
			getRequest(wxcrypt.Signature(sampleToken, "1", "2", garbage), "1", "2", garbage), http.StatusBadRequest},
		{"missing echostr", newHandler(t, sampleCorpID, (&recorder{}).fn),
			httptest.NewRequest(http.MethodGet, "/callback?msg_signature=a&timestamp=1&nonce=2", nil), http.StatusBadRequest},
		{"no query", newHandler(t, sampleCorpID, (&recorder{}).fn),
			httptest.NewRequest(http.MethodGet, "/callback", nil), http.StatusBadRequest},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			w := serve(tt.h, tt.r)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d (body %q)", w.Code, tt.status, w.Body)
			}
			if strings.Contains(w.Body.String(), sampleGETMsg) || strings.Contains(w.Body.String(), "123456") {
				t.Errorf("body %q leaks the plaintext", w.Body)
			}
		})
	}
}

// The official sample POST: the text message "hello" from mycreate.
func TestOfficialSamplePOST(t *testing.T) {
	rec := &recorder{}
	h := newHandler(t, sampleCorpID, rec.fn)
	w := serve(h, postRequest(samplePOSTSignature, samplePOSTTimestamp, samplePOSTNonce, []byte(samplePOSTBody)))
	if w.Code != http.StatusOK || w.Body.Len() != 0 {
		t.Fatalf("status %d, body %q; want 200 with an empty body", w.Code, w.Body)
	}
	m, ok := rec.last(t).(*callback.TextMessage)
	if !ok {
		t.Fatalf("Func got %T, want *TextMessage", rec.last(t))
	}
	eq(t, "ToUserName", m.ToUserName, sampleCorpID)
	eq(t, "FromUserName", m.FromUserName, "mycreate")
	eq(t, "CreateTime", m.CreateTime, 1409659813)
	eq(t, "MsgType", m.MsgType, "text")
	eq(t, "Content", m.Content, "hello")
	eq(t, "MsgId", m.MsgId, 4561255354251345929)
	eq(t, "AgentID", m.AgentID, 218)
	eq(t, "Raw", string(m.Raw()), samplePOSTMsg)
}

// Every sample XML travels through the handler encrypted as WeCom would.
func TestPOSTEveryKind(t *testing.T) {
	tests := []struct {
		xml  string
		want string // %T of the event
	}{
		{samplePOSTMsg, "*callback.TextMessage"},
		{xmlImage, "*callback.ImageMessage"},
		{xmlVoice, "*callback.VoiceMessage"},
		{xmlVideo, "*callback.VideoMessage"},
		{xmlLocation, "*callback.LocationMessage"},
		{xmlLink, "*callback.LinkMessage"},
		{xmlSubscribe, "*callback.SubscribeEvent"},
		{xmlUnsubscribe, "*callback.UnsubscribeEvent"},
		{xmlEnterAgent, "*callback.EnterAgentEvent"},
		{xmlLocationEvent, "*callback.LocationEvent"},
		{xmlClick, "*callback.MenuClickEvent"},
		{xmlView, "*callback.MenuClickEvent"},
		{xmlScanCode, "*callback.ScanCodeEvent"},
		{xmlPicSysPhoto, "*callback.PicEvent"},
		{xmlLocationSelect, "*callback.LocationSelectEvent"},
		{xmlBatchJobResult, "*callback.BatchJobResultEvent"},
		{xmlCreateUser, "*callback.ChangeContactEvent"},
		{xmlUpdateUser, "*callback.ChangeContactEvent"},
		{xmlDeleteUser, "*callback.ChangeContactEvent"},
		{xmlCreateParty, "*callback.ChangeContactEvent"},
		{xmlUpdateParty, "*callback.ChangeContactEvent"},
		{xmlDeleteParty, "*callback.ChangeContactEvent"},
		{xmlUpdateTag, "*callback.ChangeContactEvent"},
		{xmlApprovalChange, "*callback.RawEvent"},
		{xmlFileMessage, "*callback.RawEvent"},
	}
	s := newSender(t, sampleCorpID, "218")
	for _, tt := range tests {
		rec := &recorder{}
		h := newHandler(t, sampleCorpID, rec.fn)
		w := serve(h, s.request(tt.xml))
		if w.Code != http.StatusOK || w.Body.Len() != 0 {
			t.Errorf("%s: status %d, body %q", tt.want, w.Code, w.Body)
			continue
		}
		ev := rec.last(t)
		if got := fmt.Sprintf("%T", ev); got != tt.want {
			t.Errorf("Func got %s, want %s", got, tt.want)
		}
		if string(ev.Raw()) != tt.xml {
			t.Errorf("%s: Raw() differs from the plaintext sent", tt.want)
		}
	}
}

func TestPOSTRejects(t *testing.T) {
	s := newSender(t, sampleCorpID, "218")
	sig, body := s.encrypt(samplePOSTMsg)
	other := newSender(t, "wwOtherCorp", "218")
	otherSig, otherBody := other.encrypt(samplePOSTMsg)

	signed := func(encrypted string) *http.Request {
		env, _ := (&wxcrypt.Envelope{ToUserName: sampleCorpID, Encrypt: encrypted, AgentID: "218"}).Marshal()
		return postRequest(wxcrypt.Signature(sampleToken, "1", "2", encrypted), "1", "2", env)
	}
	notXML := newSender(t, sampleCorpID, "218")
	notXMLSig, notXMLBody := notXML.encrypt("1616140317555161061")
	noKindSig, noKindBody := notXML.encrypt("<xml><Content>hi</Content></xml>")

	tests := []struct {
		name   string
		r      *http.Request
		status int
	}{
		{"bad signature", postRequest(strings.Repeat("a", 40), s.timestamp, s.nonce, body), http.StatusForbidden},
		{"upper-case signature", postRequest(strings.ToUpper(sig), s.timestamp, s.nonce, body), http.StatusForbidden},
		{"replayed with another timestamp", postRequest(sig, "1409659814", s.nonce, body), http.StatusForbidden},
		{"replayed with another nonce", postRequest(sig, s.timestamp, "1", body), http.StatusForbidden},
		{"wrong receiveid", postRequest(otherSig, other.timestamp, other.nonce, otherBody), http.StatusForbidden},
		{"missing msg_signature", postRequest("", s.timestamp, s.nonce, body), http.StatusBadRequest},
		{"missing timestamp", postRequest(sig, "", s.nonce, body), http.StatusBadRequest},
		{"missing nonce", postRequest(sig, s.timestamp, "", body), http.StatusBadRequest},
		{"empty body", postRequest(sig, s.timestamp, s.nonce, nil), http.StatusBadRequest},
		{"garbage body", postRequest(sig, s.timestamp, s.nonce, []byte("\x00\xff garbage <<<")), http.StatusBadRequest},
		{"JSON body", postRequest(sig, s.timestamp, s.nonce, []byte(`{"encrypt":"abc"}`)), http.StatusBadRequest},
		{"envelope without Encrypt", postRequest(sig, s.timestamp, s.nonce, []byte(`<xml><ToUserName>x</ToUserName></xml>`)), http.StatusBadRequest},
		{"signed non-base64", signed("!!!not base64!!!"), http.StatusBadRequest},
		{"signed short ciphertext", signed("AAAA"), http.StatusBadRequest},
		{"signed random blocks", signed(strings.Repeat("QUJD", 16)), http.StatusBadRequest},
		{"plaintext not XML", postRequest(notXMLSig, notXML.timestamp, notXML.nonce, notXMLBody), http.StatusBadRequest},
		{"plaintext without MsgType or InfoType", postRequest(noKindSig, notXML.timestamp, notXML.nonce, noKindBody), http.StatusBadRequest},
		{"PUT", httptest.NewRequest(http.MethodPut, "/callback", nil), http.StatusMethodNotAllowed},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := &recorder{}
			h := newHandler(t, sampleCorpID, rec.fn)
			w := serve(h, tt.r)
			if w.Code != tt.status {
				t.Errorf("status %d, want %d (body %q)", w.Code, tt.status, w.Body)
			}
			if rec.calls() != 0 {
				t.Error("Func was called")
			}
			if strings.Contains(w.Body.String(), "hello") {
				t.Errorf("body %q leaks the plaintext", w.Body)
			}
		})
	}
}

// The passive reply is the encrypted envelope, addressed back to the sender,
// decryptable by wxcrypt with the reply's own timestamp and nonce.
func TestPassiveTextReply(t *testing.T) {
	now := time.Unix(1700000000, 0)
	rec := &recorder{reply: callback.TextReply("pong ]]> <&>")}
	h := newHandler(t, sampleCorpID, rec.fn, callback.WithClock(func() time.Time { return now }))
	w := serve(h, postRequest(samplePOSTSignature, samplePOSTTimestamp, samplePOSTNonce, []byte(samplePOSTBody)))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, body %q", w.Code, w.Body)
	}
	if ct := w.Header().Get("Content-Type"); !strings.Contains(ct, "xml") {
		t.Errorf("Content-Type %q", ct)
	}
	reply, err := wxcrypt.ParseReply(w.Body.Bytes())
	if err != nil {
		t.Fatalf("ParseReply(%q): %v", w.Body, err)
	}
	eq(t, "TimeStamp", reply.TimeStamp, "1700000000")
	if reply.Nonce == "" || reply.Nonce == samplePOSTNonce {
		t.Errorf("Nonce %q: want a fresh one", reply.Nonce)
	}
	if !strings.Contains(w.Body.String(), "<TimeStamp>1700000000</TimeStamp>") {
		t.Errorf("reply %q lacks <TimeStamp>", w.Body)
	}

	// WeCom's side: strict receiveid (the corpid), signature over the
	// reply's own TimeStamp and Nonce.
	weCom, _ := wxcrypt.New(sampleToken, sampleKey, sampleCorpID)
	plain, err := weCom.DecryptReply(w.Body.Bytes())
	if err != nil {
		t.Fatalf("DecryptReply: %v", err)
	}
	want := "<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName>" +
		"<CreateTime>1700000000</CreateTime><MsgType><![CDATA[text]]></MsgType>" +
		"<Content><![CDATA[pong ]]]]><![CDATA[> <&>]]></Content></xml>"
	eq(t, "reply plaintext", string(plain), want)
	if err := weCom.VerifySignature(reply.MsgSignature, reply.TimeStamp, reply.Nonce, reply.Encrypt); err != nil {
		t.Error(err)
	}
	if err := weCom.VerifySignature(reply.MsgSignature, samplePOSTTimestamp, samplePOSTNonce, reply.Encrypt); err == nil {
		t.Error("reply signature also verifies over the request's timestamp/nonce")
	}
}

func TestPassiveReplyToEvent(t *testing.T) {
	rec := &recorder{reply: callback.NewsReply(callback.Article{Title: "t", Url: "https://example.com"})}
	h := newHandler(t, sampleCorpID, rec.fn)
	s := newSender(t, sampleCorpID, "1")
	w := serve(h, s.request(xmlClick))
	weCom, _ := wxcrypt.New(sampleToken, sampleKey, sampleCorpID)
	plain, err := weCom.DecryptReply(w.Body.Bytes())
	if err != nil {
		t.Fatalf("status %d body %q: %v", w.Code, w.Body, err)
	}
	if !strings.HasPrefix(string(plain), "<xml><ToUserName><![CDATA[FromUser]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName>") {
		t.Errorf("reply %q not addressed back to the clicking member", plain)
	}
}

func TestInvalidReplyIs500(t *testing.T) {
	rec := &recorder{reply: callback.TextReply("bad \x00 byte")}
	h := newHandler(t, sampleCorpID, rec.fn)
	w := serve(h, postRequest(samplePOSTSignature, samplePOSTTimestamp, samplePOSTNonce, []byte(samplePOSTBody)))
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", w.Code)
	}
}

func TestFuncErrorIs500(t *testing.T) {
	rec := &recorder{err: errors.New("database down")}
	h := newHandler(t, sampleCorpID, rec.fn)
	w := serve(h, postRequest(samplePOSTSignature, samplePOSTTimestamp, samplePOSTNonce, []byte(samplePOSTBody)))
	if w.Code != http.StatusInternalServerError {
		t.Fatalf("status %d, want 500", w.Code)
	}
	if strings.Contains(w.Body.String(), "database") || strings.Contains(w.Body.String(), "hello") {
		t.Errorf("body %q leaks details", w.Body)
	}
	if rec.calls() != 1 {
		t.Errorf("Func called %d times", rec.calls())
	}
}

func TestSuiteCallbacksAnswerSuccess(t *testing.T) {
	s := newSender(t, sampleSuiteID, "")
	for _, x := range []string{xmlSuiteTicket, xmlCreateAuth, xmlChangeAuth, xmlCancelAuth, xmlSuiteChangeContact, xmlChangeAppAdmin} {
		// A reply returned for a suite event is ignored.
		rec := &recorder{reply: callback.TextReply("ignored")}
		h := newHandler(t, sampleSuiteID, rec.fn)
		w := serve(h, s.request(x))
		if w.Code != http.StatusOK || w.Body.String() != "success" {
			t.Errorf("status %d, body %q; want 200 \"success\"", w.Code, w.Body)
		}
		if rec.calls() != 1 {
			t.Errorf("Func called %d times", rec.calls())
		}
	}

	// The 代开发 template id is the receiveid of reset_permanent_code.
	dk := newSender(t, "dk4asffe99e54c0fxxxx", "")
	rec := &recorder{}
	w := serve(newHandler(t, "dk4asffe99e54c0fxxxx", rec.fn), dk.request(xmlResetPermanentCode))
	if w.Code != http.StatusOK || w.Body.String() != "success" {
		t.Errorf("status %d, body %q", w.Code, w.Body)
	}
	if _, ok := rec.last(t).(*callback.ResetPermanentCodeEvent); !ok {
		t.Errorf("Func got %T", rec.last(t))
	}
}

func TestSuiteCallbackErrors(t *testing.T) {
	// Encrypted with the corpid while the handler expects the SuiteId.
	s := newSender(t, sampleCorpID, "")
	rec := &recorder{}
	w := serve(newHandler(t, sampleSuiteID, rec.fn), s.request(xmlSuiteTicket))
	if w.Code != http.StatusForbidden || rec.calls() != 0 {
		t.Errorf("wrong receiveid: status %d, calls %d", w.Code, rec.calls())
	}
	// A failing Func is not acknowledged with "success".
	rec = &recorder{err: errors.New("no")}
	w = serve(newHandler(t, sampleSuiteID, rec.fn), newSender(t, sampleSuiteID, "").request(xmlSuiteTicket))
	if w.Code != http.StatusInternalServerError || w.Body.String() == "success" {
		t.Errorf("Func error: status %d, body %q", w.Code, w.Body)
	}
}

// With an empty receiveID any corp is accepted, and a passive reply is
// encrypted with the corpid of the envelope, as WeCom expects.
func TestEmptyReceiveID(t *testing.T) {
	rec := &recorder{reply: callback.TextReply("hi")}
	h := newHandler(t, "", rec.fn)
	s := newSender(t, "wwAuthCorp", "1000002")
	w := serve(h, s.request(strings.ReplaceAll(textXML("alice", 1, "x", 7), sampleCorpID, "wwAuthCorp")))
	if w.Code != http.StatusOK {
		t.Fatalf("status %d, body %q", w.Code, w.Body)
	}
	strict, _ := wxcrypt.New(sampleToken, sampleKey, "wwAuthCorp")
	plain, err := strict.DecryptReply(w.Body.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(plain), "<ToUserName><![CDATA[alice]]></ToUserName><FromUserName><![CDATA[wwAuthCorp]]></FromUserName>") {
		t.Errorf("reply %q", plain)
	}
}

func TestBodyLimit(t *testing.T) {
	s := newSender(t, sampleCorpID, "218")
	big := textXML("mycreate", 1, strings.Repeat("x", 4096), 1)

	rec := &recorder{}
	h := newHandler(t, sampleCorpID, rec.fn, callback.WithMaxBodySize(1024))
	w := serve(h, s.request(big))
	if w.Code != http.StatusRequestEntityTooLarge || rec.calls() != 0 {
		t.Errorf("status %d, calls %d; want 413 and no call", w.Code, rec.calls())
	}
	// The same body fits the default limit.
	w = serve(newHandler(t, sampleCorpID, rec.fn), s.request(big))
	if w.Code != http.StatusOK || rec.calls() != 1 {
		t.Errorf("status %d, calls %d; want 200 and one call", w.Code, rec.calls())
	}
	// Over the default limit.
	huge := bytes.Repeat([]byte("<xml>"), callback.DefaultMaxBodySize/5+1)
	w = serve(newHandler(t, sampleCorpID, rec.fn), postRequest("a", "1", "2", huge))
	if w.Code != http.StatusRequestEntityTooLarge {
		t.Errorf("status %d, want 413", w.Code)
	}
}

func TestDedup(t *testing.T) {
	s := newSender(t, sampleCorpID, "218")

	t.Run("message by MsgId", func(t *testing.T) {
		rec := &recorder{reply: callback.TextReply("once")}
		h := newHandler(t, sampleCorpID, rec.fn, callback.WithDedup(10))
		weCom, _ := wxcrypt.New(sampleToken, sampleKey, sampleCorpID)
		var replies []string
		for range 3 { // WeCom's 3 attempts, each freshly encrypted
			w := serve(h, s.request(samplePOSTMsg))
			plain, err := weCom.DecryptReply(w.Body.Bytes())
			if w.Code != http.StatusOK || err != nil {
				t.Fatalf("status %d: %v", w.Code, err)
			}
			replies = append(replies, string(plain))
		}
		if rec.calls() != 1 {
			t.Errorf("Func called %d times, want 1", rec.calls())
		}
		if replies[1] != replies[0] || replies[2] != replies[0] {
			t.Errorf("duplicates got another reply: %q", replies)
		}
		// Another MsgId is new.
		serve(h, s.request(textXML("mycreate", 1409659813, "hello", 1)))
		if rec.calls() != 2 {
			t.Errorf("Func called %d times, want 2", rec.calls())
		}
	})

	t.Run("event", func(t *testing.T) {
		rec := &recorder{}
		h := newHandler(t, sampleCorpID, rec.fn, callback.WithDedup(10))
		serve(h, s.request(xmlCreateUser))
		w := serve(h, s.request(xmlCreateUser))
		if w.Code != http.StatusOK || rec.calls() != 1 {
			t.Errorf("duplicate: status %d, calls %d", w.Code, rec.calls())
		}
		// Same FromUserName and CreateTime, another change: delivered.
		serve(h, s.request(xmlDeleteUser))
		if rec.calls() != 2 {
			t.Errorf("distinct event of the same second was dropped (calls %d)", rec.calls())
		}
	})

	t.Run("suite", func(t *testing.T) {
		suite := newSender(t, sampleSuiteID, "")
		rec := &recorder{}
		h := newHandler(t, sampleSuiteID, rec.fn, callback.WithDedup(10))
		for range 2 {
			w := serve(h, suite.request(xmlSuiteTicket))
			if w.Code != http.StatusOK || w.Body.String() != "success" {
				t.Fatalf("status %d, body %q", w.Code, w.Body)
			}
		}
		if rec.calls() != 1 {
			t.Errorf("Func called %d times, want 1", rec.calls())
		}
		serve(h, suite.request(strings.Replace(xmlSuiteTicket, "1403610513", "1403611113", 1)))
		if rec.calls() != 2 {
			t.Errorf("next ticket push dropped (calls %d)", rec.calls())
		}
	})

	t.Run("failure is retried", func(t *testing.T) {
		rec := &recorder{err: errors.New("transient")}
		h := newHandler(t, sampleCorpID, rec.fn, callback.WithDedup(10))
		if w := serve(h, s.request(samplePOSTMsg)); w.Code != http.StatusInternalServerError {
			t.Fatalf("status %d", w.Code)
		}
		rec.mu.Lock()
		rec.err = nil
		rec.mu.Unlock()
		if w := serve(h, s.request(samplePOSTMsg)); w.Code != http.StatusOK {
			t.Fatalf("status %d", w.Code)
		}
		serve(h, s.request(samplePOSTMsg))
		if rec.calls() != 2 {
			t.Errorf("Func called %d times, want 2 (failure, then success, then deduplicated)", rec.calls())
		}
	})

	t.Run("panic is retried", func(t *testing.T) {
		calls := 0
		h := newHandler(t, sampleCorpID, func(context.Context, callback.Event) (callback.Reply, error) {
			calls++
			if calls == 1 {
				panic("boom")
			}
			return nil, nil
		}, callback.WithDedup(10))
		func() {
			defer func() { _ = recover() }()
			serve(h, s.request(samplePOSTMsg))
		}()
		if w := serve(h, s.request(samplePOSTMsg)); w.Code != http.StatusOK || calls != 2 {
			t.Errorf("after a panic: status %d, calls %d", w.Code, calls)
		}
	})

	t.Run("capacity", func(t *testing.T) {
		rec := &recorder{}
		h := newHandler(t, sampleCorpID, rec.fn, callback.WithDedup(2))
		for _, id := range []int64{1, 2, 3, 1} { // 1 was evicted by 3
			serve(h, s.request(textXML("u", 1, "x", id)))
		}
		if rec.calls() != 4 {
			t.Errorf("Func called %d times, want 4", rec.calls())
		}
		serve(h, s.request(textXML("u", 1, "x", 1))) // still remembered
		if rec.calls() != 4 {
			t.Errorf("Func called %d times, want 4", rec.calls())
		}
	})

	t.Run("off by default", func(t *testing.T) {
		rec := &recorder{}
		h := newHandler(t, sampleCorpID, rec.fn)
		serve(h, s.request(samplePOSTMsg))
		serve(h, s.request(samplePOSTMsg))
		if rec.calls() != 2 {
			t.Errorf("Func called %d times, want 2", rec.calls())
		}
	})
}

// A retry arriving while the first delivery still runs waits for it and is
// acknowledged without a second call.
// testHTTP bounds the tests' calls to their servers.
var testHTTP = &http.Client{Timeout: 30 * time.Second}

func TestDedupConcurrent(t *testing.T) {
	s := newSender(t, sampleCorpID, "218")
	release := make(chan struct{})
	started := make(chan struct{}, 10)
	var mu sync.Mutex
	calls := 0
	h := newHandler(t, sampleCorpID, func(context.Context, callback.Event) (callback.Reply, error) {
		mu.Lock()
		calls++
		mu.Unlock()
		started <- struct{}{}
		<-release
		return callback.TextReply("done"), nil
	}, callback.WithDedup(10))

	reqs := make([]*http.Request, 5)
	for i := range reqs {
		reqs[i] = s.request(samplePOSTMsg)
	}
	results := make(chan *httptest.ResponseRecorder, len(reqs))
	go func() { results <- serve(h, reqs[0]) }()
	select { // the first delivery is in the Func
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the first delivery never reached the Func")
	}
	var wg sync.WaitGroup
	for _, r := range reqs[1:] {
		wg.Go(func() { results <- serve(h, r) })
	}
	close(release)
	testwait.Group(t, &wg)

	weCom, _ := wxcrypt.New(sampleToken, sampleKey, sampleCorpID)
	for range reqs {
		w := testwait.Recv(t, results)
		plain, err := weCom.DecryptReply(w.Body.Bytes())
		if w.Code != http.StatusOK || err != nil || !strings.Contains(string(plain), "done") {
			t.Errorf("status %d, reply %q: %v", w.Code, plain, err)
		}
	}
	if calls != 1 {
		t.Errorf("Func called %d times, want 1", calls)
	}
}

// A waiting duplicate gives up when its own request is cancelled.
func TestDedupWaitCancelled(t *testing.T) {
	s := newSender(t, sampleCorpID, "218")
	release := make(chan struct{})
	started := make(chan struct{})
	h := newHandler(t, sampleCorpID, func(context.Context, callback.Event) (callback.Reply, error) {
		close(started)
		<-release
		return nil, nil
	}, callback.WithDedup(10))
	first := make(chan int)
	go func() { first <- serve(h, s.request(samplePOSTMsg)).Code }()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the first delivery never reached the Func")
	}

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	w := serve(h, s.request(samplePOSTMsg).WithContext(ctx))
	if w.Code != http.StatusInternalServerError {
		t.Errorf("cancelled duplicate: status %d, want 500", w.Code)
	}
	close(release)
	if code := testwait.Recv(t, first); code != http.StatusOK {
		t.Errorf("first delivery: status %d", code)
	}
}

func TestNewHandlerErrors(t *testing.T) {
	fn := (&recorder{}).fn
	if _, err := callback.NewHandler(sampleToken, "short", sampleCorpID, fn); !errors.Is(err, wxcrypt.ErrIllegalAESKey) {
		t.Errorf("bad key: %v, want ErrIllegalAESKey", err)
	}
	if _, err := callback.NewHandler(sampleToken, sampleKey, sampleCorpID, nil); err == nil {
		t.Error("nil Func accepted")
	}
	if _, err := callback.NewHandler("", sampleKey, sampleCorpID, fn); err == nil {
		t.Error("empty token accepted")
	}
}

func TestFuncGetsRequestContext(t *testing.T) {
	type key struct{}
	var got any
	h := newHandler(t, sampleCorpID, func(ctx context.Context, _ callback.Event) (callback.Reply, error) {
		got = ctx.Value(key{})
		return nil, nil
	})
	r := postRequest(samplePOSTSignature, samplePOSTTimestamp, samplePOSTNonce, []byte(samplePOSTBody))
	serve(h, r.WithContext(context.WithValue(r.Context(), key{}, "v")))
	if got != "v" {
		t.Errorf("context value %v", got)
	}
}

// End to end over a real listener with net/http's client, as WeCom calls.
func TestOverHTTP(t *testing.T) {
	rec := &recorder{reply: callback.TextReply("pong")}
	srv := httptest.NewServer(newHandler(t, sampleCorpID, rec.fn))
	defer srv.Close()

	q := url.Values{"msg_signature": {sampleGETSignature}, "timestamp": {sampleGETTimestamp}, "nonce": {sampleGETNonce}, "echostr": {sampleGETEchostr}}
	resp, err := testHTTP.Get(srv.URL + "/?" + q.Encode())
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != sampleGETMsg {
		t.Fatalf("GET: %d %q", resp.StatusCode, body)
	}

	q = url.Values{"msg_signature": {samplePOSTSignature}, "timestamp": {samplePOSTTimestamp}, "nonce": {samplePOSTNonce}}
	resp, err = testHTTP.Post(srv.URL+"/?"+q.Encode(), "text/xml", strings.NewReader(samplePOSTBody))
	if err != nil {
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	weCom, _ := wxcrypt.New(sampleToken, sampleKey, sampleCorpID)
	plain, err := weCom.DecryptReply(body)
	if resp.StatusCode != http.StatusOK || err != nil || !strings.Contains(string(plain), "<Content><![CDATA[pong]]></Content>") {
		t.Fatalf("POST: %d %q %q: %v", resp.StatusCode, body, plain, err)
	}
}

func FuzzHandlerPOST(f *testing.F) {
	f.Add([]byte(samplePOSTBody), samplePOSTSignature)
	f.Add([]byte("<xml><Encrypt>AAAA</Encrypt></xml>"), "x")
	f.Fuzz(func(t *testing.T, body []byte, sig string) {
		h := newHandler(t, sampleCorpID, (&recorder{}).fn)
		w := serve(h, postRequest(sig, samplePOSTTimestamp, samplePOSTNonce, body))
		if w.Code != http.StatusOK && (w.Code < 400 || w.Code > 499) {
			t.Fatalf("status %d", w.Code)
		}
	})
}

func TestLogger(t *testing.T) {
	var buf bytes.Buffer
	logger := slog.New(slog.NewTextHandler(&buf, nil))
	rec := &recorder{err: errors.New("database down")}
	h := newHandler(t, sampleCorpID, rec.fn, callback.WithLogger(logger), callback.WithDedup(0))

	serve(h, postRequest(strings.Repeat("a", 40), samplePOSTTimestamp, samplePOSTNonce, []byte(samplePOSTBody)))
	serve(h, postRequest(samplePOSTSignature, samplePOSTTimestamp, samplePOSTNonce, []byte(samplePOSTBody)))
	out := buf.String()
	for _, want := range []string{"level=WARN", "status=403", "invalid msg_signature", "level=ERROR", "database down", "kind=text"} {
		if !strings.Contains(out, want) {
			t.Errorf("log lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "hello") {
		t.Errorf("log leaks the plaintext:\n%s", out)
	}
}
