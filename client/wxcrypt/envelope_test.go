package wxcrypt

import (
	"strings"
	"testing"
)

func TestEnvelopeMarshal(t *testing.T) {
	tests := []struct {
		env  Envelope
		want string
	}{
		{Envelope{"wx5823bf96d3bd56c7", "abc=", "218"},
			"<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"},
		// Suite callbacks: ToUserName is the SuiteId and AgentID is empty.
		{Envelope{"ww4asffe9xxx4c0f4c", "abc=", ""},
			"<xml><ToUserName><![CDATA[ww4asffe9xxx4c0f4c]]></ToUserName><Encrypt><![CDATA[abc=]]></Encrypt><AgentID><![CDATA[]]></AgentID></xml>"},
	}
	for _, tt := range tests {
		b, err := tt.env.Marshal()
		if err != nil {
			t.Fatal(err)
		}
		if string(b) != tt.want {
			t.Errorf("Marshal =\n%s\nwant\n%s", b, tt.want)
		}
		back, err := ParseEnvelope(b)
		if err != nil {
			t.Fatal(err)
		}
		if *back != tt.env {
			t.Errorf("round trip %+v", back)
		}
	}
}

func TestEnvelopeCDATAEscape(t *testing.T) {
	// A "]]>" inside a value must not break the XML.
	e := Envelope{ToUserName: "a]]>b", Encrypt: "x]]>", AgentID: "<&>"}
	b, err := e.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseEnvelope(b)
	if err != nil {
		t.Fatal(err)
	}
	if *back != e {
		t.Errorf("round trip %+v from %s", back, b)
	}
}

func TestParseEnvelopePlainText(t *testing.T) {
	// Values without CDATA are accepted too.
	e, err := ParseEnvelope([]byte("<xml><ToUserName>ww1</ToUserName><Encrypt>abc=</Encrypt><AgentID>1</AgentID></xml>"))
	if err != nil {
		t.Fatal(err)
	}
	if *e != (Envelope{"ww1", "abc=", "1"}) {
		t.Errorf("%+v", e)
	}
}

func TestParseEnvelopeErrors(t *testing.T) {
	for _, body := range []string{
		"",
		"not xml",
		"{\"encrypt\":\"abc\"}",
		"<xml><ToUserName>ww1</ToUserName></xml>",
		"<xml><Encrypt><![CDATA[]]></Encrypt></xml>",
		"<xml><Encrypt>abc",
		"<xml><Encrypt>a</Encrypt></notxml>",
	} {
		_, err := ParseEnvelope([]byte(body))
		if !errIs(err, ErrParseXML) {
			t.Errorf("ParseEnvelope(%q) err = %v, want ParseXml", body, err)
		}
		c := mustNew(t, offToken, offKey, offReceiveID)
		if _, err := c.DecryptMsg("x", "1", "2", []byte(body)); !errIs(err, ErrParseXML) {
			t.Errorf("DecryptMsg(%q) err = %v, want ParseXml", body, err)
		}
	}
}

func TestReplyMarshal(t *testing.T) {
	r := Reply{Encrypt: "abc=", MsgSignature: "477715d11cdb4164915debcba66cb864d751f3e6", TimeStamp: "1409659813", Nonce: "1372623149"}
	b, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	want := "<xml><Encrypt><![CDATA[abc=]]></Encrypt><MsgSignature><![CDATA[477715d11cdb4164915debcba66cb864d751f3e6]]></MsgSignature><TimeStamp>1409659813</TimeStamp><Nonce><![CDATA[1372623149]]></Nonce></xml>"
	if string(b) != want {
		t.Errorf("Marshal =\n%s\nwant\n%s", b, want)
	}
	back, err := ParseReply(b)
	if err != nil {
		t.Fatal(err)
	}
	if *back != r {
		t.Errorf("round trip %+v", back)
	}
}

func TestParseReplyTimestampSpellings(t *testing.T) {
	for _, tag := range []string{"TimeStamp", "Timestamp"} {
		body := "<xml><Encrypt><![CDATA[abc=]]></Encrypt><MsgSignature><![CDATA[sig]]></MsgSignature><" + tag + ">42</" + tag + "><Nonce><![CDATA[n]]></Nonce></xml>"
		r, err := ParseReply([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if r.TimeStamp != "42" {
			t.Errorf("<%s>: TimeStamp = %q", tag, r.TimeStamp)
		}
	}
}

func TestParseReplyErrors(t *testing.T) {
	for _, body := range []string{
		"",
		"<xml>",
		"<xml><MsgSignature>s</MsgSignature></xml>",
		"<xml><Encrypt>abc=</Encrypt></xml>",
		"<xml><Encrypt>abc=</Encrypt><MsgSignature></MsgSignature></xml>",
	} {
		if _, err := ParseReply([]byte(body)); !errIs(err, ErrParseXML) {
			t.Errorf("ParseReply(%q) err = %v", body, err)
		}
		c := mustNew(t, offToken, offKey, offReceiveID)
		if _, err := c.DecryptReply([]byte(body)); !errIs(err, ErrParseXML) {
			t.Errorf("DecryptReply(%q) err = %v", body, err)
		}
	}
}

func TestDecryptReplyChecksOwnSignature(t *testing.T) {
	c := mustNew(t, offToken, offKey, offReceiveID)
	body, err := c.EncryptMsg([]byte("<xml/>"), "1700000000", "abc")
	if err != nil {
		t.Fatal(err)
	}
	tampered := strings.Replace(string(body), "<TimeStamp>1700000000</TimeStamp>", "<TimeStamp>1700000001</TimeStamp>", 1)
	if _, err := c.DecryptReply([]byte(tampered)); !errIs(err, ErrValidateSignature) {
		t.Fatalf("err = %v", err)
	}
}

func TestMarshalRejectsNonXMLCharacters(t *testing.T) {
	for _, v := range []string{"a\x00b", "\x1f", "\xff", "\uFFFE"} {
		if _, err := (&Envelope{ToUserName: v, Encrypt: "x"}).Marshal(); !errIs(err, ErrGenReturnXML) {
			t.Errorf("Envelope %q: err = %v", v, err)
		}
		if _, err := (&Reply{Encrypt: "x", MsgSignature: "s", TimeStamp: v}).Marshal(); !errIs(err, ErrGenReturnXML) {
			t.Errorf("Reply %q: err = %v", v, err)
		}
	}
	// Tab, newline and U+FFFD itself are fine.
	if _, err := (&Envelope{ToUserName: "a\tb\n\uFFFD", Encrypt: "x"}).Marshal(); err != nil {
		t.Error(err)
	}
}

func TestReplyTextEscaped(t *testing.T) {
	r := Reply{Encrypt: "x", MsgSignature: "s", TimeStamp: "<1&2>", Nonce: "]]>"}
	b, err := r.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	back, err := ParseReply(b)
	if err != nil {
		t.Fatal(err)
	}
	if *back != r {
		t.Errorf("round trip %+v from %s", back, b)
	}
}
