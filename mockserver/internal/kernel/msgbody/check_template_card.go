package msgbody

import (
	"encoding/json"
)

// Template card limits (https://developer.work.weixin.qq.com/document/path/90236,
// 模板卡片消息). The lengths the docs only recommend (建议不超过 N 个字: titles,
// button texts) are not refused.
const (
	maxTaskIDBytes     = 128
	maxKeyBytes        = 1024 // button, action, submit and question keys
	maxOptionIDBytes   = 128
	maxActions         = 3 // action_menu.action_list
	maxHorizontal      = 6 // horizontal_content_list
	maxJumps           = 3 // jump_list
	maxVertical        = 4 // vertical_content_list
	maxButtons         = 6 // button_list
	maxSelectOptions   = 10
	maxCheckboxOptions = 20
	maxSelects         = 3 // select_list
	minAspectRatio     = 1.3
	maxAspectRatio     = 2.25
)

// validTaskID: digits, letters and _-@, 1 to 128 bytes. A loop, not the
// regexp ^[0-9A-Za-z_\-@]{1,128}$: compiling its 128-fold repetition took
// 0.4-2 ms of every process's start-up.
func validTaskID(id string) bool {
	if len(id) < 1 || len(id) > 128 {
		return false
	}
	for i := range len(id) {
		switch c := id[i]; {
		case '0' <= c && c <= '9', 'A' <= c && c <= 'Z', 'a' <= c && c <= 'z', c == '_', c == '-', c == '@':
		default:
			return false
		}
	}
	return true
}

// cardSpec is what sets one card_type apart.
type cardSpec struct {
	// interactive cards need a task_id and answer a response_code.
	interactive bool
	// subtitleCounts: main_title.title or sub_title_text will do; otherwise
	// main_title.title is required.
	subtitleCounts bool
	// cardActionRequired and cardActionTypes rule card_action.
	cardActionRequired bool
	cardActionTypes    []int64
	// own checks the parts only this card type has.
	own func(c *templateCard, media MediaExists) error
}

// cardSpecs are the five card types.
var cardSpecs = map[string]cardSpec{
	"text_notice": {subtitleCounts: true, cardActionRequired: true, cardActionTypes: []int64{1, 2}},
	"news_notice": {cardActionRequired: true, cardActionTypes: []int64{1, 2}, own: checkNewsNotice},
	"button_interaction": {interactive: true, subtitleCounts: true, cardActionTypes: []int64{0, 1, 2},
		own: checkButtonInteraction},
	"vote_interaction":     {interactive: true, own: checkVoteInteraction},
	"multiple_interaction": {interactive: true, own: checkMultipleInteraction},
}

// templateCard is the part of a template_card the mock checks.
type templateCard struct {
	CardType   string  `json:"card_type"`
	TaskID     string  `json:"task_id"`
	Source     *source `json:"source"`
	ActionMenu *struct {
		ActionList []keyed `json:"action_list"`
	} `json:"action_menu"`
	MainTitle *struct {
		Title string `json:"title"`
	} `json:"main_title"`
	SubTitleText          string              `json:"sub_title_text"`
	QuoteArea             *link               `json:"quote_area"`
	HorizontalContentList []horizontalContent `json:"horizontal_content_list"`
	JumpList              []jump              `json:"jump_list"`
	CardAction            *link               `json:"card_action"`
	CardImage             *cardImage          `json:"card_image"`
	ImageTextArea         *imageTextArea      `json:"image_text_area"`
	VerticalContentList   []struct {
		Title string `json:"title"`
	} `json:"vertical_content_list"`
	ButtonSelection *selection  `json:"button_selection"`
	ButtonList      []button    `json:"button_list"`
	Checkbox        *selection  `json:"checkbox"`
	SelectList      []selection `json:"select_list"`
	SubmitButton    *keyed      `json:"submit_button"`
}

// checkTemplateCard checks, in order: card_type, task_id, the main title,
// the parts every type may have (source, action_menu, quote_area,
// horizontal_content_list, jump_list, card_action), then the type's own.
func checkTemplateCard(raw json.RawMessage, media MediaExists) (Payload, error) {
	var c templateCard
	if err := decode(raw, &c); err != nil {
		return Payload{}, err
	}
	spec, ok := cardSpecs[c.CardType]
	if !ok {
		if c.CardType == "" {
			return Payload{}, missing("template_card.card_type")
		}
		return Payload{}, invalid("template_card.card_type", "invalid value %s", c.CardType)
	}
	if err := c.checkCommon(spec, media); err != nil {
		return Payload{}, err
	}
	if spec.own != nil {
		if err := spec.own(&c, media); err != nil {
			return Payload{}, err
		}
	}
	return Payload{Interactive: spec.interactive, CardType: c.CardType, TaskID: c.TaskID}, nil
}

