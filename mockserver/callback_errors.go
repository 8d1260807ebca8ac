package mockserver

import (
	"errors"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/callbacks"
)

// callbackError is err of the callback engine for the Go and control APIs:
// a refusal becomes a 400 or 409, a store error is worded in callbackTerms
// about the given app and member; anything else (a failed verification) is
// returned as is. nil stays nil.
func callbackError(err error, about subject) error {
	var r *callbacks.Refusal
	switch {
	case err == nil:
		return nil
	case errors.As(err, &r) && r.Conflict:
		return conflictErr("%s", r.Msg)
	case errors.As(err, &r):
		return badRequest("%s", r.Msg)
	}
	about.terms = callbackTerms
	return storeError(err, about)
}
