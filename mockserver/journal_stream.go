package mockserver

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// GET /_mock/requests/stream: the journal live, as server-sent events. Each
// subscriber has a bounded buffer; a slow reader loses entries (counted and
// reported in a "dropped" event) and never slows a WeCom API call down.

// streamBuffer is how many entries a subscriber may lag behind.
const streamBuffer = 256

// maxStreams bounds the live subscribers of one server.
const maxStreams = 64

// streamKeepAlive is how often an idle stream sends a comment, so proxies
// and browsers keep the connection.
const streamKeepAlive = 15 * time.Second

// journalSub is one live stream.
type journalSub struct {
	ch      chan entry
	done    chan struct{} // closed when the journal closes (server shutdown)
	dropped atomic.Int64
}

// notifyLocked hands e to every subscriber without waiting. j.mu is held.
func (j *journal) notifyLocked(e entry) {
	if len(j.subs) == 0 {
		return
	}
	e = e.copied() // the slot's buffer is reused
	for sub := range j.subs {
		select {
		case sub.ch <- e:
		default:
			sub.dropped.Add(1)
		}
	}
}

// subscribe adds a live stream; ok is false once the server is shut down
// or when maxStreams are open.
func (j *journal) subscribe() (sub *journalSub, ok bool) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.closed || len(j.subs) >= maxStreams {
		return nil, false
	}
	if j.subs == nil {
		j.subs = map[*journalSub]struct{}{}
	}
	sub = &journalSub{ch: make(chan entry, streamBuffer), done: make(chan struct{})}
	j.subs[sub] = struct{}{}
	return sub, true
}

func (j *journal) unsubscribe(sub *journalSub) {
	j.mu.Lock()
	delete(j.subs, sub)
	j.mu.Unlock()
}

// closeStreams ends every live stream and refuses new ones: at shutdown,
// since http.Server.Shutdown waits for handlers that a stream never ends.
func (j *journal) closeStreams() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.closed = true
	for sub := range j.subs {
		close(sub.done)
		delete(j.subs, sub)
	}
}

// requestStream serves GET /_mock/requests/stream (filtered as
// GET /_mock/requests is): an event "request" per new journal entry,
// its data the entry's JSON (query masked), and an event "dropped" with a
// count when the reader fell behind by more than the buffer.
func (s *Server) requestStream(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet {
		w.Header().Set("Allow", http.MethodGet)
		writeControlJSON(w, http.StatusMethodNotAllowed,
			mockctl.ErrorBody{Error: r.Method + " is not allowed on " + r.URL.Path + " (allowed: GET)"})
		return
	}
	f, err := filterOfQuery(r.URL.Query())
	var m *requestMatcher
	if err == nil {
		m, err = s.newRequestMatcher(f)
	}
	if err != nil {
		writeControlJSON(w, http.StatusBadRequest, mockctl.ErrorBody{Error: err.Error()})
		return
	}
	rc := http.NewResponseController(w)
	_ = rc.SetWriteDeadline(time.Time{}) // a stream outlives the listener's write timeout
	sub, ok := s.journal.subscribe()
	if !ok {
		writeControlJSON(w, http.StatusServiceUnavailable,
			mockctl.ErrorBody{Error: fmt.Sprintf("no more streams: the server is shutting down or %d are open", maxStreams)})
		return
	}
	defer s.journal.unsubscribe(sub)
	h := w.Header()
	h.Set("Content-Type", "text/event-stream; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Accel-Buffering", "no")
	w.WriteHeader(http.StatusOK)
	// A comment first, so the client sees the stream open at once.
	if _, err := fmt.Fprint(w, ": journal stream\n\n"); err != nil || rc.Flush() != nil {
		return
	}
	keepAlive := time.NewTicker(streamKeepAlive)
	defer keepAlive.Stop()
	for {
		var err error
		select {
		case <-r.Context().Done():
			return
		case <-sub.done:
			return
		case <-keepAlive.C:
			_, err = fmt.Fprint(w, ": keep-alive\n\n")
		case e := <-sub.ch:
			if !s.matches(m, &e) {
				continue
			}
			data, _ := json.Marshal(s.reveal(&e)) // a Request always encodes
			_, err = fmt.Fprintf(w, "event: request\ndata: %s\n\n", data)
			if n := sub.dropped.Swap(0); n > 0 && err == nil {
				_, err = fmt.Fprintf(w, "event: dropped\ndata: %d\n\n", n)
			}
		}
		if err != nil || rc.Flush() != nil {
			return
		}
	}
}
