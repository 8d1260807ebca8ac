package store

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
)

// Interactive template cards (button_interaction, vote_interaction,
// multiple_interaction; https://developer.work.weixin.qq.com/document/path/90236
// 模板卡片消息): the card a message/send delivered, what each recipient sees
// after message/update_template_card
// (https://developer.work.weixin.qq.com/document/path/94888), the members'
// clicks, and the response codes — one with the send, one with each
// template_card_event (https://developer.work.weixin.qq.com/document/path/90240),
// each good for one update within ResponseCodeTTL. A card lives with its
// inbox message: when the message leaves the inbox, its card and codes go too.

const (
	// ResponseCodeTTL is how long a response_code may be used ("只能在72小时内调用").
	ResponseCodeTTL = 72 * time.Hour
	// MaxCardClicks bounds the clicks a card keeps; past it a click is refused.
	MaxCardClicks = 100
	// clickFootprint is what a click and its code are counted as against the
	// inbox's byte budget.
	clickFootprint = 256
)

// Card errors.
var (
	// ErrNotACard: the message is not an interactive template card (or was
	// replaced by a card without anything to click).
	ErrNotACard = errors.New("store: the message is not an interactive template card")
	// ErrNotRecipient: the member did not receive the message.
	ErrNotRecipient = errors.New("store: the member did not receive the message")
	// ErrMessageRecalled: the message was recalled; nobody can click it.
	ErrMessageRecalled = errors.New("store: the message was recalled")
	// ErrCardDone: an update replaced the member's buttons with its
	// replace_name; the card takes no more clicks from them.
	ErrCardDone = errors.New("store: the card was updated to a finished button for this member")
	// ErrCardKey: the clicked key or a selected option is not on the card
	// (the error's text says which).
	ErrCardKey = errors.New("store: not on the card")
	// ErrCardClickLimit: the card already keeps MaxCardClicks clicks.
	ErrCardClickLimit = errors.New("store: the card has had as many clicks as the mock keeps")
	// ErrResponseCodeInvalid: unknown, expired, or its message has left the inbox.
	ErrResponseCodeInvalid = errors.New("store: response_code unknown or expired")
	// ErrResponseCodeUsed: the response_code was already used for an update.
	ErrResponseCodeUsed = errors.New("store: response_code already used")
	// ErrResponseCodeOtherApp: the response_code belongs to another app's card.
	ErrResponseCodeOtherApp = errors.New("store: response_code of another app's card")
)

// CardSpec is a template card as its sender parsed it: what can be clicked
// and selected.
type CardSpec struct {
	CardType string
	TaskID   string
	// Body is the template_card object as sent.
	Body []byte
	// Buttons are the keys of button_list buttons that send an event (type
	// 0); LinkButtons those that open a URL (type 1) and send none.
	Buttons     []string
	LinkButtons []string
	// SubmitKey is submit_button.key of a vote or multiple card.
	SubmitKey string
	// Questions are button_selection, checkbox or select_list, in order.
	Questions []CardQuestion
}

// CardQuestion is a part of a card where the member selects options.
type CardQuestion struct {
	Key     string
	Options []string
	// Multiple allows more than one option (a checkbox in mode 1).
	Multiple bool
	// Selected are the options selected before the member touches it
	// (selected_id, is_checked).
	Selected []string
}

// Interactive reports whether the card sends template_card_event.
func (c *CardSpec) Interactive() bool {
	switch c.CardType {
	case "button_interaction", "vote_interaction", "multiple_interaction":
		return true
	}
	return false
}

// SelectedItem is one question's selected options in a click.
type SelectedItem struct {
	QuestionKey string
	OptionIDs   []string
}

// CardClick is a member's click on a card.
type CardClick struct {
	UserID   string
	Key      string
	Selected []SelectedItem
	Time     time.Time
	// ResponseCode came with the click's template_card_event.
	ResponseCode string
}

// CardView is what some recipients of a card see.
type CardView struct {
	UserIDs []string
	// Body is the template_card object shown.
	Body []byte
	// ReplaceName is the text of the finished button an update put in place
	// of the card's buttons ("" when none).
	ReplaceName string
	// UpdatedAt is the update's time; zero for the card as sent.
	UpdatedAt time.Time
}

// Card is an interactive card's state as the inbox shows it.
type Card struct {
	CardType string
	TaskID   string
	// Views are what the recipients see, oldest first; a view nobody sees
	// any more is left out.
	Views  []CardView
	Clicks []CardClick
}

