package refapp

import (
	"strconv"
	"testing"
)

// The CRM remembers at most maxCRMContacts relationships, forgetting the
// oldest first.
func TestCRMBookIsBounded(t *testing.T) {
	b := newCRMBook()
	for i := range maxCRMContacts + 10 {
		b.added(Contact{CorpID: "c", UserID: "u", ExternalUserID: "wm" + strconv.Itoa(i), WelcomeCode: "code"})
	}
	if n := b.size(); n != maxCRMContacts {
		t.Fatalf("%d contacts kept, want %d", n, maxCRMContacts)
	}
	if _, ok := b.contact("c", "u", "wm0"); ok {
		t.Error("the oldest contact is still there")
	}
	if c, ok := b.contact("c", "U", "wm"+strconv.Itoa(maxCRMContacts+9)); !ok || c.WelcomeCode != "code" {
		t.Errorf("the newest contact = %+v, %v (userids are case-insensitive)", c, ok)
	}
	// Adding the same relationship again replaces it without growing.
	b.added(Contact{CorpID: "c", UserID: "u", ExternalUserID: "wm" + strconv.Itoa(maxCRMContacts+9), WelcomeCode: "new"})
	if n := b.size(); n != maxCRMContacts {
		t.Errorf("%d contacts after a repeat, want %d", n, maxCRMContacts)
	}
}
