package wxcrypt

// Known-answer vectors. Every string below is copied verbatim from the
// public source named above it.

// Official WeCom sample: github.com/sbzhu/weworkapi_golang sample.go (same
// values in the Python/Java/C++ samples); token QDG6eK per D:90968.
const (
	offToken     = "QDG6eK"
	offKey       = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	offReceiveID = "wx5823bf96d3bd56c7"

	offGETSignature = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
	offGETTimestamp = "1409659589"
	offGETNonce     = "263014780"
	offGETEchostr   = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
	offGETRandom    = "c41b64491c2468d0"
	offGETMsg       = "1616140317555161061"

	offPOSTSignature = "477715d11cdb4164915debcba66cb864d751f3e6"
	offPOSTTimestamp = "1409659813"
	offPOSTNonce     = "1372623149"
	offPOSTEncrypt   = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
	offPOSTBody      = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[" + offPOSTEncrypt + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"
	offPOSTRandom    = "0960688932c47ef1"
	offPOSTMsg       = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>"
)

// wechatpy/wechatpy tests/test_crypto.py (corp variant).
const (
	wpToken     = "123456"
	wpKey       = "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR"
	wpReceiveID = "wx49f0ab532d5d035a"

	wpEchoSignature = "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96"
	wpEchoTimestamp = "1411443780"
	wpEchoNonce     = "437374425"
	wpEchoBadNonce  = "437374424" // test_check_signature_should_fail
	wpEchostr       = "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q=="
	wpEchoMsg       = "5927782489442352469" // recomputed here; not asserted by wechatpy

	wpNonce     = "461056294"
	wpTimestamp = "1411525903"
	wpRandom    = "1234567890123456"
	wpReply     = "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n<CreateTime>1411525903</CreateTime>\n</xml>"
	wpReplyEnc  = "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGsL8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSjPUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJvFurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFYFMNMpatF9XiKzHo3"
	wpReplySig  = "407518b7649e86ef23978113f92d27afa9296533"

	wpDecryptSignature = "74d92dfeb87ba7c714f89d98870ae5eb62dff26d"
	wpDecryptBody      = "<xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>\n<Encrypt><![CDATA[RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTyeDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYyolBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWOMZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7mlsl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=]]></Encrypt>\n<AgentID><![CDATA[1]]></AgentID>\n</xml>"
	// Decrypted here; wechatpy asserts Content "test" and FromUserName "messense".
	wpDecryptMsg = "<xml><ToUserName><![CDATA[wx49f0ab532d5d035a]]></ToUserName>\n<FromUserName><![CDATA[messense]]></FromUserName>\n<CreateTime>1411525903</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n<MsgId>4363689963896700987</MsgId>\n<AgentID>1</AgentID>\n</xml>"
)

// xen0n/go-workwx internal/lowlevel/encryptor/mod_test.go and
// internal/lowlevel/signature/mod_test.go.
const (
	gwToken     = "kjr2TKI8umCBfVF3wAHk8JiPwma5VBme"
	gwKey       = "4Ma3YBrSBbX2aez8MJpXGBne5LSDwgGqHbhM9WPYIws"
	gwTimestamp = "1583940690"
	gwNonce     = "VHh7ymSeb0jc4lSb"
	gwEchostr   = "6KmUQuPVu7UhjyVqRdbo5SfcRqaHvbUlKSHFvBV2ZuR6TIlKsygcfeSd1GDplg1C5KSKr6UPHCaC/nIX3ZNt9w=="
	gwSignature = "1ba3cb09c0d2c2b3ed6900d37f91a6efae6cb011"
	gwMsg       = "94966531020182955848408"
	gwReceiveID = "ww6a112864f8022910"

	// Second go-workwx signature vector (request with body). go-workwx only
	// checks the signature; the plaintext below was decrypted here.
	gw2Token     = "kz7Yx62CH8SaLN"
	gw2Key       = "cD0d7jx4tYvVtzqrmh3Dm3QFCXe6f8SlHoMtMh3qQEP"
	gw2Timestamp = "1583995625"
	gw2Nonce     = "1584392382"
	gw2Signature = "a44d1b7dc3dc4b02edd99dc32afa6a26be7c92f6"
	gw2Encrypt   = "fyVN9BUnH6xNl0/VCHTCg6XGxxvoFdyZ7VQbAbBcQ79dVccYvdIyJYZSMMhkPy8LPaoe+V27qjoQ553fXavmrPOgxzHrKKf3YIu63pB4/nN0LY4S+GzUFi/LLFj1TI1sOh0q2jT5u1nYz5G3HFNLd3DFUvJVLtZl8mVMwUOzBpzKZhhmCvIJLVlvym9tt+VYwG06MSbmnf9AzYFKhm1BIy+95Q824ilY6Wy8l+vkFqEdASl2k83jMXvlkVRSB3hmNptWTbq8ygDdLtkCyA4UEiZvfTskqqVkbYwLptRl/1F+DVL9SH/TWt2j3dCm4rzY5jQG+fA+2xh2Kk+OrVgafqtQCfhjq8C38A2IwCcg2BONKk8s5ijFxQoszmXvJQ3zLYbjzRWQ40xhryDyPNNse7/slKVW2QMBEUPNOxUcX9k="
	gw2Msg       = "<xml><ToUserName><![CDATA[wwf181555a13a31443]]></ToUserName><FromUserName><![CDATA[xen0n]]></FromUserName><CreateTime>1583995625</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[x123]]></Content><MsgId>2018405441</MsgId><AgentID>1000002</AgentID></xml>"
	gw2ReceiveID = "wwf181555a13a31443"
)

// Deterministic AES vectors of the official WeChat Java sample
// (WXBizMsgCryptTest testAesEncrypt / testAesEncrypt2), carried by WxJava's
// WxCryptUtilTest; appid plays the receiveid role.
const (
	wjKey       = "abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"
	wjToken     = "pamtest"
	wjTimestamp = "1409304348"
	wjNonce     = "xxxxxx"
	wjAppID     = "wxb11529c136998cb6"
	wjRandom    = "aaaabbbbccccdddd"
	wjMsg       = "我是中文abcd123"
	wjEnc       = "jn1L23DB+6ELqJ+6bruv21Y6MD7KeIfP82D6gU39rmkgczbWwt5+3bnyg5K55bgVtVzd832WzZGMhkP72vVOfg=="
	wjMsg2      = "<xml><ToUserName><![CDATA[oia2Tj我是中文jewbmiOUlr6X-1crbLOvLw]]></ToUserName><FromUserName><![CDATA[gh_7f083739789a]]></FromUserName><CreateTime>1407743423</CreateTime><MsgType><![CDATA[video]]></MsgType><Video><MediaId><![CDATA[eYJ1MbwPRJtOvIEabaxHs7TX2D-HV71s79GUxqdUkjm6Gs2Ed1KF3ulAOA9H1xG0]]></MediaId><Title><![CDATA[testCallBackReplyVideo]]></Title><Description><![CDATA[testCallBackReplyVideo]]></Description></Video></xml>"
	wjEnc2      = "jn1L23DB+6ELqJ+6bruv23M2GmYfkv0xBh2h+XTBOKVKcgDFHle6gqcZ1cZrk3e1qjPQ1F4RsLWzQRG9udbKWesxlkupqcEcW7ZQweImX9+wLMa0GaUzpkycA8+IamDBxn5loLgZpnS7fVAbExOkK5DYHBmv5tptA9tklE/fTIILHR8HLXa5nQvFb3tYPKAlHF3rtTeayNf0QuM+UW/wM9enGIDIJHF7CLHiDNAYxr+r+OrJCmPQyTy8cVWlu9iSvOHPT/77bZqJucQHQ04sq7KZI27OcqpQNSto2OdHCoTccjggX5Z9Mma0nMJBU+jLKJ38YB1fBIz+vBzsYjrTmFQ44YfeEuZ+xRTQwr92vhA9OxchWVINGC50qE/6lmkwWTwGX9wtQpsJKhP+oS7rvTY8+VdzETdfakjkwQ5/Xka042OlUb1/slTwo4RscuQ+RdxSGvDahxAJ6+EAjLt9d8igHngxIbf6YyqqROxuxqIeIch3CssH/LqRs+iAcILvApYZckqmA7FNERspKA5f8GoJ9sv8xmGvZ9Yrf57cExWtnX8aCMMaBropU/1k+hKP5LVdzbWCG0hGwx/dQudYR/eXp3P0XxjlFiy+9DMlaFExWUZQDajPkdPrEeOwofJb"
)
