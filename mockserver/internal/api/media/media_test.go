package media_test

import (
	"bytes"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// mediaGet fetches media_id with tok and optional extra headers.
func mediaGet(t testing.TB, srv *mockserver.Server, tok, mediaID string, header http.Header) *testkit.Resp {
	t.Helper()
	return testkit.Do(t, http.MethodGet, testkit.URL(srv, "/cgi-bin/media/get", "access_token", tok, "media_id", mediaID), nil, header)
}

func TestMediaUploadAndGet(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 3, 1, 8, 0, 0, 0, time.UTC)
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	tok := testkit.AppToken(t, srv)
	data := []byte("hello, wecom media\n")
	up := testkit.MediaUploadOK(t, srv, tok, "file", "报告 \"v1\".txt", "", data)
	if up.CreatedAt != strconv.FormatInt(start.Unix(), 10) {
		t.Errorf("created_at %q, want the virtual time %d", up.CreatedAt, start.Unix())
	}

	r := mediaGet(t, srv, tok, up.MediaID, nil)
	if r.Status != http.StatusOK || !bytes.Equal(r.Body, data) {
		t.Fatalf("media/get = %s, want the uploaded bytes", r)
	}
	for header, want := range map[string]string{
		"Content-Type":        "text/plain; charset=utf-8", // sniffed: the part said octet-stream
		"Content-Disposition": `attachment; filename="报告 _v1_.txt"`,
		"Cache-Control":       "no-cache, must-revalidate",
		"Content-Length":      strconv.Itoa(len(data)),
		"Accept-Ranges":       "bytes",
	} {
		if got := r.Header.Get(header); got != want {
			t.Errorf("%s = %q, want %q", header, got, want)
		}
	}
	if h := r.Header.Get("Error-Code"); h != "" {
		t.Errorf("file answer carries Error-Code %q", h)
	}

	// The journal records the raw answer's status and no errcode.
	reqs := srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/media/get"})
	if len(reqs) != 1 || reqs[0].Status != http.StatusOK || reqs[0].ErrCode != nil {
		t.Errorf("journal = %+v, want one 200 without errcode", reqs)
	}
}

func TestMediaUploadDeclaredTypeAndDefaultName(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	up := testkit.MediaUploadOK(t, srv, tok, "image", "", "image/png", testkit.MediaPNG)
	r := mediaGet(t, srv, tok, up.MediaID, nil)
	if ct := r.Header.Get("Content-Type"); ct != "image/png" {
		t.Errorf("Content-Type %q, want the declared image/png", ct)
	}
	if cd, want := r.Header.Get("Content-Disposition"), `attachment; filename="`+up.MediaID+`.png"`; cd != want {
		t.Errorf("Content-Disposition %q, want %q", cd, want)
	}
	// An octet-stream PNG is sniffed.
	up2 := testkit.MediaUploadOK(t, srv, tok, "image", "x.png", "", testkit.MediaPNG)
	if ct := mediaGet(t, srv, tok, up2.MediaID, nil).Header.Get("Content-Type"); ct != "image/png" {
		t.Errorf("sniffed Content-Type %q, want image/png", ct)
	}
}

func TestMediaUploadDocumentedPartHeaders(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	// The documented example, filelength and all (D:96484).
	const boundary = "-------------------------acebdf13572468"
	body := "--" + boundary + "\r\n" +
		`Content-Disposition: form-data; name="media";filename="wework.txt"; filelength=6` + "\r\n" +
		"Content-Type: application/octet-stream\r\n\r\n" +
		"mytext\r\n" +
		"--" + boundary + "--\r\n"
	r := testkit.Do(t, http.MethodPost, testkit.MediaUploadURL(srv, testkit.AppToken(t, srv), "file"), strings.NewReader(body),
		http.Header{"Content-Type": {"multipart/form-data; boundary=" + boundary}})
	testkit.OK(t, r)
	id := testkit.DecodeStrict[testkit.MediaUploadBody](t, r.Body).MediaID
	got := mediaGet(t, srv, testkit.AppToken(t, srv), id, nil)
	if string(got.Body) != "mytext" || got.Header.Get("Content-Disposition") != `attachment; filename="wework.txt"` {
		t.Errorf("media/get = %s %v", got, got.Header)
	}
}

