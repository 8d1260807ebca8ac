// Package webhook is the family of group robots (群机器人,
// https://developer.work.weixin.qq.com/document/path/91770): webhook/send
// with every msgtype a robot may post, checked with WeCom's limits and
// errcodes, the robot's frequency limit on the virtual clock, and
// webhook/upload_media, whose files only the uploading robot may send. Both
// take the robot's webhook key instead of an access token; the server
// resolves it (93000 for an unknown key) before a handler runs.
package webhook
