package mockctl_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

func TestClickCardClient(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	const token, key = "cardToken", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	events := make(chan *callback.TemplateCardEvent, 1)
	h, err := callback.NewHandler(token, key, "wwmockcorp000001", func(_ context.Context, ev callback.Event) (callback.Reply, error) {
		if e, ok := ev.(*callback.TemplateCardEvent); ok {
			events <- e
		}
		return nil, nil
	})
	if err != nil {
		t.Fatal(err)
	}
	rcv := httptest.NewServer(h)
	t.Cleanup(rcv.Close)
	if err := ctl.SetCallback(ctx, mockctl.CallbackConfig{CorpID: "wwmockcorp000001", AgentID: 1000002,
		URL: rcv.URL, Token: token, EncodingAESKey: key}); err != nil {
		t.Fatal(err)
	}

	_, err = ctl.ClickCard(ctx, "nosuchmsg", mockctl.CardClick{UserID: "zhangsan", Key: "ok"})
	var ce *mockctl.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusNotFound {
		t.Fatalf("click on an unknown message: %v, want a 404 *mockctl.Error", err)
	}

	tok := appToken(t, srv.URL())
	res, err := testHTTP.Post(srv.URL()+"/cgi-bin/message/send?access_token="+tok, "application/json", strings.NewReader(
		`{"touser":"zhangsan","msgtype":"template_card","agentid":1000002,"template_card":{"card_type":"button_interaction",`+
			`"task_id":"ctl-1","main_title":{"title":"审批"},"button_list":[{"text":"好","key":"ok"}]}}`))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	msgs, err := ctl.Messages(ctx, mockctl.MessageFilter{MsgType: "template_card"})
	if err != nil || len(msgs) != 1 || msgs[0].Card == nil {
		t.Fatalf("inbox = %+v, %v", msgs, err)
	}
	clicked, err := ctl.ClickCard(ctx, msgs[0].MsgID, mockctl.CardClick{UserID: "zhangsan", Key: "ok"})
	if err != nil || clicked.TaskID != "ctl-1" || clicked.ResponseCode == "" || clicked.DeliveryID == "" {
		t.Fatalf("click = %+v, %v", clicked, err)
	}
	if ev := testwait.Recv(t, events); ev.ResponseCode != clicked.ResponseCode || ev.EventKey != "ok" {
		t.Fatalf("event = %+v", ev)
	}
	msgs, _ = ctl.Messages(ctx, mockctl.MessageFilter{MsgType: "template_card"})
	if c := msgs[0].Card; len(c.Clicks) != 1 || c.Clicks[0].ResponseCode != clicked.ResponseCode || c.ViewOf("ZhangSan") == nil {
		t.Fatalf("card = %+v", c)
	}
}

// appToken is app 1000002's access token.
func appToken(t *testing.T, base string) string {
	t.Helper()
	res, err := testHTTP.Get(base + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var body struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&body); err != nil || body.AccessToken == "" {
		t.Fatalf("gettoken: %+v, %v", body, err)
	}
	return body.AccessToken
}
