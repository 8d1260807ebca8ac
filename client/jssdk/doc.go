// Package jssdk computes the WeCom (企业微信) JS-SDK signature and builds the
// parameter objects passed to wx.config and wx.agentConfig.
//
// WeCom hands out two different tickets, and each JS call must be signed with
// its own one:
//
//   - the corp ticket (GET /cgi-bin/get_jsapi_ticket) signs wx.config and
//     ww.register's getConfigSignature — see [NewConfig] and [CorpTicket];
//   - the app ticket (GET /cgi-bin/ticket/get?type=agent_config) signs
//     wx.agentConfig and ww.register's getAgentConfigSignature — see
//     [NewAgentConfig] and [AgentConfigTicket]. Signing agentConfig with the
//     corp ticket is the classic mistake; WeCom answers with "invalid
//     signature" (or 42012). The two distinct ticket types make it a compile
//     error to pass a CorpTicket variable where an AgentConfigTicket is wanted.
//
// The signature itself ([Sign]) is
//
//	hex(sha1("jsapi_ticket=" + ticket + "&noncestr=" + nonceStr +
//	         "&timestamp=" + timestamp + "&url=" + url))
//
// with the page URL cut at the first '#' (query kept) and no URL encoding of
// any value. Note the casing trap: the signed string says "noncestr", the
// JavaScript parameter objects say "nonceStr".
//
// The package is a protocol leaf: it is shared by the mock server and the
// client and imports nothing else from this module. Nothing in it reads the
// clock; callers pass the timestamp (and, for reproducible output, the nonce).
package jssdk
