package mockserver

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// sandboxControlRoutes mounts /_mock/sandboxes (sandboxes.go).
func (s *Server) sandboxControlRoutes(handle func(string, controlFunc, ...string)) {
	handle("/sandboxes", s.ctlSandboxes, http.MethodGet)
	handle("/sandboxes", s.ctlCreateSandbox, http.MethodPost)
	handle("/sandboxes/{id}", s.ctlDeleteSandbox, http.MethodDelete)
}

func (s *Server) ctlSandboxes(r *http.Request) (any, error) {
	if s.cfg.sandbox.child {
		return nil, statusErr(http.StatusForbidden, "a sandbox has no sandboxes: list them on the parent server's /_mock/sandboxes")
	}
	// URLs at the address the caller reached (a container's mapped port),
	// not the listener's.
	list := s.Sandboxes()
	for i := range list.Sandboxes {
		list.Sandboxes[i].URL = requestBase(r) + sandboxPathPrefix + list.Sandboxes[i].ID
	}
	return list, nil
}

func (s *Server) ctlCreateSandbox(r *http.Request) (any, error) {
	if s.cfg.sandbox.child {
		return nil, statusErr(http.StatusForbidden, "a sandbox cannot create sandboxes: create them on the parent server's /_mock/sandboxes")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.maxFixtureLen+1))
	if err != nil {
		return nil, badRequest("reading body: %v", err)
	}
	if int64(len(body)) > s.cfg.maxFixtureLen {
		return nil, statusErr(http.StatusRequestEntityTooLarge, "body larger than %d bytes", s.cfg.maxFixtureLen)
	}
	var req mockctl.SandboxRequest
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&req); err != nil {
			return nil, badRequest("invalid JSON: %v (want {\"fixtures\": ..., \"ttl_seconds\": n})", err)
		}
	}
	if req.TTLSeconds < 0 || req.TTLSeconds > int(MaxSandboxTTL/time.Second) {
		return nil, badRequest("ttl_seconds must be between 1 and %d, got %d", int(MaxSandboxTTL/time.Second), req.TTLSeconds)
	}
	var opts []Option
	if req.TTLSeconds > 0 {
		opts = append(opts, WithSandboxTTL(time.Duration(req.TTLSeconds)*time.Second))
	}
	if w, err := sandboxWorld(req.Fixtures); err != nil {
		return nil, err
	} else if w != nil {
		opts = append(opts, WithFixtures(w))
	}
	sb, err := s.NewSandbox(opts...)
	if err != nil {
		return nil, err
	}
	return sb.info(requestBase(r)), nil
}

// sandboxWorld reads the fixtures of a create request: a JSON object, or a
// string of YAML or JSON text; nil for none.
func sandboxWorld(raw json.RawMessage) (*fixtures.World, error) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || bytes.Equal(raw, []byte("null")) {
		return nil, nil
	}
	text := []byte(raw)
	if raw[0] == '"' {
		var s string
		if err := json.Unmarshal(raw, &s); err != nil {
			return nil, badRequest("fixtures: %v", err)
		}
		text = []byte(s)
	} else if raw[0] != '{' {
		return nil, badRequest("fixtures must be a JSON object or a string of YAML or JSON text")
	}
	w, err := fixtures.Parse(text)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	return w, nil
}

func (s *Server) ctlDeleteSandbox(r *http.Request) (any, error) {
	if s.cfg.sandbox.child {
		return nil, statusErr(http.StatusForbidden, "a sandbox has no sandboxes: delete them on the parent server's /_mock/sandboxes")
	}
	id := mux.Vars(r)["id"]
	if err := s.DeleteSandbox(id); err != nil {
		return nil, err
	}
	return map[string]string{"status": "deleted", "id": id}, nil
}

// requestBase is the scheme and host the request reached the server at.
func requestBase(r *http.Request) string {
	if r.TLS != nil {
		return "https://" + r.Host
	}
	return "http://" + r.Host
}
