package wxcrypt

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha1"
	"crypto/subtle"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"math"
	"slices"
)

const (
	// EncodingAESKeyLen is the length of a WeCom EncodingAESKey.
	EncodingAESKeyLen = 43
	// RandomLen is the length of the random prefix of every plaintext.
	RandomLen = 16
	// padBlock is the PKCS#7 block size WXBizMsgCrypt pads to (not AES's 16).
	padBlock = 32
	// headerLen is random(16) + msg_len(4).
	headerLen = RandomLen + 4
)

// Crypt encrypts, decrypts and signs callback payloads for one
// token / EncodingAESKey / receiveid triple. It is safe for concurrent use.
type Crypt struct {
	token               string
	receiveID           string
	key                 []byte // 32-byte AES key; key[:16] is the IV
	block               cipher.Block
	allowEmptyReceiveID bool
}

// Option configures a Crypt.
type Option func(*Crypt)

// AllowEmptyReceiveID makes decryption also accept a plaintext whose
// receiveid is empty when the Crypt has a receiveID configured. go-workwx
// encrypts its passive replies with an empty receiveid, so a receiver of
// replies (the mock server) wants this; the official libraries do not.
func AllowEmptyReceiveID() Option {
	return func(c *Crypt) { c.allowEmptyReceiveID = true }
}

// New returns a Crypt for the callback token, the 43-character
// EncodingAESKey and the receiveid (corpid for a corp's own apps, SuiteId for
// suite callbacks).
//
// An empty receiveID disables the receiveid check on decryption and encrypts
// with an empty receiveid. The key must be 43 characters from [a-zA-Z0-9];
// otherwise the error matches ErrIllegalAESKey. Non-zero discarded bits in
// the last character are accepted, as WeCom and its official libraries do.
func New(token, encodingAESKey, receiveID string, opts ...Option) (*Crypt, error) {
	key, err := DecodeAESKey(encodingAESKey)
	if err != nil {
		return nil, err
	}
	block, err := aes.NewCipher(key)
	if err != nil { // unreachable: key is always 32 bytes
		return nil, newErr(CodeIllegalAESKey, "", err)
	}
	c := &Crypt{token: token, receiveID: receiveID, key: key, block: block}
	for _, o := range opts {
		o(c)
	}
	return c, nil
}

// DecodeAESKey returns the 32-byte AES key of an EncodingAESKey:
// base64(encodingAESKey + "="), leniently (the 2 discarded bits of the last
// character may be non-zero).
func DecodeAESKey(encodingAESKey string) ([]byte, error) {
	if len(encodingAESKey) != EncodingAESKeyLen {
		return nil, newErr(CodeIllegalAESKey, fmt.Sprintf("EncodingAESKey has %d characters, want %d", len(encodingAESKey), EncodingAESKeyLen), nil)
	}
	for i := 0; i < len(encodingAESKey); i++ {
		ch := encodingAESKey[i]
		if !('a' <= ch && ch <= 'z' || 'A' <= ch && ch <= 'Z' || '0' <= ch && ch <= '9') {
			return nil, newErr(CodeIllegalAESKey, fmt.Sprintf("EncodingAESKey has invalid character %q at %d", ch, i), nil)
		}
	}
	// base64.StdEncoding (non-Strict) ignores non-zero trailing bits, which
	// is exactly the leniency the key format needs.
	key, err := base64.StdEncoding.DecodeString(encodingAESKey + "=")
	if err != nil || len(key) != 32 {
		return nil, newErr(CodeIllegalAESKey, "EncodingAESKey is not base64", err)
	}
	return key, nil
}

// Token returns the callback token.
func (c *Crypt) Token() string { return c.token }

// ReceiveID returns the configured receiveid (corpid or SuiteId).
func (c *Crypt) ReceiveID() string { return c.receiveID }

