package client

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"syscall"
	"time"

	"golang.org/x/sync/singleflight"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// Client calls the WeCom server API with the access token of one secret (a
// self-built app's, or the contacts-sync secret). It is safe for concurrent
// use; create one per secret and share it.
type Client struct {
	corpID string
	secret string
	// fetch obtains a new access token: gettoken with the secret, or for
	// a third-party install the suite's get_corp_token (CorpClient).
	fetch func(ctx context.Context) (string, int, error)

	baseURL string
	hc      *http.Client
	now     func() time.Time
	log     *slog.Logger
	retry   RetryPolicy

	flights     singleflight.Group
	token       credCache
	jsapiTicket credCache
	agentTicket credCache
}

// New returns a client for the corp corpID using secret. It does no I/O: the
// access token is fetched on the first call that needs it.
func New(corpID, secret string, opts ...Option) *Client {
	c := &Client{
		corpID:      corpID,
		secret:      secret,
		baseURL:     DefaultBaseURL,
		hc:          &http.Client{Timeout: 60 * time.Second},
		now:         time.Now,
		log:         slog.New(slog.DiscardHandler),
		retry:       DefaultRetry,
		token:       credCache{name: "access_token"},
		jsapiTicket: credCache{name: "jsapi_ticket"},
		agentTicket: credCache{name: "agent_config_ticket"},
	}
	c.fetch = c.fetchToken
	for _, o := range opts {
		o(c)
	}
	return c
}

// CorpID is the corp the client was created for.
func (c *Client) CorpID() string { return c.corpID }

// maxBody bounds every answer read into memory; media/get's largest
// non-ranged answer is 20 MB.
const maxBody = 64 << 20

// request describes one API call.
type request struct {
	method string
	path   string // "/cgi-bin/..."
	query  url.Values
	// body is the request body (nil for GET); contentType goes with it.
	body        []byte
	contentType string
	// auth adds access_token to the query and enables the drop-and-retry on
	// 40014/42001.
	auth bool
	// errcodeOptional accepts a success body without errcode (only where
	// WeCom may omit it: get_suite_token, get_provider_token, the old gettoken).
	errcodeOptional bool
	// raw marks an API that answers a file on success: an answer is checked
	// for a WeCom error only if it looks like one (see isJSONError).
	raw bool
}

// response is a successful answer.
type response struct {
	header http.Header
	body   []byte
}

// getJSON calls a GET API and decodes its success body into out.
func (c *Client) getJSON(ctx context.Context, path string, query url.Values, out any) error {
	return c.callJSON(ctx, &request{method: http.MethodGet, path: path, query: query, auth: true}, out)
}

// postJSON calls a POST API with in as its JSON body and decodes the success
// body into out.
func (c *Client) postJSON(ctx context.Context, path string, in, out any) error {
	body, err := marshalJSON(in)
	if err != nil {
		return fmt.Errorf("wecom %s: encoding request: %w", path, err)
	}
	return c.callJSON(ctx, &request{
		method: http.MethodPost, path: path, body: body,
		contentType: "application/json; charset=utf-8", auth: true,
	}, out)
}

// marshalJSON encodes v without escaping <, > and & as \u003c etc.: markdown
// and textcard bodies carry HTML, and whether qyapi accepts \u escapes is
// not confirmed (40033,
// https://developer.work.weixin.qq.com/document/path/90455).
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

