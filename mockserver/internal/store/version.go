package store

import (
	"sync"
	"sync/atomic"
)

// versionedMutex is the store's lock, counting the write sections: a
// state file writer compares Version instead of serializing the world to
// see whether anything changed.
type versionedMutex struct {
	sync.RWMutex
	writes atomic.Uint64
}

// Unlock ends a write section and counts it.
func (m *versionedMutex) Unlock() {
	m.writes.Add(1)
	m.RWMutex.Unlock()
}

// Version grows with every change of the world or the runtime state (and
// may grow without one: it counts write sections). Reads never change it.
func (s *Store) Version() uint64 { return s.mu.writes.Load() }
