package suites

import (
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/callback"
)

// The suite callbacks' XML, byte for byte in WeCom's layout (D:90628,
// D:90642, D:97175), and as the vendor's parser reads it.
func TestSuiteCallbackXML(t *testing.T) {
	at := time.Unix(1403610513, 0)
	tests := []struct {
		name string
		xml  []byte
		want string
		// check inspects the parsed event.
		check func(callback.Event) bool
	}{
		{"suite_ticket", suiteTicketXML("ww4asffe99e54c0fxxxx", "asdfasfdasdfasdf", at),
			`<xml><SuiteId><![CDATA[ww4asffe99e54c0fxxxx]]></SuiteId><InfoType><![CDATA[suite_ticket]]></InfoType><TimeStamp>1403610513</TimeStamp><SuiteTicket><![CDATA[asdfasfdasdfasdf]]></SuiteTicket></xml>`,
			func(e callback.Event) bool {
				v, ok := e.(*callback.SuiteTicketEvent)
				return ok && v.SuiteTicket == "asdfasfdasdfasdf" && v.TimeStamp == 1403610513 && v.SuiteId == "ww4asffe99e54c0fxxxx"
			}},
		{"create_auth", createAuthXML("wwsuite", "AUTHCODE", "123", at),
			`<xml><SuiteId><![CDATA[wwsuite]]></SuiteId><AuthCode><![CDATA[AUTHCODE]]></AuthCode><InfoType><![CDATA[create_auth]]></InfoType><TimeStamp>1403610513</TimeStamp><State><![CDATA[123]]></State><ExtraInfo><![CDATA[]]></ExtraInfo></xml>`,
			func(e callback.Event) bool {
				v, ok := e.(*callback.CreateAuthEvent)
				return ok && v.AuthCode == "AUTHCODE" && v.State == "123"
			}},
		{"change_auth", changeAuthXML("wwsuite", "wwcorp", "", at),
			`<xml><SuiteId><![CDATA[wwsuite]]></SuiteId><InfoType><![CDATA[change_auth]]></InfoType><TimeStamp>1403610513</TimeStamp><AuthCorpId><![CDATA[wwcorp]]></AuthCorpId><State><![CDATA[]]></State><ExtraInfo><![CDATA[]]></ExtraInfo></xml>`,
			func(e callback.Event) bool {
				v, ok := e.(*callback.ChangeAuthEvent)
				return ok && v.AuthCorpId == "wwcorp"
			}},
		{"cancel_auth", cancelAuthXML("wwsuite", "wwcorp", at),
			`<xml><SuiteId><![CDATA[wwsuite]]></SuiteId><InfoType><![CDATA[cancel_auth]]></InfoType><TimeStamp>1403610513</TimeStamp><AuthCorpId><![CDATA[wwcorp]]></AuthCorpId></xml>`,
			func(e callback.Event) bool {
				v, ok := e.(*callback.CancelAuthEvent)
				return ok && v.AuthCorpId == "wwcorp"
			}},
		{"reset_permanent_code", resetPermanentCodeXML("dktemplate", "CODE", at),
			`<xml><SuiteId><![CDATA[dktemplate]]></SuiteId><AuthCode><![CDATA[CODE]]></AuthCode><InfoType><![CDATA[reset_permanent_code]]></InfoType><TimeStamp>1403610513</TimeStamp></xml>`,
			func(e callback.Event) bool {
				v, ok := e.(*callback.ResetPermanentCodeEvent)
				return ok && v.AuthCode == "CODE" && v.SuiteId == "dktemplate"
			}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if string(tt.xml) != tt.want {
				t.Errorf("XML\n got %s\nwant %s", tt.xml, tt.want)
			}
			ev, err := callback.Parse(tt.xml)
			if err != nil {
				t.Fatal(err)
			}
			if !tt.check(ev) {
				t.Errorf("parsed %#v", ev)
			}
		})
	}
}

// A state parameter is the vendor's free text: whatever it holds, the XML
// stays well-formed and carries it (minus what XML cannot carry).
func TestSuiteCallbackXMLEscapes(t *testing.T) {
	for _, state := range []string{"a]]>b", "]]>", "<x>&amp;", "x\x00y\x1bz", "tab\tnl\n", "中文", "\xff\xfebad"} {
		ev, err := callback.Parse(createAuthXML("wwsuite", "CODE", state, time.Unix(1, 0)))
		if err != nil {
			t.Fatalf("state %q: %v", state, err)
		}
		ca, ok := ev.(*callback.CreateAuthEvent)
		if !ok {
			t.Fatalf("state %q: parsed %T, want *callback.CreateAuthEvent", state, ev)
		}
		got := ca.State
		if want := xmlChars(state); got != want {
			t.Errorf("state %q came back %q, want %q", state, got, want)
		}
	}
}
