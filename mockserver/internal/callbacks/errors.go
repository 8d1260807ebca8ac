package callbacks

import (
	"errors"
	"fmt"
)

// Refusal is a request the engine turns down before doing anything. The
// server answers it with 409 when Conflict (the current state does not
// allow it), else 400 (the request is malformed). Besides refusals the
// engine returns the store's errors as they are, for the server to word.
type Refusal struct {
	Conflict bool
	Msg      string
}

func (r *Refusal) Error() string { return r.Msg }

func invalid(format string, args ...any) error {
	return &Refusal{Msg: fmt.Sprintf(format, args...)}
}

func conflict(format string, args ...any) error {
	return &Refusal{Conflict: true, Msg: fmt.Sprintf(format, args...)}
}

// ErrNotVerified is returned (wrapped, with the reason) by Configure when
// the URL failed the verification; nothing is saved. The server exports it
// as mockserver.ErrCallbackNotVerified.
var ErrNotVerified = errors.New("callback URL verification failed")
