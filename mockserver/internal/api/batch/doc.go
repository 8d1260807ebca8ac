// Package batch is the room of the batch import APIs (异步导入): batch/syncuser,
// batch/replaceuser and batch/replaceparty start a job over a CSV uploaded
// with media/upload, applied on the virtual clock; batch/getresult reads a
// job; user/batchdelete deletes up to 200 members at once. Only the
// contacts-sync token may call them (the catalog refuses the others with
// 48002). batch/userid_to_openuserid and batch/openuserid_to_userid convert
// between a corp's userids and the open_userids of the service providers of
// its third-party and 代开发 apps (idconvert.go).
package batch
