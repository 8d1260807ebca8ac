package mockserver

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// Short names for the kernel's, used by the handlers that still live in this
// package; the families under internal/api use the kernel directly.
type (
	call        = kernel.Call
	apiError    = kernel.APIError
	rawQuery    = kernel.Query
	handlerFunc = kernel.Handler
	model       = kernel.Model
	withMsg     = kernel.WithMsg
	rawObject   = kernel.RawObject
)

func wecomErr(code errcode.Code) error                { return kernel.Err(code) }
func wecomErrWith(code errcode.Code, extra any) error { return kernel.ErrWith(code, extra) }
func wrongJSON() error                                { return kernel.WrongJSON() }
func decodeJSONBodyInto(r *http.Request, v any) error { return kernel.DecodeJSON(r, v) }
