package callback

import (
	"container/list"
	"crypto/sha256"
	"encoding/hex"
	"sync"
)

// dedupKey returns the de-duplication key of a decrypted callback: MsgId for
// messages; FromUserName+CreateTime for events and SuiteId+InfoType+TimeStamp
// for suite events, as WeCom recommends, each completed by a hash of the
// decrypted XML. The hash matters: a batch import sends many change_contact
// events from "sys" within one second, which the recommended key alone would
// merge and drop, while a retry repeats the same plaintext.
func dedupKey(p *probe, plaintext []byte) string {
	switch {
	case p.suite():
		return "suite\x00" + p.SuiteId + "\x00" + p.InfoType + "\x00" + p.TimeStamp + "\x00" + digest(plaintext)
	case p.MsgId != "":
		return "msg\x00" + p.ToUserName + "\x00" + p.MsgId
	default:
		return "event\x00" + p.FromUserName + "\x00" + p.CreateTime + "\x00" + digest(plaintext)
	}
}

func digest(b []byte) string {
	sum := sha256.Sum256(b)
	return hex.EncodeToString(sum[:16])
}

// dedup remembers the last n callbacks handled successfully, and those in
// flight, so that a retry is acknowledged without calling the Func again.
type dedup struct {
	mu      sync.Mutex
	max     int
	entries map[string]*dedupEntry
	order   *list.List // keys of completed entries, oldest first
}

type dedupEntry struct {
	done  chan struct{} // closed when the first delivery finished
	ok    bool          // the Func succeeded; valid once done is closed
	reply []byte        // plaintext passive reply of the first delivery, or nil
}

func newDedup(n int) *dedup {
	return &dedup{max: n, entries: make(map[string]*dedupEntry), order: list.New()}
}

// begin claims key. It returns (nil, true) when the caller owns the delivery
// and must call finish; otherwise it returns the entry of an earlier delivery
// that either completed (done closed, ok true) or is still running (the
// caller waits on done and calls begin again).
func (d *dedup) begin(key string) (earlier *dedupEntry, owner bool) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if e, found := d.entries[key]; found {
		return e, false
	}
	d.entries[key] = &dedupEntry{done: make(chan struct{})}
	return nil, true
}

// finish records the outcome of an owned delivery. A failed delivery is
// forgotten, so WeCom's retry runs the Func again.
func (d *dedup) finish(key string, ok bool, reply []byte) {
	d.mu.Lock()
	defer d.mu.Unlock()
	e := d.entries[key]
	if ok {
		e.ok, e.reply = true, reply
		d.order.PushBack(key)
		for d.order.Len() > d.max {
			oldest := d.order.Remove(d.order.Front()).(string)
			delete(d.entries, oldest)
		}
	} else {
		delete(d.entries, key)
	}
	close(e.done)
}
