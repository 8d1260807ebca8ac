package wecommock

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// controlClient talks to the container's control API. It never uses a proxy
// from the environment: the container is local.
var controlClient = &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 30 * time.Second}

// Control is the client of the container's whole control API (/_mock/):
// codes, clock, faults, the request journal, the inbox, callbacks, contact
// changes, suites, logins, state. It is nil for a container that did not
// start.
func (c *Container) Control() *mockctl.Client { return c.ctl }

// CodeRequest asks for a login code, as the WeCom client would obtain one
// (POST /_mock/codes).
type CodeRequest = mockctl.CodeRequest

// Code is a minted login code.
type Code = mockctl.Code

// MintCode issues a single-use login code, valid for 5 minutes of the
// mock's virtual time: Control().MintCode, with a *ControlError for a
// refusal.
func (c *Container) MintCode(ctx context.Context, req CodeRequest) (Code, error) {
	ctl, err := c.control()
	if err != nil {
		return Code{}, err
	}
	code, err := ctl.MintCode(ctx, req)
	return code, controlErr(err)
}

// Advance moves the mock's virtual clock forward by d and returns the new
// virtual time: tokens, codes and tickets see the jump at once.
func (c *Container) Advance(ctx context.Context, d time.Duration) (time.Time, error) {
	ctl, err := c.control()
	if err != nil {
		return time.Time{}, err
	}
	now, err := ctl.Advance(ctx, d)
	return now, controlErr(err)
}

// Reset brings the mock back to its loaded fixtures: tokens, codes, the
// journal and faults cleared, the clock reset.
func (c *Container) Reset(ctx context.Context) error {
	ctl, err := c.control()
	if err != nil {
		return err
	}
	return controlErr(ctl.Reset(ctx))
}

// ControlError is a 4xx or 5xx answer of the control API to this package's
// own methods; it unwraps to the *mockctl.Error that Control() returns.
type ControlError struct {
	Method, Path string
	Status       int
	Message      string // the answer's "error"
	err          *mockctl.Error
}

func (e *ControlError) Error() string {
	return fmt.Sprintf("wecommock: %s %s: HTTP %d: %s", e.Method, e.Path, e.Status, e.Message)
}

// Unwrap returns the *mockctl.Error.
func (e *ControlError) Unwrap() error { return e.err }

// controlErr turns a *mockctl.Error into a *ControlError.
func controlErr(err error) error {
	var me *mockctl.Error
	if errors.As(err, &me) {
		return &ControlError{Method: me.Method, Path: me.Path, Status: me.Status, Message: me.Msg, err: me}
	}
	return err
}

var errNotStarted = errors.New("wecommock: the container did not start")

func (c *Container) control() (*mockctl.Client, error) {
	if c == nil || c.ctl == nil {
		return nil, errNotStarted
	}
	return c.ctl, nil
}
