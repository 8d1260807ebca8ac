package client_test

import (
	"bytes"
	"context"
	"errors"
	"image"
	"image/color"
	"image/png"
	"strings"
	"testing"
	"testing/iotest"
	"time"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

const (
	uploadPath   = "/cgi-bin/media/upload"
	mediaGetPath = "/cgi-bin/media/get"
)

func TestUploadAndGetMedia(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	content := []byte("季度报告\nquarterly report\n")

	up, err := c.UploadMedia(ctx, client.MediaFile, "报告.txt", bytes.NewReader(content))
	if err != nil {
		t.Fatal(err)
	}
	if up.Type != client.MediaFile || up.MediaID == "" {
		t.Fatalf("upload = %+v", up)
	}
	// created_at arrives as a string of Unix seconds.
	if want := srv.Now().Unix(); up.CreatedAt.Unix() != want {
		t.Fatalf("CreatedAt = %v, want Unix %d", up.CreatedAt, want)
	}
	if q := lastQuery(t, srv, uploadPath); !strings.Contains(q, "type=file") {
		t.Fatalf("upload query = %q", q)
	}

	m, err := c.GetMedia(ctx, up.MediaID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Data, content) || m.Filename != "报告.txt" || !strings.HasPrefix(m.ContentType, "text/plain") {
		t.Fatalf("media = %q %q %q", m.Data, m.Filename, m.ContentType)
	}

	// Any app of the corp may use the media_id: send it as a file.
	if _, err := c.SendMessage(ctx, client.Message{AgentID: agentID, ToUser: []string{"zhangsan"},
		Body: client.File{MediaID: up.MediaID}}); err != nil {
		t.Fatal(err)
	}
}

func TestUploadImage(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	img := image.NewRGBA(image.Rect(0, 0, 4, 4))
	img.Set(1, 1, color.RGBA{R: 255, A: 255})
	var buf bytes.Buffer
	if err := png.Encode(&buf, img); err != nil {
		t.Fatal(err)
	}
	// A reader that hands out one byte at a time: the client must read it
	// to the end.
	up, err := c.UploadMedia(ctx, client.MediaImage, "dot.png", iotest.OneByteReader(bytes.NewReader(buf.Bytes())))
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.GetMedia(ctx, up.MediaID)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(m.Data, buf.Bytes()) || m.ContentType != "image/png" || m.Filename != "dot.png" {
		t.Fatalf("media = %d bytes, %q, %q", len(m.Data), m.ContentType, m.Filename)
	}
	if _, err := c.SendMessage(ctx, client.Message{AgentID: agentID, ToUser: []string{"lisi"},
		Body: client.Image{MediaID: up.MediaID}}); err != nil {
		t.Fatal(err)
	}
}

func TestMediaErrors(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()

	m, err := c.GetMedia(ctx, "no-such-media")
	wantAPIError(t, err, errcode.InvalidMediaID, mediaGetPath)
	if m != nil {
		t.Fatal("media returned with an error")
	}

	_, err = c.UploadMedia(ctx, client.MediaFile, "tiny.txt", strings.NewReader("12345"))
	wantAPIError(t, err, errcode.InvalidFileSize, uploadPath)
	_, err = c.UploadMedia(ctx, client.MediaFile, "empty.txt", strings.NewReader(""))
	wantAPIError(t, err, errcode.EmptyMediaData, uploadPath)
	_, err = c.UploadMedia(ctx, "sticker", "a.bin", strings.NewReader("123456789"))
	wantAPIError(t, err, errcode.InvalidFileType, uploadPath)

	broken := iotest.ErrReader(errors.New("disk on fire"))
	if _, err := c.UploadMedia(ctx, client.MediaFile, "a.txt", broken); err == nil || !strings.Contains(err.Error(), "disk on fire") {
		t.Fatalf("err = %v", err)
	}
}

// The upload body is buffered, so a retried upload sends the whole file again.
func TestUploadRetriedWithTheWholeFile(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	mustFault(t, srv, mockserver.Fault{Path: uploadPath, ErrCode: int(errcode.SystemBusy), Times: 1})
	up, err := c.UploadMedia(ctx, client.MediaFile, "a.txt", strings.NewReader("retry me please"))
	if err != nil {
		t.Fatal(err)
	}
	m, err := c.GetMedia(ctx, up.MediaID)
	if err != nil || string(m.Data) != "retry me please" {
		t.Fatalf("media = %+v, %v", m, err)
	}
	if got := calls(srv, uploadPath); got != 2 {
		t.Fatalf("upload calls = %d, want 2", got)
	}
}

func TestGetMediaRenewsExpiredToken(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	up, err := c.UploadMedia(ctx, client.MediaVoice, "v.amr", strings.NewReader("#!AMR\nabcdefg"))
	if err != nil {
		t.Fatal(err)
	}
	srv.Advance(7201 * time.Second)
	m, err := c.GetMedia(ctx, up.MediaID)
	if err != nil || len(m.Data) == 0 {
		t.Fatalf("GetMedia after token expiry = %+v, %v", m, err)
	}
	if got := calls(srv, tokenPath); got != 2 {
		t.Fatalf("gettoken calls = %d, want 2", got)
	}
}
