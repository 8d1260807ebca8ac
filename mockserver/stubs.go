package mockserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"strconv"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Stub is a canned answer for calls of one WeCom API path (see mockctl.Stub).
type Stub = mockctl.Stub

// StubMatch narrows a stub to calls with given query values and body fields.
type StubMatch = mockctl.StubMatch

// AddStub installs a stub and returns it with its id. Stubs answer before
// faults, models and the catalog; the newest matching stub answers.
//
//	srv.AddStub(mockserver.Stub{
//		Path:     "/cgi-bin/oa/getapprovalinfo",
//		Response: json.RawMessage(`{"sp_no_list":["202601010001"]}`),
//	})
func (s *Server) AddStub(st Stub) (Stub, error) {
	added, err := s.stubs.Add(st)
	if err != nil {
		return Stub{}, badRequest("%s", err.Error())
	}
	return added, nil
}

// Stubs lists the installed stubs, oldest first, with their hit counts.
func (s *Server) Stubs() []Stub { return s.stubs.List() }

// RemoveStub removes one stub; false if there is none with that id.
func (s *Server) RemoveStub(id string) bool { return s.stubs.Remove(id) }

// ClearStubs removes every stub.
func (s *Server) ClearStubs() { s.stubs.Clear() }

// withStubs answers WeCom API calls that match a stub.
func (s *Server) withStubs(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if s.stubs.Empty() || isControlPath(r.URL.Path) {
			next.ServeHTTP(w, r)
			return
		}
		a, ok := s.stubs.Take(s.matchCall(r))
		if !ok {
			next.ServeHTTP(w, r)
			return
		}
		code := errcode.Code(a.ErrCode)
		msg := a.ErrMsg
		switch {
		case msg == "" && code == errcode.OK:
			msg = "ok"
		case msg == "":
			msg = s.errmsg(code, (&apiError{Code: code}).Phrase(), r)
		}
		if code != errcode.OK {
			w.Header().Set("Error-Code", strconv.Itoa(a.ErrCode))
			w.Header().Set("Error-Msg", msg)
		}
		s.writeBody(w, code, msg, rawObject(a.Fields))
	})
}

// peekJSONBody decodes the body as a JSON object for matching, and puts the
// bytes back for the handler. A body that is not a JSON object, or is larger
// than limit, matches no body pattern.
func peekJSONBody(r *http.Request, limit int64) map[string]any {
	if r.Body == nil || r.Body == http.NoBody {
		return nil
	}
	head, err := io.ReadAll(io.LimitReader(r.Body, limit+1))
	r.Body = struct {
		io.Reader
		io.Closer
	}{io.MultiReader(bytes.NewReader(head), r.Body), r.Body}
	if err != nil || int64(len(head)) > limit {
		return nil
	}
	var doc map[string]any
	if json.Unmarshal(head, &doc) != nil {
		return nil
	}
	return doc
}

func (s *Server) stubControlRoutes(handle func(string, controlFunc, ...string)) {
	handle("/stubs", s.ctlStubs, http.MethodGet)
	handle("/stubs", s.ctlAddStub, http.MethodPost)
	handle("/stubs", s.ctlClearStubs, http.MethodDelete)
	handle("/stubs/{id}", s.ctlRemoveStub, http.MethodDelete)
}

func (s *Server) ctlStubs(*http.Request) (any, error) {
	return mockctl.StubList{Stubs: s.Stubs()}, nil
}

func (s *Server) ctlAddStub(r *http.Request) (any, error) {
	var st Stub
	if err := decodeControl(r, &st); err != nil {
		return nil, err
	}
	if st.ID != "" || st.Remaining != 0 || st.Hits != 0 {
		return nil, badRequest(`"id", "remaining" and "hits" are set by the server`)
	}
	added, err := s.stubs.Add(st)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	return added, nil
}

func (s *Server) ctlClearStubs(*http.Request) (any, error) {
	s.ClearStubs()
	return mockctl.StubList{Stubs: []Stub{}}, nil
}

func (s *Server) ctlRemoveStub(r *http.Request) (any, error) {
	id := mux.Vars(r)["id"]
	if !s.RemoveStub(id) {
		return nil, notFoundErr("no stub with id %q", id)
	}
	return map[string]string{"removed": id}, nil
}
