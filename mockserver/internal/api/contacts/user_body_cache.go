package contacts

import (
	"sync"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// userBodyCache keeps the encoded user/get body of each member version, so
// the hottest read of a login flow costs a map lookup instead of building and
// reflecting over a 25-field struct. Entries never go stale: the store
// replaces a member's record on change rather than mutating it, so a record's
// address names one version. The cache is emptied when the world is loaded
// or reset (API.ClearUserBodies), and when it grows past maxUserBodies.
type userBodyCache struct {
	mu      sync.RWMutex
	entries map[userBodyKey]kernel.RawObject
}

// userBodyKey names one rendering of a member version: what the token may
// see changes the body as much as the member does.
type userBodyKey struct {
	member     *fixtures.Member
	sensitive  bool
	thirdParty bool
	openUserID string
}

const maxUserBodies = 1 << 16

func (c *userBodyCache) get(v store.MemberView) (kernel.RawObject, error) {
	key := userBodyKey{v.Member, v.Sensitive, v.ThirdParty, v.OpenUserID}
	c.mu.RLock()
	body, ok := c.entries[key]
	c.mu.RUnlock()
	if ok {
		return body, nil
	}
	encoded, err := kernel.Marshal(newUserResponse(v))
	if err != nil {
		return nil, err
	}
	c.mu.Lock()
	if c.entries == nil || len(c.entries) >= maxUserBodies {
		c.entries = make(map[userBodyKey]kernel.RawObject)
	}
	c.entries[key] = encoded
	c.mu.Unlock()
	return encoded, nil
}

func (c *userBodyCache) clear() {
	c.mu.Lock()
	c.entries = nil
	c.mu.Unlock()
}
