package steps

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// registerJournal adds the steps that verify calls against the mock's
// request journal: a count of calls to a path, narrowed by a query or a
// JSON body subset. A failure lists the closest calls and what differs.
func registerJournal(sc *godog.ScenarioContext) {
	const n = `(\d+|no|one|two|three|four|five)`
	sc.Step(`^the mock received `+n+` calls? to "([^"]+)"$`, func(ctx context.Context, n, path string) error {
		return verifyCalls(ctx, n, mockctl.RequestPattern{Path: apiPath(path)})
	})
	sc.Step(`^the mock received `+n+` calls? to "([^"]+)" with query "([^"]*)"$`, receivedWithQuery)
	sc.Step(`^the mock received `+n+` calls? to "([^"]+)" with body:$`, receivedWithBody)
	sc.Step(`^模拟服务器收到 (\d+) 次对 "([^"]+)" 的调用，请求体包含[:：]$`, receivedWithBody)
}

// receivedWithQuery checks calls whose query holds the given parameters,
// written as a query string: "userid=zhangsan&agentid=1000002".
func receivedWithQuery(ctx context.Context, n, path, query string) error {
	q, err := url.ParseQuery(query)
	if err != nil {
		return fmt.Errorf("the query %q is not a query string: %w", query, err)
	}
	p := mockctl.RequestPattern{Path: apiPath(path), Query: map[string]string{}}
	for k := range q {
		p.Query[k] = q.Get(k)
	}
	return verifyCalls(ctx, n, p)
}

// receivedWithBody checks calls whose JSON body holds the doc string's
// fields (a subset: other fields may be there too).
func receivedWithBody(ctx context.Context, n, path string, body *godog.DocString) error {
	raw := json.RawMessage(strings.TrimSpace(body.Content))
	if !json.Valid(raw) {
		return fmt.Errorf("the body for %s is not valid JSON:\n%s", path, body.Content)
	}
	return verifyCalls(ctx, n, mockctl.RequestPattern{Path: apiPath(path), Body: raw})
}

func verifyCalls(ctx context.Context, n string, p mockctl.RequestPattern) error {
	return stateOf(ctx).mock.VerifyRequests(ctx, p, count(n))
}
