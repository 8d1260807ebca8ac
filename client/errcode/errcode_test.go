package errcode_test

import (
	"errors"
	"fmt"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// The leading errmsg phrases apps match with strings.Contains; each is the
// text observed from the real API.
func TestObservedPhrases(t *testing.T) {
	for code, want := range map[errcode.Code]string{
		errcode.SystemBusy:           "system busy",
		errcode.InvalidCredential:    "invalid credential",
		errcode.InvalidAccessToken:   "invalid access_token",
		errcode.InvalidCode:          "invalid code",
		errcode.AccessTokenMissing:   "access_token missing",
		errcode.CorpSecretMissing:    "corpsecret missing",
		errcode.AccessTokenExpired:   "access_token expired",
		errcode.FreqOutOfLimit:       "api freq out of limit",
		errcode.NoPrivilege:          "no privilege to access/modify contact/party/agent",
		errcode.UserIDNotFound:       "userid not found",
		errcode.AllListInvalidAdd:    "all list invalid ", // trailing space, as documented
		errcode.AllRecipientsInvalid: "user & party & tag all invalid",
		errcode.AllRecipientsEmpty:   "All touser & toparty & totag invalid",
		errcode.AnotherAgent:         "not allow operate another agent with this accesstoken.",
	} {
		if got := code.Text(); got != want {
			t.Errorf("%d: Text() = %q, want %q", int(code), got, want)
		}
	}
}

func TestEveryCodeHasText(t *testing.T) {
	for _, c := range errcode.All() {
		if !c.Known() || c.Text() == "" {
			t.Errorf("%d has no text", int(c))
		}
	}
	if errcode.Code(123456).Known() {
		t.Error("an unlisted code reports Known")
	}
}

func TestCodeIsAnError(t *testing.T) {
	err := fmt.Errorf("login: %w", errcode.InvalidCode)
	if !errors.Is(err, errcode.InvalidCode) || errors.Is(err, errcode.NoPrivilege) {
		t.Errorf("errors.Is does not match codes through wrapping")
	}
	if got := errcode.InvalidCode.Error(); got != "wecom errcode 40029: invalid code" {
		t.Errorf("Error() = %q", got)
	}
	if got := errcode.Code(123456).Error(); got != "wecom errcode 123456" {
		t.Errorf("Error() of an unlisted code = %q", got)
	}
}

func TestClassification(t *testing.T) {
	for _, tc := range []struct {
		code                   errcode.Code
		retryable, tokenBroken bool
	}{
		{errcode.SystemBusy, true, false},
		{errcode.ConcurrentOutOfLimit, true, false},
		{errcode.FreqOutOfLimit, false, false},
		{errcode.InvalidAccessToken, false, true},
		{errcode.AccessTokenExpired, false, true},
		{errcode.InvalidCredential, false, false},
	} {
		if tc.code.Retryable() != tc.retryable || tc.code.TokenInvalid() != tc.tokenBroken {
			t.Errorf("%d: Retryable=%v TokenInvalid=%v", int(tc.code), tc.code.Retryable(), tc.code.TokenInvalid())
		}
	}
}
