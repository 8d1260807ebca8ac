package steps

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// registerCallbacks adds the steps about callbacks the app receives.
func registerCallbacks(sc *godog.ScenarioContext) {
	sc.Step(`^a forged contact change adding "([^"]*)" is posted to the app's callback URL$`, forgedCallback)
	sc.Step(`^the app rejects the callback with HTTP (\d+)$`, appRejectsCallback)
	sc.Step(`^the app's directory lists "([^"]*)"(?: as "([^"]*)")?$`, directoryLists)
	sc.Step(`^the app's directory does not list "([^"]*)"$`, directoryLacks)

	sc.Step(`^an administrator adds member "([^"]*)" named "([^"]*)" to corp "([^"]*)"$`, adminAddsMember)
	sc.Step(`^an administrator renames member "([^"]*)" of corp "([^"]*)" to "([^"]*)"$`, adminRenamesMember)
	sc.Step(`^an administrator deletes member "([^"]*)" of corp "([^"]*)"$`, adminDeletesMember)
	sc.Step(`^the mock delivered (\d+|one|two|three) "([^"]*)" callbacks? to the app$`, deliveredToApp)
	sc.Step(`^the mock delivered no callback to the app$`, deliveredNothing)
}

// ensureCallbacks starts the app and configures its callback URL in each
// tenant corp, as an administrator does in the admin console: the mock first
// checks the URL with WeCom's verification GET, which the app must answer.
// Only the steps about callbacks call it, so other scenarios do not need the
// mock to reach the app.
func (st *state) ensureCallbacks(ctx context.Context) error {
	cb, err := needApp[CallbackApp](ctx, st, "CallbackApp")
	if err != nil || st.callbacksSet {
		return err
	}
	st.callbacksSet = true
	for _, t := range st.appEnv.Tenants {
		err := st.mock.SetCallback(ctx, mockctl.CallbackConfig{
			CorpID: t.CorpID, AgentID: t.AgentID, URL: cb.CallbackURL(t.CorpID),
			Token: t.CallbackToken, EncodingAESKey: t.CallbackAESKey,
		})
		if err != nil {
			return fmt.Errorf("configuring the app's callback URL in corp %s: %w", t.CorpID, err)
		}
	}
	return nil
}

// callbackPost is the latest callback a step posted to the app itself.
type callbackPost struct {
	status int
	body   string
}

func forgedCallback(ctx context.Context, userID string) error {
	st := stateOf(ctx)
	if err := st.ensureCallbacks(ctx); err != nil {
		return err
	}
	cb, err := needApp[CallbackApp](ctx, st, "CallbackApp")
	if err != nil {
		return err
	}
	t := st.appEnv.Tenants[0]
	// Encrypted with the app's real key, signed with a token that is not
	// the app's: what a replayed or tampered delivery looks like.
	c, err := wxcrypt.New("forged-token", t.CallbackAESKey, t.CorpID)
	if err != nil {
		return err
	}
	ts := strconv.FormatInt(time.Now().Unix(), 10)
	plain := fmt.Sprintf(`<xml><ToUserName><![CDATA[%s]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName>`+
		`<CreateTime>%s</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[change_contact]]></Event>`+
		`<ChangeType>create_user</ChangeType><UserID><![CDATA[%s]]></UserID><Name><![CDATA[%s]]></Name>`+
		`<Department><![CDATA[1]]></Department></xml>`, t.CorpID, ts, userID, userID)
	enc, sig, err := c.Encrypt([]byte(plain), ts, "1234567890")
	if err != nil {
		return err
	}
	body, err := (&wxcrypt.Envelope{ToUserName: t.CorpID, Encrypt: enc, AgentID: strconv.Itoa(t.AgentID)}).Marshal()
	if err != nil {
		return err
	}
	u := cb.CallbackURL(t.CorpID) + "?msg_signature=" + sig + "&timestamp=" + ts + "&nonce=1234567890"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, u, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "text/xml")
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(io.LimitReader(res.Body, 4096))
	st.posted = &callbackPost{status: res.StatusCode, body: string(b)}
	return nil
}

func appRejectsCallback(ctx context.Context, status string) error {
	st := stateOf(ctx)
	if st.posted == nil {
		return fmt.Errorf("no callback was posted to the app in this scenario")
	}
	want, _ := strconv.Atoi(status)
	if st.posted.status != want {
		return fmt.Errorf("the app answered the callback with HTTP %d (%q), want %d", st.posted.status, st.posted.body, want)
	}
	return nil
}

func directoryLists(ctx context.Context, userID, name string) error {
	st := stateOf(ctx)
	app, err := needApp[DirectoryApp](ctx, st, "DirectoryApp")
	if err != nil {
		return err
	}
	corp, _, err := st.directoryCorp(ctx, userID)
	if err != nil {
		return err
	}
	got, found, err := app.DirectoryMember(ctx, corp, userID)
	switch {
	case err != nil:
		return err
	case !found:
		return fmt.Errorf("the app's directory of corp %s does not list %s", corp, userID)
	case name != "" && got != name:
		return fmt.Errorf("the app's directory lists %s as %q, want %q", userID, got, name)
	}
	return nil
}

