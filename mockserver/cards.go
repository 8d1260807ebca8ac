package mockserver

import (
	"errors"
	"net/http"
	"slices"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Interactive template cards, as Go methods and the control API: a member
// clicks the card an app sent (POST /_mock/messages/{msgid}/click) and the
// app receives template_card_event with a response_code for
// message/update_template_card (see docs/cards.md).

// Card control types, spelled mockserver.X in the Go API.
type (
	Card         = mockctl.Card
	CardView     = mockctl.CardView
	CardClick    = mockctl.CardClick
	CardClicked  = mockctl.CardClicked
	SelectedItem = mockctl.SelectedItem
)

func (s *Server) cardControlRoutes(handle func(string, controlFunc, ...string)) {
	handle("/messages/{msgid}/click", s.ctlClickCard, http.MethodPost)
}

// ClickCard plays member req.UserID clicking the interactive card of
// message msgID: the click is recorded on the card, a new response_code
// issued (one update_template_card within 72 hours) and template_card_event
// delivered to the app's callback. Errors: 404 for an unknown message or a
// member who did not receive it, 409 for a message that is not an
// interactive card, was recalled, shows a finished button to the member,
// has had MaxCardClicks clicks or whose app has no callback, 400 for a key
// or option not on the card.
func (s *Server) ClickCard(msgID string, req CardClick) (CardClicked, error) {
	if req.UserID == "" {
		return CardClicked{}, badRequest(`"userid" (the member who clicks) is required`)
	}
	corpID, agentID, err := s.store.CardOwner(msgID)
	if err != nil {
		return CardClicked{}, cardErr(err, msgID, req.UserID)
	}
	if err := s.cb.CardCallbackReady(corpID, agentID); err != nil {
		return CardClicked{}, callbackError(err, subject{corpID: corpID, agentID: agentID})
	}
	res, err := s.store.ClickCard(store.CardClickRequest{
		MsgID: msgID, UserID: req.UserID, Key: req.Key, Selected: storeSelection(req.SelectedItems),
	})
	if err != nil {
		return CardClicked{}, cardErr(err, msgID, req.UserID)
	}
	id, plain, err := s.cb.DeliverCardClick(res)
	if err != nil {
		return CardClicked{}, callbackError(err, subject{corpID: corpID, agentID: agentID})
	}
	return CardClicked{
		MsgID: msgID, UserID: res.Click.UserID, Key: res.Click.Key, CardType: res.CardType, TaskID: res.TaskID,
		SelectedItems: ctlSelection(res.Click.Selected), ResponseCode: res.Click.ResponseCode,
		DeliveryID: id, Plaintext: plain,
	}, nil
}

// ctlClickCard is POST /_mock/messages/{msgid}/click.
func (s *Server) ctlClickCard(r *http.Request) (any, error) {
	var req CardClick
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	return controlAnswer(s.ClickCard(mux.Vars(r)["msgid"], req))
}

// cardErr words a store error of a click for the Go and control APIs.
func cardErr(err error, msgID, userID string) error {
	switch {
	case errors.Is(err, store.ErrMessageNotFound):
		return notFoundErr("no message %q in the inbox", msgID)
	case errors.Is(err, store.ErrNotRecipient):
		return notFoundErr("member %q did not receive message %q", userID, msgID)
	case errors.Is(err, store.ErrCardKey):
		return badRequest("%s", plainWords(err))
	case errors.Is(err, store.ErrNotACard), errors.Is(err, store.ErrMessageRecalled),
		errors.Is(err, store.ErrCardDone), errors.Is(err, store.ErrCardClickLimit):
		return conflictErr("message %q: %s", msgID, plainWords(err))
	}
	return err
}

func storeSelection(items []SelectedItem) []store.SelectedItem {
	out := make([]store.SelectedItem, len(items))
	for i, it := range items {
		out[i] = store.SelectedItem{QuestionKey: it.QuestionKey, OptionIDs: slices.Clone(it.OptionIDs)}
	}
	return out
}

func ctlSelection(items []store.SelectedItem) []SelectedItem {
	if len(items) == 0 {
		return nil
	}
	out := make([]SelectedItem, len(items))
	for i, it := range items {
		out[i] = SelectedItem{QuestionKey: it.QuestionKey, OptionIDs: slices.Clone(it.OptionIDs)}
	}
	return out
}

// newCard is a card's state as the inbox shows it; nil for other messages.
func newCard(c *store.Card) *Card {
	if c == nil {
		return nil
	}
	out := &Card{CardType: c.CardType, TaskID: c.TaskID, Views: make([]CardView, len(c.Views)),
		Clicks: make([]mockctl.CardClickRecord, len(c.Clicks))}
	for i, v := range c.Views {
		out.Views[i] = CardView{UserIDs: slices.Clone(v.UserIDs), TemplateCard: slices.Clone(v.Body), ReplaceName: v.ReplaceName}
		if !v.UpdatedAt.IsZero() {
			at := v.UpdatedAt
			out.Views[i].UpdatedAt = &at
		}
	}
	for i, k := range c.Clicks {
		out.Clicks[i] = mockctl.CardClickRecord{
			UserID: k.UserID, Key: k.Key, SelectedItems: ctlSelection(k.Selected), Time: k.Time, ResponseCode: k.ResponseCode,
		}
	}
	return out
}
