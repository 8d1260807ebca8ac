package mockserver

import (
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/stubs"
)

// withFaults answers API calls that match an injected fault. An errcode
// fault's body is the endpoint's own error of that code: its phrase with
// the hint suffix, and the fields errorFields (path → the endpoint's
// kernel.Model.ErrorFields) says its errors keep.
func (s *Server) withFaults(errorFields map[string]any, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.faults.empty() || isControlPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		f, ok := s.faults.take(s.matchCall(r))
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if f.DelayMS > 0 && sleepCtx(r.Context(), time.Duration(f.DelayMS)*time.Millisecond) != nil {
			return
		}
		switch {
		case f.Kind == FaultReset:
			resetConnection(w, r)
		case f.Kind == FaultHTTP:
			writeGatewayError(w, f.Status)
		case f.Kind == FaultMalformed:
			writeTruncated(w, record(next, r))
		case f.Kind == FaultSlow:
			writeSlow(w, r, record(next, r), f.BytesPerSecond)
		case f.HTTPStatus != 0:
			w.Header().Set("Content-Length", "0")
			w.WriteHeader(f.HTTPStatus)
		case f.ErrCode != 0:
			s.writeError(w, r, &apiError{Code: errcode.Code(f.ErrCode), Text: f.ErrMsg, Extra: errorFields[r.URL.Path]})
		default:
			next.ServeHTTP(w, r)
		}
	})
}

// matchCall is what stubs and faults may ask of r to match it, each
// piece worked out only if one of them asks.
func (s *Server) matchCall(r *http.Request) stubs.Call {
	q := rawQuery(r.URL.RawQuery)
	return stubs.Call{
		Path:  r.URL.Path,
		Corp:  func() string { return s.requestCorp(r) },
		Agent: func() int { return s.store.CallerApp(q.Get("access_token"), q.Get("corpid"), q.Get("corpsecret")) },
		Query: q.Get,
		Body:  func() map[string]any { return peekJSONBody(r, s.cfg.maxBodyBytes) },
	}
}

// requestCorp is the corp a call is for: its corpid parameter, or the corp of
// its access token.
func (s *Server) requestCorp(r *http.Request) string {
	q := r.URL.Query()
	if c := q.Get("corpid"); c != "" {
		return c
	}
	return s.store.TokenCorp(q.Get("access_token"))
}

// AddFault injects a fault and returns it with its id.
//
//	srv.AddFault(mockserver.Fault{Path: "/cgi-bin/gettoken", Kind: mockserver.FaultReset, Times: 1})
//	srv.AddFault(mockserver.Fault{Path: "*", Kind: mockserver.FaultHTTP, Status: 502,
//		Probability: 0.1, Seed: 42}) // one call in ten, the same ones every run
func (s *Server) AddFault(f Fault) (Fault, error) { return s.faults.add(f) }

// Faults lists the active faults.
func (s *Server) Faults() []Fault { return s.faults.list() }

// RemoveFault removes one fault; it reports whether the id existed.
func (s *Server) RemoveFault(id string) bool { return s.faults.remove(id) }

// ClearFaults removes every fault.
func (s *Server) ClearFaults() { s.faults.clear() }
