package msgbody

import "encoding/json"

// News limits (https://developer.work.weixin.qq.com/document/path/90236).
// Titles (128 bytes), descriptions and digests (512 bytes) are cut by WeCom
// itself, so only missing ones are refused.
const (
	maxArticles          = 8
	maxAuthorBytes       = 64
	maxMPNewsContentByte = 666 * 1024
)

// checkArticleCount: 1 to 8 articles; none is "empty content" (44004),
// more is 45008.
func checkArticleCount(n int) error {
	switch {
	case n == 0:
		return errEmpty
	case n > maxArticles:
		return errTooManyArticles
	}
	return nil
}

// checkNews: each article has a title (41016) and a link: url (41010 when
// neither it nor a mini program is set, at most 2048 bytes) or appid with
// pagepath, which go together.
func checkNews(raw json.RawMessage, _ MediaExists) (Payload, error) {
	var n struct {
		Articles []struct {
			Title       string `json:"title"`
			Description string `json:"description"`
			URL         string `json:"url"`
			PicURL      string `json:"picurl"`
			AppID       string `json:"appid"`
			PagePath    string `json:"pagepath"`
		} `json:"articles"`
	}
	if err := decode(raw, &n); err != nil {
		return Payload{}, err
	}
	if err := checkArticleCount(len(n.Articles)); err != nil {
		return Payload{}, err
	}
	for i, a := range n.Articles {
		path := at("news.articles", i)
		if err := checkFields(
			field{path: path + ".title", value: a.Title, ifMissing: errTitleMissing},
			field{path: path + ".url", value: a.URL, maxBytes: maxURLBytes},
		); err != nil {
			return Payload{}, err
		}
		switch {
		case (a.AppID == "") != (a.PagePath == ""):
			return Payload{}, invalid(path, "appid and pagepath must be set together")
		case a.URL == "" && a.AppID == "":
			return Payload{}, errURLMissing
		}
	}
	return Payload{}, nil
}

// checkMPNews: each article has a title (41016), a thumb_media_id of the
// corp's media (40007), an author of at most 64 bytes (45032) and a content
// (44004) of at most 666 K bytes (45002).
func checkMPNews(raw json.RawMessage, media MediaExists) (Payload, error) {
	var n struct {
		Articles []struct {
			Title            string `json:"title"`
			ThumbMediaID     string `json:"thumb_media_id"`
			Author           string `json:"author"`
			ContentSourceURL string `json:"content_source_url"`
			Content          string `json:"content"`
			Digest           string `json:"digest"`
		} `json:"articles"`
	}
	if err := decode(raw, &n); err != nil {
		return Payload{}, err
	}
	if err := checkArticleCount(len(n.Articles)); err != nil {
		return Payload{}, err
	}
	for i, a := range n.Articles {
		path := at("mpnews.articles", i)
		if err := checkFields(field{path: path + ".title", value: a.Title, ifMissing: errTitleMissing}); err != nil {
			return Payload{}, err
		}
		if err := checkMediaID(a.ThumbMediaID, media); err != nil {
			return Payload{}, err
		}
		if err := checkFields(
			field{path: path + ".author", value: a.Author, maxBytes: maxAuthorBytes, tooLong: errAuthorTooLong},
			field{path: path + ".content", value: a.Content, ifMissing: errEmpty,
				maxBytes: maxMPNewsContentByte, tooLong: errContentTooLong},
		); err != nil {
			return Payload{}, err
		}
	}
	return Payload{}, nil
}