func (c *Client) callJSON(ctx context.Context, req *request, out any) error {
	res, err := c.exchange(ctx, req)
	if err != nil {
		return err
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(res.body, out); err != nil {
		return &ResponseError{
			Path: req.path, Reason: "answer does not match the documented shape",
			ContentType: res.header.Get("Content-Type"), Body: snippet(res.body), Err: err,
		}
	}
	return nil
}

// exchange performs req: it adds the access token, retries retryable
// errcodes within the retry policy, and on 40014/42001 drops the token and
// repeats the call once with a fresh one. Business errors come back as
// *APIError, other statuses as *HTTPError, unreadable answers as
// *ResponseError.
func (c *Client) exchange(ctx context.Context, req *request) (*response, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	retries, tokenRenewed := 0, false
	for {
		var token string
		if req.auth {
			var err error
			if token, err = c.Token(ctx); err != nil {
				return nil, err
			}
		}
		res, err := c.roundTrip(ctx, req, token)
		if err == nil {
			return res, nil
		}
		var apiErr *APIError
		isAPIErr := errors.As(err, &apiErr)
		switch {
		case isAPIErr && req.auth && apiErr.Code.TokenInvalid() && !tokenRenewed:
			// The token was revoked or expired early (or our clock is
			// behind the server's): drop it and try once more.
			tokenRenewed = true
			c.token.drop(token)
			c.log.WarnContext(ctx, "wecom: access token rejected, fetching a new one",
				"path", req.path, "errcode", int(apiErr.Code))
		case retryable(req, err) && retries < c.retry.MaxRetries:
			retries++
			wait := c.backoff(retries)
			cause := slog.Any("error", err)
			if isAPIErr {
				cause = slog.Int("errcode", int(apiErr.Code))
			}
			c.log.WarnContext(ctx, "wecom: retrying",
				"path", req.path, cause, "retry", retries, "wait", wait)
			if err := sleep(ctx, wait); err != nil {
				return nil, err
			}
		default:
			return nil, err
		}
	}
}

// retryable reports whether a failed call may be made again: a retryable
// errcode, or — for a GET, which changes nothing — a gateway's 502, 503 or
// 504, or a connection closed before any answer. A POST is not repeated
// after those: the API behind may have acted on it.
func retryable(req *request, err error) bool {
	var apiErr *APIError
	if errors.As(err, &apiErr) {
		return apiErr.Code.Retryable()
	}
	if req.method != http.MethodGet {
		return false
	}
	var he *HTTPError
	if errors.As(err, &he) {
		switch he.StatusCode {
		case http.StatusBadGateway, http.StatusServiceUnavailable, http.StatusGatewayTimeout:
			return true
		}
		return false
	}
	return errors.Is(err, syscall.ECONNRESET) || errors.Is(err, io.EOF)
}

// backoff is the wait before retry n with jitter: between half of and the
// full exponential delay.
func (c *Client) backoff(n int) time.Duration {
	d := c.retry.delay(n)
	if half := d / 2; half > 0 {
		d = half + rand.N(half+1)
	}
	return d
}

func sleep(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// roundTrip sends req once and classifies the answer.
func (c *Client) roundTrip(ctx context.Context, req *request, token string) (*response, error) {
	u := c.baseURL + req.path
	q := req.query
	if token != "" {
		q = cloneValues(q)
		q.Set("access_token", token)
	}
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	var body io.Reader
	if req.body != nil {
		body = bytes.NewReader(req.body)
	}
	hreq, err := http.NewRequestWithContext(ctx, req.method, u, body)
	if err != nil {
		return nil, fmt.Errorf("wecom %s: %w", req.path, err)
	}
	if req.contentType != "" {
		hreq.Header.Set("Content-Type", req.contentType)
	}
	if !req.raw {
		hreq.Header.Set("Accept", "application/json")
	}

	started := time.Now()
	hres, err := c.hc.Do(hreq)
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil {
			// Report the caller's cancellation plainly, not wrapped in
			// a *url.Error with the URL (which holds the token).
			return nil, fmt.Errorf("wecom %s: %w", req.path, ctxErr)
		}
		return nil, fmt.Errorf("wecom %s: %w", req.path, redactURLError(err))
	}
	defer hres.Body.Close()
	data, err := io.ReadAll(io.LimitReader(hres.Body, maxBody+1))
	if err != nil {
		return nil, fmt.Errorf("wecom %s: reading answer: %w", req.path, err)
	}
	if len(data) > maxBody {
		return nil, &ResponseError{Path: req.path, Reason: fmt.Sprintf("answer larger than %d bytes", maxBody),
			ContentType: hres.Header.Get("Content-Type")}
	}
	c.log.DebugContext(ctx, "wecom call", "method", req.method, "path", req.path,
		"status", hres.StatusCode, "bytes", len(data), "duration", time.Since(started))

	if hres.StatusCode != http.StatusOK {
		return nil, &HTTPError{StatusCode: hres.StatusCode, Status: hres.Status, Path: req.path, Body: snippet(data)}
	}
	if req.raw && !isJSONError(hres.Header, data) {
		return &response{header: hres.Header, body: data}, nil
	}
	return c.checkErrcode(req, hres.Header, data)
}

// envelope is what every WeCom JSON answer starts with.
type envelope struct {
	ErrCode *int   `json:"errcode"`
	ErrMsg  string `json:"errmsg"`
}

// checkErrcode decides success by errcode alone (errmsg may be "ok", "",
// "created", ...).
func (c *Client) checkErrcode(req *request, h http.Header, data []byte) (*response, error) {
	var env envelope
	if err := json.Unmarshal(data, &env); err != nil {
		return nil, &ResponseError{Path: req.path, Reason: "answer is not a JSON object",
			ContentType: h.Get("Content-Type"), Body: snippet(data), Err: err}
	}
	if env.ErrCode == nil {
		if req.errcodeOptional {
			return &response{header: h, body: data}, nil
		}
		return nil, &ResponseError{Path: req.path, Reason: "answer has no errcode",
			ContentType: h.Get("Content-Type"), Body: snippet(data)}
	}
	if code := errcode.Code(*env.ErrCode); code != errcode.OK {
		return nil, &APIError{Code: code, Msg: env.ErrMsg, Path: req.path, body: data}
	}
	return &response{header: h, body: data}, nil
}

func cloneValues(v url.Values) url.Values {
	out := make(url.Values, len(v)+1)
	for k, vs := range v {
		out[k] = vs
	}
	return out
}

// redactURLError strips the URL (which carries the access token or the
// secret) from a transport error.
func redactURLError(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s: %w", strings.ToLower(ue.Op), ue.Err)
	}
	return err
}
