package mockserver

import (
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// Short names for the kernel's, used by the server's own answers (shaped
// answers, faults, stubs, the writer); the families under internal/api use
// the kernel directly.
type (
	call      = kernel.Call
	apiError  = kernel.APIError
	rawQuery  = kernel.Query
	model     = kernel.Model
	withMsg   = kernel.WithMsg
	rawObject = kernel.RawObject
)

func wecomErr(code errcode.Code) error { return kernel.Err(code) }
func wrongJSON() error                 { return kernel.WrongJSON() }
