package message

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel/msgbody"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// cardFields are the parts of a template_card that clicks depend on
// (https://developer.work.weixin.qq.com/document/path/90236, 模板卡片消息).
// The card was checked before; this only reads it.
type cardFields struct {
	CardType        string       `json:"card_type"`
	TaskID          string       `json:"task_id"`
	ButtonSelection *cardSelect  `json:"button_selection"`
	Checkbox        *cardSelect  `json:"checkbox"`
	SelectList      []cardSelect `json:"select_list"`
	SubmitButton    *struct {
		Key string `json:"key"`
	} `json:"submit_button"`
	ButtonList []struct {
		Key  string          `json:"key"`
		Type kernel.IntField `json:"type"`
	} `json:"button_list"`
}

// cardSelect is a button_selection, checkbox or select_list entry.
type cardSelect struct {
	QuestionKey string          `json:"question_key"`
	SelectedID  string          `json:"selected_id"`
	Mode        kernel.IntField `json:"mode"`
	OptionList  []struct {
		ID        string `json:"id"`
		IsChecked bool   `json:"is_checked"`
	} `json:"option_list"`
}

// cardSpec reads the template_card of a message body; nil when there is
// none.
func cardSpec(body []byte) *store.CardSpec {
	var msg struct {
		TemplateCard json.RawMessage `json:"template_card"`
	}
	if json.Unmarshal(body, &msg) != nil || len(msg.TemplateCard) == 0 || string(msg.TemplateCard) == "null" {
		return nil
	}
	var c cardFields
	if json.Unmarshal(msg.TemplateCard, &c) != nil {
		return nil
	}
	spec := &store.CardSpec{CardType: c.CardType, TaskID: c.TaskID, Body: msg.TemplateCard}
	for _, b := range c.ButtonList {
		if b.Type.Int(0) == 1 {
			spec.LinkButtons = append(spec.LinkButtons, b.Key)
		} else {
			spec.Buttons = append(spec.Buttons, b.Key)
		}
	}
	if c.SubmitButton != nil {
		spec.SubmitKey = c.SubmitButton.Key
	}
	question := func(s cardSelect, multiple bool) store.CardQuestion {
		q := store.CardQuestion{Key: s.QuestionKey, Multiple: multiple}
		for _, o := range s.OptionList {
			q.Options = append(q.Options, o.ID)
			if o.IsChecked || (s.SelectedID != "" && o.ID == s.SelectedID) {
				q.Selected = append(q.Selected, o.ID)
			}
		}
		if !multiple && len(q.Selected) > 1 {
			q.Selected = q.Selected[:1]
		}
		return q
	}
	switch c.CardType {
	case "button_interaction":
		if c.ButtonSelection != nil {
			spec.Questions = append(spec.Questions, question(*c.ButtonSelection, false))
		}
	case "vote_interaction":
		if c.Checkbox != nil {
			spec.Questions = append(spec.Questions, question(*c.Checkbox, c.Checkbox.Mode.Int(0) == 1))
		}
	case "multiple_interaction":
		for _, s := range c.SelectList {
			spec.Questions = append(spec.Questions, question(s, false))
		}
	}
	return spec
}

// updateCardRequest is the body of message/update_template_card
// (https://developer.work.weixin.qq.com/document/path/94888).
type updateCardRequest struct {
	UserIDs      []string          `json:"userids"`
	PartyIDs     []kernel.IntField `json:"partyids"`
	TagIDs       []kernel.IntField `json:"tagids"`
	AtAll        kernel.IntField   `json:"atall"`
	AgentID      kernel.IntField   `json:"agentid"`
	ResponseCode string            `json:"response_code"`
	Button       *struct {
		ReplaceName string `json:"replace_name"`
	} `json:"button"`
	TemplateCard json.RawMessage `json:"template_card"`
}

// updateCardResponse is update_template_card's success body: the userids
// that were not updated, always present.
type updateCardResponse struct {
	InvalidUser []string `json:"invaliduser"`
}

// updateTemplateCard is POST /cgi-bin/message/update_template_card
// (https://developer.work.weixin.qq.com/document/path/94888): one use of a
// response_code within 72 hours replaces the card, or its buttons with
// button.replace_name, for the recipients named (atall: all of them).
// Checks, after the catalog's: agentid (40056, 301002), recipients all empty
// (82001), neither button.replace_name nor template_card (40058), the new
// card (as message/send checks it), then the code: unknown, expired or its
// message gone (40058), another app's (42015), already used (42022); nobody
// named received the card (81013, the code stays usable).
func (a *API) updateTemplateCard(r *http.Request, c *kernel.Call) (any, error) {
	body, err := readMessageBody(r)
	if err != nil {
		return nil, err
	}
	var req updateCardRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, kernel.WrongJSON()
	}
	if err := checkAgent(req.AgentID, c); err != nil {
		return nil, err
	}
	u := store.CardUpdate{
		CorpID: c.Token.CorpID, AgentID: c.Token.AgentID, ResponseCode: req.ResponseCode,
		To: store.Recipients{All: req.AtAll.Int(0) == 1, Users: req.UserIDs, Parties: intIDs(req.PartyIDs), Tags: intIDs(req.TagIDs)},
	}
	if !u.To.All && len(u.To.Users) == 0 && len(u.To.Parties) == 0 && len(u.To.Tags) == 0 {
		return nil, kernel.Err(errcode.AllRecipientsEmpty)
	}
	switch {
	case len(req.TemplateCard) > 0 && string(req.TemplateCard) != "null":
		if _, err := msgbody.Check("template_card", body, func(id string) bool { return a.mediaExists(c.Token.CorpID, id) }); err != nil {
			return nil, err
		}
		u.Card = cardSpec(body)
	case req.Button != nil && req.Button.ReplaceName != "":
		u.ReplaceName = req.Button.ReplaceName
	default:
		return nil, &kernel.APIError{Code: errcode.InvalidParameter,
			Text: "button.replace_name or template_card is required. invalid Request Parameter"}
	}
	res, err := a.env.Store.UpdateCard(u)
	switch {
	case errors.Is(err, store.ErrResponseCodeInvalid):
		return nil, &kernel.APIError{Code: errcode.InvalidParameter, Text: "invalid response_code. invalid Request Parameter"}
	case errors.Is(err, store.ErrResponseCodeOtherApp):
		return nil, kernel.Err(errcode.CardAgentMismatch)
	case errors.Is(err, store.ErrResponseCodeUsed):
		return nil, kernel.Err(errcode.CodeAlreadyUsed)
	case errors.Is(err, store.ErrNoValidRecipient):
		return nil, kernel.ErrWith(errcode.AllRecipientsInvalid, updateCardResponse{InvalidUser: kernel.NonNil(res.InvalidUsers)})
	case err != nil:
		return nil, err
	}
	return updateCardResponse{InvalidUser: kernel.NonNil(res.InvalidUsers)}, nil
}

// intIDs are numeric ids as the strings Recipients hold; a non-number is
// kept as an invalid id.
func intIDs(list []kernel.IntField) []string {
	out := make([]string, 0, len(list))
	for _, f := range list {
		if f.OK {
			out = append(out, strconv.FormatInt(f.N, 10))
		} else {
			out = append(out, "?")
		}
	}
	return out
}
