// Package contacts is the family of the contact APIs: members (user/get,
// user/list, user/simplelist, user/list_id, user/create, /update, /delete),
// departments (department/list, /simplelist, /get, /create, /update,
// /delete) and tag members (tag/addtagusers, tag/deltagusers).
//
// Reads answer from the store with the token's visible range. Writes check
// a body the way WeCom does, change the store, and hand the change to the
// server's Publish, which delivers the change_contact callbacks; the same
// writes back the server's Go and control APIs (what the admin console
// does), so every path to a contact change checks it alike.
package contacts
