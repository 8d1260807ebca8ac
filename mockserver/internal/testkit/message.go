package testkit

import (
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// MsgSendURL is message/send with tok.
func MsgSendURL(srv *mockserver.Server, tok string) string {
	return URL(srv, "/cgi-bin/message/send", "access_token", tok)
}

// MsgSend posts body (a string or a value to marshal) to message/send.
func MsgSend(t testing.TB, srv *mockserver.Server, tok string, body any) *Resp {
	t.Helper()
	return SendJSON(t, http.MethodPost, MsgSendURL(srv, tok), body)
}

// MsgText is a text message body from app 1000002 to touser.
func MsgText(touser, content string) map[string]any {
	return map[string]any{
		"touser": touser, "msgtype": "text", "agentid": AgentID,
		"text": map[string]any{"content": content},
	}
}

// MsgSendBody is the typed success body of message/send; DecodeStrict makes
// sure nothing else is in it.
type MsgSendBody struct {
	ErrCode      int    `json:"errcode"`
	ErrMsg       string `json:"errmsg"`
	InvalidUser  string `json:"invaliduser"`
	InvalidParty string `json:"invalidparty"`
	InvalidTag   string `json:"invalidtag"`
	MsgID        string `json:"msgid"`
	ResponseCode string `json:"response_code"`
}

// MsgSendOK sends body and asserts a success, returning the typed answer.
func MsgSendOK(t testing.TB, srv *mockserver.Server, tok string, body any) MsgSendBody {
	t.Helper()
	r := MsgSend(t, srv, tok, body)
	m := OK(t, r)
	for _, k := range []string{"invaliduser", "invalidparty", "invalidtag", "msgid"} {
		Str(t, m, k) // present and a JSON string
	}
	b := DecodeStrict[MsgSendBody](t, r.Body)
	if b.MsgID == "" {
		t.Fatalf("empty msgid: %s", r.Body)
	}
	return b
}
