package refapp

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// wecomCall calls a WeCom API the client SDK has no method for: the token
// comes from the client (cached and refreshed there), the answer's errcode
// becomes a *client.APIError like the SDK's own. in nil means GET.
func (a *App) wecomCall(ctx context.Context, wc *client.Client, path string, query url.Values, in, out any) error {
	token, err := wc.Token(ctx)
	if err != nil {
		return err
	}
	q := url.Values{}
	for k, v := range query {
		q[k] = v
	}
	q.Set("access_token", token)
	method, body := http.MethodGet, io.Reader(nil)
	if in != nil {
		data, err := json.Marshal(in)
		if err != nil {
			return err
		}
		method, body = http.MethodPost, bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.cfg.APIBaseURL+path+"?"+q.Encode(), body)
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	res, err := a.cfg.HTTPClient.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	data, err := io.ReadAll(io.LimitReader(res.Body, 4<<20))
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return &client.HTTPError{StatusCode: res.StatusCode, Status: res.Status, Path: path}
	}
	var head struct {
		ErrCode int    `json:"errcode"`
		ErrMsg  string `json:"errmsg"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return fmt.Errorf("wecom %s: %w", path, err)
	}
	if head.ErrCode != 0 {
		return &client.APIError{Code: errcode.Code(head.ErrCode), Msg: head.ErrMsg, Path: path}
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}
