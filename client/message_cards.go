package client

import (
	"context"
	"errors"
)

// TemplateCardUpdate is a message/update_template_card call
// (https://developer.work.weixin.qq.com/document/path/94888): it spends a
// ResponseCode — from SendResult for the card's send, or from a
// callback.TemplateCardEvent for a click; each is good for one update
// within 72 hours — on the card of the recipients named (UserIDs, PartyIDs,
// TagIDs, or AtAll for all of them). Set TemplateCard to replace the card,
// or ReplaceName to replace its buttons with one finished button.
type TemplateCardUpdate struct {
	UserIDs      []string
	PartyIDs     []int
	TagIDs       []int
	AtAll        bool
	AgentID      int64
	ResponseCode string
	// ReplaceName is button.replace_name, the text of the finished button.
	ReplaceName string
	// TemplateCard, when set, is the new card, marshalled as template_card.
	TemplateCard any
	// EnableIDTrans turns $userName=...$ and similar into names.
	EnableIDTrans bool
}

var errNoCardChange = errors.New("wecom /cgi-bin/message/update_template_card: set ReplaceName or TemplateCard")

// MarshalJSON renders the body WeCom expects: the id lists as arrays, atall
// and enable_id_trans as 0/1, button.replace_name or template_card.
func (u TemplateCardUpdate) MarshalJSON() ([]byte, error) {
	f := map[string]any{"agentid": u.AgentID, "response_code": u.ResponseCode, "atall": boolInt(u.AtAll)}
	if len(u.UserIDs) > 0 {
		f["userids"] = u.UserIDs
	}
	if len(u.PartyIDs) > 0 {
		f["partyids"] = u.PartyIDs
	}
	if len(u.TagIDs) > 0 {
		f["tagids"] = u.TagIDs
	}
	if u.EnableIDTrans {
		f["enable_id_trans"] = 1
	}
	switch {
	case u.TemplateCard != nil:
		f["template_card"] = u.TemplateCard
	case u.ReplaceName != "":
		f["button"] = map[string]string{"replace_name": u.ReplaceName}
	default:
		return nil, errNoCardChange
	}
	return marshalJSON(f)
}

// UpdateTemplateCard updates an interactive template card (POST
// /cgi-bin/message/update_template_card) and returns the userids that were
// not updated. Errors to expect: errcode.CodeAlreadyUsed (42022, the
// response code was spent), errcode.CardAgentMismatch (42015, another app's
// code), errcode.InvalidParameter (40058, an unknown or expired code),
// errcode.AllRecipientsInvalid (81013).
func (c *Client) UpdateTemplateCard(ctx context.Context, u TemplateCardUpdate) (invalidUsers []string, err error) {
	if u.TemplateCard == nil && u.ReplaceName == "" {
		return nil, errNoCardChange
	}
	var out struct {
		InvalidUser []string `json:"invaliduser"`
	}
	if err := c.postJSON(ctx, "/cgi-bin/message/update_template_card", u, &out); err != nil {
		return nil, err
	}
	return out.InvalidUser, nil
}
