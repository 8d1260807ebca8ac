package callbacks

import (
	"strings"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// change_contact events
// (https://developer.work.weixin.qq.com/document/path/96302): every contact
// change made through the contact write APIs or the control API is delivered
// to
//
//   - the contact-sync assistant's callback (the corp's contacts_callback),
//     except the changes its own API calls made;
//   - every app with a callback whose visible range covers the member (before
//     or after the change), the department, or the tag.
//
// Apps without sensitive_fields get no mobile, gender, email, biz_mail,
// avatar or address. update_user and update_party carry only what changed
// (plus UserID / Id), as real deliveries do; a change that touches none of
// the event's fields (e.g. only a department's order) sends nothing.

// PublishContactChange delivers ch to its receivers and returns the
// delivery ids.
func (e *Engine) PublishContactChange(ch store.ContactChange) []string {
	ids := []string{}
	for _, r := range ch.Receivers {
		plain := contactChangeXML(ch, r.Sensitive, e.now().Unix())
		if plain == nil {
			continue // nothing this receiver may see changed
		}
		t := AppTarget(r.CorpID, r.AgentID, r.Callback)
		ids = append(ids, e.Deliver(t, "change_contact/"+ch.ChangeType, plain))
	}
	return ids
}

// contactChangeXML builds the decrypted event, or nil when there is nothing
// to tell.
func contactChangeXML(ch store.ContactChange, sensitive bool, now int64) []byte {
	x := newCallbackXML().
		cdata("ToUserName", ch.CorpID).
		cdata("FromUserName", "sys").
		num("CreateTime", now).
		cdata("MsgType", "event").
		cdata("Event", "change_contact").
		cdata("ChangeType", ch.ChangeType)
	switch ch.ChangeType {
	case store.ChangeCreateUser:
		x.cdata("UserID", ch.Member.UserID)
		writeMemberFields(x, nil, ch.Member, sensitive)
	case store.ChangeUpdateUser:
		x.cdata("UserID", ch.OldMember.UserID)
		renamed := ch.Member.UserID != ch.OldMember.UserID
		if renamed {
			x.cdata("NewUserID", ch.Member.UserID)
		}
		if !writeMemberFields(x, ch.OldMember, ch.Member, sensitive) && !renamed {
			return nil
		}
	case store.ChangeDeleteUser:
		x.cdata("UserID", ch.OldMember.UserID)
	case store.ChangeCreateParty:
		d := ch.Department
		x.num("Id", int64(d.ID)).cdata("Name", d.Name).num("ParentId", int64(d.ParentID)).num("Order", d.Order)
	case store.ChangeUpdateParty:
		old, d := ch.OldDepartment, ch.Department
		if old.Name == d.Name && old.ParentID == d.ParentID {
			return nil
		}
		x.num("Id", int64(d.ID))
		if old.Name != d.Name {
			x.cdata("Name", d.Name)
		}
		if old.ParentID != d.ParentID {
			x.num("ParentId", int64(d.ParentID))
		}
	case store.ChangeDeleteParty:
		x.num("Id", int64(ch.OldDepartment.ID))
	case store.ChangeUpdateTag:
		x.num("TagId", int64(ch.TagID))
		if len(ch.AddUsers) > 0 {
			x.cdata("AddUserItems", strings.Join(ch.AddUsers, ","))
		}
		if len(ch.DelUsers) > 0 {
			x.cdata("DelUserItems", strings.Join(ch.DelUsers, ","))
		}
		if len(ch.AddParties) > 0 {
			x.cdata("AddPartyItems", joinInts(ch.AddParties))
		}
		if len(ch.DelParties) > 0 {
			x.cdata("DelPartyItems", joinInts(ch.DelParties))
		}
	default:
		return nil
	}
	return x.bytes()
}
