package testkit

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/mockserver"
)

// JSONContentType is the Content-Type of every WeCom API answer.
const JSONContentType = "application/json; charset=UTF-8"

// userAgent is the User-Agent of every request Do sends.
const userAgent = "wecom-mock-tests"

// HTTPClient never follows redirects, so a test sees exactly what the server
// answered.
var HTTPClient = &http.Client{
	Timeout: 30 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error {
		return http.ErrUseLastResponse
	},
}

// Resp is a fully read HTTP response.
type Resp struct {
	Status int
	Header http.Header
	Body   []byte
}

func (r *Resp) String() string {
	return fmt.Sprintf("HTTP %d %s", r.Status, r.Body)
}

// Do sends a request and reads the whole answer.
func Do(t testing.TB, method, rawURL string, body io.Reader, header http.Header) *Resp {
	t.Helper()
	req, err := http.NewRequest(method, rawURL, body)
	if err != nil {
		t.Fatalf("building %s %s: %v", method, rawURL, err)
	}
	req.Header.Set("User-Agent", userAgent)
	for k, vs := range header {
		for _, v := range vs {
			req.Header.Add(k, v)
		}
	}
	res, err := HTTPClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", method, rawURL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("reading %s %s: %v", method, rawURL, err)
	}
	return &Resp{Status: res.StatusCode, Header: res.Header, Body: b}
}

// Get GETs rawURL.
func Get(t testing.TB, rawURL string) *Resp {
	t.Helper()
	return Do(t, http.MethodGet, rawURL, nil, nil)
}

// SendJSON sends body (a string or a value to marshal) with a JSON content type.
func SendJSON(t testing.TB, method, rawURL string, body any) *Resp {
	t.Helper()
	var r io.Reader
	switch b := body.(type) {
	case nil:
	case string:
		r = strings.NewReader(b)
	case []byte:
		r = bytes.NewReader(b)
	default:
		data, err := json.Marshal(b)
		if err != nil {
			t.Fatal(err)
		}
		r = bytes.NewReader(data)
	}
	return Do(t, method, rawURL, r, http.Header{"Content-Type": {"application/json"}})
}

// URL builds srv's URL for path with the query given as key, value pairs.
func URL(srv *mockserver.Server, path string, kv ...string) string {
	q := url.Values{}
	for i := 0; i+1 < len(kv); i += 2 {
		q.Add(kv[i], kv[i+1])
	}
	u := srv.URL() + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}