func TestMediaGetRange(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	data := bytes.Repeat([]byte("0123456789"), 205) // 2050 bytes
	id := testkit.MediaUploadOK(t, srv, tok, "file", "digits.bin", "", data).MediaID

	r := mediaGet(t, srv, tok, id, http.Header{"Range": {"bytes=0-1023"}})
	if r.Status != http.StatusPartialContent || !bytes.Equal(r.Body, data[:1024]) {
		t.Fatalf("Range 0-1023 = HTTP %d with %d bytes, want 206 with the first 1024", r.Status, len(r.Body))
	}
	if cr := r.Header.Get("Content-Range"); cr != "bytes 0-1023/2050" {
		t.Errorf("Content-Range %q", cr)
	}
	if cl := r.Header.Get("Content-Length"); cl != "1024" {
		t.Errorf("Content-Length %q", cl)
	}
	r = mediaGet(t, srv, tok, id, http.Header{"Range": {"bytes=2048-"}})
	if r.Status != http.StatusPartialContent || string(r.Body) != "89" || r.Header.Get("Content-Range") != "bytes 2048-2049/2050" {
		t.Errorf("open-ended range = %s %v", r, r.Header)
	}
	reqs := srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/media/get"})
	if len(reqs) != 2 || reqs[0].Status != http.StatusPartialContent || reqs[0].ErrCode != nil {
		t.Errorf("journal = %+v, want 206 without errcode", reqs)
	}
}

func TestMediaExpiresAfterThreeDays(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithFrozenClock())
	id := testkit.MediaUploadOK(t, srv, testkit.AppToken(t, srv), "voice", "v.amr", "", []byte("#!AMR\n0123")).MediaID
	srv.Advance(72*time.Hour - time.Second)
	tok := testkit.AppToken(t, srv) // the first token has expired by now
	if r := mediaGet(t, srv, tok, id, nil); r.Status != http.StatusOK || string(r.Body) != "#!AMR\n0123" {
		t.Fatalf("just before 3 days: %s", r)
	}
	srv.Advance(time.Second)
	testkit.WeComError(t, mediaGet(t, srv, tok, id, nil), errcode.InvalidMediaID)
	// A message can no longer use it either.
	testkit.WeComError(t, testkit.MsgSend(t, srv, tok, map[string]any{"touser": "zhangsan", "msgtype": "voice",
		"agentid": testkit.AgentID, "voice": map[string]any{"media_id": id}}), errcode.InvalidMediaID)
}

func TestMediaIsScopedToItsCorp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	id := testkit.MediaUploadOK(t, srv, testkit.AppToken(t, srv), "file", "a.txt", "", []byte("corp one only")).MediaID
	// Every token of the corp may fetch it …
	if r := mediaGet(t, srv, testkit.Token(t, srv, testkit.Corp1, testkit.ContactsSecret), id, nil); r.Status != http.StatusOK {
		t.Errorf("contacts token of the same corp: %s", r)
	}
	// … no token of another corp may.
	for _, secret := range []string{testkit.AppSecret2, testkit.ContactsSecret2} {
		testkit.WeComError(t, mediaGet(t, srv, testkit.Token(t, srv, testkit.Corp2, secret), id, nil), errcode.InvalidMediaID)
	}
}

func TestMediaGetErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	testkit.WeComError(t, mediaGet(t, srv, tok, "no-such-media", nil), errcode.InvalidMediaID)
	testkit.WeComError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/media/get", "access_token", tok)), errcode.InvalidMediaID)
	testkit.WeComError(t, testkit.Get(t, testkit.URL(srv, "/cgi-bin/media/get", "media_id", "x")), errcode.AccessTokenMissing)
	reqs := srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/media/get"})
	if len(reqs) == 0 || reqs[0].ErrCode == nil || *reqs[0].ErrCode != int(errcode.InvalidMediaID) {
		t.Errorf("journal = %+v, want errcode 40007", reqs)
	}
}

