package steps

import (
	"context"
	"strconv"

	"github.com/cucumber/godog"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// registerFaults adds the steps that break WeCom the ways real outages do:
// reset connections, the gateway's error pages, truncated and slow answers,
// and seeded chaos. (Errcodes and plain statuses are in mock_steps.go.)
//
// Which calls: `on "<api>"` is the next call, `on the next <n> "<api>"
// calls` the next n, `on every "<api>" call` all until the scenario ends.
func registerFaults(sc *godog.ScenarioContext) {
	const (
		n     = `(\d+|one|two|three|four|five)`
		api   = `"([^"]+)"`
		which = `(?:the next ` + n + ` ` + api + ` calls?|every ` + api + ` call)`
	)
	sc.Step(`^WeCom resets the connection on `+api+`$`, func(ctx context.Context, path string) error {
		return addFault(ctx, "1", path, "", mockctl.Fault{Kind: mockctl.FaultReset})
	})
	sc.Step(`^WeCom resets the connection on `+which+`$`, func(ctx context.Context, times, path, every string) error {
		return addFault(ctx, times, path, every, mockctl.Fault{Kind: mockctl.FaultReset})
	})
	sc.Step(`^WeCom's gateway answers (502|503|504) on `+api+`$`, func(ctx context.Context, status, path string) error {
		return addFault(ctx, "1", path, "", gateway(status))
	})
	sc.Step(`^WeCom's gateway answers (502|503|504) on `+which+`$`, func(ctx context.Context, status, times, path, every string) error {
		return addFault(ctx, times, path, every, gateway(status))
	})
	sc.Step(`^WeCom answers `+which+` with truncated JSON$`, func(ctx context.Context, times, path, every string) error {
		return addFault(ctx, times, path, every, mockctl.Fault{Kind: mockctl.FaultMalformed})
	})
	sc.Step(`^WeCom answers `+which+` at (\d+) bytes per second$`, func(ctx context.Context, times, path, every, bps string) error {
		rate, _ := strconv.Atoi(bps)
		return addFault(ctx, times, path, every, mockctl.Fault{Kind: mockctl.FaultSlow, BytesPerSecond: rate})
	})
	sc.Step(`^WeCom's gateway answers (502|503|504) on (\d+)% of `+api+` calls with seed (-?\d+)$`,
		func(ctx context.Context, status, percent, path, seed string) error {
			f := gateway(status)
			p, _ := strconv.Atoi(percent)
			f.Probability = float64(p) / 100
			f.Seed, _ = strconv.ParseInt(seed, 10, 64)
			return addFault(ctx, "0", path, "", f)
		})

	// 中文
	sc.Step(`^企业微信重置接下来 (\d+) 次 `+api+` 调用的连接$`, func(ctx context.Context, times, path string) error {
		return addFault(ctx, times, path, "", mockctl.Fault{Kind: mockctl.FaultReset})
	})
	sc.Step(`^企业微信网关对接下来 (\d+) 次 `+api+` 调用返回 (502|503|504)$`, func(ctx context.Context, times, path, status string) error {
		return addFault(ctx, times, path, "", gateway(status))
	})
	sc.Step(`^企业微信网关对每次 `+api+` 调用都返回 (502|503|504)$`, func(ctx context.Context, path, status string) error {
		return addFault(ctx, "0", path, "", gateway(status))
	})
}

func gateway(status string) mockctl.Fault {
	s, _ := strconv.Atoi(status)
	return mockctl.Fault{Kind: mockctl.FaultHTTP, Status: s}
}

// addFault adds f on path (or, when every is set, on every until the
// scenario ends) for times calls.
func addFault(ctx context.Context, times, path, every string, f mockctl.Fault) error {
	f.Path, f.Times = apiPath(path), count(times)
	if every != "" {
		f.Path, f.Times = apiPath(every), 0
	}
	_, err := stateOf(ctx).mock.AddFault(ctx, f)
	return err
}
