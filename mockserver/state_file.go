package mockserver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// StateFileVersion is the format version of state files this package writes
// and reads.
const StateFileVersion = 1

// MaxStateFileSize is the largest state file ReadStateFile reads: the
// inbox's and the journals' caps with room for a large world. A larger
// file is refused.
const MaxStateFileSize = 512 << 20

// StateFile is what `wecom-mock serve --state` keeps across restarts: the
// current world (World), the virtual clock and the corp secrets' access
// tokens still valid, the inbox (Messages) and the callback deliveries as
// history, and the suites' and providers' tokens still valid. Codes and
// the request journal are not kept (docs/control-api.md). Messages,
// Deliveries, SuiteTokens and ProviderTokens came later in version 1: a
// file without them loads with none.
type StateFile struct {
	Version    int             `json:"version"`
	World      *fixtures.World `json:"world"`
	Clock      StateClock      `json:"clock"`
	Tokens     []StateToken    `json:"tokens,omitempty"`
	Messages   *StateInbox     `json:"messages,omitempty"`
	Deliveries []Delivery      `json:"deliveries,omitempty"`

	SuiteTokens    []StateSuiteToken    `json:"suite_tokens,omitempty"`
	ProviderTokens []StateProviderToken `json:"provider_tokens,omitempty"`
}

// StateToken is a corp secret's current access token (gettoken) with the
// secret that issued it.
type StateToken struct {
	CorpID      string    `json:"corpid"`
	Secret      string    `json:"secret"`
	AccessToken string    `json:"access_token"`
	IssuedAt    time.Time `json:"issued_at"`
	ExpiresAt   time.Time `json:"expires_at"`
}

// StateClock is the virtual clock of a state file.
type StateClock struct {
	// Now is the virtual time when the file was written.
	Now time.Time `json:"now"`
	// Frozen clocks restart at Now; ticking ones at Now plus the real time
	// passed since SavedAt, as if they had kept ticking.
	Frozen  bool      `json:"frozen"`
	SavedAt time.Time `json:"saved_at"`
}

// Snapshot returns the server's state as a StateFile.
func (s *Server) Snapshot() (*StateFile, error) {
	w, err := s.World()
	if err != nil {
		return nil, err
	}
	f := &StateFile{
		Version: StateFileVersion,
		World:   w,
		Clock:   StateClock{Now: s.Now().UTC(), Frozen: s.store.Clock().Frozen(), SavedAt: s.cfg.realNow().UTC()},
	}
	f.Messages = s.stateInbox()
	f.Deliveries = s.cb.Deliveries(DeliveryFilter{})
	s.snapshotSuiteTokens(f)
	for _, t := range s.store.ValidTokens() {
		f.Tokens = append(f.Tokens, StateToken{CorpID: t.CorpID, Secret: t.Secret, AccessToken: t.Value, IssuedAt: t.IssuedAt.UTC(), ExpiresAt: t.ExpiresAt.UTC()})
	}
	return f, nil
}

// RestoreState brings back what of f the options (StateFile.Options) do
// not: the access tokens still valid at the server's time, each the
// current token of its secret again; the inbox with its cards, response
// codes and open duplicate windows (within the inbox's caps); the callback
// deliveries as history, pending ones canceled (within the journal's
// size); the suite and provider tokens still valid. Tokens of secrets,
// suites or providers the world no longer has are skipped. It returns how
// many corp tokens were restored.
func (s *Server) RestoreState(f *StateFile) int {
	if f.Messages != nil {
		s.store.RestoreInbox(f.Messages.saved())
	}
	if len(f.Deliveries) > 0 {
		s.cb.Restore(f.Deliveries)
	}
	s.restoreSuiteTokens(f)
	saved := make([]store.SavedToken, 0, len(f.Tokens))
	for _, t := range f.Tokens {
		saved = append(saved, store.SavedToken{CorpID: t.CorpID, Secret: t.Secret, Value: t.AccessToken, IssuedAt: t.IssuedAt, ExpiresAt: t.ExpiresAt})
	}
	return s.store.RestoreTokens(saved)
}

// StateVersion grows with every change of the world, the runtime state or
// the deliveries journal; a state file writer compares it to skip writing
// an unchanged state. It does not see the clock: compare Now of a frozen
// clock too.
func (s *Server) StateVersion() uint64 { return s.store.Version() + s.cb.Version() }

