package mockserver

import (
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// validateFault checks a fault the Go or control API adds.
func validateFault(f *Fault) error {
	switch {
	case f.Path == "":
		return errors.New("path is required (e.g. \"/cgi-bin/user/get\", or \"*\" for every API)")
	case f.Path != "*" && f.Path[0] != '/':
		return fmt.Errorf("path %q must start with /", f.Path)
	case f.Times < 0:
		return errors.New("times must be 0 (until removed) or more")
	case f.DelayMS < 0 || f.DelayMS > 600_000:
		return errors.New("delay_ms must be between 0 and 600000")
	case f.HTTPStatus != 0 && (f.HTTPStatus < 200 || f.HTTPStatus > 599):
		return errors.New("http_status must be between 200 and 599")
	case f.ErrCode == 0 && f.DelayMS == 0 && f.HTTPStatus == 0:
		return errors.New("a fault needs an errcode, a delay_ms or an http_status")
	case f.ErrCode != 0 && f.ErrMsg == "" && !errcode.Code(f.ErrCode).Known():
		// The mock would have to invent the errmsg: make the caller say it.
		return fmt.Errorf("errcode %d has no known WeCom errmsg; give its errmsg", f.ErrCode)
	}
	return nil
}

// MaxFaults bounds the faults a server holds at once; adding one more is
// refused until some are removed or spent.
const MaxFaults = 1000

// maxFaultText bounds a fault's path, errmsg and corpid, in bytes.
const maxFaultText = 1024

// faultSet holds the faults in the order they were added, and indexed by
// path so a call looks only at the faults of its own path and at "*".
type faultSet struct {
	mu     sync.Mutex
	faults []*faultEntry            // every fault, oldest first
	byPath map[string][]*faultEntry // the same, by Path ("*" too), oldest first
	nextID int
	// active mirrors len(faults) so the hot path can skip the lock.
	active atomic.Int32
}

// faultEntry is a held fault; seq orders faults of different paths.
type faultEntry struct {
	Fault
	seq int
}

func newFaultSet() *faultSet { return &faultSet{byPath: map[string][]*faultEntry{}} }

// errTooManyFaults is the refusal of a fault past MaxFaults.
var errTooManyFaults = fmt.Errorf("at most %d faults at once; remove some first (DELETE /_mock/faults)", MaxFaults)

func (fs *faultSet) add(f Fault) (Fault, error) {
	if err := validateFault(&f); err != nil {
		return Fault{}, err
	}
	if len(f.Path) > maxFaultText || len(f.ErrMsg) > maxFaultText || len(f.CorpID) > maxFaultText {
		return Fault{}, fmt.Errorf("path, errmsg and corpid may hold at most %d bytes each", maxFaultText)
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.faults) >= MaxFaults {
		return Fault{}, errTooManyFaults
	}
	fs.nextID++
	f.ID = "f" + strconv.Itoa(fs.nextID)
	f.Remaining = f.Times
	e := &faultEntry{Fault: f, seq: fs.nextID}
	fs.faults = append(fs.faults, e)
	fs.byPath[f.Path] = append(fs.byPath[f.Path], e)
	fs.active.Store(int32(len(fs.faults)))
	return f, nil
}

func (fs *faultSet) list() []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]Fault, len(fs.faults))
	for i, f := range fs.faults {
		out[i] = f.Fault
	}
	return out
}

func (fs *faultSet) remove(id string) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	i := slices.IndexFunc(fs.faults, func(f *faultEntry) bool { return f.ID == id })
	if i < 0 {
		return false
	}
	fs.dropLocked(fs.faults[i])
	return true
}

// dropLocked removes e from both lists. fs.mu is held.
func (fs *faultSet) dropLocked(e *faultEntry) {
	fs.faults = slices.DeleteFunc(fs.faults, func(f *faultEntry) bool { return f == e })
	same := slices.DeleteFunc(fs.byPath[e.Path], func(f *faultEntry) bool { return f == e })
	if len(same) == 0 {
		delete(fs.byPath, e.Path)
	} else {
		fs.byPath[e.Path] = same
	}
	fs.active.Store(int32(len(fs.faults)))
}

func (fs *faultSet) clear() {
	fs.mu.Lock()
	fs.faults = nil
	fs.byPath = map[string][]*faultEntry{}
	fs.active.Store(0)
	fs.mu.Unlock()
}

// take consumes one use of the first fault matching (path, corpID): the
// oldest of the path's own faults and, for a WeCom API (/cgi-bin/...), the
// "*" ones; "*" never matches the login pages and their assets.
// corpOf is called only if a fault is scoped to a corp.
func (fs *faultSet) take(path string, corpOf func() string) (Fault, bool) {
	if fs.active.Load() == 0 {
		return Fault{}, false
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	corp, corpKnown := "", false
	first := func(list []*faultEntry) *faultEntry {
		for _, f := range list {
			if f.CorpID != "" {
				if !corpKnown {
					corp, corpKnown = corpOf(), true
				}
				if corp != f.CorpID {
					continue
				}
			}
			return f
		}
		return nil
	}
	var f *faultEntry
	if path != "*" {
		f = first(fs.byPath[path])
	}
	if strings.HasPrefix(path, "/cgi-bin/") {
		if wild := first(fs.byPath["*"]); wild != nil && (f == nil || wild.seq < f.seq) {
			f = wild
		}
	}
	if f == nil {
		return Fault{}, false
	}
	hit := f.Fault
	if f.Times > 0 {
		f.Remaining--
		if f.Remaining == 0 {
			fs.dropLocked(f)
		}
	}
	return hit, true
}

// withFaults answers API calls that match an injected fault. An errcode
// fault's body is the endpoint's own error of that code: its phrase with
// the hint suffix, and the fields errorFields (path → the endpoint's
// kernel.Model.ErrorFields) says its errors keep.
func (s *Server) withFaults(errorFields map[string]any, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if isControlPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		f, ok := s.faults.take(r.URL.Path, func() string { return s.requestCorp(r) })
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		if f.DelayMS > 0 {
			t := time.NewTimer(time.Duration(f.DelayMS) * time.Millisecond)
			select {
			case <-t.C:
			case <-r.Context().Done():
				t.Stop()
				return
			}
		}
		switch {
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
func (s *Server) AddFault(f Fault) (Fault, error) { return s.faults.add(f) }

// Faults lists the active faults.
func (s *Server) Faults() []Fault { return s.faults.list() }

// RemoveFault removes one fault; it reports whether the id existed.
func (s *Server) RemoveFault(id string) bool { return s.faults.remove(id) }

// ClearFaults removes every fault.
func (s *Server) ClearFaults() { s.faults.clear() }
