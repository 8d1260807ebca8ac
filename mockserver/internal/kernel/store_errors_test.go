package kernel

import (
	"errors"
	"fmt"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

func TestStoreErrorEveryRow(t *testing.T) {
	for _, m := range storeCodes {
		err := StoreError(fmt.Errorf("context: %w", m.err))
		var ae *APIError
		if !errors.As(err, &ae) || ae.Code != m.code || ae.Phrase() != (&APIError{Code: m.code}).Phrase() {
			t.Errorf("%v: %#v", m.err, err)
		}
	}
	holder := fmt.Errorf("%w", &store.HolderError{Err: store.ErrEmailExists, UserID: "lisi"})
	if code, text, ok := StoreCode(holder); !ok || code != errcode.EmailExisted || text != "email existed:lisi" {
		t.Errorf("holder: %v %q %v", code, text, ok)
	}
	other := errors.New("boom")
	if StoreError(other) != other {
		t.Error("an error the store does not define must pass through")
	}
}
