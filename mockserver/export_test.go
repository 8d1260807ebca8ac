package mockserver

import (
	"reflect"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Test-only options for settings the public API does not expose.

// WithMaxFixtureBytes lowers the size limit of PUT /_mock/fixtures (256 MiB
// by default) so a test can cross it cheaply.
func WithMaxFixtureBytes(n int64) Option { return func(c *config) { c.maxFixtureLen = n } }

// WithRealNow replaces the server's source of real time.
func WithRealNow(now func() time.Time) Option { return func(c *config) { c.realNow = now } }

// DefaultWorldChanged reports whether the default world the servers of this
// process share differs from the embedded one: something modified it.
func DefaultWorldChanged() bool {
	return !reflect.DeepEqual(defaultWorld(), fixtures.Default())
}
