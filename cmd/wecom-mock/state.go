package main

import (
	"errors"
	"fmt"
	"io/fs"
	"log/slog"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// stateInterval is how often serve --state checks whether the state changed
// and, if it did, writes it.
const stateInterval = 2 * time.Second

// readState reads serve's --state file: nil without error when there is
// none yet (serve starts from the fixtures and creates it), an error naming
// the file when it cannot be used (serve refuses to start and leaves it).
func readState(path string) (*mockserver.StateFile, error) {
	f, err := mockserver.ReadStateFile(path)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return nil, nil
	case err != nil:
		return nil, fmt.Errorf("wecom-mock serve: cannot restore --state: %w (the file is left as it is; move it away to start afresh)", err)
	}
	return f, nil
}

// stateWriter writes the server's state to a file when it changed: checked
// every interval, and once more when stopped.
type stateWriter struct {
	srv    *mockserver.Server
	path   string
	logger *slog.Logger
	done   chan struct{}
	exited chan struct{} // closed when the periodic goroutine has returned

	last stateMark // what the file holds
}

// stateMark tells whether the state changed since the file was written:
// the store's version and the clock — a frozen clock's reading, a ticking
// clock's offset from real time.
type stateMark struct {
	version uint64
	frozen  bool
	clock   time.Duration
}

// changedSince reports whether m differs from old; a ticking clock's
// offset must move by more than a second (reading two clocks jitters).
func (m stateMark) changedSince(old stateMark) bool {
	if m.version != old.version || m.frozen != old.frozen {
		return true
	}
	if m.frozen {
		return m.clock != old.clock
	}
	d := m.clock - old.clock
	return d > time.Second || d < -time.Second
}

func (w *stateWriter) mark() stateMark {
	now := w.srv.Now()
	m := stateMark{version: w.srv.StateVersion(), frozen: w.srv.State().Frozen}
	if m.frozen {
		m.clock = time.Duration(now.UnixNano())
	} else {
		m.clock = now.Sub(time.Now())
	}
	return m
}

// startStateWriter writes the state at once (creating the file) and then
// whenever it changes.
func startStateWriter(srv *mockserver.Server, path string, interval time.Duration, logger *slog.Logger) (*stateWriter, error) {
	w := &stateWriter{srv: srv, path: path, logger: logger, done: make(chan struct{}), exited: make(chan struct{})}
	if err := w.write(); err != nil {
		return nil, err
	}
	go func() {
		defer close(w.exited)
		t := time.NewTicker(interval)
		defer t.Stop()
		for {
			select {
			case <-w.done:
				return
			case <-t.C:
				if err := w.writeIfChanged(); err != nil {
					logger.Error("writing the state file failed", "err", err)
				}
			}
		}
	}()
	return w, nil
}

func (w *stateWriter) writeIfChanged() error {
	if !w.mark().changedSince(w.last) {
		return nil
	}
	return w.write()
}

func (w *stateWriter) write() error {
	m := w.mark()
	snap, err := w.srv.Snapshot()
	if err != nil {
		return err
	}
	if err := mockserver.WriteStateFile(w.path, snap); err != nil {
		return err
	}
	w.last = m
	w.logger.Debug("state written", "file", w.path)
	return nil
}

// stop ends the periodic writes and writes the final state.
func (w *stateWriter) stop() error {
	close(w.done)
	<-w.exited
	return w.write()
}

// stopped reports whether the periodic goroutine has returned.
func (w *stateWriter) stopped() bool {
	select {
	case <-w.exited:
		return true
	default:
		return false
	}
}
