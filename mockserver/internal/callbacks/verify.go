package callbacks

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// verify runs the admin console's URL verification against t: GET
// ?msg_signature&timestamp&nonce&echostr (URL-encoded), where echostr
// encrypts a random decimal string with receiveid t.ReceiveID; the URL must
// answer 200 with exactly that string (no quotes, BOM or newline) within the
// verification limit.
func (e *Engine) verify(ctx context.Context, t Target) mockctl.CallbackVerification {
	expected := e.randomDigits(19)
	v := mockctl.CallbackVerification{Expected: expected}
	crypt, err := wxcrypt.New(t.Token, t.EncodingAESKey, t.ReceiveID)
	if err != nil {
		v.Error = err.Error()
		return v
	}
	ts := strconv.FormatInt(e.now().Unix(), 10)
	nonce := e.randomDigits(10)
	echostr, sig, err := crypt.EncryptWithRandom([]byte(expected), ts, nonce, e.randomPrefix())
	if err != nil {
		v.Error = err.Error()
		return v
	}
	v.Request = withQuery(t.URL, verifyQuery(sig, ts, nonce, echostr))
	status, resp, latency, err := e.roundTrip(ctx, http.MethodGet, v.Request, nil, e.verifyTimeout)
	v.Status, v.LatencyMS, v.Response = status, ms(latency), truncate(resp, maxJournalResponse)
	switch {
	case err != nil:
		v.Error = err.Error()
	case status != http.StatusOK:
		v.Error = fmt.Sprintf("answered HTTP %d, want 200 with the echostr plaintext", status)
	case string(resp) != expected:
		v.Error = fmt.Sprintf("answered %q, want exactly the echostr plaintext %q (no quotes, BOM or newline)", truncate(resp, 64), expected)
	default:
		v.Verified = true
	}
	return v
}

// verifyQuery is the query of a verification GET: echostr is URL-encoded
// (base64 has '+', '/' and '=').
func verifyQuery(sig, ts, nonce, echostr string) string {
	return "msg_signature=" + sig + "&timestamp=" + ts + "&nonce=" + nonce + "&echostr=" + url.QueryEscape(echostr)
}
