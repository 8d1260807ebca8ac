package refapp

import (
	"strings"
	"sync"
	"time"
)

// The CRM's own memory: what the add_external_contact events told it (who
// added whom, through which channel, with which welcome code) and the
// transfers it started. Everything else — names, tags, who follows whom —
// it reads from WeCom when asked, which is always the truth.

// maxCRMContacts bounds the remembered relationships; past it the oldest
// are forgotten (their welcome codes are long expired anyway).
const maxCRMContacts = 10_000

// Contact is a relationship the CRM saw begin: customer ExternalUserID
// added member UserID.
type Contact struct {
	CorpID         string    `json:"corpid"`
	UserID         string    `json:"userid"`
	ExternalUserID string    `json:"external_userid"`
	State          string    `json:"state,omitempty"`
	WelcomeCode    string    `json:"-"`
	AddedAt        time.Time `json:"added_at"`
	// Greeted is set once the welcome message went out.
	Greeted bool `json:"greeted"`
	// Ended says who ended the relationship: "customer" or "member".
	Ended string `json:"ended,omitempty"`
}

// Transfer kinds.
const (
	TransferOnJob    = "on_job"   // 在职继承: the member is still in the corp
	TransferResigned = "resigned" // 离职继承: the member left
)

// crmBook is the CRM's memory. It is safe for concurrent use.
type crmBook struct {
	mu       sync.Mutex
	contacts map[string]*Contact // contactKey → contact
	order    []string            // contactKeys, oldest first
	// transfers is the kind of the latest transfer between two members,
	// by transferKey.
	transfers map[string]string
	// quiet turns the greeting of new customers off.
	quiet bool
}

func newCRMBook() *crmBook {
	return &crmBook{contacts: map[string]*Contact{}, transfers: map[string]string{}}
}

func contactKey(corpID, userID, externalUserID string) string {
	return corpID + "/" + strings.ToLower(userID) + "/" + externalUserID
}

func transferKey(corpID, from, to string) string {
	return corpID + "/" + strings.ToLower(from) + "/" + strings.ToLower(to)
}

// added records a new relationship and returns a copy of it.
func (b *crmBook) added(c Contact) Contact {
	b.mu.Lock()
	defer b.mu.Unlock()
	k := contactKey(c.CorpID, c.UserID, c.ExternalUserID)
	if _, ok := b.contacts[k]; !ok {
		b.order = append(b.order, k)
	}
	b.contacts[k] = &c
	for len(b.order) > maxCRMContacts {
		delete(b.contacts, b.order[0])
		b.order = b.order[1:]
	}
	return c
}

// contact returns a copy of a relationship.
func (b *crmBook) contact(corpID, userID, externalUserID string) (Contact, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	c, ok := b.contacts[contactKey(corpID, userID, externalUserID)]
	if !ok {
		return Contact{}, false
	}
	return *c, true
}

// update changes a relationship in place, if the CRM knows it.
func (b *crmBook) update(corpID, userID, externalUserID string, change func(*Contact)) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if c, ok := b.contacts[contactKey(corpID, userID, externalUserID)]; ok {
		change(c)
	}
}

// size is how many relationships the CRM remembers.
func (b *crmBook) size() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return len(b.contacts)
}

func (b *crmBook) greetsAtOnce() bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	return !b.quiet
}

func (b *crmBook) setGreeting(on bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.quiet = !on
}

func (b *crmBook) startedTransfer(corpID, from, to, kind string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.transfers) >= maxCRMContacts {
		clear(b.transfers)
	}
	b.transfers[transferKey(corpID, from, to)] = kind
}

func (b *crmBook) transferKind(corpID, from, to string) (string, bool) {
	b.mu.Lock()
	defer b.mu.Unlock()
	k, ok := b.transfers[transferKey(corpID, from, to)]
	return k, ok
}
