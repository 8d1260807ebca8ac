package store

import (
	"encoding/hex"
	"slices"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// The corp's 联系我 contact ways
// (https://developer.work.weixin.qq.com/document/path/92228): the table and
// its bounds (this file), add / update / delete (customer_ways_write.go),
// get and list (customer_ways_read.go), and the temporary-session ways —
// expiry, one customer per QR code, close_temp_chat (customer_ways_temp.go).

// Limits of contact ways, from the docs of add_contact_way and
// list_contact_way unless said otherwise.
const (
	// MaxContactWays is how many contact ways (temporary ones aside) a
	// corp may configure through the API: 500,000 (shared on WeCom with
	// the 加入群聊 ways, which the mock does not keep). One more is 41045.
	MaxContactWays = 500_000
	// MaxTempContactWays bounds the temporary ways a corp keeps. WeCom
	// allows 100,000 new ones a day; the mock keeps 100,000 at once and
	// drops the ones whose QR code and chat are over to make room, then
	// answers 41045 — a departure that only a corp adding more than that
	// within a fortnight can see.
	MaxTempContactWays = 100_000
	// MaxContactWayMembers is how many members one way may reach, the
	// departments' members counted (41041 beyond).
	MaxContactWayMembers = 100
	// MaxContactWayStyle is the highest style of the mini-program button
	// the mock accepts (41042 beyond; the docs' table of styles is an
	// image, so the bound is the mock's reading).
	MaxContactWayStyle = 5
	// DefaultTempWayTTL and MaxTempWayTTL bound expires_in, the life of a
	// temporary way's QR code; DefaultTempChatTTL and MaxTempChatTTL bound
	// chat_expires_in, the life of the chat it starts.
	DefaultTempWayTTL  = 7 * 24 * time.Hour
	MaxTempWayTTL      = 14 * 24 * time.Hour
	DefaultTempChatTTL = 24 * time.Hour
	MaxTempChatTTL     = 14 * 24 * time.Hour
	// MaxConclusionsBytes bounds one temporary way's conclusions (结束语)
	// as JSON; MaxConclusionsTotal bounds those a corp keeps. Neither is
	// WeCom's: a text of 4,000 bytes and a link fit well within the first,
	// the mock answers 40058 beyond it and 41045 beyond the second.
	MaxConclusionsBytes = 16 << 10
	MaxConclusionsTotal = 8 << 20
	// DefaultContactWayLimit and MaxContactWayLimit are list_contact_way's
	// page size; ContactWayListWindow its default window of creation
	// times, ending now.
	DefaultContactWayLimit = 100
	MaxContactWayLimit     = 1000
	ContactWayListWindow   = 90 * 24 * time.Hour
)

// listableSince is the oldest creation time list_contact_way answers: the
// docs say it lists ways created from 2021-07-10 (Beijing time) on.
var listableSince = time.Date(2021, 7, 10, 0, 0, 0, 0, time.FixedZone("CST", 8*3600)).Unix()

// Contact way types and scenes.
const (
	ContactWaySingle      = 1
	ContactWayMulti       = 2
	ContactWayMiniProgram = 1
	ContactWayQRCode      = 2
)

// contactWay is one contact way: its configuration and what the store
// keeps beside it. Modified in place under the lock; callers get copies.
type contactWay struct {
	fixtures.ContactWay
	conclusions []byte // the raw JSON object, temporary ways only
	markSource  bool
	created     time.Time
	// expiresAt is when a temporary way's QR code stops working.
	expiresAt time.Time
	// chat is the relationship a temporary way's QR code made: a temporary
	// way admits one customer.
	chat *tempChat
}

// tempChat is the chat a temporary way started.
type tempChat struct {
	userID, customer string // the member's userid, the corp's external_userid
	since            int64  // the relationship's createtime
	endsAt           time.Time
}

// contactWayTable holds a corp's contact ways.
type contactWayTable struct {
	byID  map[string]*contactWay
	order []*contactWay // creation order
	temps int           // how many of them are temporary
	// conclusionBytes is the size of the conclusions kept.
	conclusionBytes int
	// chats finds the temporary way behind a relationship
	// (close_temp_chat), by chatKey.
	chats map[string]*contactWay
}

// buildContactWays indexes the fixtures' contact ways, created when the
// world was loaded at now.
func buildContactWays(ec *fixtures.ExternalContact, now time.Time) contactWayTable {
	t := contactWayTable{byID: map[string]*contactWay{}, chats: map[string]*contactWay{}}
	for i := range ec.ContactWays {
		w := &contactWay{ContactWay: ec.ContactWays[i], created: now}
		w.Users, w.Parties = slices.Clone(w.Users), slices.Clone(w.Parties)
		if w.IsTemp {
			w.ExpiresIn = int(tempTTL(w.ExpiresIn, DefaultTempWayTTL) / time.Second)
			w.ChatExpiresIn = int(tempTTL(w.ChatExpiresIn, DefaultTempChatTTL) / time.Second)
			w.expiresAt = now.Add(time.Duration(w.ExpiresIn) * time.Second)
		}
		t.insert(w)
	}
	return t
}

// tempTTL is a temporary way's lifetime in seconds, or def when unset.
func tempTTL(seconds int, def time.Duration) time.Duration {
	if seconds == 0 {
		return def
	}
	return time.Duration(seconds) * time.Second
}

func (t *contactWayTable) insert(w *contactWay) {
	t.byID[w.ConfigID] = w
	t.order = append(t.order, w)
	if w.IsTemp {
		t.temps++
	}
	t.conclusionBytes += len(w.conclusions)
}

// remove deletes w and the chat index entry it holds.
func (t *contactWayTable) remove(w *contactWay) {
	delete(t.byID, w.ConfigID)
	if i := slices.Index(t.order, w); i >= 0 {
		t.order = slices.Delete(t.order, i, i+1)
	}
	if w.IsTemp {
		t.temps--
	}
	t.conclusionBytes -= len(w.conclusions)
	t.forgetChat(w)
}

// forgetChat drops the chat index entry of w, if it is still w's.
func (t *contactWayTable) forgetChat(w *contactWay) {
	if w.chat != nil {
		if key := chatKey(w.chat.userID, w.chat.customer); t.chats[key] == w {
			delete(t.chats, key)
		}
	}
}

// chatKey names the relationship of member userID and a customer.
func chatKey(userID, customer string) string { return strings.ToLower(userID) + "\x00" + customer }

// renameMember follows a member's userid change in the ways' member lists
// and the temporary chats.
func (t *contactWayTable) renameMember(from, to string) {
	for _, w := range t.order {
		if i := slices.IndexFunc(w.Users, func(u string) bool { return strings.EqualFold(u, from) }); i >= 0 {
			w.Users[i] = to
		}
		if w.chat != nil && strings.EqualFold(w.chat.userID, from) {
			key := chatKey(from, w.chat.customer)
			indexed := t.chats[key] == w
			w.chat.userID = to
			if indexed {
				delete(t.chats, key)
				t.chats[chatKey(to, w.chat.customer)] = w
			}
		}
	}
}

// newConfigIDLocked is a config_id no way of t has: 32 hex digits, as
// WeCom's look.
func (s *Store) newConfigIDLocked(t *contactWayTable) string {
	var b [16]byte
	for {
		s.rng.Read(b[:])
		if id := hex.EncodeToString(b[:]); t.byID[id] == nil {
			return id
		}
	}
}

// ContactWay is a contact way as get_contact_way shows it.
type ContactWay struct {
	fixtures.ContactWay
	// Conclusions is a temporary way's 结束语 as it was given (a JSON
	// object), nil when there is none.
	Conclusions []byte
	MarkSource  bool
	CreateTime  int64
}

// view is a copy of w for callers outside the lock.
func (w *contactWay) view() ContactWay {
	out := ContactWay{ContactWay: w.ContactWay, Conclusions: slices.Clone(w.conclusions), MarkSource: w.markSource, CreateTime: w.created.Unix()}
	out.Users, out.Parties = slices.Clone(w.Users), slices.Clone(w.Parties)
	return out
}
