// Package msgbody checks the message an app sends — the object named after
// msgtype in message/send and appchat/send
// (https://developer.work.weixin.qq.com/document/path/90236, 90248) — the
// way WeCom does, with its limits and errcodes, so every sending API refuses
// the same mistakes with the same answer.
package msgbody
