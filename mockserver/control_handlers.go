package mockserver

import (
	"io"
	"math"
	"net/http"
	"time"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

func (s *Server) ctlHealthz(*http.Request) (any, error) {
	return mockctl.Health{Status: "ok"}, nil
}

func (s *Server) ctlReset(*http.Request) (any, error) {
	s.Reset()
	return mockctl.ResetResult{Status: "reset", Now: s.Now().Format(time.RFC3339)}, nil
}

func (s *Server) ctlGetFixtures(*http.Request) (any, error) {
	return worldStream{world: s.Fixtures(), logger: s.cfg.logger}, nil
}

func (s *Server) ctlPutFixtures(r *http.Request) (any, error) {
	if r.ContentLength > s.cfg.maxFixtureLen { // refused before a byte is read
		return nil, statusErr(http.StatusRequestEntityTooLarge, "fixtures of %d bytes, over the limit of %d bytes (wecom-mock serve --max-fixtures-size)", r.ContentLength, s.cfg.maxFixtureLen)
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, s.cfg.maxFixtureLen+1))
	if err != nil {
		return nil, badRequest("reading body: %v", err)
	}
	if int64(len(body)) > s.cfg.maxFixtureLen {
		return nil, statusErr(http.StatusRequestEntityTooLarge, "fixtures larger than %d bytes, the limit (wecom-mock serve --max-fixtures-size)", s.cfg.maxFixtureLen)
	}
	w, err := fixtures.Parse(body)
	if err != nil {
		return nil, badRequest("%v (the previous world is still loaded)", err)
	}
	if err := s.LoadFixtures(w); err != nil {
		return nil, badRequest("%v", err)
	}
	return mockctl.FixturesLoaded{Status: "loaded", Counts: w.Count()}, nil
}

func (s *Server) ctlState(*http.Request) (any, error) { return s.State(), nil }

func (s *Server) ctlMintCode(r *http.Request) (any, error) {
	var req CodeRequest
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	return controlAnswer(s.MintCode(req))
}

func (s *Server) clockBody() mockctl.Clock {
	return mockctl.Clock{Now: s.Now().Format(time.RFC3339), Frozen: s.store.Clock().Frozen()}
}

func (s *Server) ctlClock(*http.Request) (any, error) { return s.clockBody(), nil }

// maxAdvance keeps a typo from moving the clock past what time.Time holds.
const maxAdvance = 100 * 365 * 24 * time.Hour

func (s *Server) ctlAdvance(r *http.Request) (any, error) {
	var req mockctl.AdvanceRequest
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	var d time.Duration
	switch {
	case req.Seconds != nil && req.Duration != "":
		return nil, badRequest(`give "seconds" or "duration", not both`)
	case req.Seconds != nil:
		if math.IsNaN(*req.Seconds) || *req.Seconds < 0 || *req.Seconds > maxAdvance.Seconds() {
			return nil, badRequest(`"seconds" must be between 0 and %.0f`, maxAdvance.Seconds())
		}
		d = time.Duration(*req.Seconds * float64(time.Second))
	case req.Duration != "":
		var err error
		if d, err = time.ParseDuration(req.Duration); err != nil || d < 0 || d > maxAdvance {
			return nil, badRequest(`"duration" must be a non-negative Go duration such as "2h" or "301s"`)
		}
	default:
		return nil, badRequest(`body must be {"seconds": N} or {"duration": "2h"}`)
	}
	if left := s.store.Clock().Headroom(); d > left {
		return nil, badRequest("the clock may be advanced at most %s in all since start or reset (MaxAdvance, about 200 years); %s remain", MaxAdvance, left)
	}
	s.Advance(d)
	return s.clockBody(), nil
}

func (s *Server) ctlListFaults(*http.Request) (any, error) {
	return streamedList("faults", s.Faults()), nil
}

func (s *Server) ctlAddFault(r *http.Request) (any, error) {
	f := Fault{Times: 1}
	if err := decodeControl(r, &f); err != nil {
		return nil, err
	}
	if f.ID != "" || f.Remaining != 0 {
		return nil, badRequest(`"id" and "remaining" are set by the server`)
	}
	added, err := s.AddFault(f)
	if err != nil {
		return nil, badRequest("%v", err)
	}
	return added, nil
}

func (s *Server) ctlClearFaults(*http.Request) (any, error) {
	s.ClearFaults()
	return mockctl.FaultList{Faults: []Fault{}}, nil
}

func (s *Server) ctlRemoveFault(r *http.Request) (any, error) {
	id := mux.Vars(r)["id"]
	if !s.RemoveFault(id) {
		return nil, notFoundErr("no fault with id %q", id)
	}
	return mockctl.FaultRemoved{Removed: id}, nil
}

// ctlRequests is GET /_mock/requests?path=&method=&…&limit=&cursor=,
// streamed (control_paging.go; the filters in journal_filter.go).
func (s *Server) ctlRequests(r *http.Request) (any, error) {
	q := r.URL.Query()
	page, err := pageOf(q)
	if err != nil {
		return nil, err
	}
	f, err := filterOfQuery(q)
	if err != nil {
		return nil, err
	}
	m, err := s.newRequestMatcher(f)
	if err != nil {
		return nil, err
	}
	kept, total := s.journal.count()
	return pagedList[Request]{
		key: "requests", head: []jsonField{{"kept", kept}}, tail: []jsonField{{"total", total}}, page: page,
		fetch: func(from int64, n int) ([]Request, int64, bool) { return s.findRequests(m, from, n) },
	}, nil
}

func (s *Server) ctlClearRequests(*http.Request) (any, error) {
	s.ClearRequests()
	return map[string]any{"requests": []Request{}}, nil
}
