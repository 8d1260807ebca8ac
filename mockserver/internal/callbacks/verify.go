package callbacks

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

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
	// The target's body is never reported back: the control API would
	// otherwise read any address the mock reaches (an internal service's
	// answer). Only the status and a short reason.
	v.Status, v.LatencyMS = status, ms(latency)
	switch {
	case err != nil:
		v.Error = err.Error()
	case status != http.StatusOK:
		v.Error = fmt.Sprintf("answered HTTP %d, want 200 with the echostr plaintext", status)
	case string(resp) != expected:
		v.Error = "answered 200 with " + bodyMismatch(resp, expected) + ", want exactly the echostr plaintext " + strconv.Quote(expected)
	default:
		v.Verified, v.Response = true, expected
	}
	return v
}

// bodyMismatch says how a verification answer differs from the plaintext
// without quoting it.
func bodyMismatch(resp []byte, expected string) string {
	trimmed := strings.Trim(strings.TrimPrefix(strings.TrimSpace(string(resp)), "\uFEFF"), "\"' \t\r\n")
	switch {
	case len(resp) == 0:
		return "an empty body"
	case trimmed == expected:
		return "the plaintext wrapped in quotes, a BOM or white space"
	default:
		return fmt.Sprintf("another body (%d bytes)", len(resp))
	}
}

// verifyQuery is the query of a verification GET: echostr is URL-encoded
// (base64 has '+', '/' and '=').
func verifyQuery(sig, ts, nonce, echostr string) string {
	return "msg_signature=" + sig + "&timestamp=" + ts + "&nonce=" + nonce + "&echostr=" + url.QueryEscape(echostr)
}
