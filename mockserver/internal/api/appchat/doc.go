// Package appchat is the family of app group chats (群聊会话): an app whose
// visible range is the root department creates a chat of 2–2000 members
// (appchat/create), changes its name, owner and members (appchat/update),
// reads it (appchat/get) and posts messages to it (appchat/send), which
// the inbox keeps on the appchat channel
// (https://developer.work.weixin.qq.com/document/path/90245, 90246, 90247,
// 90248).
package appchat
