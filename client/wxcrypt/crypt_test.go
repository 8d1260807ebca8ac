package wxcrypt

import (
	"bytes"
	"crypto/aes"
	"crypto/cipher"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

func mustNew(t testing.TB, token, key, receiveID string, opts ...Option) *Crypt {
	t.Helper()
	c, err := New(token, key, receiveID, opts...)
	if err != nil {
		t.Fatalf("New(%q, %q, %q): %v", token, key, receiveID, err)
	}
	return c
}

func wantCode(t *testing.T, err error, sentinel *Error) {
	t.Helper()
	if !errors.Is(err, sentinel) {
		t.Fatalf("err = %v, want code %d (%s)", err, sentinel.Code, CodeName(sentinel.Code))
	}
}

// --- official sample -----------------------------------------------------

func TestOfficialSampleGET(t *testing.T) {
	c := mustNew(t, offToken, offKey, offReceiveID)
	if got := Signature(offToken, offGETTimestamp, offGETNonce, offGETEchostr); got != offGETSignature {
		t.Errorf("Signature = %s, want %s", got, offGETSignature)
	}
	msg, err := c.VerifyURL(offGETSignature, offGETTimestamp, offGETNonce, offGETEchostr)
	if err != nil {
		t.Fatal(err)
	}
	if string(msg) != offGETMsg {
		t.Errorf("VerifyURL = %q, want %q", msg, offGETMsg)
	}
	p, err := c.DecryptPayload(offGETEchostr)
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Random) != offGETRandom || p.ReceiveID != offReceiveID {
		t.Errorf("payload random %q receiveid %q", p.Random, p.ReceiveID)
	}
	// Re-encrypting with the same random reproduces the echostr.
	enc, sig, err := c.EncryptWithRandom(msg, offGETTimestamp, offGETNonce, []byte(offGETRandom))
	if err != nil {
		t.Fatal(err)
	}
	if enc != offGETEchostr || sig != offGETSignature {
		t.Errorf("re-encrypt: %s / %s", enc, sig)
	}
}

func TestOfficialSamplePOST(t *testing.T) {
	if len(offPOSTEncrypt) != 472 {
		t.Fatalf("vector Encrypt has %d chars, want 472", len(offPOSTEncrypt))
	}
	c := mustNew(t, offToken, offKey, offReceiveID)
	if got := c.Signature(offPOSTTimestamp, offPOSTNonce, offPOSTEncrypt); got != offPOSTSignature {
		t.Errorf("Signature = %s, want %s", got, offPOSTSignature)
	}
	msg, err := c.DecryptMsg(offPOSTSignature, offPOSTTimestamp, offPOSTNonce, []byte(offPOSTBody))
	if err != nil {
		t.Fatal(err)
	}
	if string(msg) != offPOSTMsg {
		t.Errorf("DecryptMsg =\n%q\nwant\n%q", msg, offPOSTMsg)
	}
	if len(msg) != 284 {
		t.Errorf("msg_len = %d, want 284", len(msg))
	}
	p, err := c.DecryptPayload(offPOSTEncrypt)
	if err != nil {
		t.Fatal(err)
	}
	if string(p.Random) != offPOSTRandom || p.ReceiveID != offReceiveID {
		t.Errorf("payload random %q receiveid %q", p.Random, p.ReceiveID)
	}
	// The pad is 30 bytes: only possible with 32-byte PKCS#7 blocks.
	if n := 20 + len(msg) + len(offReceiveID); 32-n%32 != 30 {
		t.Errorf("pad = %d, want 30", 32-n%32)
	}

	enc, sig, err := c.EncryptWithRandom([]byte(offPOSTMsg), offPOSTTimestamp, offPOSTNonce, []byte(offPOSTRandom))
	if err != nil {
		t.Fatal(err)
	}
	if enc != offPOSTEncrypt {
		t.Errorf("re-encrypt =\n%s\nwant\n%s", enc, offPOSTEncrypt)
	}
	if sig != offPOSTSignature {
		t.Errorf("re-encrypt signature = %s, want %s", sig, offPOSTSignature)
	}

	// The envelope round-trips byte for byte.
	env, err := ParseEnvelope([]byte(offPOSTBody))
	if err != nil {
		t.Fatal(err)
	}
	if *env != (Envelope{ToUserName: offReceiveID, Encrypt: offPOSTEncrypt, AgentID: "218"}) {
		t.Errorf("envelope %+v", env)
	}
	out, err := env.Marshal()
	if err != nil {
		t.Fatal(err)
	}
	if string(out) != offPOSTBody {
		t.Errorf("Envelope.Marshal =\n%s\nwant\n%s", out, offPOSTBody)
	}
}

