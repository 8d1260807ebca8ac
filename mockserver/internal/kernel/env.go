package kernel

import (
	"log/slog"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Env is what the server gives every family.
type Env struct {
	Store  *store.Store
	Logger *slog.Logger
	// FullExpiresIn makes a reused token or ticket report its whole
	// lifetime instead of what is left of it (mockserver.WithFullExpiresIn).
	FullExpiresIn bool
}

// ExpiresIn is the expires_in to report for a credential valid until
// expiresAt with the full lifetime ttl: the remaining seconds, rounded up,
// or the whole ttl with FullExpiresIn.
func (e *Env) ExpiresIn(expiresAt time.Time, ttl time.Duration) int {
	if e.FullExpiresIn {
		return int(ttl / time.Second)
	}
	return int((expiresAt.Sub(e.Store.Now()) + time.Second - 1) / time.Second)
}
