package store

import "time"

// MaxAdvance bounds the total of all Advance calls since the clock was
// (re)started: about 200 years, so the offset stays within time.Duration
// (about 292 years) and the virtual time never wraps into the past.
const MaxAdvance = 200 * 365 * 24 * time.Hour

// Headroom is how much further Advance may move the clock.
func (c *Clock) Headroom() time.Duration { return MaxAdvance - c.state.Load().advanced }
