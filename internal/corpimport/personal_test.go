package corpimport_test

import (
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// No personal value and no secret of the real corp reaches the imported
// world: each member's every personal field differs from their own, no
// contact detail equals anyone's, and corpid, names and secrets are new.
func TestImportCarriesNoPersonalValue(t *testing.T) {
	t.Parallel()
	real, got := &realWorld.Corps[0], &imported.Corps[0]
	realMembers := byUserID(real.Members)
	anyone := map[string]bool{} // every real contact detail
	for _, m := range real.Members {
		for _, v := range contactDetails(m) {
			anyone[v] = true
		}
	}
	for _, g := range got.Members {
		m := realMembers[g.UserID]
		for field, pair := range map[string][2]string{
			"name": {g.Name, m.Name}, "position": {g.Position, m.Position}, "mobile": {g.Mobile, m.Mobile},
			"email": {g.Email, m.Email}, "biz_mail": {g.BizMail, m.BizMail}, "avatar": {g.Avatar, m.Avatar},
			"thumb_avatar": {g.ThumbAvatar, m.ThumbAvatar}, "telephone": {g.Telephone, m.Telephone},
			"alias": {g.Alias, m.Alias}, "address": {g.Address, m.Address}, "qr_code": {g.QRCode, m.QRCode},
			"external_position": {g.ExternalPosition, m.ExternalPosition}, "open_userid": {g.OpenUserID, m.OpenUserID},
		} {
			if pair[0] != "" && pair[0] == pair[1] {
				t.Errorf("member %s: %s %q carried over", g.UserID, field, pair[0])
			}
		}
		for _, v := range contactDetails(g) {
			if anyone[v] {
				t.Errorf("member %s: %q is a real member's", g.UserID, v)
			}
		}
	}
	secrets := []string{real.CorpID, real.Name, real.ContactsSecret}
	for _, a := range real.Apps {
		secrets = append(secrets, a.Secret)
	}
	for _, s := range real.Secrets {
		secrets = append(secrets, s)
	}
	file := string(mustJSON(t, imported))
	for _, s := range secrets {
		if s != "" && strings.Contains(file, s) {
			t.Errorf("the imported world holds the real corp's %q", s)
		}
		if strings.Contains(importLog, s) {
			t.Errorf("the progress log holds the real corp's %q", s)
		}
	}
	realCustomers := map[string]bool{}
	for _, c := range real.ExternalContact.Customers {
		realCustomers[c.ExternalUserID], realCustomers[c.UnionID] = true, true
	}
	delete(realCustomers, "")
	for _, c := range got.ExternalContact.Customers {
		if realCustomers[c.ExternalUserID] || realCustomers[c.UnionID] {
			t.Errorf("customer %s (unionid %s) is the real corp's", c.ExternalUserID, c.UnionID)
		}
	}
}

// contactDetails are the values that identify one person wherever they
// appear.
func contactDetails(m fixtures.Member) []string {
	var out []string
	for _, v := range []string{m.Mobile, m.Email, m.BizMail, m.Avatar, m.ThumbAvatar, m.Telephone, m.Address, m.QRCode} {
		if v != "" {
			out = append(out, v)
		}
	}
	return out
}
