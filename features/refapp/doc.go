// Package refapp is a reference WeCom (企业微信) backend built only on this
// module's client: what a real company backend does with WeCom logins and
// contact callbacks, small enough to read in one sitting. It is the system
// under test of the BDD scenarios in features/, and a template for your own
// integration.
//
// It serves:
//
//   - POST /api/login/miniprogram {"code": "...", "corpid": "..."} — the
//     mini program's wx.qy.login code → miniprogram/jscode2session → the
//     corpid checked against the allow-list → user/get → a session, or a
//     403 with a reason ("not_visible", "corp_not_served", ...). corpid is an
//     optional hint saying which corp's credentials redeem the code (a
//     mini program deployed to several corps); it is never trusted: the corp
//     comes from jscode2session.
//   - GET /login?flow=oauth|qr&scope=snsapi_base|snsapi_privateinfo&corp=... —
//     starts a web login: a redirect to WeCom's OAuth page (inside the WeCom
//     client) or its QR-login page (desktop browsers), with a one-time state
//     bound to the browser by a cookie.
//   - GET /login/callback?code=...&state=... — where WeCom sends the browser
//     back: auth/getuserinfo → (auth/getuserdetail for snsapi_privateinfo) →
//     user/get → a session cookie and a redirect to /.
//   - GET / and GET /api/me — who the session (cookie or "Authorization:
//     Bearer <session>") belongs to; POST /api/me/refresh reloads the
//     profile from WeCom.
//   - GET|POST /wecom/callback/{corpid} — the app's callback URL (through
//     client/callback): change_contact events keep the member directory
//     (GET /api/directory/{corpid}) in sync; a member deleted in WeCom loses
//     their sessions.
//   - With Config.Suite, the backend of a 代开发 template: GET|POST
//     /wecom/suite/callback receives suite_ticket, create_auth,
//     reset_permanent_code and cancel_auth; GET /suite/install starts an
//     install from the vendor's site (get_pre_auth_code → WeCom's install
//     page → GET /suite/installed?auth_code=…). Each install's permanent
//     code becomes the app secret of a new tenant (suite.go).
//   - A small CRM on 客户联系 (crm.go): change_external_contact events at the
//     callback URL record new customers and greet them at once with
//     send_welcome_msg; /api/crm/{corpid}/... lets salespeople greet later,
//     tag customers, list theirs page by page and transfer them to a
//     colleague (在职 or 离职), and read how the transfer stands.
//   - An HR sync beside it (hrsync.go), with the corp's contacts-sync secret
//     (Tenant.ContactsSecret): App.HRSync maps mobiles to userids, creates a
//     department and imports its members as a batch/syncuser job, follows
//     the job and tags members by tag name; with the app's own secret,
//     SeesMember reads the visible range from agent/get and TaggedMembers a
//     tag's members from tag/get (visibility.go).
//
// Failure handling, as production backends need it: a reused or expired code
// is answered 401 "invalid_code" (log in again); an expired access token is
// refreshed transparently by the client; "-1 system busy" is retried by the
// client with a short backoff, as are a GET's gateway errors and reset
// connections; "45009" (rate limited) is not retried — then, or when WeCom
// stays unreachable, the app degrades to the profile it already has in its
// directory, or answers 503 "wecom_busy" with Retry-After.
//
// Every answer is JSON: {"error": "<reason>", "message": "<for humans>"} on
// failure.
package refapp
