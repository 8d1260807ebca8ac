package msgbody

import "encoding/json"

// Text limits (https://developer.work.weixin.qq.com/document/path/90236),
// in bytes.
const (
	maxTextBytes     = 2048
	maxMarkdownBytes = 4096
)

type content struct {
	Content string `json:"content"`
}

// checkText: content required (44004), at most 2048 bytes (45002).
func checkText(raw json.RawMessage, _ MediaExists) (Payload, error) {
	var c content
	if err := decode(raw, &c); err != nil {
		return Payload{}, err
	}
	err := field{path: "text.content", value: c.Content, ifMissing: errEmpty,
		maxBytes: maxTextBytes, tooLong: errContentTooLong}.check()
	return Payload{Content: c.Content}, err
}

// checkMarkdown: content required (44004), at most 4096 bytes (the observed
// 40058 "markdown.content exceed max length 4096").
func checkMarkdown(raw json.RawMessage, _ MediaExists) (Payload, error) {
	var c content
	if err := decode(raw, &c); err != nil {
		return Payload{}, err
	}
	err := field{path: "markdown.content", value: c.Content, ifMissing: errEmpty,
		maxBytes: maxMarkdownBytes}.check()
	return Payload{Content: c.Content}, err
}
