package media_test

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// jpegBytes is the start of a JPEG (SOI and an APP0 marker) and some data.
var jpegBytes = append([]byte{0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, 'J', 'F', 'I', 'F', 0x00}, bytes.Repeat([]byte{0x42}, 64)...)

// uploadImage posts data as the media part of media/uploadimg.
func uploadImage(t testing.TB, srv *mockserver.Server, tok, filename, contentType string, data []byte) *testkit.Resp {
	t.Helper()
	body, ct := testkit.MediaForm(t, "media", filename, contentType, data)
	return testkit.Do(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/media/uploadimg", "access_token", tok), body, http.Header{"Content-Type": {ct}})
}

type uploadImageBody struct {
	ErrCode int    `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
	URL     string `json:"url"`
}

func uploadImageOK(t testing.TB, srv *mockserver.Server, tok, filename string, data []byte) string {
	t.Helper()
	r := uploadImage(t, srv, tok, filename, "", data)
	testkit.OK(t, r)
	return testkit.DecodeStrict[uploadImageBody](t, r.Body).URL
}

func TestUploadImageServesTheImageAtItsURL(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	tests := []struct {
		name, filename, ext, contentType string
		data                             []byte
	}{
		{"png", "a.png", ".png", "image/png", testkit.MediaPNG},
		{"jpeg", "photo.jpeg", ".jpg", "image/jpeg", jpegBytes},
		// The content decides, not the name.
		{"png named .jpg", "wrong.jpg", ".png", "image/png", testkit.MediaPNG},
		{"jpeg without a name", "", ".jpg", "image/jpeg", jpegBytes},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			u := uploadImageOK(t, srv, tok, tt.filename, tt.data)
			want := srv.URL() + "/wwmock/img/" + testkit.Corp1 + "/"
			if !strings.HasPrefix(u, want) || !strings.HasSuffix(u, tt.ext) {
				t.Fatalf("url %q, want %s<id>%s", u, want, tt.ext)
			}
			r := testkit.Get(t, u)
			if r.Status != http.StatusOK || !bytes.Equal(r.Body, tt.data) {
				t.Fatalf("GET url = %s, want the uploaded bytes", r)
			}
			if ct := r.Header.Get("Content-Type"); ct != tt.contentType {
				t.Errorf("Content-Type %q, want %q", ct, tt.contentType)
			}
			if r.Header.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("no nosniff: %v", r.Header)
			}
		})
	}
}

// The url is built from the host the call came to, and answers on any host
// (under interception, WeCom's API host).
func TestUploadImageURLFollowsTheCallersHost(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	body, ct := testkit.MediaForm(t, "media", "a.png", "", testkit.MediaPNG)
	req, _ := http.NewRequest(http.MethodPost, testkit.URL(srv, "/cgi-bin/media/uploadimg", "access_token", tok), body)
	req.Header.Set("Content-Type", ct)
	req.Host = "qyapi.weixin.qq.com"
	resp, err := testkit.HTTPClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var b uploadImageBody
	if err := json.NewDecoder(resp.Body).Decode(&b); err != nil || b.ErrCode != 0 {
		t.Fatalf("uploadimg = %+v, %v", b, err)
	}
	u, err := url.Parse(b.URL)
	if err != nil || u.Scheme != "http" || u.Host != "qyapi.weixin.qq.com" {
		t.Fatalf("url %q, want one on the host called", b.URL)
	}
	get, _ := http.NewRequest(http.MethodGet, srv.URL()+u.Path, nil)
	get.Host = u.Host
	got, err := testkit.HTTPClient.Do(get)
	if err != nil {
		t.Fatal(err)
	}
	got.Body.Close()
	if got.StatusCode != http.StatusOK || got.Header.Get("Content-Type") != "image/png" {
		t.Errorf("GET on the API host: %d %v", got.StatusCode, got.Header)
	}
}

func TestUploadImageErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	gif := []byte("GIF89a\x01\x00\x01\x00\x00\x00\x00;")
	tests := []struct {
		name  string
		field string
		data  []byte
		code  errcode.Code
	}{
		{"gif", "media", gif, errcode.InvalidFileType},
		{"text named like a png", "media", []byte("not an image at all"), errcode.InvalidFileType},
		{"empty", "media", nil, errcode.EmptyMediaData},
		{"part not named media", "file", testkit.MediaPNG, errcode.EmptyMediaData},
		{"4 bytes", "media", []byte{0xFF, 0xD8, 0xFF, 0xE0}, errcode.InvalidFileSize},
		{"over 2 MB", "media", append(slicesClone(jpegBytes), make([]byte, 2<<20)...), errcode.MediaTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := testkit.MediaForm(t, tt.field, "x.png", "image/png", tt.data)
			r := testkit.Do(t, http.MethodPost, testkit.URL(srv, "/cgi-bin/media/uploadimg", "access_token", tok), body, http.Header{"Content-Type": {ct}})
			testkit.WeComError(t, r, tt.code)
		})
	}
	// Exactly 2 MiB and exactly 5 bytes are taken.
	uploadImageOK(t, srv, tok, "big.jpg", append(slicesClone(jpegBytes), make([]byte, 2<<20-len(jpegBytes))...))
	uploadImageOK(t, srv, tok, "tiny.jpg", jpegBytes[:5])
	// A POST API called with GET; no token.
	testkit.WeComError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/media/uploadimg", "access_token", tok)), errcode.InvalidParameter)
	testkit.WeComError(t, uploadImage(t, srv, "", "a.png", "", testkit.MediaPNG), errcode.AccessTokenMissing)
}

func slicesClone(b []byte) []byte { return append([]byte(nil), b...) }

func TestImageURLsUntilReset(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	u := uploadImageOK(t, srv, testkit.AppToken(t, srv), "a.png", testkit.MediaPNG)
	// Forever on the virtual clock: a year later it still answers.
	srv.Advance(365 * 24 * time.Hour)
	if r := testkit.Get(t, u); r.Status != http.StatusOK {
		t.Fatalf("a year later: %s", r)
	}
	for _, bad := range []string{
		strings.Replace(u, "/"+testkit.Corp1+"/", "/"+testkit.Corp2+"/", 1), // another corp
		strings.TrimSuffix(u, ".png") + ".jpg",                              // the wrong extension
		strings.TrimSuffix(u, ".png"),                                       // none
		srv.URL() + "/wwmock/img/" + testkit.Corp1 + "/nope.png",
	} {
		if r := testkit.Get(t, bad); r.Status != http.StatusNotFound || len(r.Body) != 0 {
			t.Errorf("GET %s = %s, want an empty 404", bad, r)
		}
	}
	srv.Reset()
	if r := testkit.Get(t, u); r.Status != http.StatusNotFound {
		t.Errorf("after reset: %s", r)
	}
}

func TestJSSDKVoice(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	voice := []byte("#!AMR\nsome voice frames")
	id := testkit.MediaUploadOK(t, srv, tok, "voice", "v.amr", "", voice).MediaID
	get := func(tok, id string) *testkit.Resp {
		return testkit.Get(t, testkit.URL(srv, "/cgi-bin/media/get/jssdk", "access_token", tok, "media_id", id))
	}
	r := get(tok, id)
	if r.Status != http.StatusOK || !bytes.Equal(r.Body, voice) {
		t.Fatalf("get/jssdk = %s, want the voice", r)
	}
	for header, want := range map[string]string{
		"Content-Type":        "voice/speex",
		"Content-Disposition": `attachment; filename="` + id + `.speex"`,
		"Cache-Control":       "no-cache, must-revalidate",
	} {
		if got := r.Header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	file := testkit.MediaUploadOK(t, srv, tok, "file", "a.txt", "", []byte("not a voice")).MediaID
	for name, id := range map[string]string{"unknown": "no-such-media", "a file, not a voice": file, "missing": ""} {
		t.Run(name, func(t *testing.T) { testkit.WeComError(t, get(tok, id), errcode.InvalidMediaID) })
	}
	// Another corp's token does not see it.
	testkit.WeComError(t, get(testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2), id), errcode.InvalidMediaID)
}

// With the limits on a corp uploads 1000 permanent images a natural day
// (China time); the next is 45009 until midnight. Another corp is not hit.
func TestUploadImageDailyLimit(t *testing.T) {
	t.Parallel()
	start := time.Date(2026, 3, 1, 15, 0, 0, 0, time.UTC) // 23:00 in China
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start), mockserver.WithRealLimits())
	tok := testkit.AppToken(t, srv)
	for range 1000 {
		uploadImageOK(t, srv, tok, "a.png", testkit.MediaPNG)
	}
	testkit.WeComError(t, uploadImage(t, srv, tok, "a.png", "", testkit.MediaPNG), errcode.FreqOutOfLimit)
	uploadImageOK(t, srv, testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2), "b.png", testkit.MediaPNG)
	l := srv.Limits().Images
	if len(l) != 2 || l[0].CorpID != testkit.Corp1 || l[0].Today != 1000 || l[0].Month != 1000 || l[0].BlockedUntil == nil ||
		!l[0].BlockedUntil.Equal(start.Add(time.Hour)) {
		t.Fatalf("image counters %+v", l)
	}
	srv.Advance(time.Hour - time.Second)
	tok = testkit.AppToken(t, srv)
	testkit.WeComError(t, uploadImage(t, srv, tok, "a.png", "", testkit.MediaPNG), errcode.FreqOutOfLimit)
	srv.Advance(time.Second)
	uploadImageOK(t, srv, tok, "a.png", testkit.MediaPNG)
}
