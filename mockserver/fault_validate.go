package mockserver

import (
	"errors"
	"fmt"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// The kinds of fault (Fault.Kind), as in mockctl.
const (
	FaultErrcode   = mockctl.FaultErrcode
	FaultDelay     = mockctl.FaultDelay
	FaultReset     = mockctl.FaultReset
	FaultHTTP      = mockctl.FaultHTTP
	FaultMalformed = mockctl.FaultMalformed
	FaultSlow      = mockctl.FaultSlow
)

// Bounds of a fault's fields.
const (
	// maxFaultText bounds a fault's path, errmsg and corpid, in bytes.
	maxFaultText = 1024
	// maxFaultMatch bounds a fault's match (query and body), in bytes.
	maxFaultMatch = 8 << 10
	// maxBytesPerSecond is the fastest slow answer: 10 MB/s.
	maxBytesPerSecond = 10_000_000
)

// validateFault checks a fault the Go or control API adds.
func validateFault(f *Fault) error {
	if err := validateFaultCommon(f); err != nil {
		return err
	}
	return validateFaultKind(f)
}

// validateFaultCommon checks what every kind of fault has.
func validateFaultCommon(f *Fault) error {
	size := len(f.Match.Body)
	for k, v := range f.Match.Query {
		size += len(k) + len(v)
	}
	switch {
	case f.Path == "":
		return errors.New("path is required (e.g. \"/cgi-bin/user/get\", or \"*\" for every API)")
	case f.Path != "*" && f.Path[0] != '/':
		return fmt.Errorf("path %q must start with /", f.Path)
	case len(f.Path) > maxFaultText || len(f.ErrMsg) > maxFaultText || len(f.CorpID) > maxFaultText:
		return fmt.Errorf("path, errmsg and corpid may hold at most %d bytes each", maxFaultText)
	case size > maxFaultMatch:
		return fmt.Errorf("match may hold at most %d bytes, this one has %d", maxFaultMatch, size)
	case f.Times < 0:
		return errors.New("times must be 0 (until removed) or more")
	case f.DelayMS < 0 || f.DelayMS > 600_000:
		return errors.New("delay_ms must be between 0 and 600000")
	case f.AgentID < 0:
		return errors.New("agentid must be an app's agentid, or 0 for any app")
	case !(f.Probability >= 0 && f.Probability <= 1): // NaN too
		return errors.New("probability must be between 0 and 1 (0 or left out: every matching call)")
	case f.Seed != 0 && f.Probability == 0:
		return errors.New("seed goes with a probability")
	}
	return nil
}

// validateFaultKind checks the fields of f's kind, and that it sets none
// of another kind's.
func validateFaultKind(f *Fault) error {
	errcodeSet := f.ErrCode != 0 || f.ErrMsg != ""
	switch f.Kind {
	case "", FaultErrcode, FaultDelay:
		switch {
		case f.Status != 0 || f.BytesPerSecond != 0:
			return fmt.Errorf(`status goes with "kind":%q and bytes_per_second with "kind":%q`, FaultHTTP, FaultSlow)
		case f.HTTPStatus != 0 && (f.HTTPStatus < 200 || f.HTTPStatus > 599):
			return errors.New("http_status must be between 200 and 599")
		case f.Kind == FaultErrcode && f.ErrCode == 0:
			return errors.New(`"kind":"errcode" needs a non-zero errcode`)
		case f.Kind == FaultDelay && (f.DelayMS == 0 || errcodeSet || f.HTTPStatus != 0):
			return errors.New(`"kind":"delay" needs a delay_ms, and no errcode or http_status`)
		case f.ErrCode == 0 && f.DelayMS == 0 && f.HTTPStatus == 0:
			return errors.New(`a fault needs an errcode, a delay_ms, an http_status or a "kind" (reset, http, malformed, slow)`)
		case f.ErrCode != 0 && f.ErrMsg == "" && !errcode.Code(f.ErrCode).Known():
			// The mock would have to invent the errmsg: make the caller say it.
			return fmt.Errorf("errcode %d has no known WeCom errmsg; give its errmsg", f.ErrCode)
		}
		return nil
	case FaultReset, FaultHTTP, FaultMalformed, FaultSlow:
	default:
		return fmt.Errorf(`kind %q is not one of "errcode", "delay", "reset", "http", "malformed", "slow"`, f.Kind)
	}
	switch {
	case errcodeSet || f.HTTPStatus != 0:
		return fmt.Errorf(`"kind":%q takes no errcode, errmsg or http_status`, f.Kind)
	case f.Kind == FaultHTTP && f.Status != 502 && f.Status != 503 && f.Status != 504:
		return fmt.Errorf(`"kind":"http" needs "status" 502, 503 or 504 (WeCom's gateway errors), not %d; http_status answers any other status with an empty body`, f.Status)
	case f.Kind != FaultHTTP && f.Status != 0:
		return fmt.Errorf(`status goes with "kind":%q only`, FaultHTTP)
	case f.Kind == FaultSlow && (f.BytesPerSecond < 1 || f.BytesPerSecond > maxBytesPerSecond):
		return fmt.Errorf(`"kind":"slow" needs bytes_per_second between 1 and %d`, maxBytesPerSecond)
	case f.Kind != FaultSlow && f.BytesPerSecond != 0:
		return fmt.Errorf(`bytes_per_second goes with "kind":%q only`, FaultSlow)
	}
	return nil
}
