package steps

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Messaging beyond the app's text messages: a group robot's alert, and an
// approval through an interactive template card that the member clicks and
// the app then updates.

// ApprovalApp is a backend that asks members to approve through an
// interactive template card (button_interaction, buttons 同意 and 驳回). It
// hears the click through template_card_event (so it is a CallbackApp too)
// and spends the event's response_code on message/update_template_card.
type ApprovalApp interface {
	// SendApprovalCard sends member userID of corpID an approval card
	// titled title and returns its task_id.
	SendApprovalCard(ctx context.Context, corpID, userID, title string) (taskID string, err error)
	// Approval is your app's record of the approval.
	Approval(ctx context.Context, corpID, taskID string) (Approval, error)
	// UpdateApprovalAgain makes your app update the card again with the
	// response code it last spent, as a retry would; a refusal of WeCom
	// comes back as a *WeComRefusal.
	UpdateApprovalAgain(ctx context.Context, corpID, taskID, replaceName string) error
}

// Approval is an approval as your app recorded it.
type Approval struct {
	// Status is "pending", "approved" or "rejected".
	Status    string
	DecidedBy string
}

// cardState is what the messaging steps remember in a scenario.
type cardState struct {
	corpID, approver, taskID string
	// update is the outcome of the latest update a step asked for.
	update error
	// robot is the answer of the latest robot post.
	robot map[string]any
}

func registerCards(sc *godog.ScenarioContext) {
	sc.Step(`^the alerting posts "([^"]*)" through the group robot "([^"]*)"(?: mentioning "([^"]*)")?$`, robotPosts)
	sc.Step(`^the group robot "([^"]*)" posted "([^"]*)"(?: mentioning "([^"]*)")?$`, robotPosted)
	sc.Step(`^the app sends "([^"]*)" an approval card "([^"]*)"$`, sendsApprovalCard)
	sc.Step(`^"([^"]*)" clicks "([^"]*)" on the approval card$`, clicksApprovalCard)
	sc.Step(`^the approval card shows "([^"]*)" to "([^"]*)"$`, approvalCardShows)
	sc.Step(`^the app records the approval as (pending|approved|rejected)(?: by "([^"]*)")?$`, approvalRecorded)
	sc.Step(`^the app updates the approval card again with the same response code$`, func(ctx context.Context) error {
		return updatesAgain(ctx)
	})
	sc.Step(`^the card update fails with errcode (-?\d+)$`, cardUpdateFails)

	// 中文
	sc.Step(`^默认的测试企业$`, defaultWorld)
	sc.Step(`^告警系统通过群机器人 "([^"]*)" 发送 "([^"]*)"(?:并提醒 "([^"]*)")?$`, func(ctx context.Context, key, text, mention string) error {
		return robotPosts(ctx, text, key, mention)
	})
	sc.Step(`^群机器人 "([^"]*)" 发出了 "([^"]*)"(?:并提醒了 "([^"]*)")?$`, robotPosted)
	sc.Step(`^应用给 "([^"]*)" 发送审批卡片 "([^"]*)"$`, sendsApprovalCard)
	sc.Step(`^"([^"]*)" 在审批卡片上点击 "([^"]*)"$`, clicksApprovalCard)
	sc.Step(`^审批卡片对 "([^"]*)" 显示 "([^"]*)"$`, func(ctx context.Context, userID, text string) error {
		return approvalCardShows(ctx, text, userID)
	})
	sc.Step(`^应用记录审批结果为 "?(待审批|已同意|已驳回)"?(?:，审批人是 "([^"]*)")?$`, func(ctx context.Context, status, by string) error {
		return approvalRecorded(ctx, zhApproval[status], by)
	})
	sc.Step(`^应用用同一个 response_code 再次更新审批卡片$`, func(ctx context.Context) error { return updatesAgain(ctx) })
	sc.Step(`^卡片更新失败，错误码 (-?\d+)$`, cardUpdateFails)
}

var zhApproval = map[string]string{"待审批": "pending", "已同意": "approved", "已驳回": "rejected"}

func (st *state) cardSteps() *cardState {
	if st.cards == nil {
		st.cards = &cardState{}
	}
	return st.cards
}

// robotPosts posts a text alert to webhook/send, as an alerting system
// does: no token, the robot's key in the query.
func robotPosts(ctx context.Context, text, key, mention string) error {
	st := stateOf(ctx)
	msg := map[string]any{"content": text}
	if mention != "" {
		msg["mentioned_list"] = strings.Split(mention, ",")
	}
	body, err := json.Marshal(map[string]any{"msgtype": "text", "text": msg})
	if err != nil {
		return err
	}
	u := st.mock.URL() + "/cgi-bin/webhook/send?key=" + url.QueryEscape(key)
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 1<<16))
	if err != nil {
		return err
	}
	var ans map[string]any
	if err := json.Unmarshal(data, &ans); err != nil {
		return fmt.Errorf("webhook/send answered %d %q: %w", res.StatusCode, data, err)
	}
	st.cardSteps().robot = ans
	if code, _ := ans["errcode"].(float64); code != 0 {
		return fmt.Errorf("webhook/send refused the alert: %s", data)
	}
	return nil
}

