package msgbody

import "encoding/json"

// Card limits (https://developer.work.weixin.qq.com/document/path/90236).
// The textcard's title (128 bytes), description (512 bytes) and btntxt
// (4 characters) are cut by WeCom itself, so only missing ones are refused.
const (
	maxURLBytes        = 2048 // textcard.url, news article url
	maxPageBytes       = 1024 // miniprogram_notice.page
	minNoticeChars     = 4    // miniprogram_notice title and description
	maxNoticeChars     = 12
	maxNoticeItems     = 10 // miniprogram_notice.content_item
	maxNoticeKeyChars  = 10
	maxNoticeValueChar = 30
)

// checkTextCard: title (41016), description (41033) and url (41010)
// required; url at most 2048 bytes.
func checkTextCard(raw json.RawMessage, _ MediaExists) (Payload, error) {
	var c struct {
		Title       string `json:"title"`
		Description string `json:"description"`
		URL         string `json:"url"`
		BtnTxt      string `json:"btntxt"`
	}
	if err := decode(raw, &c); err != nil {
		return Payload{}, err
	}
	return Payload{}, checkFields(
		field{path: "textcard.title", value: c.Title, ifMissing: errTitleMissing},
		field{path: "textcard.description", value: c.Description, ifMissing: errDescriptionMissing},
		field{path: "textcard.url", value: c.URL, ifMissing: errURLMissing, maxBytes: maxURLBytes},
	)
}

// checkMiniprogramNotice: appid and title required, title and description
// of 4 to 12 characters, page at most 1024 bytes, at most 10 content items
// each with a key (≤ 10 characters) and a value (≤ 30 characters).
func checkMiniprogramNotice(raw json.RawMessage, _ MediaExists) (Payload, error) {
	var n struct {
		AppID       string `json:"appid"`
		Page        string `json:"page"`
		Title       string `json:"title"`
		Description string `json:"description"`
		ContentItem []struct {
			Key   string `json:"key"`
			Value string `json:"value"`
		} `json:"content_item"`
	}
	if err := decode(raw, &n); err != nil {
		return Payload{}, err
	}
	const p = "miniprogram_notice"
	if err := checkFields(
		field{path: p + ".appid", value: n.AppID, ifMissing: missing(p + ".appid")},
		field{path: p + ".title", value: n.Title, ifMissing: errTitleMissing, minChars: minNoticeChars, maxChars: maxNoticeChars},
		field{path: p + ".description", value: n.Description, minChars: minNoticeChars, maxChars: maxNoticeChars},
		field{path: p + ".page", value: n.Page, maxBytes: maxPageBytes},
	); err != nil {
		return Payload{}, err
	}
	if err := checkCount(p+".content_item", len(n.ContentItem), 0, maxNoticeItems); err != nil {
		return Payload{}, err
	}
	for i, item := range n.ContentItem {
		path := at(p+".content_item", i)
		if err := checkFields(
			field{path: path + ".key", value: item.Key, ifMissing: missing(path + ".key"), maxChars: maxNoticeKeyChars},
			field{path: path + ".value", value: item.Value, ifMissing: missing(path + ".value"), maxChars: maxNoticeValueChar},
		); err != nil {
			return Payload{}, err
		}
	}
	return Payload{}, nil
}
