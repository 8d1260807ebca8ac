package contract

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wecom-mock/wecom-mock/catalog"
)

// ErrRefused is the error for an API the catalog does not mark read-only.
var ErrRefused = errors.New("refused: not marked read-only in the endpoint catalog")

// maxAnswer bounds one answer read into memory.
const maxAnswer = 32 << 20

// Which credential a call carries.
const (
	credNone     = "none"
	credContacts = "contacts"
	credApp      = "app"
)

// session calls one target, caching its tokens and the members it picked.
type session struct {
	t       Target
	hc      *http.Client
	close   func() // closes hc's idle connections if the session made hc
	agentID int
	tokens  map[string]string // by credential
	visible string            // a member in the app's range, once found
	outside *string           // a member outside it ("" if none), once looked for
}

func newSession(t Target, agentID int) *session {
	hc, closeIdle := t.httpClient()
	return &session{t: t, hc: hc, close: closeIdle, agentID: agentID, tokens: map[string]string{}}
}

// readOnly is the gate every request passes.
func readOnly(path string) error {
	e, ok := catalog.Default().Lookup(path)
	if !ok || !e.ReadOnly {
		return fmt.Errorf("%s: %w", path, ErrRefused)
	}
	return nil
}

// call sends one request and returns the raw answer. A nil body is a GET.
func (s *session) call(ctx context.Context, path, cred string, q url.Values, body any) ([]byte, error) {
	if err := readOnly(path); err != nil {
		return nil, err
	}
	q = cloneQuery(q)
	if cred != credNone {
		tok, err := s.token(ctx, cred)
		if err != nil {
			return nil, err
		}
		q.Set("access_token", tok)
	}
	u := s.t.BaseURL + path
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	method, rd := http.MethodGet, io.Reader(nil)
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, err
		}
		method, rd = http.MethodPost, bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, u, rd)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	res, err := s.hc.Do(req)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL holds a secret or a token
		}
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, maxAnswer+1))
	switch {
	case err != nil:
		return nil, fmt.Errorf("%s: reading the answer: %w", path, err)
	case len(data) > maxAnswer:
		return nil, fmt.Errorf("%s: answer larger than %d bytes", path, maxAnswer)
	case res.StatusCode != http.StatusOK:
		return nil, fmt.Errorf("%s: HTTP %s", path, res.Status)
	}
	return data, nil
}

// token gets (once) the access token of a credential.
func (s *session) token(ctx context.Context, cred string) (string, error) {
	if tok, ok := s.tokens[cred]; ok {
		return tok, nil
	}
	data, err := s.gettoken(ctx, cred)
	if err != nil {
		return "", err
	}
	var out struct {
		ErrCode     int    `json:"errcode"`
		AccessToken string `json:"access_token"`
	}
	if err := json.Unmarshal(data, &out); err != nil || out.ErrCode != 0 || out.AccessToken == "" {
		return "", fmt.Errorf("gettoken with the %s secret: errcode %d", cred, out.ErrCode)
	}
	s.tokens[cred] = out.AccessToken
	return out.AccessToken, nil
}

func (s *session) gettoken(ctx context.Context, cred string) ([]byte, error) {
	secret := s.t.ContactsSecret
	if cred == credApp {
		secret = s.t.AppSecrets[s.agentID]
	}
	return s.call(ctx, "/cgi-bin/gettoken", credNone, url.Values{"corpid": {s.t.CorpID}, "corpsecret": {secret}}, nil)
}

func (s *session) agentQuery() url.Values {
	return url.Values{"agentid": {strconv.Itoa(s.agentID)}}
}

func cloneQuery(q url.Values) url.Values {
	out := url.Values{}
	for k, v := range q {
		out[k] = append([]string(nil), v...)
	}
	return out
}