func TestMediaUploadErrors(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	six := []byte("123456")
	multipartOf := func(field string, data []byte) (*bytes.Buffer, string) {
		return testkit.MediaForm(t, field, "f.bin", "", data)
	}
	tests := []struct {
		name   string
		typ    string
		body   func() (*bytes.Buffer, string)
		code   int
		phrase string
	}{
		{"type missing", "", func() (*bytes.Buffer, string) { return multipartOf("media", six) }, 40005, ""},
		{"type unknown", "doc", func() (*bytes.Buffer, string) { return multipartOf("media", six) }, 40005, ""},
		{"type is case-sensitive", "IMAGE", func() (*bytes.Buffer, string) { return multipartOf("media", six) }, 40005, ""},
		{"not multipart", "file", func() (*bytes.Buffer, string) { return bytes.NewBufferString("123456"), "application/octet-stream" }, 44001, ""},
		{"no body", "file", func() (*bytes.Buffer, string) { return &bytes.Buffer{}, "" }, 44001, ""},
		{"part named file", "file", func() (*bytes.Buffer, string) { return multipartOf("file", six) }, 44001, ""},
		{"empty file", "file", func() (*bytes.Buffer, string) { return multipartOf("media", nil) }, 44001, ""},
		{"5 bytes", "file", func() (*bytes.Buffer, string) { return multipartOf("media", six[:5]) }, 40006, ""},
		{"1 byte", "image", func() (*bytes.Buffer, string) { return multipartOf("media", six[:1]) }, 40006, ""},
		{"voice over 2 MB", "voice", func() (*bytes.Buffer, string) { return multipartOf("media", make([]byte, 2<<20+1)) }, 45001, "media size out of limit"},
		{"image over 10 MB", "image", func() (*bytes.Buffer, string) { return multipartOf("media", make([]byte, 10<<20+1)) }, 45001, "media size out of limit"},
		{"video over 10 MB", "video", func() (*bytes.Buffer, string) { return multipartOf("media", make([]byte, 10<<20+1)) }, 45001, "media size out of limit"},
		{"file over 20 MB", "file", func() (*bytes.Buffer, string) { return multipartOf("media", make([]byte, 20<<20+1)) }, 45001, "media size out of limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body, ct := tt.body()
			h := http.Header{}
			if ct != "" {
				h.Set("Content-Type", ct)
			}
			u := testkit.URL(srv, "/cgi-bin/media/upload", "access_token", tok)
			if tt.typ != "" {
				u = testkit.MediaUploadURL(srv, tok, tt.typ)
			}
			r := testkit.Do(t, http.MethodPost, u, body, h)
			if tt.phrase == "" {
				testkit.WeComError(t, r, errcode.Code(tt.code))
			} else {
				testkit.MsgError(t, r, tt.code, tt.phrase)
			}
		})
	}
	// A POST API called with GET.
	testkit.WeComError(t, testkit.Get(t, testkit.MediaUploadURL(srv, tok, "file")), errcode.InvalidParameter)
	if n := len(srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/media/get"})); n != 0 {
		t.Errorf("unexpected media/get calls: %d", n)
	}
}

func TestMediaUploadSizeLimitsAreInclusive(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	// Above the server's 2 MiB default API body limit, at each type's limit.
	for typ, size := range map[string]int{"voice": 2 << 20, "file": 20 << 20, "image": 6} {
		t.Run(typ, func(t *testing.T) {
			data := bytes.Repeat([]byte{'x'}, size)
			id := testkit.MediaUploadOK(t, srv, tok, typ, "big."+typ, "", data).MediaID
			if r := mediaGet(t, srv, tok, id, nil); len(r.Body) != size {
				t.Errorf("media/get returned %d bytes, want %d", len(r.Body), size)
			}
		})
	}
}

func TestMediaResetDropsUploads(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	id := testkit.MediaUploadOK(t, srv, testkit.AppToken(t, srv), "file", "a.txt", "", []byte("gone after reset")).MediaID
	srv.Reset()
	testkit.WeComError(t, mediaGet(t, srv, testkit.AppToken(t, srv), id, nil), errcode.InvalidMediaID)
}

// A body beyond media/upload's own limit (21 MiB) is "media size out of
// limit" even when the oversized part is not the media part. Served through
// Handler so the early answer to a body still being written is observed
// without a connection race.
func TestMediaUploadBodyBeyondLimit(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok := testkit.AppToken(t, srv)
	body := &bytes.Buffer{}
	w := multipart.NewWriter(body)
	junk, _ := w.CreateFormField("junk")
	_, _ = junk.Write(make([]byte, 22<<20))
	media, _ := w.CreateFormFile("media", "a.txt")
	_, _ = media.Write([]byte("too late"))
	_ = w.Close()
	req := httptest.NewRequest(http.MethodPost, testkit.MediaUploadURL(srv, tok, "file"), body)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.RemoteAddr = "127.0.0.1:40000"
	rec := httptest.NewRecorder()
	srv.Handler().ServeHTTP(rec, req)
	testkit.MsgError(t, &testkit.Resp{Status: rec.Code, Header: rec.Header(), Body: rec.Body.Bytes()}, 45001, "media size out of limit")
}