// Options are the options that start a server in the file's state: its
// world and its clock. Give them after any WithFixtures, WithClockStart or
// WithFrozenClock they are to override.
func (f *StateFile) Options(realNow func() time.Time) []Option {
	start := f.Clock.Now
	if !f.Clock.Frozen && !f.Clock.SavedAt.IsZero() {
		if gone := realNow().Sub(f.Clock.SavedAt); gone > 0 {
			start = start.Add(gone)
		}
	}
	return []Option{WithFixtures(f.World), WithClockStart(start), func(c *config) { c.frozen = f.Clock.Frozen }}
}

// ReadStateFile reads and checks a state file. A missing file is an error
// wrapping os.ErrNotExist; any other problem is an error naming the file.
func ReadStateFile(path string) (*StateFile, error) {
	data, err := readStateBytes(path)
	if err != nil {
		return nil, err
	}
	var f struct {
		Version    int             `json:"version"`
		World      json.RawMessage `json:"world"`
		Clock      StateClock      `json:"clock"`
		Tokens     []StateToken    `json:"tokens"`
		Messages   json.RawMessage `json:"messages"`
		Deliveries json.RawMessage `json:"deliveries"`

		SuiteTokens    []StateSuiteToken    `json:"suite_tokens"`
		ProviderTokens []StateProviderToken `json:"provider_tokens"`
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&f); err != nil {
		return nil, fmt.Errorf("state file %s: not a wecom-mock state file: %w", path, err)
	}
	if f.Version != StateFileVersion {
		return nil, fmt.Errorf("state file %s: version %d, want %d", path, f.Version, StateFileVersion)
	}
	if len(f.World) == 0 || string(f.World) == "null" {
		return nil, fmt.Errorf("state file %s: no world", path)
	}
	if f.Clock.Now.IsZero() {
		return nil, fmt.Errorf("state file %s: no clock.now", path)
	}
	w, err := fixtures.Parse(f.World)
	if err != nil {
		return nil, fmt.Errorf("state file %s: world: %w", path, err)
	}
	out := &StateFile{Version: f.Version, World: w, Clock: f.Clock, Tokens: f.Tokens, SuiteTokens: f.SuiteTokens, ProviderTokens: f.ProviderTokens}
	if len(f.Messages) > 0 && string(f.Messages) != "null" {
		if out.Messages, err = parseStateInbox(f.Messages); err != nil {
			return nil, fmt.Errorf("state file %s: %w", path, err)
		}
	}
	if len(f.Deliveries) > 0 && string(f.Deliveries) != "null" {
		if out.Deliveries, err = parseStateDeliveries(f.Deliveries); err != nil {
			return nil, fmt.Errorf("state file %s: %w", path, err)
		}
	}
	return out, nil
}

// readStateBytes reads a state file of at most MaxStateFileSize bytes.
func readStateBytes(path string) ([]byte, error) {
	fh, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	defer fh.Close()
	if st, err := fh.Stat(); err == nil && st.Size() > MaxStateFileSize {
		return nil, fmt.Errorf("state file %s: %d bytes, larger than %d MiB, the most a state file may be", path, st.Size(), MaxStateFileSize>>20)
	}
	data, err := io.ReadAll(io.LimitReader(fh, MaxStateFileSize+1))
	if err != nil {
		return nil, fmt.Errorf("state file %s: %w", path, err)
	}
	if len(data) > MaxStateFileSize {
		return nil, fmt.Errorf("state file %s: larger than %d MiB, the most a state file may be", path, MaxStateFileSize>>20)
	}
	return data, nil
}

// WriteStateFile writes f to path atomically: a temporary file in the same
// directory, synced, then renamed over path, so a reader never sees a
// partial file and a failed write leaves the old one.
func WriteStateFile(path string, f *StateFile) error {
	data, err := json.Marshal(f)
	if err != nil {
		return fmt.Errorf("state file %s: %w", path, err)
	}
	tmp, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".*.tmp")
	if err != nil {
		return fmt.Errorf("state file %s: %w", path, err)
	}
	err = errors.Join(write(tmp, data), tmp.Sync(), tmp.Close())
	if err == nil {
		err = os.Rename(tmp.Name(), path)
	}
	if err != nil {
		_ = os.Remove(tmp.Name())
		return fmt.Errorf("state file %s: %w", path, err)
	}
	return nil
}

func write(f *os.File, data []byte) error {
	_, err := f.Write(data)
	return err
}
