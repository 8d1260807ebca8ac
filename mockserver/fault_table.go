package mockserver

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/stubs"
)

// MaxFaults bounds the faults a server holds at once; adding one more is
// refused until some are removed or spent.
const MaxFaults = 1000

// faultSet holds the faults in the order they were added, and indexed by
// path so a call looks only at the faults of its own path and at "*".
type faultSet struct {
	mu     sync.Mutex
	faults []*faultEntry            // every fault, oldest first
	byPath map[string][]*faultEntry // the same, by Path ("*" too), oldest first
	nextID int
	// active mirrors len(faults) so the hot path can skip the lock.
	active atomic.Int32
}

// faultEntry is a held fault; seq orders faults of different paths.
type faultEntry struct {
	Fault
	seq   int
	match stubs.Pattern
	// dice draws whether a matching call is hit, from the fault's seed;
	// nil when every matching call is.
	dice *rand.Rand
}

func newFaultSet() *faultSet { return &faultSet{byPath: map[string][]*faultEntry{}} }

// errTooManyFaults is the refusal of a fault past MaxFaults.
var errTooManyFaults = fmt.Errorf("at most %d faults at once; remove some first (DELETE /_mock/faults)", MaxFaults)

// faultSeedStream is the PCG stream of every fault's dice: the seed alone
// picks the sequence.
const faultSeedStream = 0x9e3779b97f4a7c15

func (fs *faultSet) add(f Fault) (Fault, error) {
	if err := validateFault(&f); err != nil {
		return Fault{}, err
	}
	match, err := stubs.NewPattern(f.CorpID, f.AgentID, f.Match)
	if err != nil {
		return Fault{}, err
	}
	e := &faultEntry{match: match}
	if f.Probability > 0 && f.Probability < 1 {
		e.dice = rand.New(rand.NewPCG(uint64(f.Seed), faultSeedStream))
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	if len(fs.faults) >= MaxFaults {
		return Fault{}, errTooManyFaults
	}
	fs.nextID++
	f.ID = "f" + strconv.Itoa(fs.nextID)
	f.Remaining = f.Times
	e.Fault, e.seq = f, fs.nextID
	fs.faults = append(fs.faults, e)
	fs.byPath[f.Path] = append(fs.byPath[f.Path], e)
	fs.active.Store(int32(len(fs.faults)))
	return f, nil
}

func (fs *faultSet) list() []Fault {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	out := make([]Fault, len(fs.faults))
	for i, f := range fs.faults {
		out[i] = f.Fault
	}
	return out
}

func (fs *faultSet) remove(id string) bool {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	i := slices.IndexFunc(fs.faults, func(f *faultEntry) bool { return f.ID == id })
	if i < 0 {
		return false
	}
	fs.dropLocked(fs.faults[i])
	return true
}

// dropLocked removes e from both lists. fs.mu is held.
func (fs *faultSet) dropLocked(e *faultEntry) {
	fs.faults = slices.DeleteFunc(fs.faults, func(f *faultEntry) bool { return f == e })
	same := slices.DeleteFunc(fs.byPath[e.Path], func(f *faultEntry) bool { return f == e })
	if len(same) == 0 {
		delete(fs.byPath, e.Path)
	} else {
		fs.byPath[e.Path] = same
	}
	fs.active.Store(int32(len(fs.faults)))
}

func (fs *faultSet) clear() {
	fs.mu.Lock()
	fs.faults = nil
	fs.byPath = map[string][]*faultEntry{}
	fs.active.Store(0)
	fs.mu.Unlock()
}

// empty reports, without locking, whether there are no faults.
func (fs *faultSet) empty() bool { return fs.active.Load() == 0 }

// take consumes one use of the first fault, in the order they were added,
// that matches the call and whose dice (if it has a probability) say hit:
// the path's own faults and, for a WeCom API (/cgi-bin/...), the "*" ones;
// "*" never matches the login pages and their assets. A fault whose match
// fails draws nothing; one whose dice say miss lets the next try.
func (fs *faultSet) take(c stubs.Call) (Fault, bool) {
	if fs.empty() {
		return Fault{}, false
	}
	fs.mu.Lock()
	defer fs.mu.Unlock()
	var own, wild []*faultEntry
	if c.Path != "*" {
		own = fs.byPath[c.Path]
	}
	if strings.HasPrefix(c.Path, "/cgi-bin/") {
		wild = fs.byPath["*"]
	}
	seen := stubs.NewSeen(c)
	for len(own) > 0 || len(wild) > 0 {
		var f *faultEntry
		if len(wild) == 0 || (len(own) > 0 && own[0].seq < wild[0].seq) {
			f, own = own[0], own[1:]
		} else {
			f, wild = wild[0], wild[1:]
		}
		if !f.match.Matches(seen) || (f.dice != nil && f.dice.Float64() >= f.Probability) {
			continue
		}
		hit := f.Fault
		if f.Times > 0 {
			f.Remaining--
			if f.Remaining == 0 {
				fs.dropLocked(f)
			}
		}
		return hit, true
	}
	return Fault{}, false
}
