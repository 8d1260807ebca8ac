package kernel

import (
	"errors"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// MaxUploadBody is media/upload's request body limit: the largest file plus
// room for the multipart framing. The server-wide API limit is far smaller.
const MaxUploadBody = 21 << 20

// ReadMediaPart returns the first part named "media" of a multipart body,
// reading at most limit+1 bytes of it. A body that is not multipart or has
// no such part is "empty media data"; one larger than the body limit is
// "media size out of limit".
func ReadMediaPart(r *http.Request, limit int) ([]byte, *multipart.Part, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, nil, Err(errcode.EmptyMediaData)
	}
	for {
		part, err := mr.NextPart()
		var tooLarge *http.MaxBytesError
		switch {
		case errors.As(err, &tooLarge):
			return nil, nil, &APIError{Code: errcode.MediaTooLarge}
		case err != nil: // io.EOF or a broken body: no media found
			return nil, nil, Err(errcode.EmptyMediaData)
		}
		if part.FormName() != "media" {
			continue
		}
		data, err := io.ReadAll(io.LimitReader(part, int64(limit)+1))
		switch {
		case errors.As(err, &tooLarge):
			return nil, nil, &APIError{Code: errcode.MediaTooLarge}
		case err != nil:
			return nil, nil, Err(errcode.EmptyMediaData)
		}
		return data, part, nil
	}
}

// minUploadBytes: a media/upload or webhook/upload_media file must be
// larger than 5 bytes.
const minUploadBytes = 5

// ReadUpload reads the "media" part of a typed upload whose size limit is
// limits[typ], checked in WeCom's order: 40005 for a type without a limit,
// 44001 for no data, 40006 for 5 bytes or fewer, 45001 past the limit.
func ReadUpload(r *http.Request, typ string, limits map[string]int) ([]byte, *multipart.Part, error) {
	limit, ok := limits[typ]
	if !ok {
		return nil, nil, Err(errcode.InvalidFileType)
	}
	data, part, err := ReadMediaPart(r, limit)
	switch {
	case err != nil:
		return nil, nil, err
	case len(data) == 0:
		return nil, nil, Err(errcode.EmptyMediaData)
	case len(data) <= minUploadBytes:
		return nil, nil, Err(errcode.InvalidFileSize)
	case len(data) > limit:
		return nil, nil, &APIError{Code: errcode.MediaTooLarge}
	}
	return data, part, nil
}
