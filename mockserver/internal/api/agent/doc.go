// Package agent is the family of an app's own configuration (应用管理):
// agent/get with the app's live visible range, agent/list, agent/set whose
// changes agent/get reflects until Reset
// (https://developer.work.weixin.qq.com/document/path/90227,
// https://developer.work.weixin.qq.com/document/path/90228), and the app's
// 自定义菜单 — menu/create with every button type and WeCom's limits,
// menu/get and menu/delete
// (https://developer.work.weixin.qq.com/document/path/90231,
// https://developer.work.weixin.qq.com/document/path/90232,
// https://developer.work.weixin.qq.com/document/path/90233). A token
// reaches only its own app: another agentid answers 301002.
package agent