// cardView is one state of the card, shared by the recipients who see it.
type cardView struct {
	spec        *CardSpec
	replaceName string
	at          time.Time
	seq         int
}

// cardState is a message's card; guarded by the store's lock.
type cardState struct {
	base   *cardView
	viewOf map[string]*cardView // by userid as in the message's UserIDs
	seq    int
	clicks []CardClick
	codes  []string
	bytes  int64
}

// issuedCode is a response_code and what it may update.
type issuedCode struct {
	msgID   string
	corpID  string
	agentID int
	expires time.Time
	used    bool
}

// attachCardLocked gives m its card and registers the send's response code.
func (s *Store) attachCardLocked(m *Message, spec *CardSpec, now time.Time) {
	spec = cloneSpec(spec)
	m.card = &cardState{base: &cardView{spec: spec}, viewOf: map[string]*cardView{}}
	s.inbox.issue(m, m.ResponseCode, now)
}

func cloneSpec(spec *CardSpec) *CardSpec {
	c := *spec
	c.Body = slices.Clone(spec.Body)
	return &c
}

// issue registers code for m's card.
func (b *inbox) issue(m *Message, code string, now time.Time) {
	if b.codes == nil {
		b.codes = map[string]*issuedCode{}
	}
	b.codes[code] = &issuedCode{msgID: m.MsgID, corpID: m.CorpID, agentID: m.AgentID, expires: now.Add(ResponseCodeTTL)}
	m.card.codes = append(m.card.codes, code)
}

// forgetCard drops the codes of a message leaving the inbox.
func (b *inbox) forgetCard(m *Message) {
	if m.card == nil {
		return
	}
	for _, code := range m.card.codes {
		delete(b.codes, code)
	}
}

// footprint is what m counts against the inbox's byte budget.
func (m *Message) footprint() int64 {
	n := int64(len(m.Body))
	if m.card != nil {
		n += m.card.bytes
	}
	return n
}

// viewFor is the view member userID sees.
func (c *cardState) viewFor(userID string) *cardView {
	if v := c.viewOf[userID]; v != nil {
		return v
	}
	return c.base
}

// snapshot is the card as the inbox shows it, recipients grouped by view.
func (c *cardState) snapshot(userIDs []string) *Card {
	out := &Card{CardType: c.base.spec.CardType, TaskID: c.base.spec.TaskID, Clicks: make([]CardClick, len(c.clicks))}
	for i, k := range c.clicks {
		k.Selected = slices.Clone(k.Selected)
		out.Clicks[i] = k
	}
	users := map[*cardView][]string{}
	views := []*cardView{c.base}
	for _, u := range userIDs {
		v := c.viewFor(u)
		if _, seen := users[v]; !seen && v != c.base {
			views = append(views, v)
		}
		users[v] = append(users[v], u)
	}
	slices.SortFunc(views, func(a, b *cardView) int { return a.seq - b.seq })
	for _, v := range views {
		if len(users[v]) == 0 {
			continue
		}
		out.Views = append(out.Views, CardView{
			UserIDs: users[v], Body: slices.Clone(v.spec.Body), ReplaceName: v.replaceName, UpdatedAt: v.at,
		})
	}
	return out
}

// CardClickRequest is a member clicking a card.
type CardClickRequest struct {
	MsgID  string
	UserID string
	// Key is the clicked button's key; for a vote or multiple card it may
	// be left empty for the submit button.
	Key string
	// Selected are the member's selections; a question left out keeps its
	// preselected options, and QuestionKey may be left empty when the card
	// has one question.
	Selected []SelectedItem
}

// CardClickResult is a recorded click and what its event needs.
type CardClickResult struct {
	CorpID   string
	AgentID  int
	CardType string
	TaskID   string
	Click    CardClick
}

