package wxcrypt

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"strings"
	"unicode/utf8"
)

// Envelope is the XML body of an encrypted callback POST from WeCom:
//
//	<xml><ToUserName><![CDATA[corpid]]></ToUserName><Encrypt><![CDATA[...]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>
type Envelope struct {
	ToUserName string // corpid, or SuiteId for suite callbacks
	Encrypt    string // base64 ciphertext
	AgentID    string // app id; empty for suite callbacks
}

// ParseEnvelope parses a callback POST body. CDATA and plain text content are
// both accepted; the root element name is not checked. A body that is not
// XML or has no non-empty Encrypt element matches ErrParseXML.
func ParseEnvelope(data []byte) (*Envelope, error) {
	var w struct {
		ToUserName string `xml:"ToUserName"`
		Encrypt    string `xml:"Encrypt"`
		AgentID    string `xml:"AgentID"`
	}
	if err := xml.Unmarshal(data, &w); err != nil {
		return nil, newErr(CodeParseXML, "", err)
	}
	if !validEncrypt(w.Encrypt) {
		return nil, newErr(CodeParseXML, "no Encrypt element", nil)
	}
	return &Envelope{ToUserName: w.ToUserName, Encrypt: w.Encrypt, AgentID: w.AgentID}, nil
}

// Marshal returns the envelope as WeCom sends it, every value in CDATA
// (an empty AgentID as <AgentID><![CDATA[]]></AgentID>). A value with
// characters XML cannot carry matches ErrGenReturnXML.
func (e *Envelope) Marshal() ([]byte, error) {
	var b xmlBuilder
	b.raw("<xml>")
	b.cdata("ToUserName", e.ToUserName)
	b.cdata("Encrypt", e.Encrypt)
	b.cdata("AgentID", e.AgentID)
	b.raw("</xml>")
	return b.result()
}

// Reply is the XML envelope of an encrypted passive reply:
//
//	<xml><Encrypt><![CDATA[...]]></Encrypt><MsgSignature><![CDATA[...]]></MsgSignature><TimeStamp>1409659813</TimeStamp><Nonce><![CDATA[...]]></Nonce></xml>
type Reply struct {
	Encrypt      string
	MsgSignature string
	TimeStamp    string
	Nonce        string
}

// ParseReply parses a passive reply body. The timestamp element may be
// spelled <TimeStamp> (official libraries) or <Timestamp> (go-workwx). A body
// that is not XML or lacks Encrypt or MsgSignature matches ErrParseXML.
func ParseReply(data []byte) (*Reply, error) {
	var w struct {
		Encrypt      string `xml:"Encrypt"`
		MsgSignature string `xml:"MsgSignature"`
		TimeStamp    string `xml:"TimeStamp"`
		Timestamp    string `xml:"Timestamp"`
		Nonce        string `xml:"Nonce"`
	}
	if err := xml.Unmarshal(data, &w); err != nil {
		return nil, newErr(CodeParseXML, "", err)
	}
	if !validEncrypt(w.Encrypt) {
		return nil, newErr(CodeParseXML, "no Encrypt element", nil)
	}
	if w.MsgSignature == "" {
		return nil, newErr(CodeParseXML, "no MsgSignature element", nil)
	}
	ts := w.TimeStamp
	if ts == "" {
		ts = w.Timestamp
	}
	return &Reply{Encrypt: w.Encrypt, MsgSignature: w.MsgSignature, TimeStamp: ts, Nonce: w.Nonce}, nil
}

// Marshal returns the reply XML in the official libraries' layout:
// <TimeStamp> as escaped text, the other values in CDATA. A value with
// characters XML cannot carry matches ErrGenReturnXML.
func (r *Reply) Marshal() ([]byte, error) {
	var b xmlBuilder
	b.raw("<xml>")
	b.cdata("Encrypt", r.Encrypt)
	b.cdata("MsgSignature", r.MsgSignature)
	b.text("TimeStamp", r.TimeStamp)
	b.cdata("Nonce", r.Nonce)
	b.raw("</xml>")
	return b.result()
}

// xmlBuilder writes the two fixed envelopes. encoding/xml would drop the
// CDATA section of an empty value, which WeCom's own bodies keep.
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
		b.err = newErr(CodeGenReturnXML, fmt.Sprintf("%s is not valid UTF-8", name), nil)
		return
	}
	for _, r := range v {
		if !isXMLChar(r) {
			b.err = newErr(CodeGenReturnXML, fmt.Sprintf("%s contains %U, not allowed in XML", name, r), nil)
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

func (b *xmlBuilder) text(name, v string) {
	b.check(name, v)
	b.buf.WriteString("<" + name + ">")
	_ = xml.EscapeText(&b.buf, []byte(v))
	b.buf.WriteString("</" + name + ">")
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

// validEncrypt reports whether s looks like an Encrypt value at all; used by
// the envelope parsers to report ParseXml rather than a later decode error
// for an absent element.
func validEncrypt(s string) bool { return strings.TrimSpace(s) != "" }
