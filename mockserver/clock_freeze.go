package mockserver

import (
	"net/http"
	"time"
)

// Freeze stops the virtual clock where it stands: from then on only Advance
// moves it, as with WithFrozenClock. It returns the virtual time. Reset
// keeps the clock frozen or ticking as it is.
func (s *Server) Freeze() time.Time { return s.store.Clock().Freeze() }

// Unfreeze lets the virtual clock tick with real time again from where it
// stands, and returns the virtual time.
func (s *Server) Unfreeze() time.Time { return s.store.Clock().Unfreeze() }

func (s *Server) ctlFreeze(*http.Request) (any, error) {
	s.Freeze()
	return s.clockBody(), nil
}

func (s *Server) ctlUnfreeze(*http.Request) (any, error) {
	s.Unfreeze()
	return s.clockBody(), nil
}
