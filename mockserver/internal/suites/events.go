package suites

import (
	"bytes"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/callbacks"
)

// The suite callbacks (指令回调,
// https://developer.work.weixin.qq.com/document/path/97172): their decrypted
// XML, and their delivery to the suite's callback URL, encrypted with
// receiveid = SuiteId, envelope ToUserName = SuiteId and an empty AgentID.

// The InfoTypes the mock pushes.
const (
	infoSuiteTicket        = "suite_ticket"
	infoCreateAuth         = "create_auth"
	infoChangeAuth         = "change_auth"
	infoCancelAuth         = "cancel_auth"
	infoResetPermanentCode = "reset_permanent_code"
)

// suiteField is one element of a suite callback's XML: CDATA text, or a
// bare number.
type suiteField struct {
	name   string
	value  string
	number bool
}

func suiteText(name, value string) suiteField { return suiteField{name: name, value: value} }

func suiteNum(name string, v int64) suiteField {
	return suiteField{name: name, value: strconv.FormatInt(v, 10), number: true}
}

// suiteInfoXML renders <xml>…</xml> with the fields in order, text in CDATA
// sections as WeCom writes them. Characters XML cannot carry are dropped and
// a "]]>" inside a value is split across two sections, so the XML stays
// well-formed whatever a state parameter holds.
func suiteInfoXML(fields ...suiteField) []byte {
	var b bytes.Buffer
	b.WriteString("<xml>")
	for _, f := range fields {
		b.WriteString("<" + f.name + ">")
		if f.number {
			b.WriteString(f.value)
		} else {
			b.WriteString("<![CDATA[")
			b.WriteString(strings.ReplaceAll(xmlChars(f.value), "]]>", "]]]]><![CDATA[>"))
			b.WriteString("]]>")
		}
		b.WriteString("</" + f.name + ">")
	}
	b.WriteString("</xml>")
	return b.Bytes()
}

// xmlChars drops what XML 1.0 cannot carry: invalid UTF-8 and control
// characters other than tab, newline and carriage return.
func xmlChars(s string) string {
	return strings.Map(func(r rune) rune {
		switch {
		case r == utf8.RuneError, r < 0x20 && r != '\t' && r != '\n' && r != '\r',
			r >= 0xD800 && r <= 0xDFFF, r == 0xFFFE, r == 0xFFFF:
			return -1
		}
		return r
	}, s)
}

// suiteTicketXML is the suite_ticket push (D:90628).
func suiteTicketXML(suiteID, ticket string, at time.Time) []byte {
	return suiteInfoXML(
		suiteText("SuiteId", suiteID),
		suiteText("InfoType", infoSuiteTicket),
		suiteNum("TimeStamp", at.Unix()),
		suiteText("SuiteTicket", ticket),
	)
}

// createAuthXML is the create_auth push of an app-market install (D:90642).
func createAuthXML(suiteID, authCode, state string, at time.Time) []byte {
	return suiteInfoXML(
		suiteText("SuiteId", suiteID),
		suiteText("AuthCode", authCode),
		suiteText("InfoType", infoCreateAuth),
		suiteNum("TimeStamp", at.Unix()),
		suiteText("State", state),
		suiteText("ExtraInfo", ""),
	)
}

// changeAuthXML is the change_auth push (D:90642).
func changeAuthXML(suiteID, corpID, state string, at time.Time) []byte {
	return suiteInfoXML(
		suiteText("SuiteId", suiteID),
		suiteText("InfoType", infoChangeAuth),
		suiteNum("TimeStamp", at.Unix()),
		suiteText("AuthCorpId", corpID),
		suiteText("State", state),
		suiteText("ExtraInfo", ""),
	)
}

// cancelAuthXML is the cancel_auth push (D:90642).
func cancelAuthXML(suiteID, corpID string, at time.Time) []byte {
	return suiteInfoXML(
		suiteText("SuiteId", suiteID),
		suiteText("InfoType", infoCancelAuth),
		suiteNum("TimeStamp", at.Unix()),
		suiteText("AuthCorpId", corpID),
	)
}

// resetPermanentCodeXML is the reset_permanent_code push of a 代开发
// template (D:97175).
func resetPermanentCodeXML(suiteID, authCode string, at time.Time) []byte {
	return suiteInfoXML(
		suiteText("SuiteId", suiteID),
		suiteText("AuthCode", authCode),
		suiteText("InfoType", infoResetPermanentCode),
		suiteNum("TimeStamp", at.Unix()),
	)
}

// suiteAuthEventTimeout is how long WeCom waits for the answer to
// create_auth, change_auth, cancel_auth and reset_permanent_code (1000 ms,
// https://developer.work.weixin.qq.com/document/path/97172); other suite
// callbacks get the usual limit.
const suiteAuthEventTimeout = time.Second

// push delivers a suite callback to the suite's callback URL and
// returns the delivery id, or "" when the suite has no callback configured
// (the event then only shows in the control API's answer).
func (s *Suites) push(suiteID, infoType string, plaintext []byte) string {
	su, err := s.store.Suite(suiteID)
	if err != nil || su.Callback == nil {
		return ""
	}
	var timeout time.Duration
	if infoType != infoSuiteTicket {
		timeout = suiteAuthEventTimeout
	}
	return s.cb.Deliver(callbacks.SuiteTarget(suiteID, *su.Callback, timeout), infoType, plaintext)
}
