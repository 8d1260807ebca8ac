package store

import (
	"errors"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Message limits and windows
// (https://developer.work.weixin.qq.com/document/path/90236,
// https://developer.work.weixin.qq.com/document/path/96460).
const (
	// RecallWindow is how long after sending a message can be recalled.
	RecallWindow = 24 * time.Hour
	// DefaultDuplicateInterval is duplicate_check_interval when the request
	// leaves it out.
	DefaultDuplicateInterval = 1800 * time.Second
	// MaxDuplicateInterval caps duplicate_check_interval (WeCom documents
	// "no more than 4 hours").
	MaxDuplicateInterval = 4 * time.Hour

	// DefaultInboxSize is how many sent messages the inbox keeps; older
	// ones are dropped first, like the request journal.
	DefaultInboxSize = 10_000
	// DefaultInboxBytes bounds the request bodies the inbox keeps.
	DefaultInboxBytes = 64 << 20
	// maxDuplicateKeys bounds the duplicate-check table; past it, entries
	// whose window is over are swept.
	maxDuplicateKeys = 10_000
)

// Message errors.
var (
	// ErrNoValidRecipient: every touser, toparty and totag id was unknown or
	// outside the app's visible range (81013).
	ErrNoValidRecipient = errors.New("store: no valid recipient")
	// ErrMessageNotFound: no message with this msgid was sent by this app
	// (or it has left the inbox).
	ErrMessageNotFound = errors.New("store: message not found")
	// ErrRecallExpired: the message is older than RecallWindow.
	ErrRecallExpired = errors.New("store: message too old to recall")
)

// Recipients are the touser / toparty / totag of a message/send, split on
// "|". All is touser "@all", which overrides the rest.
type Recipients struct {
	All     bool
	Users   []string
	Parties []string
	Tags    []string
}

// Resolution is Recipients expanded through the corp's contacts and the
// app's visible range.
type Resolution struct {
	// UserIDs are the members the message reaches, as spelled in the
	// fixtures, sorted.
	UserIDs []string
	// InvalidUsers are unknown or invisible userids, lower-cased, in request
	// order; InvalidParties and InvalidTags likewise for department and tag
	// ids (as given).
	InvalidUsers   []string
	InvalidParties []string
	InvalidTags    []string
}

// The channels a message reaches people through (Message.Channel).
const (
	ChannelApp      = "app"      // message/send
	ChannelRobot    = "robot"    // a group robot's webhook/send
	ChannelAppChat  = "appchat"  // appchat/send to an app's group chat
	ChannelExternal = "external" // 客户联系: to customers and customer groups
)

// Message is a delivered message as the inbox keeps it.
type Message struct {
	// Channel is one of the Channel constants; the inbox sets ChannelApp
	// when it is left empty.
	Channel string
	MsgID   string
	Time    time.Time
	CorpID  string
	AgentID int
	MsgType string
	// Content is text.content or markdown.content, for convenience.
	Content string
	// Body is the request body exactly as received.
	Body []byte
	Resolution
	ResponseCode string
	Recalled     bool
	RecalledAt   time.Time
	// API is the path that sent a message other than message/send, e.g.
	// "/cgi-bin/externalcontact/send_welcome_msg".
	API string
	// Sender is the member who sends a message to customers.
	Sender string
	// ExternalUserIDs are the customers (the corp's form) and ChatIDs the
	// customer groups a 客户联系 message is addressed to.
	ExternalUserIDs []string
	// ChatIDs are the customer groups (ChannelExternal) or the app group
	// chat (ChannelAppChat) a message went to.
	ChatIDs []string
	// RobotKey is the webhook key of a robot's message (ChannelRobot).
	RobotKey string
	// DroppedFor are the recipients WeCom's per-member limit dropped the
	// message for, without an error (limits.go; only with the limits on).
	DroppedFor []string
	// Card is an interactive template card's state (message_cards.go), in
	// the copies the store hands out.
	Card *Card
	card *cardState
}

// SendRequest is a validated message/send call.
type SendRequest struct {
	CorpID  string
	AgentID int
	MsgType string
	Content string
	Body    []byte
	To      Recipients
	// DuplicateKey, when set, turns on the duplicate check: a message with
	// the same key sent by the same app less than DuplicateInterval ago is
	// not delivered again.
	DuplicateKey      string
	DuplicateInterval time.Duration
	// WantResponseCode asks for a response_code (interactive template cards).
	WantResponseCode bool
	// Card is the interactive card, kept for clicks and updates.
	Card *CardSpec
}

// SendResult is what SendMessage did.
type SendResult struct {
	// Message is the delivered message, or for a duplicate the earlier one.
	Message Message
	// Resolution is this request's recipients, also set with
	// ErrNoValidRecipient.
	Resolution Resolution
	// Duplicate reports that the message was not delivered again.
	Duplicate bool
}

// MessageFilter selects inbox messages; zero fields match everything.
type MessageFilter struct {
	CorpID  string
	AgentID int
	// ToUser matches messages that reached this member (case-insensitive).
	ToUser  string
	MsgType string
	// ToExternalUser matches messages addressed to this customer.
	ToExternalUser string
	// Channel, ChatID and RobotKey match a message's channel, one of its
	// chats and its robot.
	Channel  string
	ChatID   string
	RobotKey string
}

// inbox holds sent messages, oldest first, and the duplicate-check table.
type inbox struct {
	msgs  []*Message
	bytes int64
	byID  map[string]*Message
	// total counts messages delivered since the last clear, including
	// those dropped from the ring.
	total int64
	dups  map[dupKey]dupEntry
	// codes are the cards' response codes (message_cards.go).
	codes map[string]*issuedCode
}

type dupKey struct {
	corpID  string
	agentID int
	key     string
}

type dupEntry struct {
	msgID  string
	sentAt time.Time
	until  time.Time
}

func (b *inbox) clear() {
	b.clearMessages()
	b.dups = map[dupKey]dupEntry{}
}

func (b *inbox) clearMessages() {
	b.msgs = nil
	b.bytes = 0
	b.total = 0
	b.byID = map[string]*Message{}
	b.codes = map[string]*issuedCode{}
}

func (b *inbox) add(m *Message, maxCount int, maxBytes int64) {
	if m.Channel == "" {
		m.Channel = ChannelApp
	}
	b.msgs = append(b.msgs, m)
	b.byID[m.MsgID] = m
	b.bytes += m.footprint()
	b.total++
	b.evict(maxCount, maxBytes)
}

// evict drops the oldest messages, and their cards' codes, while the inbox
// holds more than maxCount messages or, beyond the newest, maxBytes.
func (b *inbox) evict(maxCount int, maxBytes int64) {
	drop := 0
	for len(b.msgs)-drop > maxCount || (b.bytes > maxBytes && len(b.msgs)-drop > 1) {
		old := b.msgs[drop]
		b.bytes -= old.footprint()
		delete(b.byID, old.MsgID)
		b.forgetCard(old)
		b.msgs[drop] = nil
		drop++
	}
	if drop > 0 {
		b.msgs = b.msgs[drop:]
	}
}

// SendMessage resolves the recipients of req and delivers it to the inbox.
// Errors: ErrCorpNotFound, ErrAppNotFound, ErrNoValidRecipient (with the
// resolution in the result). A duplicate within its window is not delivered:
// the result carries the earlier message and Duplicate.
func (s *Store) SendMessage(req SendRequest) (SendResult, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	c, ok := s.corps[req.CorpID]
	if !ok {
		return SendResult{}, ErrCorpNotFound
	}
	a, ok := c.apps[req.AgentID]
	if !ok {
		return SendResult{}, ErrAppNotFound
	}
	res, anyValid := c.resolve(a, req.To)
	if !anyValid {
		return SendResult{Resolution: res}, ErrNoValidRecipient
	}

	var dk dupKey
	if req.DuplicateKey != "" {
		dk = dupKey{req.CorpID, req.AgentID, req.DuplicateKey}
		if e, ok := s.inbox.dups[dk]; ok && now.Before(e.until) {
			prev := Message{MsgID: e.msgID, Time: e.sentAt, CorpID: req.CorpID, AgentID: req.AgentID, MsgType: req.MsgType}
			if m, ok := s.inbox.byID[e.msgID]; ok {
				prev = m.snapshot()
			}
			return SendResult{Message: prev, Resolution: res, Duplicate: true}, nil
		}
	}

	dropped, err := s.admitSendLocked(req.CorpID, req.AgentID, res.UserIDs, len(c.members))
	if err != nil {
		return SendResult{Resolution: res}, err
	}
	m := &Message{
		DroppedFor: dropped,
		MsgID:      s.randomString(64),
		Time:       now,
		CorpID:     req.CorpID,
		AgentID:    req.AgentID,
		MsgType:    req.MsgType,
		Content:    req.Content,
		Body:       slices.Clone(req.Body),
		Resolution: res,
	}
	if req.WantResponseCode {
		m.ResponseCode = s.randomString(48)
		if req.Card != nil {
			s.attachCardLocked(m, req.Card, now)
		}
	}
	s.inbox.add(m, DefaultInboxSize, DefaultInboxBytes)
	if req.DuplicateKey != "" {
		interval := req.DuplicateInterval
		if interval <= 0 {
			interval = DefaultDuplicateInterval
		}
		interval = min(interval, MaxDuplicateInterval)
		s.sweepDuplicatesLocked(now)
		s.inbox.dups[dk] = dupEntry{msgID: m.MsgID, sentAt: now, until: now.Add(interval)}
	}
	return SendResult{Message: m.snapshot(), Resolution: res}, nil
}

func (s *Store) sweepDuplicatesLocked(now time.Time) {
	if len(s.inbox.dups) < maxDuplicateKeys {
		return
	}
	for k, e := range s.inbox.dups {
		if !now.Before(e.until) {
			delete(s.inbox.dups, k)
		}
	}
	if len(s.inbox.dups) >= maxDuplicateKeys {
		// Still full of live windows: forget them rather than grow without
		// bound; at worst a duplicate is delivered twice.
		clear(s.inbox.dups)
	}
}

// resolve expands to through the corp and app a. anyValid reports whether
// at least one id (or @all) was valid, even if it reached nobody (an empty
// department).
func (c *corp) resolve(a *app, to Recipients) (res Resolution, anyValid bool) {
	reached := map[string]string{} // lower-cased → as in fixtures
	reach := func(key string) bool {
		m := c.members[key]
		if m == nil || !c.visibleTo(a, m) {
			return false
		}
		reached[key] = m.UserID
		return true
	}
	if to.All {
		for key := range c.members {
			if reach(key) {
				anyValid = true
			}
		}
		res.UserIDs = sortedValues(reached)
		return res, anyValid
	}

	seen := map[string]bool{}
	for _, u := range to.Users {
		key := strings.ToLower(u)
		if seen[key] {
			continue
		}
		seen[key] = true
		if reach(key) {
			anyValid = true
		} else {
			res.InvalidUsers = append(res.InvalidUsers, key)
		}
	}

	visibleRoots := c.visibleDeptRoots(a)
	clear(seen)
	for _, p := range to.Parties {
		if seen[p] {
			continue
		}
		seen[p] = true
		id, err := strconv.Atoi(p)
		if _, ok := c.depts[id]; err != nil || !ok || !c.inSubtree(id, visibleRoots) {
			res.InvalidParties = append(res.InvalidParties, p)
			continue
		}
		anyValid = true
		c.reachSubtree(map[int]bool{id: true}, reach)
	}

	clear(seen)
	for _, t := range to.Tags {
		if seen[t] {
			continue
		}
		seen[t] = true
		id, err := strconv.Atoi(t)
		tag, ok := c.tags[id]
		if err != nil || !ok {
			res.InvalidTags = append(res.InvalidTags, t)
			continue
		}
		hit := false
		for _, u := range tag.Users {
			if reach(strings.ToLower(u)) {
				hit = true
			}
		}
		if len(tag.Departments) > 0 {
			roots := make(map[int]bool, len(tag.Departments))
			for _, d := range tag.Departments {
				roots[d] = true
			}
			if c.reachSubtree(roots, reach) {
				hit = true
			}
		}
		// A tag is valid when the app may use it: it is in the visible
		// range, or it reaches someone the app can see.
		if hit || a.tags[id] {
			anyValid = true
		} else {
			res.InvalidTags = append(res.InvalidTags, t)
		}
	}
	res.UserIDs = sortedValues(reached)
	return res, anyValid
}

// visibleDeptRoots are the departments whose subtrees the app can see: its
// visible departments and the departments of its visible tags.
func (c *corp) visibleDeptRoots(a *app) map[int]bool {
	roots := make(map[int]bool, len(a.depts))
	for d := range a.depts {
		roots[d] = true
	}
	for t := range a.tags {
		if tag := c.tags[t]; tag != nil {
			for _, d := range tag.Departments {
				roots[d] = true
			}
		}
	}
	return roots
}

// reachSubtree calls reach for every member in the subtrees of roots and
// reports whether any call returned true.
func (c *corp) reachSubtree(roots map[int]bool, reach func(string) bool) bool {
	hit := false
	for key, m := range c.members {
		for _, d := range m.Department {
			if c.inSubtree(d, roots) {
				if reach(key) {
					hit = true
				}
				break
			}
		}
	}
	return hit
}

func sortedValues(m map[string]string) []string {
	out := make([]string, 0, len(m))
	for _, v := range m {
		out = append(out, v)
	}
	slices.Sort(out)
	return out
}

// RecallMessage marks a message of app (corpID, agentID) recalled. Errors:
// ErrMessageNotFound (unknown msgid, another app's or corp's message, or one
// that has left the inbox), ErrRecallExpired (sent RecallWindow ago or more).
// Recalling a recalled message again succeeds.
func (s *Store) RecallMessage(corpID string, agentID int, msgID string) error {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.inbox.byID[msgID]
	if !ok || m.CorpID != corpID || m.AgentID != agentID {
		return ErrMessageNotFound
	}
	if now.Sub(m.Time) >= RecallWindow {
		return ErrRecallExpired
	}
	if !m.Recalled {
		m.Recalled, m.RecalledAt = true, now
	}
	return nil
}

// Messages returns the inbox, oldest first, filtered by f.
func (s *Store) Messages(f MessageFilter) []Message {
	user := strings.ToLower(f.ToUser)
	s.mu.RLock()
	defer s.mu.RUnlock()
	out := []Message{}
	for _, m := range s.inbox.msgs {
		if f.matches(m, user) {
			out = append(out, m.snapshot())
		}
	}
	return out
}

// matches reports whether m passes f; user is f.ToUser in lower case.
func (f MessageFilter) matches(m *Message, user string) bool {
	switch {
	case f.CorpID != "" && m.CorpID != f.CorpID,
		f.AgentID != 0 && m.AgentID != f.AgentID,
		f.MsgType != "" && m.MsgType != f.MsgType,
		user != "" && !slices.ContainsFunc(m.UserIDs, func(u string) bool { return strings.ToLower(u) == user }),
		f.ToExternalUser != "" && !slices.Contains(m.ExternalUserIDs, f.ToExternalUser),
		f.Channel != "" && m.Channel != f.Channel,
		f.ChatID != "" && !slices.Contains(m.ChatIDs, f.ChatID),
		f.RobotKey != "" && m.RobotKey != f.RobotKey:
		return false
	}
	return true
}

// MessageCounts returns how many messages the inbox keeps and how many were
// delivered since it was last cleared.
func (s *Store) MessageCounts() (kept int, total int64) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.inbox.msgs), s.inbox.total
}

// ClearMessages empties the inbox. The duplicate-check windows stay: the
// messages were delivered, the inbox only stops showing them.
func (s *Store) ClearMessages() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.inbox.clearMessages()
}
