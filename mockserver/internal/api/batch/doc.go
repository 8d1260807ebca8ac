// Package batch is the room of the batch import APIs (异步导入): batch/syncuser,
// batch/replaceuser and batch/replaceparty start a job over a CSV uploaded
// with media/upload, applied on the virtual clock; batch/getresult reads a
// job; user/batchdelete deletes up to 200 members at once. Only the
// contacts-sync token may call them (the catalog refuses the others with
// 48002).
package batch
