package testkit

import (
	"context"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// The 客户联系 world of the default fixtures (fixtures/default.yaml).
const (
	ECSecret      = "mock-externalcontact-secret"
	Customer1     = "wmmockcust0001" // WeChat; followed by zhangsan and lisi
	Customer2     = "wmmockcust0002" // WeChat; followed by zhangsan
	Customer3     = "wmmockcust0003" // WeCom user of another corp; followed by zhangsan
	TagGroup1     = "etmockgroup0001"
	TagVIP        = "etmockvip0001"
	TagNormal     = "etmocknormal01"
	ContactWay1   = "cwmockconfig0001"
	CustomerChat1 = "wrmockchat0001"
	OpenGID1      = "oAAAmockopengid0001"
)

// ECToken is the 客户联系 secret's access token in corp 1.
func ECToken(t testing.TB, srv *mockserver.Server) string {
	t.Helper()
	return Token(t, srv, Corp1, ECSecret)
}

// ECGet calls a GET API of 客户联系 with tok and the query kv.
func ECGet(t testing.TB, srv *mockserver.Server, tok, path string, kv ...string) *Resp {
	t.Helper()
	return Get(t, URL(srv, path, append([]string{"access_token", tok}, kv...)...))
}

// ECPost calls a POST API of 客户联系 with tok and body.
func ECPost(t testing.TB, srv *mockserver.Server, tok, path string, body any) *Resp {
	t.Helper()
	return SendJSON(t, http.MethodPost, URL(srv, path, "access_token", tok), body)
}

// Callback keys of the tests' receivers.
const (
	ReceiverToken = "mockCallbackToken1"
	ReceiverKey   = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
)

// Receiver is an app's callback URL on a real listener, decrypting with
// client/callback; every event it gets lands in Events.
type Receiver struct {
	*httptest.Server
	Events chan callback.Event
}

// NewReceiver starts a receiver and configures it as the callback of
// (corpID, agentID), which runs WeCom's URL verification.
func NewReceiver(t testing.TB, srv *mockserver.Server, corpID string, agentID int) *Receiver {
	t.Helper()
	r := &Receiver{Events: make(chan callback.Event, 100)}
	h, err := callback.NewHandler(ReceiverToken, ReceiverKey, corpID, func(_ context.Context, ev callback.Event) (callback.Reply, error) {
		r.Events <- ev
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	r.Server = httptest.NewServer(h)
	t.Cleanup(r.Close)
	v, err := srv.SetCallback(context.Background(), mockserver.CallbackConfig{
		CorpID: corpID, AgentID: agentID, URL: r.URL, Token: ReceiverToken, EncodingAESKey: ReceiverKey,
	})
	if err != nil || !v.Verified {
		t.Fatalf("SetCallback(%s, %d): %+v, %v", corpID, agentID, v, err)
	}
	return r
}

// Next returns the next event's decrypted fields (top-level elements by
// name; a list element holds its <Item>s joined by ","), failing after ten
// seconds.
func (r *Receiver) Next(t testing.TB) map[string]string {
	t.Helper()
	select {
	case ev := <-r.Events:
		return XMLFields(t, ev.Raw())
	case <-time.After(10 * time.Second):
		t.Fatal("no callback arrived")
		return nil
	}
}

// None asserts that no event is waiting.
func (r *Receiver) None(t testing.TB) {
	t.Helper()
	select {
	case ev := <-r.Events:
		t.Fatalf("unexpected callback %s: %s", ev.Kind(), ev.Raw())
	default:
	}
}

// XMLFields decodes a flat callback XML into its elements' texts; an
// element with <Item> children holds them joined by ",".
func XMLFields(t testing.TB, raw []byte) map[string]string {
	t.Helper()
	var doc struct {
		Fields []struct {
			XMLName xml.Name
			Text    string   `xml:",chardata"`
			Items   []string `xml:"Item"`
		} `xml:",any"`
	}
	if err := xml.Unmarshal(raw, &doc); err != nil {
		t.Fatalf("callback XML: %v\n%s", err, raw)
	}
	out := map[string]string{}
	for _, f := range doc.Fields {
		v := f.Text
		if len(f.Items) > 0 {
			v = ""
			for i, item := range f.Items {
				if i > 0 {
					v += ","
				}
				v += item
			}
		}
		out[f.XMLName.Local] = v
	}
	return out
}
