package mockserver

import (
	"errors"
	"fmt"
	"net/http"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// In WeCom terms a store error becomes its errcode (the kernel's table),
// for the Go and control APIs (*Error) and for the WeCom API (apiError) alike.
func TestStoreErrorWeComTerms(t *testing.T) {
	for _, m := range []struct {
		err  error
		code errcode.Code
	}{
		{store.ErrUserIDExists, errcode.UserIDExisted},
		{store.ErrDepartmentNotFound, errcode.DepartmentNotFound},
		{store.ErrTagNotFound, errcode.InvalidTagID},
		{store.ErrNotVisible, errcode.NoPrivilege},
		{store.ErrPreAuthCodeInvalid, errcode.InvalidPreAuthCode},
	} {
		wrapped := fmt.Errorf("context: %w", m.err)
		err := storeError(wrapped, subject{terms: wecomTerms})
		var e *Error
		if !errors.As(err, &e) || e.Code != m.code || !errors.Is(err, m.code) || e.Status != codeStatus(m.code) {
			t.Errorf("%v: %#v", m.err, err)
			continue
		}
		var ae *apiError
		if !errors.As(apiErrorOf(err), &ae) || ae.Code != m.code || ae.Phrase() != (&apiError{Code: m.code}).Phrase() {
			t.Errorf("%v: the WeCom API gets %#v", m.err, apiErrorOf(err))
		}
	}
	holder := fmt.Errorf("%w", &store.HolderError{Err: store.ErrMobileExists, UserID: "lisi"})
	if e, ok := storeError(holder, subject{terms: wecomTerms}).(*Error); !ok || e.Code != errcode.MobileExisted || e.Msg != "mobile existed:lisi" || e.Status != http.StatusConflict {
		t.Errorf("holder: %#v", e)
	}
}

// An error the store does not define passes through, and nil stays nil.
func TestStoreErrorPassesOthers(t *testing.T) {
	other := errors.New("boom")
	for _, terms := range []vocabulary{wecomTerms, codeTerms, suiteTerms, loginTerms, callbackTerms} {
		if err := storeError(other, subject{terms: terms}); err != other {
			t.Errorf("terms %d: %v", terms, err)
		}
		if err := storeError(nil, subject{terms: terms}); err != nil {
			t.Errorf("terms %d: nil became %v", terms, err)
		}
	}
	if err := apiErrorOf(badRequest("x")); !errors.As(err, new(*Error)) {
		t.Errorf("an *Error without errcode reached the WeCom API as %#v", err)
	}
}

func TestErrorText(t *testing.T) {
	for _, tt := range []struct {
		err  *Error
		want string
	}{
		{notFoundErr("corp %q not found", "x"), `corp "x" not found`},
		{codedErr(errcode.UserIDExisted, ""), "userid existed (errcode 60102)"},
	} {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("%#v: %q, want %q", tt.err, got, tt.want)
		}
	}
}
