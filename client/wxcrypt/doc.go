// Package wxcrypt implements WXBizMsgCrypt, the message encryption and
// signature scheme of WeCom (企业微信) callbacks: URL verification, encrypted
// event/message deliveries and encrypted passive replies.
//
// The scheme, byte for byte as the official libraries implement it:
//
//   - AESKey = base64(EncodingAESKey + "="), 32 bytes. An EncodingAESKey is 43
//     characters from [a-zA-Z0-9]; the last character carries two discarded
//     bits that are often non-zero in real keys (the official sample key ends
//     in 'C'), and such keys are accepted.
//   - Plaintext = random(16 bytes) | len(msg) as big-endian uint32 | msg |
//     receiveid, where receiveid is the corpid for a corp's own apps and the
//     SuiteId for third-party suite callbacks.
//   - AES-256-CBC with IV = AESKey[:16], PKCS#7 padding to a multiple of 32
//     bytes (pad values 1..32), then standard padded base64.
//   - msg_signature = hex(sha1(concatenation of sorted [token, timestamp,
//     nonce, encrypted])). For URL verification "encrypted" is the echostr.
//
// A [Crypt] holds one token/key/receiveid triple and is safe for concurrent
// use. [Crypt.VerifyURL] answers the GET verification, [Crypt.Decrypt] and
// [Crypt.DecryptMsg] open deliveries, [Crypt.Encrypt] and [Crypt.EncryptMsg]
// produce (passive reply) ciphertexts, and [Crypt.EncryptWithRandom] is the
// deterministic variant used by known-answer tests and reproducible mocks.
// [ParseEnvelope], [ParseReply] and their Marshal methods read and write the
// two XML envelopes.
//
// Every failure is an [*Error] carrying the official library return code
// (-40001 … -40011) and matches the sentinel of that code with errors.Is:
//
//	if errors.Is(err, wxcrypt.ErrValidateSignature) { ... }
//
// Hostile input never panics; it yields ErrDecodeBase64, ErrDecryptAES or
// ErrIllegalBuffer.
//
// The package is a protocol leaf shared by the mock server and the client; it
// uses only the standard library and imports nothing else from this module.
package wxcrypt