// ClickCard records req and issues the click's response code. Errors:
// ErrMessageNotFound, ErrNotACard, ErrMessageRecalled, ErrNotRecipient,
// ErrCardDone, ErrCardKey (wrapped with what is wrong), ErrCardClickLimit.
func (s *Store) ClickCard(req CardClickRequest) (CardClickResult, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	m, ok := s.inbox.byID[req.MsgID]
	switch {
	case !ok:
		return CardClickResult{}, ErrMessageNotFound
	case m.card == nil:
		return CardClickResult{}, ErrNotACard
	case m.Recalled:
		return CardClickResult{}, ErrMessageRecalled
	}
	i := slices.IndexFunc(m.UserIDs, func(u string) bool { return strings.EqualFold(u, req.UserID) })
	if i < 0 {
		return CardClickResult{}, ErrNotRecipient
	}
	userID := m.UserIDs[i]
	view := m.card.viewFor(userID)
	switch {
	case view.replaceName != "":
		return CardClickResult{}, fmt.Errorf("%w (it shows %q)", ErrCardDone, view.replaceName)
	case !view.spec.Interactive():
		return CardClickResult{}, fmt.Errorf("%w: it was replaced by a %s card", ErrNotACard, view.spec.CardType)
	case len(m.card.clicks) >= MaxCardClicks:
		return CardClickResult{}, ErrCardClickLimit
	}
	key, err := view.spec.clickKey(req.Key)
	if err != nil {
		return CardClickResult{}, err
	}
	selected, err := view.spec.selection(req.Selected)
	if err != nil {
		return CardClickResult{}, err
	}
	click := CardClick{UserID: userID, Key: key, Selected: selected, Time: now, ResponseCode: s.randomString(48)}
	m.card.clicks = append(m.card.clicks, click)
	s.inbox.issue(m, click.ResponseCode, now)
	s.inbox.grow(m, clickFootprint)
	return CardClickResult{
		CorpID: m.CorpID, AgentID: m.AgentID, CardType: view.spec.CardType, TaskID: view.spec.TaskID, Click: click,
	}, nil
}

// clickKey checks the clicked key: a button that sends an event, or the
// submit button (the default) of a vote or multiple card.
func (c *CardSpec) clickKey(key string) (string, error) {
	if c.CardType == "button_interaction" {
		switch {
		case key == "":
			return "", fmt.Errorf("%w: a button_interaction card needs the clicked button's key (buttons: %s)", ErrCardKey, strings.Join(c.Buttons, ", "))
		case slices.Contains(c.Buttons, key):
			return key, nil
		case slices.Contains(c.LinkButtons, key):
			return "", fmt.Errorf("%w: button %q opens a URL and sends no event", ErrCardKey, key)
		}
		return "", fmt.Errorf("%w: no button %q (buttons: %s)", ErrCardKey, key, strings.Join(c.Buttons, ", "))
	}
	if key != "" && key != c.SubmitKey {
		return "", fmt.Errorf("%w: %q is not the submit button's key %q", ErrCardKey, key, c.SubmitKey)
	}
	return c.SubmitKey, nil
}

// selection resolves the member's selections against the card's questions,
// in the card's order; a question left out keeps its preselected options.
// A vote or multiple card needs an option in each of its questions.
func (c *CardSpec) selection(items []SelectedItem) ([]SelectedItem, error) {
	given := map[string][]string{}
	for _, it := range items {
		q := it.QuestionKey
		if q == "" {
			if len(c.Questions) != 1 {
				return nil, fmt.Errorf("%w: the card has %d questions, so each selection needs its question_key", ErrCardKey, len(c.Questions))
			}
			q = c.Questions[0].Key
		}
		j := slices.IndexFunc(c.Questions, func(cq CardQuestion) bool { return cq.Key == q })
		if j < 0 {
			return nil, fmt.Errorf("%w: no question %q", ErrCardKey, q)
		}
		if _, dup := given[q]; dup {
			return nil, fmt.Errorf("%w: question %q is selected twice", ErrCardKey, q)
		}
		cq := c.Questions[j]
		switch {
		case len(it.OptionIDs) == 0:
			return nil, fmt.Errorf("%w: question %q has no option selected", ErrCardKey, q)
		case len(it.OptionIDs) > 1 && !cq.Multiple:
			return nil, fmt.Errorf("%w: question %q takes one option", ErrCardKey, q)
		}
		for _, id := range it.OptionIDs {
			if !slices.Contains(cq.Options, id) {
				return nil, fmt.Errorf("%w: question %q has no option %q (options: %s)", ErrCardKey, q, id, strings.Join(cq.Options, ", "))
			}
		}
		given[q] = slices.Compact(slices.Clone(it.OptionIDs))
	}
	var out []SelectedItem
	for _, cq := range c.Questions {
		ids, ok := given[cq.Key]
		if !ok {
			ids = slices.Clone(cq.Selected)
		}
		if len(ids) == 0 {
			if c.CardType == "button_interaction" {
				continue
			}
			return nil, fmt.Errorf("%w: question %q needs a selected option", ErrCardKey, cq.Key)
		}
		out = append(out, SelectedItem{QuestionKey: cq.Key, OptionIDs: ids})
	}
	return out, nil
}

