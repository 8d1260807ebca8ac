package mockserver

import (
	"context"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/callbacks"
)

// The deliveries journal: every callback the server generated, with each
// attempt, newest last (internal/callbacks keeps it). Deliveries are
// asynchronous; WaitDelivery and WaitDeliveries block until they are done,
// so tests need no sleeps.

// ErrDeliveryNotFound is returned for a delivery id the journal does not
// hold (never issued, or dropped from the ring, or cleared).
var ErrDeliveryNotFound = callbacks.ErrNotFound

// Deliveries returns the deliveries journal, oldest first, filtered by f.
// The journal keeps as many entries as the request journal (WithJournalSize).
func (s *Server) Deliveries(f DeliveryFilter) []Delivery { return s.cb.Deliveries(f) }

// Delivery returns one delivery by id.
func (s *Server) Delivery(id string) (Delivery, error) { return s.cb.Delivery(id) }

// WaitDelivery blocks until delivery id is delivered, failed or canceled,
// or ctx is done, and returns it. On ctx's end it returns the delivery as it
// stands and ctx's error.
func (s *Server) WaitDelivery(ctx context.Context, id string) (Delivery, error) {
	return s.cb.Wait(ctx, id)
}

// WaitDeliveries blocks until every delivery f selects now is done (or ctx
// is done) and returns them, oldest first. Deliveries caused by a call are
// in the journal by the time the call returns — an API request, a control
// request or a Go method — so
//
//	srv.WaitDeliveries(ctx, mockserver.DeliveryFilter{Kind: "change_contact"})
//
// after a user/create waits for exactly the events it caused. On ctx's end
// it returns the deliveries as they stand and ctx's error.
func (s *Server) WaitDeliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error) {
	return s.cb.WaitAll(ctx, f)
}

// ClearDeliveries empties the deliveries journal. Deliveries under way go
// on; only their entries are gone.
func (s *Server) ClearDeliveries() { s.cb.Clear() }
