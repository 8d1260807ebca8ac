// Package callback receives WeCom (企业微信) callbacks: the messages and
// events WeCom pushes to an app's callback URL (接收消息与事件) and the suite
// events (指令回调) of third-party and 代开发 apps.
//
// [NewHandler] returns an http.Handler to mount at the callback URL:
//
//	h, err := callback.NewHandler(token, encodingAESKey, corpID,
//		func(ctx context.Context, ev callback.Event) (callback.Reply, error) {
//			switch ev := ev.(type) {
//			case *callback.TextMessage:
//				return callback.TextReply("you said " + ev.Content), nil
//			case *callback.ChangeContactEvent:
//				return nil, syncMember(ctx, ev) // an error → 500 → WeCom retries
//			}
//			return nil, nil // acknowledge with an empty 200
//		}, callback.WithDedup(1000))
//	http.Handle("/wecom/callback", h)
//
// What it does, following the WeCom protocol (WXBizMsgCrypt, see
// package wxcrypt):
//
//   - GET ?msg_signature&timestamp&nonce&echostr (URL verification, answered
//     within 1 s): verifies the signature, decrypts echostr, checks the
//     receiveid and answers 200 with the bare plaintext.
//   - POST ?msg_signature&timestamp&nonce with the body
//     <xml><ToUserName/><Encrypt/><AgentID/></xml>: verifies, decrypts,
//     checks the receiveid, parses the decrypted XML into a typed [Event]
//     and calls the [Func]. It answers 200 with an empty body, with an
//     encrypted passive reply (<xml><Encrypt/><MsgSignature/><TimeStamp/>
//     <Nonce/></xml>) when the Func returns a [Reply], or with the literal
//     body "success" for suite callbacks (decrypted XML with InfoType). A
//     Func error is answered 500, which makes WeCom retry (3 attempts).
//   - Bad signature or receiveid: 403; malformed request: 400; body over the
//     limit ([WithMaxBodySize]): 413. None of these reach the Func, and the
//     plaintext is never echoed on failure.
//
// The receiveid is the corpid for a corp's own apps and the SuiteId (or
// 代开发 template id) for suite callbacks: mount one Handler per callback URL.
//
// Events are pointers to structs whose fields are named and tagged after the
// WeCom XML elements (MsgId, AgentID, SuiteId, AuthCorpId, ...); a kind
// without a type of its own arrives as a [*RawEvent] carrying the whole
// decrypted XML, so nothing is lost. [Parse] decodes decrypted XML without
// any HTTP, for tests and queue consumers.
//
// The package uses only the standard library and client/wxcrypt.
package callback
