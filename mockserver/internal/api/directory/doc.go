// Package directory is the family of the directory's lookups and of
// WeCom's IP lists: a member's userid by mobile (user/getuserid,
// https://developer.work.weixin.qq.com/document/path/95402) or by email
// (user/get_userid_by_email, 95895), userid and openid converted both ways
// (user/convert_to_openid, user/convert_to_userid, 90202), the second
// verification (user/authsucc, 90203), invitations (batch/invite, 90975),
// the corp's join QR code (corp/get_join_qrcode, 91714), the active member
// count (user/get_active_stat, 92714), and the IP ranges of WeCom's
// callbacks and API host (getcallbackip, get_api_domain_ip, 92521, 92520).
//
// Every lookup answers as its token sees the corp: the contacts-sync token
// the whole corp, an app token the members of its visible range.
package directory
