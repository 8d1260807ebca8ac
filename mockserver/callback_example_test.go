package mockserver_test

import (
	"context"
	"fmt"
	"log"
	"net/http/httptest"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// ExampleServer_TriggerCallback points app 1000002's callback at an app
// built on client/callback, then makes a member message it and the admin
// change a member: both arrive encrypted, as WeCom sends them, and the
// deliveries journal shows what the app answered.
func ExampleServer_TriggerCallback() {
	srv, err := mockserver.New()
	if err != nil {
		log.Fatal(err)
	}
	if err := srv.Start("127.0.0.1:0"); err != nil {
		log.Fatal(err)
	}
	defer srv.Close()

	const corpID, token, key = "wwmockcorp000001", "AppToken", "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	events := make(chan callback.Event, 2)
	h, err := callback.NewHandler(token, key, corpID, func(_ context.Context, ev callback.Event) (callback.Reply, error) {
		events <- ev
		if m, ok := ev.(*callback.TextMessage); ok {
			return callback.TextReply("echo: " + m.Content), nil
		}
		return nil, nil
	})
	if err != nil {
		log.Fatal(err)
	}
	app := httptest.NewServer(h)
	defer app.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	v, err := srv.SetCallback(ctx, mockserver.CallbackConfig{
		CorpID: corpID, AgentID: 1000002, URL: app.URL, Token: token, EncodingAESKey: key,
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("verified:", v.Verified)

	msg, err := srv.TriggerCallback(mockserver.CallbackTrigger{
		CorpID: corpID, AgentID: 1000002, Kind: "text", From: "zhangsan", Content: "你好",
	})
	if err != nil {
		log.Fatal(err)
	}
	d, err := srv.WaitDelivery(ctx, msg.ID)
	if err != nil {
		log.Fatal(err)
	}
	text, ok := nextAppEvent(ctx, events).(*callback.TextMessage)
	if !ok {
		fmt.Println("the app got no text message")
		return
	}
	fmt.Println(text.FromUserName, "said", text.Content, "→", d.Status, "after", len(d.Attempts), "attempt")

	if _, err := srv.UpdateUser(corpID, "lisi", func(m *fixtures.Member) { m.Position = "架构师" }); err != nil {
		log.Fatal(err)
	}
	if _, err := srv.WaitDeliveries(ctx, mockserver.DeliveryFilter{Kind: "change_contact"}); err != nil {
		log.Fatal(err)
	}
	change, ok := nextAppEvent(ctx, events).(*callback.ChangeContactEvent)
	if !ok {
		fmt.Println("the app got no change_contact event")
		return
	}
	fmt.Println(change.ChangeType, change.UserID, change.Position)
	// Output:
	// verified: true
	// zhangsan said 你好 → delivered after 1 attempt
	// update_user lisi 架构师
}

// nextAppEvent is the app's next event, or nil once ctx ends: a broken
// callback fails the example's output instead of hanging it.
func nextAppEvent(ctx context.Context, events <-chan callback.Event) callback.Event {
	select {
	case ev := <-events:
		return ev
	case <-ctx.Done():
		return nil
	}
}
