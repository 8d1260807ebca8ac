package mockserver

import (
	"fmt"
	"log/slog"
	"net/http"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// World returns the current world as fixtures: the loaded world with every
// change made since through the APIs and the control API (members,
// departments, tags and their members, apps' names, trusted domains and
// visible ranges, callback configurations, the 客户联系 world, suite
// authorizations). Loading it (LoadFixtures) into any server reproduces
// the same answers. Tokens, codes, messages and what else fixtures cannot
// say are not part of it (docs/control-api.md). The world is a copy the
// caller may change.
func (s *Server) World() (*fixtures.World, error) {
	w := s.store.World()
	if err := w.Validate(); err != nil {
		// A bug: a change the store accepted that fixtures refuse.
		return nil, fmt.Errorf("mockserver: the current world does not validate as fixtures: %w", err)
	}
	return w, nil
}

// worldExport serves GET /_mock/world: JSON by default, YAML with
// ?format=yaml or an Accept header naming YAML.
func (s *Server) worldExport(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeControlJSON(w, http.StatusMethodNotAllowed,
			mockctl.ErrorBody{Error: r.Method + " is not allowed on " + r.URL.Path + " (allowed: GET, HEAD)"})
		return
	}
	format := strings.ToLower(r.URL.Query().Get("format"))
	if format == "" {
		format = "json"
		if accept := strings.ToLower(r.Header.Get("Accept")); strings.Contains(accept, "yaml") {
			format = "yaml"
		}
	}
	if format != "json" && format != "yaml" {
		writeControlJSON(w, http.StatusBadRequest, mockctl.ErrorBody{Error: `"format" must be "json" or "yaml", got "` + format + `"`})
		return
	}
	world, err := s.World()
	if err != nil {
		s.cfg.logger.Error("world export failed", "err", err)
		writeControlJSON(w, http.StatusInternalServerError, mockctl.ErrorBody{Error: err.Error()})
		return
	}
	if format == "json" {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		if err := writeJSONStream(w, world); err != nil {
			s.cfg.logger.Error("world export failed", "err", err) // the status is out
		}
		return
	}
	w.Header().Set("Content-Type", "application/yaml; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if err := world.WriteYAML(w); err != nil { // buffered and streamed
		s.cfg.logger.Error("world export failed", "err", err) // the status is out
	}
}

// worldStream is GET /_mock/fixtures' answer: the loaded fixtures,
// streamed (json_stream.go).
type worldStream struct {
	world  *fixtures.World
	logger *slog.Logger
}

func (ws worldStream) writeStream(w http.ResponseWriter) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(http.StatusOK)
	if err := writeJSONStream(w, ws.world); err != nil {
		ws.logger.Error("fixtures read failed", "err", err)
	}
}