// Signature returns msg_signature: the lower-case hex SHA-1 of the
// lexicographically sorted concatenation of token, timestamp, nonce and
// encrypted (the Encrypt value, or the echostr for URL verification).
func Signature(token, timestamp, nonce, encrypted string) string {
	parts := [4]string{token, timestamp, nonce, encrypted}
	slices.Sort(parts[:])
	h := sha1.New()
	for _, p := range parts {
		h.Write([]byte(p))
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Signature returns msg_signature for this Crypt's token.
func (c *Crypt) Signature(timestamp, nonce, encrypted string) string {
	return Signature(c.token, timestamp, nonce, encrypted)
}

// VerifySignature checks msgSignature against timestamp, nonce and
// encrypted; a mismatch matches ErrValidateSignature. The comparison is
// exact (lower-case hex, as WeCom sends it) and constant-time.
func (c *Crypt) VerifySignature(msgSignature, timestamp, nonce, encrypted string) error {
	want := c.Signature(timestamp, nonce, encrypted)
	if subtle.ConstantTimeCompare([]byte(want), []byte(msgSignature)) != 1 {
		return newErr(CodeValidateSignature, "msg_signature mismatch", nil)
	}
	return nil
}

// VerifyURL answers WeCom's GET URL verification: it checks msg_signature
// over echostr (already URL-decoded), decrypts it and returns the plaintext,
// which the handler must write back as the whole response body.
func (c *Crypt) VerifyURL(msgSignature, timestamp, nonce, echostr string) ([]byte, error) {
	return c.Decrypt(msgSignature, timestamp, nonce, echostr)
}

// Decrypt verifies msgSignature over encrypted, decrypts it and checks the
// receiveid (see New and AllowEmptyReceiveID). It returns the message.
func (c *Crypt) Decrypt(msgSignature, timestamp, nonce, encrypted string) ([]byte, error) {
	if err := c.VerifySignature(msgSignature, timestamp, nonce, encrypted); err != nil {
		return nil, err
	}
	p, err := c.DecryptPayload(encrypted)
	if err != nil {
		return nil, err
	}
	if err := c.checkReceiveID(p.ReceiveID); err != nil {
		return nil, err
	}
	return p.Msg, nil
}

func (c *Crypt) checkReceiveID(got string) error {
	if c.receiveID == "" || got == c.receiveID || (got == "" && c.allowEmptyReceiveID) {
		return nil
	}
	return newErr(CodeValidateCorpID, fmt.Sprintf("receiveid %q, want %q", got, c.receiveID), nil)
}

// Payload is a decrypted plaintext split into its parts.
type Payload struct {
	Random    []byte // 16 bytes
	Msg       []byte
	ReceiveID string // corpid, SuiteId, or empty
}

// DecryptPayload base64-decodes and decrypts encrypted and splits the
// plaintext, without checking any signature or the receiveid. Malformed input
// yields ErrDecodeBase64, ErrDecryptAES or ErrIllegalBuffer, never a panic.
func (c *Crypt) DecryptPayload(encrypted string) (*Payload, error) {
	ct, err := base64.StdEncoding.DecodeString(encrypted)
	if err != nil {
		return nil, newErr(CodeDecodeBase64, "", err)
	}
	if len(ct) == 0 || len(ct)%aes.BlockSize != 0 {
		return nil, newErr(CodeDecryptAES, fmt.Sprintf("ciphertext length %d is not a positive multiple of %d", len(ct), aes.BlockSize), nil)
	}
	pt := make([]byte, len(ct))
	cipher.NewCBCDecrypter(c.block, c.key[:aes.BlockSize]).CryptBlocks(pt, ct)

	pad := int(pt[len(pt)-1])
	if pad < 1 || pad > padBlock || pad > len(pt) {
		return nil, newErr(CodeDecryptAES, fmt.Sprintf("invalid PKCS#7 pad value %d", pad), nil)
	}
	for _, b := range pt[len(pt)-pad:] {
		if int(b) != pad {
			return nil, newErr(CodeDecryptAES, "inconsistent PKCS#7 padding", nil)
		}
	}
	pt = pt[:len(pt)-pad]

	if len(pt) < headerLen {
		return nil, newErr(CodeIllegalBuffer, fmt.Sprintf("plaintext of %d bytes is shorter than its %d-byte header", len(pt), headerLen), nil)
	}
	n := binary.BigEndian.Uint32(pt[RandomLen:headerLen])
	if uint64(n) > uint64(len(pt)-headerLen) {
		return nil, newErr(CodeIllegalBuffer, fmt.Sprintf("msg_len %d exceeds the %d bytes left", n, len(pt)-headerLen), nil)
	}
	end := headerLen + int(n)
	return &Payload{
		Random:    pt[:RandomLen:RandomLen],
		Msg:       pt[headerLen:end:end],
		ReceiveID: string(pt[end:]),
	}, nil
}

// EncryptPayload encrypts p (its Random must be exactly 16 bytes) and returns
// the base64 ciphertext. No signature is computed.
func (c *Crypt) EncryptPayload(p Payload) (string, error) {
	if len(p.Random) != RandomLen {
		return "", newErr(CodeEncryptAES, fmt.Sprintf("random prefix has %d bytes, want %d", len(p.Random), RandomLen), nil)
	}
	if uint64(len(p.Msg)) > math.MaxUint32 {
		return "", newErr(CodeEncryptAES, "message longer than 4 GiB", nil)
	}
	n := headerLen + len(p.Msg) + len(p.ReceiveID)
	pad := padBlock - n%padBlock // 1..32
	buf := make([]byte, n+pad)
	copy(buf, p.Random)
	binary.BigEndian.PutUint32(buf[RandomLen:headerLen], uint32(len(p.Msg)))
	copy(buf[headerLen:], p.Msg)
	copy(buf[headerLen+len(p.Msg):], p.ReceiveID)
	for i := n; i < len(buf); i++ {
		buf[i] = byte(pad)
	}
	cipher.NewCBCEncrypter(c.block, c.key[:aes.BlockSize]).CryptBlocks(buf, buf)
	return base64.StdEncoding.EncodeToString(buf), nil
}

// Encrypt encrypts msg with a fresh random prefix (16 alphanumerics from
// crypto/rand, like the official libraries) and this Crypt's receiveid, and
// signs the result with timestamp and nonce. It returns the base64 Encrypt
// value and its msg_signature.
func (c *Crypt) Encrypt(msg []byte, timestamp, nonce string) (encrypted, signature string, err error) {
	return c.EncryptWithRandom(msg, timestamp, nonce, randomAlphanumeric())
}

// EncryptWithRandom is Encrypt with the 16-byte random prefix given
// explicitly, so the output is deterministic (known-answer tests, replayable
// mocks). Never reuse a fixed random for real traffic.
func (c *Crypt) EncryptWithRandom(msg []byte, timestamp, nonce string, random []byte) (encrypted, signature string, err error) {
	encrypted, err = c.EncryptPayload(Payload{Random: random, Msg: msg, ReceiveID: c.receiveID})
	if err != nil {
		return "", "", err
	}
	return encrypted, c.Signature(timestamp, nonce, encrypted), nil
}

const alphanumerics = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"

func randomAlphanumeric() []byte {
	out := make([]byte, 0, RandomLen)
	var buf [32]byte
	for len(out) < RandomLen {
		rand.Read(buf[:])
		for _, b := range buf {
			if b >= 248 { // 62*4: keep the draw uniform
				continue
			}
			out = append(out, alphanumerics[b%62])
			if len(out) == RandomLen {
				break
			}
		}
	}
	return out
}

// DecryptMsg is the official library's DecryptMsg: it parses the XML body of
// a callback POST (see ParseEnvelope), verifies msgSignature from the query
// over its Encrypt value, decrypts it and checks the receiveid.
func (c *Crypt) DecryptMsg(msgSignature, timestamp, nonce string, postData []byte) ([]byte, error) {
	env, err := ParseEnvelope(postData)
	if err != nil {
		return nil, err
	}
	return c.Decrypt(msgSignature, timestamp, nonce, env.Encrypt)
}

// EncryptMsg is the official library's EncryptMsg: it encrypts a passive
// reply and returns the complete reply XML (see Reply).
func (c *Crypt) EncryptMsg(msg []byte, timestamp, nonce string) ([]byte, error) {
	enc, sig, err := c.Encrypt(msg, timestamp, nonce)
	if err != nil {
		return nil, err
	}
	return (&Reply{Encrypt: enc, MsgSignature: sig, TimeStamp: timestamp, Nonce: nonce}).Marshal()
}

// DecryptReply opens a passive reply as WeCom receives it: it parses the
// reply XML (either <TimeStamp> or <Timestamp>), verifies its MsgSignature
// over the reply's own timestamp and nonce, decrypts and checks the
// receiveid.
func (c *Crypt) DecryptReply(body []byte) ([]byte, error) {
	r, err := ParseReply(body)
	if err != nil {
		return nil, err
	}
	return c.Decrypt(r.MsgSignature, r.TimeStamp, r.Nonce, r.Encrypt)
}
