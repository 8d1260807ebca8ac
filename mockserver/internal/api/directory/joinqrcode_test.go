package directory_test

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// join_qrcode is an SVG QR image served by the mock at the size the
// size_type names.
func TestJoinQRCode(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	for _, tc := range []struct {
		query []string
		px    int
	}{{nil, 171}, {[]string{"size_type", "1"}, 171}, {[]string{"size_type", "2"}, 399}, {[]string{"size_type", "3"}, 741}, {[]string{"size_type", "4"}, 2052}} {
		t.Run(strconv.Itoa(tc.px), func(t *testing.T) {
			t.Parallel()
			link := testkit.Str(t, testkit.OK(t, get(t, srv, tok.contacts, "/cgi-bin/corp/get_join_qrcode", tc.query...)), "join_qrcode")
			if !strings.HasPrefix(link, srv.URL()+"/wwmock/join_qrcode/"+testkit.Corp1+"/") {
				t.Fatalf("join_qrcode %q is not on the mock", link)
			}
			img := testkit.Get(t, link)
			if img.Status != http.StatusOK || img.Header.Get("Content-Type") != "image/svg+xml" {
				t.Fatalf("image: %s", img)
			}
			want := `<svg width="` + strconv.Itoa(tc.px) + `" height="` + strconv.Itoa(tc.px) + `" xmlns=`
			if !strings.HasPrefix(string(img.Body), want) || !strings.Contains(string(img.Body), "<path") {
				t.Errorf("image does not start with %q: %.120s", want, img.Body)
			}
		})
	}
}

func TestJoinQRCodeErrors(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	for _, size := range []string{"0", "5", "x", ""} {
		testkit.WeComError(t, get(t, srv, tok.contacts, "/cgi-bin/corp/get_join_qrcode", "size_type", size), errcode.InvalidParameter)
	}
	// The docs ask for the contacts-sync secret: an app's token is refused.
	testkit.WeComError(t, get(t, srv, tok.app, "/cgi-bin/corp/get_join_qrcode"), errcode.APIForbidden)
	// The image route knows only the world's corps and the four sizes.
	for _, path := range []string{"/wwmock/join_qrcode/wwnosuchcorp/1", "/wwmock/join_qrcode/" + testkit.Corp1 + "/5"} {
		if r := testkit.Get(t, srv.URL()+path); r.Status != http.StatusNotFound {
			t.Errorf("%s: %s, want 404", path, r)
		}
	}
}