func TestOfficialSamplePOSTWhitespaceBody(t *testing.T) {
	// The body as shown in the sample's comment, with tabs and newlines
	// between elements.
	body := "<xml>\t\t<ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[" + offPOSTEncrypt +
		"]]></Encrypt>\n\t\t<AgentID><![CDATA[218]]></AgentID>\n\t\t</xml>"
	c := mustNew(t, offToken, offKey, offReceiveID)
	msg, err := c.DecryptMsg(offPOSTSignature, offPOSTTimestamp, offPOSTNonce, []byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if string(msg) != offPOSTMsg {
		t.Errorf("got %q", msg)
	}
}

func TestOfficialSampleEncryptMsg(t *testing.T) {
	// Sample part three: a passive reply. The random is fresh each time, so
	// check the reply round-trips and is signed over its own fields.
	const resp = "<xml><ToUserName><![CDATA[mycreate]]></ToUserName><FromUserName><![CDATA[wx5823bf96d3bd56c7]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[this is a test]]></Content><MsgId>1234567890123456</MsgId><AgentID>128</AgentID></xml>"
	c := mustNew(t, offToken, offKey, offReceiveID)
	body, err := c.EncryptMsg([]byte(resp), offPOSTTimestamp, offPOSTNonce)
	if err != nil {
		t.Fatal(err)
	}
	r, err := ParseReply(body)
	if err != nil {
		t.Fatal(err)
	}
	if r.TimeStamp != offPOSTTimestamp || r.Nonce != offPOSTNonce {
		t.Errorf("reply %+v", r)
	}
	if !strings.Contains(string(body), "<TimeStamp>1409659813</TimeStamp>") {
		t.Errorf("reply does not carry <TimeStamp>: %s", body)
	}
	msg, err := c.DecryptReply(body)
	if err != nil {
		t.Fatal(err)
	}
	if string(msg) != resp {
		t.Errorf("DecryptReply = %q", msg)
	}
	p, _ := c.DecryptPayload(r.Encrypt)
	for _, b := range p.Random {
		if !strings.ContainsRune(alphanumerics, rune(b)) {
			t.Fatalf("random prefix %q is not alphanumeric", p.Random)
		}
	}
}

// --- wechatpy ------------------------------------------------------------

func TestWechatpyVectors(t *testing.T) {
	c := mustNew(t, wpToken, wpKey, wpReceiveID)

	t.Run("check_signature ok", func(t *testing.T) {
		msg, err := c.VerifyURL(wpEchoSignature, wpEchoTimestamp, wpEchoNonce, wpEchostr)
		if err != nil {
			t.Fatal(err)
		}
		if string(msg) != wpEchoMsg {
			t.Errorf("got %q", msg)
		}
	})
	t.Run("check_signature fail", func(t *testing.T) {
		_, err := c.VerifyURL(wpEchoSignature, wpEchoTimestamp, wpEchoBadNonce, wpEchostr)
		wantCode(t, err, ErrValidateSignature)
	})
	t.Run("encrypt_message", func(t *testing.T) {
		enc, sig, err := c.EncryptWithRandom([]byte(wpReply), wpTimestamp, wpNonce, []byte(wpRandom))
		if err != nil {
			t.Fatal(err)
		}
		if enc != wpReplyEnc {
			t.Errorf("Encrypt =\n%s\nwant\n%s", enc, wpReplyEnc)
		}
		if sig != wpReplySig {
			t.Errorf("MsgSignature = %s, want %s", sig, wpReplySig)
		}
		// wechatpy's reply layout (newlines between elements) parses too.
		body := "<xml>\n<Encrypt><![CDATA[" + wpReplyEnc + "]]></Encrypt>\n<MsgSignature><![CDATA[" + wpReplySig +
			"]]></MsgSignature>\n<TimeStamp>" + wpTimestamp + "</TimeStamp>\n<Nonce><![CDATA[" + wpNonce + "]]></Nonce>\n</xml>"
		msg, err := c.DecryptReply([]byte(body))
		if err != nil {
			t.Fatal(err)
		}
		if string(msg) != wpReply {
			t.Errorf("DecryptReply = %q", msg)
		}
	})
	t.Run("decrypt_message", func(t *testing.T) {
		msg, err := c.DecryptMsg(wpDecryptSignature, wpTimestamp, wpNonce, []byte(wpDecryptBody))
		if err != nil {
			t.Fatal(err)
		}
		if string(msg) != wpDecryptMsg {
			t.Errorf("got %q", msg)
		}
	})
}

// --- go-workwx -----------------------------------------------------------

func TestGoWorkwxVectors(t *testing.T) {
	t.Run("echostr", func(t *testing.T) {
		if got := Signature(gwToken, gwTimestamp, gwNonce, gwEchostr); got != gwSignature {
			t.Errorf("Signature = %s, want %s", got, gwSignature)
		}
		c := mustNew(t, gwToken, gwKey, gwReceiveID)
		msg, err := c.VerifyURL(gwSignature, gwTimestamp, gwNonce, gwEchostr)
		if err != nil {
			t.Fatal(err)
		}
		if string(msg) != gwMsg {
			t.Errorf("got %q", msg)
		}
	})
	t.Run("body", func(t *testing.T) {
		c := mustNew(t, gw2Token, gw2Key, gw2ReceiveID)
		msg, err := c.Decrypt(gw2Signature, gw2Timestamp, gw2Nonce, gw2Encrypt)
		if err != nil {
			t.Fatal(err)
		}
		if string(msg) != gw2Msg {
			t.Errorf("got %q", msg)
		}
	})
}

// --- WxJava / official WeChat Java sample (deterministic AES) -------------

func TestWxJavaAESVectors(t *testing.T) {
	c := mustNew(t, wjToken, wjKey, wjAppID)
	for _, tt := range []struct{ msg, want string }{{wjMsg, wjEnc}, {wjMsg2, wjEnc2}} {
		enc, sig, err := c.EncryptWithRandom([]byte(tt.msg), wjTimestamp, wjNonce, []byte(wjRandom))
		if err != nil {
			t.Fatal(err)
		}
		if enc != tt.want {
			t.Errorf("encrypt %q =\n%s\nwant\n%s", tt.msg, enc, tt.want)
		}
		msg, err := c.Decrypt(sig, wjTimestamp, wjNonce, tt.want)
		if err != nil {
			t.Fatal(err)
		}
		if string(msg) != tt.msg {
			t.Errorf("decrypt = %q", msg)
		}
	}
}

// --- key handling --------------------------------------------------------

func TestDecodeAESKeyLenient(t *testing.T) {
	// 'C' = 0b000010: the last character's two discarded bits are non-zero.
	k1, err := DecodeAESKey(offKey)
	if err != nil {
		t.Fatalf("official key rejected: %v", err)
	}
	// The same key with those bits cleared ('A') decodes to the same bytes.
	k2, err := DecodeAESKey(offKey[:42] + "A")
	if err != nil {
		t.Fatal(err)
	}
	if len(k1) != 32 || !bytes.Equal(k1, k2) {
		t.Errorf("keys differ: %x vs %x", k1, k2)
	}
	// And it differs from a key whose last character changes kept bits.
	k3, _ := DecodeAESKey(offKey[:42] + "E")
	if bytes.Equal(k1, k3) {
		t.Error("kept bits of the last character ignored")
	}
}

func TestNewRejectsBadKeys(t *testing.T) {
	for _, k := range []string{
		"",
		"123456789012345678901234567890123456789012",   // 42
		"12345678901234567890123456789012345678901234", // 44
		"4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw=",  // padding inside
		"4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw$",  // not base64
		"4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw+",  // base64 but not [a-zA-Z0-9]
		"4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIw\n",
		"中文中文中文中文中文中文中文AAAAAAAAAAAAAAAAAAAAAAAAAAAAA"[:43],
	} {
		c, err := New("t", k, "")
		if c != nil {
			t.Errorf("New(%q) returned a Crypt", k)
		}
		wantCode(t, err, ErrIllegalAESKey)
	}
}

// --- behaviour -----------------------------------------------------------

func TestRoundTripAllPadLengths(t *testing.T) {
	for _, rid := range []string{offReceiveID, ""} {
		c := mustNew(t, offToken, offKey, rid)
		for n := 0; n <= 70; n++ { // covers every pad value 1..32 twice
			msg := bytes.Repeat([]byte{'x'}, n)
			enc, sig, err := c.Encrypt(msg, "1700000000", "nonce")
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := base64.StdEncoding.DecodeString(enc)
			if len(raw)%32 != 0 {
				t.Fatalf("n=%d: ciphertext %d bytes, not a multiple of 32", n, len(raw))
			}
			got, err := c.Decrypt(sig, "1700000000", "nonce", enc)
			if err != nil {
				t.Fatalf("n=%d rid=%q: %v", n, rid, err)
			}
			if !bytes.Equal(got, msg) {
				t.Fatalf("n=%d: got %q", n, got)
			}
		}
	}
}

func TestEncryptRandomizes(t *testing.T) {
	c := mustNew(t, offToken, offKey, offReceiveID)
	a, _, _ := c.Encrypt([]byte("same"), "1", "2")
	b, _, _ := c.Encrypt([]byte("same"), "1", "2")
	if a == b {
		t.Error("two encryptions of the same message are identical")
	}
}

func TestTamperedSignature(t *testing.T) {
	c := mustNew(t, offToken, offKey, offReceiveID)
	bad := []struct{ sig, ts, nonce, enc string }{
		{"477715d11cdb4164915debcba66cb864d751f3e7", offPOSTTimestamp, offPOSTNonce, offPOSTEncrypt},
		{strings.ToUpper(offPOSTSignature), offPOSTTimestamp, offPOSTNonce, offPOSTEncrypt},
		{"", offPOSTTimestamp, offPOSTNonce, offPOSTEncrypt},
		{offPOSTSignature, "1409659814", offPOSTNonce, offPOSTEncrypt},
		{offPOSTSignature, offPOSTTimestamp, "1372623148", offPOSTEncrypt},
		{offPOSTSignature, offPOSTTimestamp, offPOSTNonce, offPOSTEncrypt[:len(offPOSTEncrypt)-4] + "AA=="},
	}
	for _, b := range bad {
		_, err := c.Decrypt(b.sig, b.ts, b.nonce, b.enc)
		wantCode(t, err, ErrValidateSignature)
	}
	// Signature is checked before anything is decrypted.
	_, err := c.Decrypt("0", "1", "2", "not base64!")
	wantCode(t, err, ErrValidateSignature)

	// A wrong token is a signature failure too.
	other := mustNew(t, "other", offKey, offReceiveID)
	_, err = other.VerifyURL(offGETSignature, offGETTimestamp, offGETNonce, offGETEchostr)
	wantCode(t, err, ErrValidateSignature)
}

func TestReceiveIDCheck(t *testing.T) {
	wrong := mustNew(t, offToken, offKey, "wwsomeothercorp")
	_, err := wrong.VerifyURL(offGETSignature, offGETTimestamp, offGETNonce, offGETEchostr)
	wantCode(t, err, ErrValidateCorpID)
	_, err = wrong.DecryptMsg(offPOSTSignature, offPOSTTimestamp, offPOSTNonce, []byte(offPOSTBody))
	wantCode(t, err, ErrValidateCorpID)

	// Empty configured receiveID: any receiveid is accepted.
	any := mustNew(t, offToken, offKey, "")
	if _, err := any.VerifyURL(offGETSignature, offGETTimestamp, offGETNonce, offGETEchostr); err != nil {
		t.Fatal(err)
	}

	// A plaintext with an empty receiveid (go-workwx passive replies).
	gw := mustNew(t, offToken, offKey, "")
	enc, sig, _ := gw.Encrypt([]byte("reply"), "1", "2")
	strict := mustNew(t, offToken, offKey, offReceiveID)
	_, err = strict.Decrypt(sig, "1", "2", enc)
	wantCode(t, err, ErrValidateCorpID)
	lenient := mustNew(t, offToken, offKey, offReceiveID, AllowEmptyReceiveID())
	if msg, err := lenient.Decrypt(sig, "1", "2", enc); err != nil || string(msg) != "reply" {
		t.Fatalf("AllowEmptyReceiveID: %q, %v", msg, err)
	}
	// ...but AllowEmptyReceiveID still rejects a different non-empty id.
	_, err = lenient.VerifyURL(offGETSignature, offGETTimestamp, offGETNonce, offGETEchostr)
	if err != nil {
		t.Fatal(err)
	}
	lenientWrong := mustNew(t, offToken, offKey, "wwsomeothercorp", AllowEmptyReceiveID())
	_, err = lenientWrong.VerifyURL(offGETSignature, offGETTimestamp, offGETNonce, offGETEchostr)
	wantCode(t, err, ErrValidateCorpID)
}

func TestGoWorkwxStyleReply(t *testing.T) {
	// go-workwx writes <Timestamp> and encrypts with an empty receiveid.
	gw := mustNew(t, offToken, offKey, "")
	enc, sig, _ := gw.Encrypt([]byte("<xml>hi</xml>"), "1700000000", "123456")
	body := "<xml><Encrypt><![CDATA[" + enc + "]]></Encrypt><MsgSignature><![CDATA[" + sig +
		"]]></MsgSignature><Timestamp>1700000000</Timestamp><Nonce><![CDATA[123456]]></Nonce></xml>"
	r, err := ParseReply([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	if r.TimeStamp != "1700000000" {
		t.Errorf("TimeStamp %q", r.TimeStamp)
	}
	mock := mustNew(t, offToken, offKey, offReceiveID, AllowEmptyReceiveID())
	msg, err := mock.DecryptReply([]byte(body))
	if err != nil || string(msg) != "<xml>hi</xml>" {
		t.Fatalf("DecryptReply: %q, %v", msg, err)
	}
}

// cbcRaw encrypts plain (a multiple of 16 bytes) with c's key and IV without
// adding padding, to build hostile ciphertexts.
func cbcRaw(c *Crypt, plain []byte) string {
	out := make([]byte, len(plain))
	cipher.NewCBCEncrypter(c.block, c.key[:aes.BlockSize]).CryptBlocks(out, plain)
	return base64.StdEncoding.EncodeToString(out)
}

func TestHostileCiphertexts(t *testing.T) {
	c := mustNew(t, offToken, offKey, offReceiveID)
	header := func(msgLen uint32) []byte {
		b := make([]byte, 20)
		copy(b, "0123456789abcdef")
		binary.BigEndian.PutUint32(b[16:], msgLen)
		return b
	}
	padded := func(b []byte, pad int) []byte {
		return append(b, bytes.Repeat([]byte{byte(pad)}, pad)...)
	}
	tests := []struct {
		name string
		enc  string
		want *Error
	}{
		{"not base64", "%%%", ErrDecodeBase64},
		{"bad base64 padding", "QUJD=", ErrDecodeBase64},
		{"unpadded base64", strings.TrimRight(offGETEchostr, "="), ErrDecodeBase64},
		{"url alphabet", strings.NewReplacer("+", "-", "/", "_").Replace(offPOSTEncrypt), ErrDecodeBase64},
		{"empty", "", ErrDecryptAES},
		{"one byte", base64.StdEncoding.EncodeToString([]byte{1}), ErrDecryptAES},
		{"15 bytes", base64.StdEncoding.EncodeToString(make([]byte, 15)), ErrDecryptAES},
		{"17 bytes", base64.StdEncoding.EncodeToString(make([]byte, 17)), ErrDecryptAES},
		{"truncated real ciphertext", base64.StdEncoding.EncodeToString(mustB64(offPOSTEncrypt)[:100]), ErrDecryptAES},
		{"pad 0", cbcRaw(c, make([]byte, 32)), ErrDecryptAES},
		{"pad 33", cbcRaw(c, bytes.Repeat([]byte{33}, 48)), ErrDecryptAES},
		{"pad 255", cbcRaw(c, bytes.Repeat([]byte{255}, 16)), ErrDecryptAES},
		{"pad longer than text", cbcRaw(c, bytes.Repeat([]byte{32}, 16)), ErrDecryptAES},
		{"inconsistent pad", cbcRaw(c, append(make([]byte, 30), 1, 2)), ErrDecryptAES},
		{"all padding", cbcRaw(c, bytes.Repeat([]byte{32}, 32)), ErrIllegalBuffer},
		{"shorter than header", cbcRaw(c, padded(make([]byte, 19), 13)), ErrIllegalBuffer},
		{"msg_len past end", cbcRaw(c, padded(append(header(5), "abcd"...), 8)), ErrIllegalBuffer},
		{"msg_len huge", cbcRaw(c, padded(header(0xFFFFFFFF), 12)), ErrIllegalBuffer},
		{"msg_len 2^31", cbcRaw(c, padded(header(0x80000000), 12)), ErrIllegalBuffer},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := c.DecryptPayload(tt.enc)
			if p != nil {
				t.Errorf("payload %+v", p)
			}
			wantCode(t, err, tt.want)
			// Through the signed path the same error surfaces.
			_, err = c.Decrypt(c.Signature("1", "2", tt.enc), "1", "2", tt.enc)
			wantCode(t, err, tt.want)
		})
	}

	// Boundary cases that are valid: empty msg with exactly the header, and
	// msg_len equal to the bytes left (empty receiveid).
	ok := mustNew(t, offToken, offKey, "")
	for _, plain := range [][]byte{padded(header(0), 12), padded(append(header(4), "abcd"...), 8)} {
		if _, err := ok.DecryptPayload(cbcRaw(ok, plain)); err != nil {
			t.Errorf("valid boundary plaintext rejected: %v", err)
		}
	}
}

func mustB64(s string) []byte {
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		panic(err)
	}
	return b
}

