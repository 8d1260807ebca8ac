// Package message is the family of app messages: message/send, which
// expands users, departments and tags inside the app's visible range,
// checks each message type's payload and keeps every delivered message in
// the inbox, and message/recall.
package message
