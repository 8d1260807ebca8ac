package media

import (
	"bytes"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// getJSSDKVoice is GET /cgi-bin/media/get/jssdk
// (https://developer.work.weixin.qq.com/document/path/90255): the
// high-definition recording of a voice (speex, 16 kHz) as a file with the
// documented headers, or JSON 40007 for a media_id that is not a voice of
// the corp (unknown, expired, another corp's, another type). WeCom's voice
// comes from the JS-SDK's uploadVoice; the mock's from media/upload
// type=voice, served as stored: it does not transcode.
func (a *API) getJSSDKVoice(_ *http.Request, c *kernel.Call) (any, error) {
	m, err := a.env.Store.Media(c.Token.CorpID, c.Query.Get("media_id"))
	if err != nil || m.Type != "voice" {
		return nil, kernel.Err(errcode.InvalidMediaID)
	}
	return speexFile(m), nil
}

// speexFile is media/get/jssdk's raw answer.
type speexFile store.Media

// ServeHTTP writes the voice with the headers of the documented answer.
func (f speexFile) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	h := w.Header()
	h.Set("Content-Type", "voice/speex")
	h.Set("Content-Disposition", `attachment; filename="`+f.ID+`.speex"`)
	h.Set("Cache-Control", "no-cache, must-revalidate")
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(f.Data))
}