func TestEncryptWithRandomLength(t *testing.T) {
	c := mustNew(t, offToken, offKey, offReceiveID)
	for _, r := range [][]byte{nil, []byte("short"), []byte("0960688932c47ef1X")} {
		_, _, err := c.EncryptWithRandom([]byte("m"), "1", "2", r)
		wantCode(t, err, ErrEncryptAES)
	}
	// Random bytes need not be printable.
	r := bytes.Repeat([]byte{0xff}, 16)
	enc, sig, err := c.EncryptWithRandom([]byte("m"), "1", "2", r)
	if err != nil {
		t.Fatal(err)
	}
	if msg, err := c.Decrypt(sig, "1", "2", enc); err != nil || string(msg) != "m" {
		t.Fatalf("%q %v", msg, err)
	}
}

func TestSignatureSortsLexicographically(t *testing.T) {
	// Same four strings in any order sign the same.
	a := Signature("b", "a", "d", "c")
	b := Signature("d", "c", "b", "a")
	if a != b {
		t.Fatal("order of arguments changed the signature")
	}
	if a != "81fe8bfe87576c3ecb22426f8e57847382917acf" { // sha1("abcd")
		t.Fatalf("Signature = %s", a)
	}
}

func TestConcurrentUse(t *testing.T) {
	c := mustNew(t, offToken, offKey, offReceiveID)
	var wg sync.WaitGroup
	for i := range 16 {
		wg.Go(func() {
			for j := range 50 {
				msg := fmt.Appendf(nil, "msg %d/%d", i, j)
				enc, sig, err := c.Encrypt(msg, "1", "2")
				if err != nil {
					t.Error(err)
					return
				}
				got, err := c.Decrypt(sig, "1", "2", enc)
				if err != nil || !bytes.Equal(got, msg) {
					t.Errorf("%q %v", got, err)
					return
				}
			}
		})
	}
	testwait.Group(t, &wg)
}

