package steps

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// registerMock adds the steps about the mock itself: clock, faults, the
// request journal and the message inbox.
func registerMock(sc *godog.ScenarioContext) {
	const unit = `(seconds?|minutes?|hours?|days?)`
	sc.Step(`^the clock advances (\d+) `+unit+`(?: and (\d+) `+unit+`)?$`, clockAdvances)
	sc.Step(`^(\d+) `+unit+`(?: and (\d+) `+unit+`)? pass(?:es)?$`, clockAdvances)

	sc.Step(`^WeCom answers the next (\d+|one|two|three|four|five) "([^"]+)" calls? with errcode (-?\d+)$`, faultNext)
	sc.Step(`^WeCom answers every "([^"]+)" call with errcode (-?\d+)$`, faultEvery)
	sc.Step(`^WeCom answers the next (\d+|one|two|three|four|five) "([^"]+)" calls? with HTTP (\d+)$`, faultHTTP)
	sc.Step(`^WeCom answers "([^"]+)" calls with:$`, func(ctx context.Context, path string, body *godog.DocString) error {
		return stubAnswer(ctx, "0", path, body)
	})
	sc.Step(`^WeCom answers the next (\d+|one|two|three|four|five) "([^"]+)" calls? with:$`, stubAnswer)

	sc.Step(`^the mock received exactly (\d+|one|two|three|four|five) "?([\w/.*-]+?)"? requests?$`, receivedExactly)
	sc.Step(`^the mock received no "?([\w/.*-]+?)"? requests?$`, receivedNone)
	sc.Step(`^the mock answered exactly (\d+|one|two|three|four|five) "?([\w/.*-]+?)"? requests? with errcode (-?\d+)$`, answeredWithErrcode)

	sc.Step(`^"([^"]*)" received (?:a|exactly (\d+|one|two|three)) WeCom messages? containing "([^"]*)"$`, receivedMessage)
	sc.Step(`^"([^"]*)" received no WeCom message$`, receivedNoMessage)
}

var smallNumbers = map[string]int{"one": 1, "two": 2, "three": 3, "four": 4, "five": 5}

func count(s string) int {
	if n, ok := smallNumbers[s]; ok {
		return n
	}
	n, _ := strconv.Atoi(s)
	return n
}

func duration(n string, unit string) time.Duration {
	d := time.Second
	switch strings.TrimSuffix(unit, "s") {
	case "minute":
		d = time.Minute
	case "hour":
		d = time.Hour
	case "day":
		d = 24 * time.Hour
	}
	return time.Duration(count(n)) * d
}

func clockAdvances(ctx context.Context, n1, u1, n2, u2 string) error {
	d := duration(n1, u1)
	if n2 != "" {
		d += duration(n2, u2)
	}
	st := stateOf(ctx)
	if _, err := st.mock.Advance(ctx, d); err != nil {
		return err
	}
	// Time passing makes WeCom push things (a suite_ticket every 10
	// minutes): let those callbacks arrive before the next step.
	return st.settleCallbacks(ctx)
}

// settleCallbacks waits until every callback the mock has started is
// delivered or given up. A mock without callbacks has nothing to wait for.
func (st *state) settleCallbacks(ctx context.Context) error {
	_, err := st.mock.WaitDeliveries(ctx, mockctl.DeliveryFilter{}, 10*time.Second)
	var ce *mockctl.Error
	if errors.As(err, &ce) && ce.Status == http.StatusNotFound {
		return nil
	}
	return err
}

func faultNext(ctx context.Context, times, path, code string) error {
	errcode, _ := strconv.Atoi(code)
	_, err := stateOf(ctx).mock.AddFault(ctx, mockctl.Fault{Path: apiPath(path), ErrCode: errcode, Times: count(times)})
	return err
}

