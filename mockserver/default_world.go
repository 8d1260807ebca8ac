package mockserver

import (
	"sync"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// defaultWorld is the embedded default world of every server built without
// WithFixtures: one copy per process, shared by those servers rather than
// copied for each (the copy was a third of New). Sharing is safe because a
// loaded world is never modified: the store keeps changes in its own
// indexes and Reset rebuilds them from the world, and the Go API hands the
// world out read-only (Fixtures, State). The package's TestMain fails if
// its tests leave it changed.
var defaultWorld = sync.OnceValue(fixtures.Default)
