package store

import "time"

// codeTable holds single-use values (login codes, user_tickets, pre-auth and
// auth codes) in the order they were issued, so that minting and redeeming
// cost O(1) amortized however many are live: every code of a table lives
// the same TTL, so the oldest expire first and are swept from the front of
// the queue; each owner (an app, a suite in a corp) keeps at most perOwner
// live codes, past which its oldest is dropped. Redeeming stays exactly
// once: a value leaves the table under s.mu, which every caller holds.
type codeTable[T any] struct {
	perOwner int
	// grace keeps expired codes that long before they are swept, for a
	// table whose refusal tells expired from unknown.
	grace   time.Duration
	byValue map[string]*codeSlot[T]
	all     slotQueue[T]             // every live code, oldest first
	owners  map[string]*slotQueue[T] // each owner's live codes, oldest first
}

type codeSlot[T any] struct {
	value     string
	expiresAt time.Time
	item      T
	owner     *slotQueue[T]
	gone      bool // redeemed, expired or evicted; skipped in the queues
}

// slotQueue is a FIFO of slots; gone slots are skipped at the front and
// compacted away once they outnumber the live ones.
type slotQueue[T any] struct {
	key   string
	slots []*codeSlot[T]
	head  int
	live  int
}

func newCodeTable[T any](perOwner int) codeTable[T] {
	return codeTable[T]{perOwner: perOwner, byValue: map[string]*codeSlot[T]{}, owners: map[string]*slotQueue[T]{}}
}

// put keeps item under value for owner until expiresAt, after sweeping
// expired codes and, when owner is at its cap, dropping its oldest.
func (t *codeTable[T]) put(now time.Time, value, owner string, expiresAt time.Time, item T) {
	t.sweep(now)
	q := t.owners[owner]
	if q == nil {
		q = &slotQueue[T]{key: owner}
		t.owners[owner] = q
	}
	for q.live >= t.perOwner {
		t.drop(q.front())
	}
	s := &codeSlot[T]{value: value, expiresAt: expiresAt, item: item, owner: q}
	q.push(s)
	t.all.push(s)
	t.byValue[value] = s
}

// get is the live item under value, whether or not it has expired.
func (t *codeTable[T]) get(value string) (T, bool) {
	s, ok := t.byValue[value]
	if !ok {
		var zero T
		return zero, false
	}
	return s.item, true
}

// remove forgets value (redeemed, or found expired).
func (t *codeTable[T]) remove(value string) {
	if s, ok := t.byValue[value]; ok {
		t.drop(s)
	}
}

// removeIf forgets every item match selects: O(n), for rare events such as
// a cancelled authorization.
func (t *codeTable[T]) removeIf(match func(T) bool) {
	for _, s := range t.byValue {
		if match(s.item) {
			t.drop(s)
		}
	}
}

func (t *codeTable[T]) len() int { return len(t.byValue) }

// each calls fn with every live item, in no order.
func (t *codeTable[T]) each(fn func(T)) {
	for _, s := range t.byValue {
		fn(s.item)
	}
}

// sweep drops the expired codes at the front of the issue order.
func (t *codeTable[T]) sweep(now time.Time) {
	for {
		s := t.all.front()
		if s == nil || now.Before(s.expiresAt.Add(t.grace)) {
			return
		}
		t.drop(s)
	}
}

func (t *codeTable[T]) drop(s *codeSlot[T]) {
	if s.gone {
		return
	}
	s.gone = true
	delete(t.byValue, s.value)
	t.all.live--
	s.owner.live--
	if s.owner.live == 0 && t.owners[s.owner.key] == s.owner {
		delete(t.owners, s.owner.key)
	}
}

func (q *slotQueue[T]) push(s *codeSlot[T]) {
	pending := len(q.slots) - q.head
	if (pending > 32 && pending > 2*q.live) || (q.head > 32 && 2*q.head > len(q.slots)) {
		kept := q.slots[:0]
		for _, old := range q.slots[q.head:] {
			if !old.gone {
				kept = append(kept, old)
			}
		}
		clear(q.slots[len(kept):])
		q.slots, q.head = kept, 0
	}
	q.slots = append(q.slots, s)
	q.live++
}

// front is the oldest live slot, nil when there is none.
func (q *slotQueue[T]) front() *codeSlot[T] {
	for q.head < len(q.slots) {
		if s := q.slots[q.head]; !s.gone {
			return s
		}
		q.slots[q.head] = nil
		q.head++
	}
	q.slots, q.head = q.slots[:0], 0
	return nil
}
