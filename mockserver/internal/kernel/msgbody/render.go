package msgbody

import (
	"encoding/json"
	"regexp"
	"strings"
)

// Render is a message's readable text for the inbox: the content of a
// text or markdown message; the title and description of a textcard,
// mini-program notice or video; the titles of news articles; the titles
// of a template card. A media message renders as "". raw is the object
// named after msgtype; anything Render cannot read renders as "".
func Render(msgtype string, raw json.RawMessage) string {
	var v struct {
		Content     string `json:"content"`
		Title       string `json:"title"`
		Description string `json:"description"`
		Articles    []struct {
			Title string `json:"title"`
		} `json:"articles"`
		MainTitle struct {
			Title string `json:"title"`
			Desc  string `json:"desc"`
		} `json:"main_title"`
		SubTitleText string `json:"sub_title_text"`
	}
	if json.Unmarshal(raw, &v) != nil {
		return ""
	}
	switch msgtype {
	case "text", "markdown", "markdown_v2":
		return v.Content
	case "textcard", "miniprogram_notice", "video":
		return lines(v.Title, stripTags(v.Description))
	case "news", "mpnews":
		titles := make([]string, len(v.Articles))
		for i, a := range v.Articles {
			titles[i] = a.Title
		}
		return lines(titles...)
	case "template_card":
		return lines(v.MainTitle.Title, v.MainTitle.Desc, v.SubTitleText)
	}
	return ""
}

// lines joins the non-empty parts, one per line.
func lines(parts ...string) string {
	kept := parts[:0:0]
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			kept = append(kept, p)
		}
	}
	return strings.Join(kept, "\n")
}

// tagRE matches the <div class="gray"> markup a textcard description may
// carry.
var tagRE = regexp.MustCompile(`<[^>]*>`)

func stripTags(s string) string { return tagRE.ReplaceAllString(s, "") }
