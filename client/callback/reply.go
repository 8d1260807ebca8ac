package callback

import (
	"bytes"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Reply is a passive reply: the message an app answers a callback with in
// the HTTP response itself. The Handler addresses it back to the
// sender, encrypts it and writes the <xml><Encrypt/><MsgSignature/>
// <TimeStamp/><Nonce/></xml> envelope.
type Reply interface {
	// ReplyXML returns the plaintext reply XML addressed to toUser (the
	// sender's userid) from fromUser (the corpid), created at createTime
	// (Unix seconds).
	ReplyXML(toUser, fromUser string, createTime int64) ([]byte, error)
}

// ErrInvalidReply is matched by ReplyXML errors: a value is not valid UTF-8
// or holds characters XML cannot carry.
var ErrInvalidReply = errors.New("callback: invalid reply")

// TextReply answers with a text message:
//
//	<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content></xml>
func TextReply(content string) Reply {
	return replyFunc(func(b *xmlBuilder) {
		b.cdata("MsgType", "text")
		b.cdata("Content", content)
	})
}

// ImageReply answers with an image uploaded as temporary media.
func ImageReply(mediaID string) Reply {
	return replyFunc(func(b *xmlBuilder) {
		b.cdata("MsgType", "image")
		b.raw("<Image>")
		b.cdata("MediaId", mediaID)
		b.raw("</Image>")
	})
}

// VoiceReply answers with a voice message uploaded as temporary media.
func VoiceReply(mediaID string) Reply {
	return replyFunc(func(b *xmlBuilder) {
		b.cdata("MsgType", "voice")
		b.raw("<Voice>")
		b.cdata("MediaId", mediaID)
		b.raw("</Voice>")
	})
}

// VideoReply answers with a video uploaded as temporary media.
func VideoReply(mediaID, title, description string) Reply {
	return replyFunc(func(b *xmlBuilder) {
		b.cdata("MsgType", "video")
		b.raw("<Video>")
		b.cdata("MediaId", mediaID)
		b.cdata("Title", title)
		b.cdata("Description", description)
		b.raw("</Video>")
	})
}

// Article is one item of a NewsReply.
type Article struct {
	Title       string
	Description string
	PicUrl      string
	Url         string
}

// NewsReply answers with a news (图文) message of up to 8 articles.
func NewsReply(articles ...Article) Reply {
	return replyFunc(func(b *xmlBuilder) {
		b.cdata("MsgType", "news")
		b.text("ArticleCount", strconv.Itoa(len(articles)))
		b.raw("<Articles>")
		for _, a := range articles {
			b.raw("<item>")
			b.cdata("Title", a.Title)
			b.cdata("Description", a.Description)
			b.cdata("PicUrl", a.PicUrl)
			b.cdata("Url", a.Url)
			b.raw("</item>")
		}
		b.raw("</Articles>")
	})
}

// RawReply answers with plaintext XML the app built itself (e.g. a template
// card update_button reply); it is encrypted verbatim, without addressing.
func RawReply(xml []byte) Reply { return rawReply(xml) }

type rawReply []byte

func (r rawReply) ReplyXML(string, string, int64) ([]byte, error) {
	if !utf8.Valid(r) {
		return nil, fmt.Errorf("%w: raw reply is not valid UTF-8", ErrInvalidReply)
	}
	return []byte(r), nil
}

// replyFunc writes the type-specific elements after the common header.
type replyFunc func(b *xmlBuilder)

func (f replyFunc) ReplyXML(toUser, fromUser string, createTime int64) ([]byte, error) {
	var b xmlBuilder
	b.raw("<xml>")
	b.cdata("ToUserName", toUser)
	b.cdata("FromUserName", fromUser)
	b.text("CreateTime", strconv.FormatInt(createTime, 10))
	f(&b)
	b.raw("</xml>")
	return b.result()
}

// xmlBuilder writes WeCom-style XML: strings in CDATA (kept even when
// empty), numbers as text.
type xmlBuilder struct {
	buf bytes.Buffer
	err error
}

func (b *xmlBuilder) raw(s string) { b.buf.WriteString(s) }

func (b *xmlBuilder) check(name, v string) {
	if b.err != nil {
		return
	}
	if !utf8.ValidString(v) {
		b.err = fmt.Errorf("%w: %s is not valid UTF-8", ErrInvalidReply, name)
		return
	}
	for _, r := range v {
		if !isXMLChar(r) {
			b.err = fmt.Errorf("%w: %s contains %U, not allowed in XML", ErrInvalidReply, name, r)
			return
		}
	}
}

func (b *xmlBuilder) cdata(name, v string) {
	b.check(name, v)
	b.buf.WriteString("<" + name + "><![CDATA[")
	// "]]>" cannot appear inside CDATA: close and reopen around the '>'.
	b.buf.WriteString(strings.ReplaceAll(v, "]]>", "]]]]><![CDATA[>"))
	b.buf.WriteString("]]></" + name + ">")
}

// text writes a value that is known to need no escaping (numbers).
func (b *xmlBuilder) text(name, v string) {
	b.buf.WriteString("<" + name + ">" + v + "</" + name + ">")
}

func (b *xmlBuilder) result() ([]byte, error) {
	if b.err != nil {
		return nil, b.err
	}
	return b.buf.Bytes(), nil
}

// isXMLChar reports whether r is a Char in the XML 1.0 grammar.
func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}
