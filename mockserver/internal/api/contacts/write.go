package contacts

import (
	"encoding/json"
	"reflect"
	"strconv"
	"strings"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The contact write APIs: members and departments are written with the
// contacts-sync token only (48002 otherwise); tag members with the
// contacts-sync token (an app token gets 81011: the fixtures' tags were not
// created by the app). Every change causes change_contact callbacks, except
// back to the contact-sync assistant itself (the store leaves it out of the
// change's receivers).

// publish finishes a contact write: a store error becomes its WeCom error,
// a change is handed to Publish, whose delivery ids it returns.
func (a *API) publish(ch store.ContactChange, err error) (store.ContactChange, []string, error) {
	if err != nil {
		return ch, nil, kernel.StoreError(err)
	}
	return ch, a.deliver(ch), nil
}

// deliver hands ch to Publish.
func (a *API) deliver(ch store.ContactChange) []string {
	if a.Publish == nil {
		return []string{}
	}
	return a.Publish(ch)
}

// intList is a JSON array of numbers (or of strings holding numbers).
type intList []int64

func (l *intList) UnmarshalJSON(b []byte) error {
	var raw []json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	out := make(intList, len(raw))
	for i, r := range raw {
		n, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(string(r)), `"`), 10, 64)
		if err != nil {
			return &json.UnmarshalTypeError{Value: string(r), Type: reflect.TypeFor[int64]()}
		}
		out[i] = n
	}
	*l = out
	return nil
}

func (l intList) ints() []int {
	out := make([]int, len(l))
	for i, v := range l {
		out[i] = int(v)
	}
	return out
}

// stringOrNumber is a JSON string or number read as a string (gender: SDKs
// send "1" or 1).
type stringOrNumber string

func (f *stringOrNumber) UnmarshalJSON(b []byte) error {
	var id kernel.IDListField
	if err := id.UnmarshalJSON(b); err != nil {
		return err
	}
	*f = stringOrNumber(id)
	return nil
}