// CardUpdate is a checked message/update_template_card call.
type CardUpdate struct {
	CorpID       string
	AgentID      int
	ResponseCode string
	// To are userids, partyids and tagids; All (atall) updates every
	// recipient of the card.
	To Recipients
	// Card, when set, replaces the card; otherwise ReplaceName replaces its
	// buttons with one finished button of that text.
	Card        *CardSpec
	ReplaceName string
}

// CardUpdateResult is what UpdateCard did.
type CardUpdateResult struct {
	MsgID string
	// UserIDs are the recipients whose card changed; InvalidUsers the
	// given userids that are unknown, invisible to the app or did not
	// receive the card (lower-cased).
	UserIDs      []string
	InvalidUsers []string
}

// UpdateCard spends u.ResponseCode on changing the card of the recipients
// u names. Errors: ErrResponseCodeInvalid (unknown, expired or its message
// gone), ErrResponseCodeOtherApp, ErrResponseCodeUsed, ErrNoValidRecipient
// (nobody named received the card; the code stays usable).
func (s *Store) UpdateCard(u CardUpdate) (CardUpdateResult, error) {
	now := s.Now()
	s.mu.Lock()
	defer s.mu.Unlock()
	code, ok := s.inbox.codes[u.ResponseCode]
	switch {
	case !ok || !now.Before(code.expires):
		return CardUpdateResult{}, ErrResponseCodeInvalid
	case code.corpID != u.CorpID || code.agentID != u.AgentID:
		return CardUpdateResult{}, ErrResponseCodeOtherApp
	case code.used:
		return CardUpdateResult{}, ErrResponseCodeUsed
	}
	m, ok := s.inbox.byID[code.msgID]
	if !ok || m.card == nil {
		return CardUpdateResult{}, ErrResponseCodeInvalid
	}
	res := CardUpdateResult{MsgID: m.MsgID}
	if u.To.All {
		res.UserIDs = slices.Clone(m.UserIDs)
	} else {
		c, a := s.corps[u.CorpID], (*app)(nil)
		if c != nil {
			a = c.apps[u.AgentID]
		}
		if a == nil {
			return CardUpdateResult{}, ErrAppNotFound
		}
		resolved, _ := c.resolve(a, u.To)
		res.InvalidUsers = resolved.InvalidUsers
		for _, id := range resolved.UserIDs {
			if slices.Contains(m.UserIDs, id) {
				res.UserIDs = append(res.UserIDs, id)
			} else if slices.ContainsFunc(u.To.Users, func(given string) bool { return strings.EqualFold(given, id) }) {
				res.InvalidUsers = append(res.InvalidUsers, strings.ToLower(id))
			}
		}
	}
	if len(res.UserIDs) == 0 {
		return res, ErrNoValidRecipient
	}
	code.used = true
	m.card.apply(u, res.UserIDs, now)
	if u.Card != nil {
		s.inbox.grow(m, int64(len(u.Card.Body)))
	}
	return res, nil
}

// apply changes what users see.
func (c *cardState) apply(u CardUpdate, users []string, now time.Time) {
	if u.Card != nil {
		c.seq++
		v := &cardView{spec: cloneSpec(u.Card), at: now, seq: c.seq}
		for _, id := range users {
			c.viewOf[id] = v
		}
		return
	}
	finished := map[*cardView]*cardView{}
	for _, id := range users {
		old := c.viewFor(id)
		v := finished[old]
		if v == nil {
			c.seq++
			v = &cardView{spec: old.spec, replaceName: u.ReplaceName, at: now, seq: c.seq}
			finished[old] = v
		}
		c.viewOf[id] = v
	}
}

// grow adds n bytes to m's footprint and drops the oldest messages if the
// inbox is now over its byte budget.
func (b *inbox) grow(m *Message, n int64) {
	m.card.bytes += n
	b.bytes += n
	b.evict(DefaultInboxSize, DefaultInboxBytes)
}

// snapshot is a copy of m for callers outside the lock, with its card's
// state in Card.
func (m *Message) snapshot() Message {
	out := *m
	out.card = nil
	if m.card != nil {
		out.Card = m.card.snapshot(m.UserIDs)
	}
	return out
}

// CardOwner returns the app that sent message msgID, an interactive card.
// Errors: ErrMessageNotFound, ErrNotACard.
func (s *Store) CardOwner(msgID string) (corpID string, agentID int, err error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, ok := s.inbox.byID[msgID]
	switch {
	case !ok:
		return "", 0, ErrMessageNotFound
	case m.card == nil:
		return "", 0, ErrNotACard
	}
	return m.CorpID, m.AgentID, nil
}
