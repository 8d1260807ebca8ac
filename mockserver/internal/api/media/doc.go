// Package media is the family of temporary media: media/upload (multipart,
// per-type size limits, valid three days, shared by the corp's apps) and
// media/get (the file itself, with Range support).
package media
