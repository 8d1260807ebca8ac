package mockctl

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// Card is an interactive template card's state in the inbox
// (button_interaction, vote_interaction, multiple_interaction): what each
// recipient sees after message/update_template_card, and the members'
// clicks.
type Card struct {
	CardType string `json:"card_type"`
	TaskID   string `json:"task_id"`
	// Views are what the recipients see, oldest first; a view nobody sees
	// any more is left out.
	Views  []CardView        `json:"views"`
	Clicks []CardClickRecord `json:"clicks"`
}

// CardView is what some recipients of a card see.
type CardView struct {
	UserIDs []string `json:"userids"`
	// TemplateCard is the card shown, as sent or as an update replaced it.
	TemplateCard json.RawMessage `json:"template_card"`
	// ReplaceName is the text of the one finished button an update's
	// button.replace_name put in place of the card's buttons.
	ReplaceName string `json:"replace_name,omitempty"`
	// UpdatedAt is the virtual time of the update; nil for the card as sent.
	UpdatedAt *time.Time `json:"updated_at,omitempty"`
}

// CardClickRecord is a click the card keeps.
type CardClickRecord struct {
	UserID        string         `json:"userid"`
	Key           string         `json:"key"`
	SelectedItems []SelectedItem `json:"selected_items,omitempty"`
	Time          time.Time      `json:"time"`
	// ResponseCode came with the click's template_card_event.
	ResponseCode string `json:"response_code"`
}

// ViewOf returns the view member userID sees (case-insensitive), or nil.
func (c *Card) ViewOf(userID string) *CardView {
	if c == nil {
		return nil
	}
	for i := range c.Views {
		if slices.ContainsFunc(c.Views[i].UserIDs, func(u string) bool { return strings.EqualFold(u, userID) }) {
			return &c.Views[i]
		}
	}
	return nil
}

// SelectedItem is one question's selected options: a button_selection, a
// vote card's checkbox or one select of a multiple card.
type SelectedItem struct {
	// QuestionKey may be left out in a click when the card has one question.
	QuestionKey string   `json:"question_key,omitempty"`
	OptionIDs   []string `json:"option_ids"`
}

// CardClick is a member clicking an interactive card, the body of
// POST /_mock/messages/{msgid}/click.
type CardClick struct {
	UserID string `json:"userid"`
	// Key is the clicked button's key (button_interaction); for a vote or
	// multiple card it may be left out for the submit button.
	Key string `json:"key,omitempty"`
	// SelectedItems are the member's selections; a question left out keeps
	// its preselected options (selected_id, is_checked).
	SelectedItems []SelectedItem `json:"selected_items,omitempty"`
}

// CardClicked is a recorded click and its template_card_event.
type CardClicked struct {
	MsgID         string         `json:"msgid"`
	UserID        string         `json:"userid"`
	Key           string         `json:"key"`
	CardType      string         `json:"card_type"`
	TaskID        string         `json:"task_id"`
	SelectedItems []SelectedItem `json:"selected_items,omitempty"`
	// ResponseCode is the event's code, good for one update_template_card
	// within 72 hours.
	ResponseCode string `json:"response_code"`
	// DeliveryID is the event's delivery (see WaitDeliveries); Plaintext its
	// decrypted XML.
	DeliveryID string `json:"delivery_id"`
	Plaintext  string `json:"plaintext"`
}

// ClickCard plays member req.UserID clicking the interactive card of
// message msgID: the app receives template_card_event with a new
// response_code.
func (c *Client) ClickCard(ctx context.Context, msgID string, req CardClick) (CardClicked, error) {
	var out CardClicked
	err := c.do(ctx, http.MethodPost, "/_mock/messages/"+url.PathEscape(msgID)+"/click", req, &out)
	return out, err
}
