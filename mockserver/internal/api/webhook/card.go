package webhook

import (
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// A robot's template card limits
// (https://developer.work.weixin.qq.com/document/path/91770).
const (
	maxHorizontalContents = 6
	maxVerticalContents   = 4
	maxJumps              = 3
)

// The card_action and jump types: a URL or a mini program.
const (
	jumpURL         = 1
	jumpMiniProgram = 2
)

type cardJump struct {
	Type  int    `json:"type"`
	Title string `json:"title"`
	URL   string `json:"url"`
	AppID string `json:"appid"`
}

type templateCard struct {
	CardType  string `json:"card_type"`
	MainTitle *struct {
		Title string `json:"title"`
	} `json:"main_title"`
	SubTitleText          string `json:"sub_title_text"`
	HorizontalContentList []struct {
		KeyName string `json:"keyname"`
	} `json:"horizontal_content_list"`
	VerticalContentList []struct {
		Title string `json:"title"`
	} `json:"vertical_content_list"`
	JumpList  []cardJump `json:"jump_list"`
	CardImage *struct {
		URL string `json:"url"`
	} `json:"card_image"`
	ImageTextArea *struct {
		ImageURL string `json:"image_url"`
	} `json:"image_text_area"`
	CardAction *cardJump `json:"card_action"`
}

// checkTemplateCard checks a text_notice or news_notice card, the two a
// robot may send: a missing card is 44004, any other card_type or a
// required field missing 40058. Required: card_action with its type's url
// or appid; for text_notice main_title.title or sub_title_text; for
// news_notice main_title.title, and the url of card_image and image_url of
// image_text_area when they are present. Counts: horizontal_content_list
// at most 6 (each with a keyname), vertical_content_list at most 4 (each
// with a title), jump_list at most 3 (each with a title and, for type 1 or 2,
// its url or appid).
func checkTemplateCard(_ *API, _ string, body []byte) (checked, error) {
	var card *templateCard
	if err := decodeField(body, "template_card", &card); err != nil {
		return checked{}, err
	}
	if card == nil {
		return checked{}, errEmptyContent
	}
	if !card.valid() {
		return checked{}, kernel.Err(errcode.InvalidParameter)
	}
	return checked{}, nil
}

func (c *templateCard) valid() bool {
	title := c.MainTitle != nil && c.MainTitle.Title != ""
	switch c.CardType {
	case "text_notice":
		if !title && c.SubTitleText == "" {
			return false
		}
	case "news_notice":
		if !title ||
			c.CardImage != nil && c.CardImage.URL == "" ||
			c.ImageTextArea != nil && c.ImageTextArea.ImageURL == "" ||
			len(c.VerticalContentList) > maxVerticalContents {
			return false
		}
		for _, v := range c.VerticalContentList {
			if v.Title == "" {
				return false
			}
		}
	default:
		return false
	}
	if c.CardAction == nil || !c.CardAction.valid() ||
		len(c.HorizontalContentList) > maxHorizontalContents || len(c.JumpList) > maxJumps {
		return false
	}
	for _, h := range c.HorizontalContentList {
		if h.KeyName == "" {
			return false
		}
	}
	for _, j := range c.JumpList {
		// A jump of type 0 (or none) is a plain line, not a link.
		if j.Title == "" || j.Type != 0 && !j.valid() {
			return false
		}
	}
	return true
}

// valid reports whether a card_action or jump has a known type and that
// type's target: a url for 1, an appid for 2.
func (j *cardJump) valid() bool {
	switch j.Type {
	case jumpURL:
		return j.URL != ""
	case jumpMiniProgram:
		return j.AppID != ""
	}
	return false
}