func faultEvery(ctx context.Context, path, code string) error {
	errcode, _ := strconv.Atoi(code)
	_, err := stateOf(ctx).mock.AddFault(ctx, mockctl.Fault{Path: apiPath(path), ErrCode: errcode, Times: 0})
	return err
}

func faultHTTP(ctx context.Context, times, path, status string) error {
	s, _ := strconv.Atoi(status)
	_, err := stateOf(ctx).mock.AddFault(ctx, mockctl.Fault{Path: apiPath(path), HTTPStatus: s, Times: count(times)})
	return err
}

// stubAnswer installs a stub: the doc string is the JSON answer, merged
// over {"errcode":0,"errmsg":"ok"}; times "0" means until the scenario ends.
func stubAnswer(ctx context.Context, times, path string, body *godog.DocString) error {
	raw := json.RawMessage(strings.TrimSpace(body.Content))
	if !json.Valid(raw) {
		return fmt.Errorf("the answer for %s is not valid JSON:\n%s", path, body.Content)
	}
	_, err := stateOf(ctx).mock.AddStub(ctx, mockctl.Stub{Path: apiPath(path), Response: raw, Times: count(times)})
	return err
}

// journal returns the requests to path ("*" for all).
func journal(ctx context.Context, path string) ([]mockctl.Request, error) {
	p := apiPath(path)
	if p == "*" {
		p = ""
	}
	return stateOf(ctx).mock.Requests(ctx, p)
}

func describe(reqs []mockctl.Request) string {
	var b strings.Builder
	for _, r := range reqs {
		code := "-"
		if r.ErrCode != nil {
			code = strconv.Itoa(*r.ErrCode)
		}
		fmt.Fprintf(&b, "\n  %s %s → HTTP %d errcode %s", r.Method, r.Path, r.Status, code)
	}
	if b.Len() == 0 {
		return " (none)"
	}
	return b.String()
}

func receivedExactly(ctx context.Context, n, path string) error {
	reqs, err := journal(ctx, path)
	if err != nil {
		return err
	}
	if want := count(n); len(reqs) != want {
		return fmt.Errorf("the mock received %d %s requests, want %d:%s", len(reqs), apiPath(path), want, describe(reqs))
	}
	return nil
}

func receivedNone(ctx context.Context, path string) error { return receivedExactly(ctx, "0", path) }

func answeredWithErrcode(ctx context.Context, n, path, code string) error {
	reqs, err := journal(ctx, path)
	if err != nil {
		return err
	}
	want, _ := strconv.Atoi(code)
	got := 0
	for _, r := range reqs {
		if r.ErrCode != nil && *r.ErrCode == want {
			got++
		}
	}
	if got != count(n) {
		return fmt.Errorf("the mock answered %d %s requests with errcode %d, want %d:%s", got, apiPath(path), want, count(n), describe(reqs))
	}
	return nil
}

func receivedMessage(ctx context.Context, userID, n, text string) error {
	msgs, err := stateOf(ctx).mock.Messages(ctx, mockctl.MessageFilter{ToUser: userID})
	if err != nil {
		return err
	}
	got := 0
	var seen []string
	for _, m := range msgs {
		seen = append(seen, fmt.Sprintf("%q", m.Content))
		if strings.Contains(m.Content, text) {
			got++
		}
	}
	switch {
	case n == "" && got == 0:
		return fmt.Errorf("%s received no message containing %q; messages: %v", userID, text, seen)
	case n != "" && got != count(n):
		return fmt.Errorf("%s received %d messages containing %q, want %d; messages: %v", userID, got, text, count(n), seen)
	}
	return nil
}

func receivedNoMessage(ctx context.Context, userID string) error {
	msgs, err := stateOf(ctx).mock.Messages(ctx, mockctl.MessageFilter{ToUser: userID})
	if err != nil {
		return err
	}
	if len(msgs) > 0 {
		return fmt.Errorf("%s received %d messages, the first: %q", userID, len(msgs), msgs[0].Content)
	}
	return nil
}