// checkCommon checks what all card types share.
func (c *templateCard) checkCommon(spec cardSpec, media MediaExists) error {
	const p = "template_card"
	if spec.interactive || c.ActionMenu != nil || c.TaskID != "" {
		if !validTaskID(c.TaskID) {
			return errInvalidTaskID
		}
	}
	title := ""
	if c.MainTitle != nil {
		title = c.MainTitle.Title
	}
	if title == "" && (!spec.subtitleCounts || c.SubTitleText == "") {
		return errTitleMissing
	}
	if err := c.Source.check(p + ".source"); err != nil {
		return err
	}
	if c.ActionMenu != nil {
		path := p + ".action_menu.action_list"
		if err := checkCount(path, len(c.ActionMenu.ActionList), 1, maxActions); err != nil {
			return err
		}
		if err := checkKeyed(path, c.ActionMenu.ActionList, "text"); err != nil {
			return err
		}
	}
	if c.QuoteArea != nil {
		if err := c.QuoteArea.check(p+".quote_area", 0, 1, 2); err != nil {
			return err
		}
	}
	if err := checkHorizontal(p+".horizontal_content_list", c.HorizontalContentList, media); err != nil {
		return err
	}
	if err := checkJumps(p+".jump_list", c.JumpList); err != nil {
		return err
	}
	switch {
	case c.CardAction != nil:
		return c.CardAction.check(p+".card_action", spec.cardActionTypes...)
	case spec.cardActionRequired:
		return missing(p + ".card_action")
	}
	return nil
}

// checkNewsNotice: card_image or image_text_area (at least one), at most 4
// vertical contents, each with a title.
func checkNewsNotice(c *templateCard, _ MediaExists) error {
	const p = "template_card"
	if c.CardImage == nil && c.ImageTextArea == nil {
		return missing(p + ".card_image or " + p + ".image_text_area")
	}
	if err := c.CardImage.check(p + ".card_image"); err != nil {
		return err
	}
	if err := c.ImageTextArea.check(p + ".image_text_area"); err != nil {
		return err
	}
	path := p + ".vertical_content_list"
	if err := checkCount(path, len(c.VerticalContentList), 0, maxVertical); err != nil {
		return err
	}
	for i, v := range c.VerticalContentList {
		if v.Title == "" {
			return missing(at(path, i) + ".title")
		}
	}
	return nil
}

// checkButtonInteraction: 1 to 6 buttons, an optional button_selection.
func checkButtonInteraction(c *templateCard, _ MediaExists) error {
	const p = "template_card"
	if err := checkButtons(p+".button_list", c.ButtonList); err != nil {
		return err
	}
	if c.ButtonSelection != nil {
		return c.ButtonSelection.check(p+".button_selection", maxSelectOptions)
	}
	return nil
}

// checkVoteInteraction: a checkbox of 1 to 20 options and a submit button.
func checkVoteInteraction(c *templateCard, _ MediaExists) error {
	const p = "template_card"
	if c.Checkbox == nil {
		return missing(p + ".checkbox")
	}
	if err := c.Checkbox.check(p+".checkbox", maxCheckboxOptions); err != nil {
		return err
	}
	return checkSubmit(p+".submit_button", c.SubmitButton)
}

// checkMultipleInteraction: 1 to 3 selectors with distinct question keys,
// each of 1 to 10 options, and a submit button.
func checkMultipleInteraction(c *templateCard, _ MediaExists) error {
	const p = "template_card"
	path := p + ".select_list"
	if err := checkCount(path, len(c.SelectList), 1, maxSelects); err != nil {
		return err
	}
	questions := unique{}
	for i, s := range c.SelectList {
		if err := s.check(at(path, i), maxSelectOptions); err != nil {
			return err
		}
		if err := questions.add(at(path, i)+".question_key", s.QuestionKey); err != nil {
			return err
		}
	}
	return checkSubmit(p+".submit_button", c.SubmitButton)
}