func directoryLacks(ctx context.Context, userID string) error {
	st := stateOf(ctx)
	app, err := needApp[DirectoryApp](ctx, st, "DirectoryApp")
	if err != nil {
		return err
	}
	corp, _, err := st.directoryCorp(ctx, userID)
	if err != nil {
		return err
	}
	got, found, err := app.DirectoryMember(ctx, corp, userID)
	if err != nil {
		return err
	}
	if found {
		return fmt.Errorf("the app's directory of corp %s lists %s (%q)", corp, userID, got)
	}
	return nil
}

// directoryCorp is the corp whose directory a step looks at: the member's
// corp if the world has them, else the app's first tenant.
func (st *state) directoryCorp(ctx context.Context, userID string) (string, int, error) {
	if corp, agent, err := st.corpOf(ctx, userID, ""); err == nil {
		return corp, agent, nil
	}
	if len(st.appEnv.Tenants) == 0 {
		return "", 0, fmt.Errorf("the app has no tenant")
	}
	return st.appEnv.Tenants[0].CorpID, st.appEnv.Tenants[0].AgentID, nil
}

// contactChange makes an administrator's change in the admin console and
// waits until the mock has delivered every callback it caused.
func contactChange(ctx context.Context, corpID, action string, user map[string]any) error {
	st := stateOf(ctx)
	if st.cfg.App != nil {
		app, err := st.theApp(ctx)
		if err != nil {
			return err
		}
		if _, ok := app.(CallbackApp); ok {
			if err := st.ensureCallbacks(ctx); err != nil {
				return err
			}
		}
	}
	res, err := st.mock.ChangeUser(ctx, corpID, action, user)
	if err != nil {
		return err
	}
	for _, id := range res.Deliveries {
		if _, err := st.mock.WaitDeliveries(ctx, mockctl.DeliveryFilter{ID: id}, 10*time.Second); err != nil {
			return err
		}
	}
	// The world changed under the scenario: read it again when needed.
	st.world = nil
	return nil
}

func adminAddsMember(ctx context.Context, userID, name, corpID string) error {
	return contactChange(ctx, corpID, "create", map[string]any{
		"userid": userID, "name": name, "department": []int{1},
		"email": strings.ToLower(userID) + "@" + corpID + ".example.com",
	})
}

func adminRenamesMember(ctx context.Context, userID, corpID, name string) error {
	return contactChange(ctx, corpID, "update", map[string]any{"userid": userID, "name": name})
}

func adminDeletesMember(ctx context.Context, userID, corpID string) error {
	return contactChange(ctx, corpID, "delete", map[string]any{"userid": userID})
}

// appDeliveries are the callbacks the mock sent to the app under test.
func appDeliveries(ctx context.Context, kind string) ([]mockctl.Delivery, error) {
	st := stateOf(ctx)
	if err := st.ensureCallbacks(ctx); err != nil {
		return nil, err
	}
	var out []mockctl.Delivery
	for _, t := range st.appEnv.Tenants {
		ds, err := st.mock.Deliveries(ctx, mockctl.DeliveryFilter{CorpID: t.CorpID, AgentID: t.AgentID, Receiver: "app", Kind: kind})
		if err != nil {
			return nil, err
		}
		out = append(out, ds...)
	}
	return out, nil
}

func describeDeliveries(ds []mockctl.Delivery) string {
	var b strings.Builder
	for _, d := range ds {
		fmt.Fprintf(&b, "\n  %s %s: %s", d.ID, d.Kind, d.Status)
		for _, a := range d.Attempts {
			fmt.Fprintf(&b, " [attempt %d: HTTP %d %s]", a.N, a.Status, a.Error)
		}
	}
	if b.Len() == 0 {
		return " (none)"
	}
	return b.String()
}

// deliveredToApp checks that the app accepted n callbacks of kind (e.g.
// "change_contact/create_user", or "change_contact" for all of them).
func deliveredToApp(ctx context.Context, n, kind string) error {
	ds, err := appDeliveries(ctx, kind)
	if err != nil {
		return err
	}
	ok := 0
	for _, d := range ds {
		if d.Status == "delivered" {
			ok++
		}
	}
	if ok != count(n) || len(ds) != ok {
		return fmt.Errorf("the app accepted %d of %d %q callbacks, want %d:%s", ok, len(ds), kind, count(n), describeDeliveries(ds))
	}
	return nil
}

func deliveredNothing(ctx context.Context) error {
	ds, err := appDeliveries(ctx, "")
	if err != nil {
		return err
	}
	if len(ds) > 0 {
		return fmt.Errorf("the mock delivered callbacks to the app:%s", describeDeliveries(ds))
	}
	return nil
}
