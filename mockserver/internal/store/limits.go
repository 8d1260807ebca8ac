package store

import (
	"cmp"
	"errors"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// WeCom's frequency limits as its 访问频率限制 page lists them
// (https://developer.work.weixin.qq.com/document/path/90312), played only
// when the limits are on (WithRealLimits, `serve --limits real`, or a
// world's `limits: real`). A limit met at the minute blocks for 60 s, at
// the hour for 60 min, at the day until the next natural day (China time).
const (
	// Each corp may call one API at most this often (基础频率).
	CorpCallsPerMinute = 10_000
	CorpCallsPerHour   = 150_000
	// Each IP may call one API at most this often; a service provider's
	// calls (suite and provider tokens) get the wider third-party limits.
	IPCallsPerMinute         = 20_000
	IPCallsPerHour           = 600_000
	ProviderIPCallsPerMinute = 40_000
	ProviderIPCallsPerHour   = 1_200_000
	// An app sends one member at most this many messages; the excess is
	// dropped without an error (发送应用消息频率).
	MemberMessagesPerMinute = 30
	MemberMessagesPerHour   = 1000
	// An app sends at most (the corp's members) × this many 人次 a day: one
	// message to 1000 members counts 1000.
	DailyRecipientsPerMember = 200
	// A corp uploads at most this many permanent images (media/uploadimg)
	// a natural day, and a month of 30 days (上传图片频率).
	ImagesPerDay   = 1000
	ImagesPerMonth = 3000
	// imageMonth is the page's month: 30 days, not a calendar month.
	imageMonth = 30 * 24 * time.Hour
	// MaxConcurrentCalls is how many calls of one API a corp (or, without
	// a token, an IP) may have in flight at once. WeCom answers 45033 past
	// its concurrency limit without documenting it; this is the mock's.
	MaxConcurrentCalls = 20
	// maxLimitKeys bounds each counter table; past it the counters whose
	// windows are over are swept.
	maxLimitKeys = 10_000
)

// Limit errors.
var (
	// ErrFreqLimited: a frequency limit or the daily send quota is met
	// (45009).
	ErrFreqLimited = errors.New("store: api frequency limit reached")
	// ErrTooConcurrent: MaxConcurrentCalls calls of the API are in flight
	// (45033).
	ErrTooConcurrent = errors.New("store: too many concurrent calls")
)

// chinaTime is the zone of WeCom's natural day.
var chinaTime = time.FixedZone("CST", 8*3600)

// APICall names one API call for the limits: its corp (empty without an
// access token), the caller's IP, the API's path.
type APICall struct {
	CorpID string
	IP     string
	Path   string
	// Provider marks a call with a suite or provider token: the IP limits
	// are the third-party ones.
	Provider bool
	// Uncounted calls take part in the concurrency limit only: message/send
	// does not count towards the base frequency.
	Uncounted bool
}

// span is one window of a counter: n events since start, or a block that
// lasts until until.
type span struct {
	start time.Time
	n     int
	until time.Time
}

// roll empties the span once its window or its block is over.
func (w *span) roll(now time.Time, d time.Duration) {
	if !w.until.IsZero() {
		if now.Before(w.until) {
			return
		}
		*w = span{}
	}
	if w.n > 0 && !now.Before(w.start.Add(d)) {
		*w = span{}
	}
}

func (w *span) blocked(now time.Time) bool { return !w.until.IsZero() && now.Before(w.until) }

func (w *span) add(now time.Time) {
	if w.n == 0 {
		w.start = now
	}
	w.n++
}

// over reports whether the span holds nothing at now.
func (w *span) over(now time.Time, d time.Duration) bool {
	return !w.blocked(now) && (w.n == 0 || !now.Before(w.start.Add(d)))
}

// counter is a per-minute and a per-hour window.
type counter struct{ minute, hour span }

// admit counts one event unless a window is full or blocked; the event
// that finds a window full blocks it for the window's length.
func (c *counter) admit(now time.Time, perMinute, perHour int) bool {
	c.minute.roll(now, time.Minute)
	c.hour.roll(now, time.Hour)
	switch {
	case c.minute.blocked(now) || c.hour.blocked(now):
		return false
	case c.minute.n >= perMinute:
		c.minute.until = now.Add(time.Minute)
		return false
	case c.hour.n >= perHour:
		c.hour.until = now.Add(time.Hour)
		return false
	}
	c.minute.add(now)
	c.hour.add(now)
	return true
}

func (c *counter) over(now time.Time) bool {
	return c.minute.over(now, time.Minute) && c.hour.over(now, time.Hour)
}

// blockedUntil is when the counter's block ends, zero if it is not blocked.
func (c *counter) blockedUntil(now time.Time) time.Time {
	var t time.Time
	for _, w := range []span{c.minute, c.hour} {
		if w.blocked(now) && w.until.After(t) {
			t = w.until
		}
	}
	return t
}

// dayCount is an app's 人次 on one natural day.
type dayCount struct {
	day     int64 // days since the epoch, China time
	n       int
	quota   int
	blocked bool
}

func dayOf(t time.Time) int64 {
	_, offset := t.In(chinaTime).Zone()
	return (t.Unix() + int64(offset)) / 86400
}

type callKey struct {
	ip       bool // false: CorpID's counter, true: IP's
	id, path string
}

type memberKey struct {
	corpID  string
	agentID int
	userID  string
}

type appKey struct {
	corpID  string
	agentID int
}

// limitTable holds the limits' switch and counters. It has its own lock:
// every API call takes it when the limits are on, and it never takes the
// store's (SendMessage takes it while holding the store's).
type limitTable struct {
	on     atomic.Bool
	forced bool // WithRealLimits: on whatever the world says

	mu       sync.Mutex
	calls    map[callKey]*counter
	members  map[memberKey]*counter
	days     map[appKey]*dayCount
	inFlight map[callKey]int
	images   map[string]*imageCount // by corp
}

func (t *limitTable) clear() {
	t.mu.Lock()
	defer t.mu.Unlock()
	t.calls = map[callKey]*counter{}
	t.members = map[memberKey]*counter{}
	t.days = map[appKey]*dayCount{}
	t.inFlight = map[callKey]int{}
	t.images = map[string]*imageCount{}
}

// room makes room for one more key in m: past maxLimitKeys the counters
// that hold nothing are swept, and if every one is still live the table
// starts over (at worst a limit forgets its counts).
func room[K comparable, V any](m map[K]V, over func(V) bool) {
	if len(m) < maxLimitKeys {
		return
	}
	for k, v := range m {
		if over(v) {
			delete(m, k)
		}
	}
	if len(m) >= maxLimitKeys {
		clear(m)
	}
}

func counterOf[K comparable](m map[K]*counter, k K, now time.Time) *counter {
	c := m[k]
	if c == nil {
		room(m, func(c *counter) bool { return c.over(now) })
		c = &counter{}
		m[k] = c
	}
	return c
}

// ForceRealLimits turns the limits on whatever the world says
// (WithRealLimits), for the loaded world and the next ones.
func (s *Store) ForceRealLimits(on bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.limits.forced = on
	s.limits.on.Store(on || s.fixtures.Limits == fixtures.LimitsReal)
}

// LimitsOn reports whether WeCom's frequency limits are played: one atomic
// load, the only cost of the limits on the hot path when they are off.
func (s *Store) LimitsOn() bool { return s.limits.on.Load() }

// AdmitCall counts an API call against the limits (when they are on):
// the concurrency limit (ErrTooConcurrent), then the corp's and the IP's
// frequency for the API (ErrFreqLimited). A refused call counts nowhere.
// An admitted call must be ended with EndCall.
func (s *Store) AdmitCall(c APICall) error {
	now := s.Now()
	t := &s.limits
	t.mu.Lock()
	defer t.mu.Unlock()
	flight := flightKey(c)
	if t.inFlight[flight] >= MaxConcurrentCalls {
		return ErrTooConcurrent
	}
	if !c.Uncounted {
		if c.CorpID != "" && !counterOf(t.calls, callKey{id: c.CorpID, path: c.Path}, now).admit(now, CorpCallsPerMinute, CorpCallsPerHour) {
			return ErrFreqLimited
		}
		perMinute, perHour := IPCallsPerMinute, IPCallsPerHour
		if c.Provider {
			perMinute, perHour = ProviderIPCallsPerMinute, ProviderIPCallsPerHour
		}
		if !counterOf(t.calls, callKey{ip: true, id: c.IP, path: c.Path}, now).admit(now, perMinute, perHour) {
			return ErrFreqLimited
		}
	}
	t.inFlight[flight]++
	return nil
}

// EndCall ends a call AdmitCall admitted.
func (s *Store) EndCall(c APICall) {
	t := &s.limits
	t.mu.Lock()
	defer t.mu.Unlock()
	k := flightKey(c)
	if t.inFlight[k] <= 1 {
		delete(t.inFlight, k)
		return
	}
	t.inFlight[k]--
}

func flightKey(c APICall) callKey {
	if c.CorpID != "" {
		return callKey{id: c.CorpID, path: c.Path}
	}
	return callKey{ip: true, id: c.IP, path: c.Path}
}

// admitSendLocked applies the sending limits to a message of app (corpID,
// agentID) reaching userIDs, in a corp of members members: the day's quota
// (ErrFreqLimited, nothing delivered) and then each member's minute and hour
// (the members past theirs are returned: the message is dropped for them).
// Callers hold s.mu; a no-op when the limits are off.
func (s *Store) admitSendLocked(corpID string, agentID int, userIDs []string, members int) (dropped []string, err error) {
	if !s.limits.on.Load() {
		return nil, nil
	}
	now := s.Now()
	t := &s.limits
	t.mu.Lock()
	defer t.mu.Unlock()
	app := appKey{corpID, agentID}
	today := dayOf(now)
	d := t.days[app]
	if d == nil || d.day != today {
		if d == nil {
			room(t.days, func(d *dayCount) bool { return d.day != today })
		}
		d = &dayCount{day: today}
		t.days[app] = d
	}
	d.quota = members * DailyRecipientsPerMember
	if d.blocked || d.n+len(userIDs) > d.quota {
		d.blocked = true
		return nil, ErrFreqLimited
	}
	d.n += len(userIDs)
	for _, u := range userIDs {
		if !counterOf(t.members, memberKey{corpID, agentID, u}, now).admit(now, MemberMessagesPerMinute, MemberMessagesPerHour) {
			dropped = append(dropped, u)
		}
	}
	return dropped, nil
}

// imageCount is a corp's permanent image uploads today and this month.
type imageCount struct {
	day   dayCount
	month span
}

func (c *imageCount) over(now time.Time) bool {
	return c.day.day != dayOf(now) && c.month.over(now, imageMonth)
}

// admitImageLocked counts a permanent image of corpID against the day's
// and the month's uploads: ErrFreqLimited past either (a refusal blocks for
// the rest of the day, or 30 days). Callers hold s.mu; a no-op when the
// limits are off.
func (s *Store) admitImageLocked(corpID string) error {
	if !s.limits.on.Load() {
		return nil
	}
	now := s.Now()
	t := &s.limits
	t.mu.Lock()
	defer t.mu.Unlock()
	c := t.images[corpID]
	if c == nil {
		room(t.images, func(c *imageCount) bool { return c.over(now) })
		c = &imageCount{}
		t.images[corpID] = c
	}
	if today := dayOf(now); c.day.day != today {
		c.day = dayCount{day: today, quota: ImagesPerDay}
	}
	c.month.roll(now, imageMonth)
	switch {
	case c.day.blocked || c.month.blocked(now):
		return ErrFreqLimited
	case c.day.n >= ImagesPerDay:
		c.day.blocked = true
		return ErrFreqLimited
	case c.month.n >= ImagesPerMonth:
		c.month.until = now.Add(imageMonth)
		return ErrFreqLimited
	}
	c.day.n++
	c.month.add(now)
	return nil
}

// LimitImages is a corp's permanent image uploads today (China time) and
// in its current 30-day month.
type LimitImages struct {
	CorpID       string
	Today        int
	Month        int
	BlockedUntil time.Time // zero when uploads are open
}

// LimitCounter is one live frequency counter: the events in its current
// minute and hour windows and, when a window is full, the end of its block.
type LimitCounter struct {
	// Scope is "corp" or "ip" for API calls, "member" for an app's
	// messages to a member.
	Scope   string
	CorpID  string
	IP      string
	Path    string
	AgentID int
	UserID  string
	Minute  int
	Hour    int
	// BlockedUntil is zero when the counter is not blocked.
	BlockedUntil time.Time
}

// LimitQuota is an app's daily send quota on today's natural day.
type LimitQuota struct {
	CorpID  string
	AgentID int
	Day     string // YYYY-MM-DD, China time
	Sent    int    // 人次
	Quota   int
	Blocked bool
}

// LimitFlight is how many calls of an API a corp (or an IP) has in flight.
type LimitFlight struct {
	CorpID string
	IP     string
	Path   string
	N      int
}

// LimitsState is the limits' switch and their live counters, sorted.
type LimitsState struct {
	On       bool
	Calls    []LimitCounter
	Members  []LimitCounter
	Quotas   []LimitQuota
	InFlight []LimitFlight
	Images   []LimitImages
}

// Limits returns the limits' switch and their counters whose windows are
// not over.
func (s *Store) Limits() LimitsState {
	now := s.Now()
	t := &s.limits
	t.mu.Lock()
	defer t.mu.Unlock()
	st := LimitsState{On: t.on.Load(), Calls: []LimitCounter{}, Members: []LimitCounter{}, Quotas: []LimitQuota{}, InFlight: []LimitFlight{}, Images: []LimitImages{}}
	live := func(c *counter) (LimitCounter, bool) {
		if c.over(now) {
			return LimitCounter{}, false
		}
		cp := *c
		cp.minute.roll(now, time.Minute)
		cp.hour.roll(now, time.Hour)
		return LimitCounter{Minute: cp.minute.n, Hour: cp.hour.n, BlockedUntil: cp.blockedUntil(now)}, true
	}
	for k, c := range t.calls {
		if lc, ok := live(c); ok {
			lc.Scope, lc.Path = "corp", k.path
			if k.ip {
				lc.Scope, lc.IP = "ip", k.id
			} else {
				lc.CorpID = k.id
			}
			st.Calls = append(st.Calls, lc)
		}
	}
	for k, c := range t.members {
		if lc, ok := live(c); ok {
			lc.Scope, lc.CorpID, lc.AgentID, lc.UserID = "member", k.corpID, k.agentID, k.userID
			st.Members = append(st.Members, lc)
		}
	}
	today := dayOf(now)
	for k, d := range t.days {
		if d.day == today {
			st.Quotas = append(st.Quotas, LimitQuota{
				CorpID: k.corpID, AgentID: k.agentID, Day: now.In(chinaTime).Format(time.DateOnly),
				Sent: d.n, Quota: d.quota, Blocked: d.blocked,
			})
		}
	}
	for k, n := range t.inFlight {
		f := LimitFlight{Path: k.path, N: n}
		if k.ip {
			f.IP = k.id
		} else {
			f.CorpID = k.id
		}
		st.InFlight = append(st.InFlight, f)
	}
	for corp, c := range t.images {
		if c.over(now) {
			continue
		}
		li := LimitImages{CorpID: corp}
		if c.day.day == today {
			li.Today = c.day.n
			if c.day.blocked {
				li.BlockedUntil = time.Unix((today+1)*86400, 0).Add(-8 * time.Hour).UTC()
			}
		}
		m := c.month
		m.roll(now, imageMonth)
		li.Month = m.n
		if m.blocked(now) && m.until.After(li.BlockedUntil) {
			li.BlockedUntil = m.until
		}
		st.Images = append(st.Images, li)
	}
	slices.SortFunc(st.Images, func(a, b LimitImages) int { return cmp.Compare(a.CorpID, b.CorpID) })
	byCounter := func(a, b LimitCounter) int {
		return cmp.Or(cmp.Compare(a.Scope, b.Scope), cmp.Compare(a.CorpID, b.CorpID), cmp.Compare(a.IP, b.IP),
			cmp.Compare(a.Path, b.Path), cmp.Compare(a.AgentID, b.AgentID), cmp.Compare(a.UserID, b.UserID))
	}
	slices.SortFunc(st.Calls, byCounter)
	slices.SortFunc(st.Members, byCounter)
	slices.SortFunc(st.Quotas, func(a, b LimitQuota) int {
		return cmp.Or(cmp.Compare(a.CorpID, b.CorpID), cmp.Compare(a.AgentID, b.AgentID))
	})
	slices.SortFunc(st.InFlight, func(a, b LimitFlight) int {
		return cmp.Or(cmp.Compare(a.CorpID, b.CorpID), cmp.Compare(a.IP, b.IP), cmp.Compare(a.Path, b.Path))
	})
	return st
}

// limitKeys reports the sizes of the counter tables (tests).
func (s *Store) limitKeys() (calls, members, days int) {
	s.limits.mu.Lock()
	defer s.limits.mu.Unlock()
	return len(s.limits.calls), len(s.limits.members), len(s.limits.days)
}