// robotPosted finds the robot's message in the inbox (channel robot).
func robotPosted(ctx context.Context, key, text, mention string) error {
	msgs, err := stateOf(ctx).mock.Messages(ctx, mockctl.MessageFilter{Channel: "robot", RobotKey: key})
	if err != nil {
		return err
	}
	var seen []string
	for _, m := range msgs {
		seen = append(seen, fmt.Sprintf("%q to %v", m.Content, m.Recipients))
		if !strings.Contains(m.Content, text) {
			continue
		}
		if mention == "" || slices.ContainsFunc(m.Recipients, func(u string) bool { return strings.EqualFold(u, mention) }) {
			return nil
		}
	}
	return fmt.Errorf("robot %s posted no message containing %q that mentions %q; its messages: %v", key, text, mention, seen)
}

func sendsApprovalCard(ctx context.Context, userID, title string) error {
	st := stateOf(ctx)
	app, err := needApp[ApprovalApp](ctx, st, "ApprovalApp")
	if err != nil {
		return err
	}
	if err := st.ensureCallbacks(ctx); err != nil {
		return err
	}
	corp, _, err := st.directoryCorp(ctx, userID)
	if err != nil {
		return err
	}
	taskID, err := app.SendApprovalCard(ctx, corp, userID, title)
	if err != nil {
		return err
	}
	cs := st.cardSteps()
	cs.corpID, cs.approver, cs.taskID = corp, userID, taskID
	return nil
}

// approvalMessage is the inbox message of the scenario's approval card.
func approvalMessage(ctx context.Context) (mockctl.Message, error) {
	st := stateOf(ctx)
	cs := st.cardSteps()
	if cs.taskID == "" {
		return mockctl.Message{}, errors.New("no approval card was sent in this scenario")
	}
	msgs, err := st.mock.Messages(ctx, mockctl.MessageFilter{CorpID: cs.corpID, MsgType: "template_card"})
	if err != nil {
		return mockctl.Message{}, err
	}
	for _, m := range msgs {
		if m.Card != nil && m.Card.TaskID == cs.taskID {
			return m, nil
		}
	}
	return mockctl.Message{}, fmt.Errorf("the inbox has no card with task_id %s", cs.taskID)
}

// clicksApprovalCard plays the member clicking a button (by its text or
// key) and waits until the app has answered the template_card_event.
func clicksApprovalCard(ctx context.Context, userID, button string) error {
	st := stateOf(ctx)
	m, err := approvalMessage(ctx)
	if err != nil {
		return err
	}
	view := m.Card.ViewOf(userID)
	if view == nil {
		return fmt.Errorf("%s did not receive the approval card (it went to %v)", userID, m.Recipients)
	}
	var card struct {
		ButtonList []struct {
			Text string `json:"text"`
			Key  string `json:"key"`
		} `json:"button_list"`
	}
	if err := json.Unmarshal(view.TemplateCard, &card); err != nil {
		return err
	}
	key := ""
	for _, b := range card.ButtonList {
		if b.Text == button || b.Key == button {
			key = b.Key
		}
	}
	if key == "" {
		return fmt.Errorf("the card %s sees has no button %q: %s", userID, button, view.TemplateCard)
	}
	clicked, err := st.mock.ClickCard(ctx, m.MsgID, mockctl.CardClick{UserID: userID, Key: key})
	if err != nil {
		return err
	}
	_, err = st.mock.WaitDeliveries(ctx, mockctl.DeliveryFilter{ID: clicked.DeliveryID}, 10*time.Second)
	return err
}

func approvalCardShows(ctx context.Context, text, userID string) error {
	m, err := approvalMessage(ctx)
	if err != nil {
		return err
	}
	view := m.Card.ViewOf(userID)
	switch {
	case view == nil:
		return fmt.Errorf("%s did not receive the approval card", userID)
	case view.ReplaceName != text:
		return fmt.Errorf("the approval card shows %s the button %q, want %q (card: %s)", userID, view.ReplaceName, text, view.TemplateCard)
	}
	return nil
}

func approvalRecorded(ctx context.Context, status, by string) error {
	st := stateOf(ctx)
	app, err := needApp[ApprovalApp](ctx, st, "ApprovalApp")
	if err != nil {
		return err
	}
	cs := st.cardSteps()
	got, err := app.Approval(ctx, cs.corpID, cs.taskID)
	switch {
	case err != nil:
		return err
	case got.Status != status:
		return fmt.Errorf("the app records the approval as %q, want %q", got.Status, status)
	case by != "" && !strings.EqualFold(got.DecidedBy, by):
		return fmt.Errorf("the app records the approval as decided by %q, want %q", got.DecidedBy, by)
	}
	return nil
}

func updatesAgain(ctx context.Context) error {
	st := stateOf(ctx)
	app, err := needApp[ApprovalApp](ctx, st, "ApprovalApp")
	if err != nil {
		return err
	}
	cs := st.cardSteps()
	cs.update = app.UpdateApprovalAgain(ctx, cs.corpID, cs.taskID, "再次处理")
	var refusal *WeComRefusal
	if cs.update != nil && !errors.As(cs.update, &refusal) {
		return cs.update
	}
	return nil
}

func cardUpdateFails(ctx context.Context, code string) error {
	cs := stateOf(ctx).cardSteps()
	var refusal *WeComRefusal
	switch {
	case cs.update == nil:
		return errors.New("the card update succeeded")
	case !errors.As(cs.update, &refusal):
		return cs.update
	case fmt.Sprint(refusal.ErrCode) != code:
		return fmt.Errorf("the card update failed with errcode %d (%s), want %s", refusal.ErrCode, refusal.Message, code)
	}
	return nil
}
