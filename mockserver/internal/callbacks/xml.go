package callbacks

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"
)

// callbackXML writes the decrypted XML of messages and events the way WeCom
// does: strings in CDATA, numbers as text.
type callbackXML struct {
	buf bytes.Buffer
}

func newCallbackXML() *callbackXML {
	x := &callbackXML{}
	x.buf.WriteString("<xml>")
	return x
}

// cdata writes <name><![CDATA[v]]></name>; characters XML cannot carry are
// dropped, and "]]>" is split across two sections.
func (x *callbackXML) cdata(name, v string) *callbackXML {
	x.buf.WriteString("<" + name + "><![CDATA[")
	x.buf.WriteString(strings.ReplaceAll(xmlSafe(v), "]]>", "]]]]><![CDATA[>"))
	x.buf.WriteString("]]></" + name + ">")
	return x
}

func (x *callbackXML) num(name string, v int64) *callbackXML {
	x.buf.WriteString("<" + name + ">" + strconv.FormatInt(v, 10) + "</" + name + ">")
	return x
}

func (x *callbackXML) open(name string) *callbackXML {
	x.buf.WriteString("<" + name + ">")
	return x
}

func (x *callbackXML) close(name string) *callbackXML {
	x.buf.WriteString("</" + name + ">")
	return x
}

func (x *callbackXML) bytes() []byte {
	x.buf.WriteString("</xml>")
	return x.buf.Bytes()
}

// xmlSafe drops invalid UTF-8 and characters outside XML 1.0's Char range.
func xmlSafe(s string) string {
	ok := true
	for _, r := range s {
		if !isXMLChar(r) || r == utf8.RuneError {
			ok = false
			break
		}
	}
	if ok {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if isXMLChar(r) && r != utf8.RuneError {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func isXMLChar(r rune) bool {
	return r == 0x09 || r == 0x0A || r == 0x0D ||
		r >= 0x20 && r <= 0xD7FF ||
		r >= 0xE000 && r <= 0xFFFD ||
		r >= 0x10000 && r <= 0x10FFFF
}

func joinInts[T int | int64](list []T) string {
	parts := make([]string, len(list))
	for i, v := range list {
		parts[i] = strconv.FormatInt(int64(v), 10)
	}
	return strings.Join(parts, ",")
}
