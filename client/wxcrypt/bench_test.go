package wxcrypt

import (
	"bytes"
	"testing"
)

func BenchmarkEncrypt1KiB(b *testing.B) {
	c := mustNew(b, offToken, offKey, offReceiveID)
	msg := bytes.Repeat([]byte("x"), 1024)
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if _, _, err := c.Encrypt(msg, "1409659813", "1372623149"); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkDecrypt1KiB(b *testing.B) {
	c := mustNew(b, offToken, offKey, offReceiveID)
	msg := bytes.Repeat([]byte("x"), 1024)
	enc, sig, err := c.Encrypt(msg, "1409659813", "1372623149")
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(len(msg)))
	for b.Loop() {
		if _, err := c.Decrypt(sig, "1409659813", "1372623149", enc); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkSignature(b *testing.B) {
	for b.Loop() {
		Signature(offToken, offPOSTTimestamp, offPOSTNonce, offPOSTEncrypt)
	}
}
