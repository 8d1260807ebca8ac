package webhook

import (
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// A robot message's limits (https://developer.work.weixin.qq.com/document/path/91770),
// in bytes of UTF-8.
const (
	maxTextBytes     = 2048
	maxMarkdownBytes = 4096
	maxArticles      = 8
)

var (
	errEmptyContent    = kernel.Err(errcode.EmptyContent)
	errContentTooLong  = kernel.Err(errcode.ContentTooLong)
	errTooManyArticles = kernel.Err(errcode.TooManyArticles)
)

// markdownTooLong is the 40058 WeCom answers for markdown content over 4096
// bytes, naming the field (observed for markdown; markdown_v2 alike).
func markdownTooLong(field string) error {
	return &kernel.APIError{Code: errcode.InvalidParameter,
		Text: field + ".content exceed max length 4096. Invalid input invalid Request Parameter"}
}

type textMessage struct {
	Text *struct {
		Content             string   `json:"content"`
		MentionedList       []string `json:"mentioned_list"`
		MentionedMobileList []string `json:"mentioned_mobile_list"`
	} `json:"text"`
}

// checkText: content present (44004), at most 2048 bytes (45002). The
// mentioned members become the message's recipients in the inbox.
func checkText(_ *API, _ string, body []byte) (checked, error) {
	var m textMessage
	if err := decodeMessage(body, &m); err != nil {
		return checked{}, err
	}
	switch {
	case m.Text == nil || m.Text.Content == "":
		return checked{}, errEmptyContent
	case len(m.Text.Content) > maxTextBytes:
		return checked{}, errContentTooLong
	}
	return checked{content: m.Text.Content, mentionedUsers: m.Text.MentionedList,
		mentionedMobiles: m.Text.MentionedMobileList}, nil
}

// checkMarkdown checks markdown or markdown_v2: content present (44004), at
// most 4096 bytes (40058 naming the field).
func checkMarkdown(field string) checker {
	return func(_ *API, _ string, body []byte) (checked, error) {
		var md *struct {
			Content string `json:"content"`
		}
		if err := decodeField(body, field, &md); err != nil {
			return checked{}, err
		}
		switch {
		case md == nil || md.Content == "":
			return checked{}, errEmptyContent
		case len(md.Content) > maxMarkdownBytes:
			return checked{}, markdownTooLong(field)
		}
		return checked{content: md.Content}, nil
	}
}

type newsMessage struct {
	News *struct {
		Articles []struct {
			Title string `json:"title"`
			URL   string `json:"url"`
		} `json:"articles"`
	} `json:"news"`
}

// checkNews: 1 to 8 articles (44004 none, 45008 more), each with a title
// (41016) and a url (41010). WeCom truncates a long title or description
// rather than refusing it; the inbox keeps the body as sent.
func checkNews(_ *API, _ string, body []byte) (checked, error) {
	var m newsMessage
	if err := decodeMessage(body, &m); err != nil {
		return checked{}, err
	}
	switch {
	case m.News == nil || len(m.News.Articles) == 0:
		return checked{}, errEmptyContent
	case len(m.News.Articles) > maxArticles:
		return checked{}, errTooManyArticles
	}
	for _, art := range m.News.Articles {
		switch {
		case art.Title == "":
			return checked{}, kernel.Err(errcode.TitleMissing)
		case art.URL == "":
			return checked{}, kernel.Err(errcode.URLMissing)
		}
	}
	return checked{}, nil
}

// checkMediaRef checks file or voice: a media_id (41006) this robot
// uploaded with webhook/upload_media as that type, unexpired (40007 for
// anything else: unknown, expired, another robot's, an app's, the other
// type).
func checkMediaRef(field string) checker {
	return func(a *API, key string, body []byte) (checked, error) {
		var ref *struct {
			MediaID string `json:"media_id"`
		}
		if err := decodeField(body, field, &ref); err != nil {
			return checked{}, err
		}
		if ref == nil || ref.MediaID == "" {
			return checked{}, kernel.Err(errcode.MediaIDMissing)
		}
		media, err := a.env.Store.RobotMedia(key, ref.MediaID)
		if err != nil || media.Type != field {
			return checked{}, kernel.Err(errcode.InvalidMediaID)
		}
		return checked{}, nil
	}
}