// --- errors --------------------------------------------------------------

func TestErrorIsAndAs(t *testing.T) {
	c := mustNew(t, offToken, offKey, offReceiveID)
	_, err := c.Decrypt("bad", "1", "2", "x")
	if !errors.Is(err, ErrValidateSignature) {
		t.Fatal("errors.Is failed")
	}
	if errors.Is(err, ErrDecryptAES) {
		t.Fatal("errors.Is matched a different code")
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != -40001 {
		t.Fatalf("errors.As: %#v", e)
	}
	if s := err.Error(); !strings.Contains(s, "ValidateSignature") || !strings.Contains(s, "-40001") {
		t.Errorf("Error() = %q", s)
	}
	wrapped := fmt.Errorf("callback: %w", err)
	if !errors.Is(wrapped, ErrValidateSignature) {
		t.Error("wrapped error lost its code")
	}
	_, err = c.DecryptPayload("%%")
	if errors.Unwrap(err) == nil {
		t.Error("base64 cause not kept")
	}
	if (&Error{Code: -1}).Error() != "wxcrypt: error -1" {
		t.Error((&Error{Code: -1}).Error())
	}
}

func TestCodes(t *testing.T) {
	want := map[*Error]int{
		ErrValidateSignature: -40001, ErrParseXML: -40002, ErrComputeSignature: -40003,
		ErrIllegalAESKey: -40004, ErrValidateCorpID: -40005, ErrEncryptAES: -40006,
		ErrDecryptAES: -40007, ErrIllegalBuffer: -40008, ErrEncodeBase64: -40009,
		ErrDecodeBase64: -40010, ErrGenReturnXML: -40011,
	}
	for e, code := range want {
		if e.Code != code || CodeName(code) == "" {
			t.Errorf("%v: code %d", e, code)
		}
	}
}

func errIs(err error, target *Error) bool { return errors.Is(err, target) }
