package wxcrypt

import (
	"bytes"
	"encoding/binary"
	"errors"
	"testing"
)

// FuzzDecrypt feeds arbitrary Encrypt strings, arbitrary plaintexts (CBC-
// encrypted with the right key, so the padding and length parsing is reached)
// and arbitrary bodies to the XML parsers. Nothing may panic; every failure
// must be an *Error; anything that decrypts must re-encrypt to itself.
func FuzzDecrypt(f *testing.F) {
	hdr := make([]byte, 20)
	binary.BigEndian.PutUint32(hdr[16:], 3)
	f.Add(offPOSTEncrypt, []byte(nil))
	f.Add(offGETEchostr, append(append(hdr, "abcwx5823bf96d3bd56c7"...), bytes.Repeat([]byte{21}, 21)...))
	f.Add(offPOSTBody, bytes.Repeat([]byte{32}, 32))
	f.Add("", []byte{0})
	f.Add("QUJD=", append(hdr, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12, 12))
	f.Add("<xml><Encrypt>x</Encrypt><MsgSignature>s</MsgSignature><Timestamp>1</Timestamp></xml>", []byte("0123456789abcdef\xff\xff\xff\xff"))

	c, err := New(offToken, offKey, offReceiveID)
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, encrypted string, plain []byte) {
		check := func(p *Payload, err error) {
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("error %v is not an *Error", err)
				}
				return
			}
			enc, err := c.EncryptPayload(*p)
			if err != nil {
				t.Fatal(err)
			}
			back, err := c.DecryptPayload(enc)
			if err != nil || !bytes.Equal(back.Random, p.Random) || !bytes.Equal(back.Msg, p.Msg) || back.ReceiveID != p.ReceiveID {
				t.Fatalf("re-encrypt round trip: %+v vs %+v (%v)", back, p, err)
			}
		}

		check(c.DecryptPayload(encrypted))
		_, _ = c.Decrypt(c.Signature("1", "2", encrypted), "1", "2", encrypted)
		_, _ = c.DecryptMsg("x", "1", "2", []byte(encrypted))
		_, _ = c.DecryptReply([]byte(encrypted))

		if len(plain) > 0 {
			if r := len(plain) % 16; r != 0 {
				plain = append(plain, bytes.Repeat([]byte{byte(16 - r)}, 16-r)...)
			}
			check(c.DecryptPayload(cbcRaw(c, plain)))
		}
	})
}
