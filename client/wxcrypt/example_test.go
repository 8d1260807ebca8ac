package wxcrypt_test

import (
	"errors"
	"fmt"

	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
)

// The official WeCom sample: token, EncodingAESKey and corpid of the
// callback configuration.
const (
	token          = "QDG6eK"
	encodingAESKey = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	corpID         = "wx5823bf96d3bd56c7"
)

// Answering the GET URL verification: the handler writes the returned bytes
// as the whole response body.
func ExampleCrypt_VerifyURL() {
	c, err := wxcrypt.New(token, encodingAESKey, corpID)
	if err != nil {
		panic(err)
	}
	// Query parameters of
	// GET /callback?msg_signature=...&timestamp=...&nonce=...&echostr=...
	// after URL decoding.
	echo, err := c.VerifyURL(
		"5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3",
		"1409659589",
		"263014780",
		"P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ==",
	)
	if err != nil {
		panic(err)
	}
	fmt.Printf("%s\n", echo)
	// Output: 1616140317555161061
}

// Opening an event/message delivery and rejecting a forged one.
func ExampleCrypt_DecryptMsg() {
	c, _ := wxcrypt.New(token, encodingAESKey, corpID)

	// A callback POST as the mock server (or WeCom) sends it.
	enc, sig, _ := c.Encrypt([]byte("<xml><Content><![CDATA[hello]]></Content></xml>"), "1409659813", "1372623149")
	body, _ := (&wxcrypt.Envelope{ToUserName: corpID, Encrypt: enc, AgentID: "218"}).Marshal()

	msg, err := c.DecryptMsg(sig, "1409659813", "1372623149", body)
	fmt.Printf("%s %v\n", msg, err)

	_, err = c.DecryptMsg(sig, "1409659999", "1372623149", body) // replayed with another timestamp
	fmt.Println(errors.Is(err, wxcrypt.ErrValidateSignature), err)
	// Output:
	// <xml><Content><![CDATA[hello]]></Content></xml> <nil>
	// true wxcrypt: ValidateSignature (-40001): msg_signature mismatch
}

// Deterministic encryption reproduces the official sample ciphertext.
func ExampleCrypt_EncryptWithRandom() {
	c, _ := wxcrypt.New(token, encodingAESKey, corpID)
	msg := "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>"
	enc, sig, _ := c.EncryptWithRandom([]byte(msg), "1409659813", "1372623149", []byte("0960688932c47ef1"))
	fmt.Println(enc[:32], len(enc))
	fmt.Println(sig)
	// Output:
	// RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo 472
	// 477715d11cdb4164915debcba66cb864d751f3e6
}

// A passive reply, written by the app and read back by WeCom (or the mock).
func ExampleCrypt_EncryptMsg() {
	app, _ := wxcrypt.New(token, encodingAESKey, corpID)
	reply, _ := app.EncryptMsg([]byte("<xml><Content><![CDATA[pong]]></Content></xml>"), "1409659813", "1372623149")

	// The receiving side verifies the reply's own MsgSignature/TimeStamp/Nonce.
	// AllowEmptyReceiveID also accepts go-workwx replies, which carry no corpid.
	mock, _ := wxcrypt.New(token, encodingAESKey, corpID, wxcrypt.AllowEmptyReceiveID())
	msg, err := mock.DecryptReply(reply)
	fmt.Printf("%s %v\n", msg, err)
	// Output: <xml><Content><![CDATA[pong]]></Content></xml> <nil>
}

func ExampleSignature() {
	fmt.Println(wxcrypt.Signature(token, "1409659589", "263014780",
		"P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="))
	// Output: 5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3
}

func ExampleParseReply() {
	// go-workwx spells the element <Timestamp>; both spellings parse.
	r, err := wxcrypt.ParseReply([]byte("<xml><Encrypt><![CDATA[abc=]]></Encrypt><MsgSignature><![CDATA[0f9d]]></MsgSignature><Timestamp>1700000000</Timestamp><Nonce><![CDATA[42]]></Nonce></xml>"))
	fmt.Println(r.TimeStamp, r.Nonce, err)
	// Output: 1700000000 42 <nil>
}
