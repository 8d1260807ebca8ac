// Package mockserver is a local emulator of the WeCom (企业微信) server API at
// qyapi.weixin.qq.com.
//
// A Server holds a world of corps, apps, departments and members (see package
// fixtures), issues access tokens and login codes that expire on a virtual
// clock, and answers the WeCom HTTP API with the exact response shapes,
// errcodes and errmsg texts of the real service. Tests drive it in-process:
//
//	srv := mockserver.NewTest(t)
//	code := srv.MustMintCode(t, mockserver.CodeRequest{Kind: mockserver.CodeMiniProgram,
//		CorpID: defaultworld.CorpID, AgentID: defaultworld.AgentID, UserID: defaultworld.UserZhangsan})
//	// … point the app at srv.URL(), log in with code …
//	srv.Advance(2 * time.Hour) // the app's token has now expired
//
// The ids and secrets of the default world are constants in package
// fixtures/defaultworld.
//
// The same operations are available to other languages and to containers
// through the JSON control API under /_mock/ (see docs/control-api.md).
package mockserver
