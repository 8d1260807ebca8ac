// Package media is the family of temporary media: media/upload (multipart,
// per-type size limits, valid three days, shared by the corp's apps) and
// media/get (the file itself, with Range support); permanent images
// (media/uploadimg, a JPG or PNG served at a URL on the mock) and the
// high-definition voice (media/get/jssdk).
package media
