package mockserver

import (
	"testing"
)

// A subscriber that does not read never holds request handling up: past
// its buffer, entries are dropped and counted.
func TestJournalSlowSubscriberDrops(t *testing.T) {
	t.Parallel()
	j := newJournal(10)
	sub, ok := j.subscribe()
	if !ok {
		t.Fatal("subscribe refused")
	}
	const n = streamBuffer + 100
	for i := range n {
		addEntry(j, testEntry("/cgi-bin/x", i))
	}
	if len(sub.ch) != streamBuffer || sub.dropped.Load() != n-streamBuffer {
		t.Fatalf("buffered %d dropped %d, want %d and %d", len(sub.ch), sub.dropped.Load(), streamBuffer, n-streamBuffer)
	}
	if (<-sub.ch).status != 0 {
		t.Error("the oldest entry is not first")
	}
	j.unsubscribe(sub)
	addEntry(j, testEntry("/", 0))
	if len(j.subs) != 0 {
		t.Error("unsubscribed stream still registered")
	}
}

func TestJournalStreamsBoundedAndClosed(t *testing.T) {
	t.Parallel()
	j := newJournal(1)
	var subs []*journalSub
	for range maxStreams {
		sub, ok := j.subscribe()
		if !ok {
			t.Fatal("refused below maxStreams")
		}
		subs = append(subs, sub)
	}
	if _, ok := j.subscribe(); ok {
		t.Fatal("accepted past maxStreams")
	}
	j.closeStreams()
	for _, sub := range subs {
		select {
		case <-sub.done:
		default:
			t.Fatal("stream not closed")
		}
	}
	if _, ok := j.subscribe(); ok {
		t.Fatal("accepted a stream after shutdown")
	}
}

// testEntry is a journal entry of a call to path answered with status.
func testEntry(path string, status int) entry {
	e := entry{status: status, method: "GET", detail: []byte(path)}
	for i := range e.ends {
		e.ends[i] = int32(len(path))
	}
	return e
}

func addEntry(j *journal, e entry) { j.add(e, e.detail) }
