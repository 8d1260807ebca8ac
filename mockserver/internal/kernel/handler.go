package kernel

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Call is what a handler knows about the request beyond *http.Request: the
// query and the credential the server resolved before calling it.
type Call struct {
	Query Query
	Token store.Token // the resolved access token, for access_token endpoints
	// Suite is the resolved suite_access_token, for suite endpoints
	// (a pointer: most calls have none, and Call is allocated per request).
	Suite *store.SuiteToken
	// Rare holds the credentials few endpoints take (one pointer keeps Call
	// in the allocation size class of the hot path).
	Rare *RareCredentials
}

// RareCredentials are the resolved provider_access_token or webhook key.
type RareCredentials struct {
	Provider store.ProviderToken
	Robot    store.Robot
}

// Handler is the one shape of an API handler: it returns the success body
// or an error; the server's writer turns either into the WeCom response.
// A body that is an http.Handler (a downloaded file) serves itself.
type Handler func(r *http.Request, c *Call) (any, error)

// Model is how an endpoint the mock models with state is served.
type Model struct {
	Handle Handler
	// MaxBody, if larger than the server's API body limit, raises it for
	// this endpoint (media/upload takes files up to 20 MB).
	MaxBody int64
	// ErrorFields are the empty default fields this endpoint's error bodies
	// keep on the real host, token errors included.
	ErrorFields any
	// CheckParams has the server check the query and body against the
	// endpoint's catalog entry (required parameters, types, limits) before
	// Handle runs, as it does for shaped endpoints; Handle can then read the
	// body again.
	CheckParams bool
}

// WithMsg gives a success body an errmsg other than "ok" (write APIs answer
// "created", "updated", "deleted").
type WithMsg struct {
	Msg  string
	Body any
}

// RawObject is a body already encoded as a JSON object, written as is.
type RawObject []byte

// DecodeJSON reads the request body into v: a body that is not JSON is
// WeCom's "wrong json format", a field of the wrong type 40058.
func DecodeJSON(r *http.Request, v any) error {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return WrongJSON()
	}
	if err := json.Unmarshal(body, v); err != nil {
		var typeErr *json.UnmarshalTypeError
		if errors.As(err, &typeErr) {
			return Err(errcode.InvalidParameter)
		}
		return WrongJSON()
	}
	return nil
}

// NonNil is s, or an empty slice for nil: WeCom answers [] where a Go nil
// slice would encode as null.
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
