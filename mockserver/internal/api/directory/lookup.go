package directory

import (
	"errors"
	"net/http"
	"strings"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// userIDResponse is the answer of the lookups that find a userid.
type userIDResponse struct {
	UserID string `json:"userid"`
}

// Email types of user/get_userid_by_email: the company mailbox (biz_mail,
// the default) or the member's personal email.
const (
	emailTypeCompany  = 1
	emailTypePersonal = 2
)

// userIDByMobile is POST /cgi-bin/user/getuserid {mobile}. Checks, in
// order: the mobile's shape (60103), a member with it whom the token may
// see (46004: an app learns nothing of members outside its range).
func (a *API) userIDByMobile(r *http.Request, c *kernel.Call) (any, error) {
	var body struct {
		Mobile string `json:"mobile"`
	}
	if err := kernel.DecodeJSON(r, &body); err != nil {
		return nil, err
	}
	if !validMobile(body.Mobile) {
		return nil, kernel.Err(errcode.InvalidMobile)
	}
	id, err := a.env.Store.UserIDByMobile(c.Token, body.Mobile)
	if err != nil {
		return nil, lookupError(err)
	}
	return userIDResponse{UserID: id}, nil
}

// userIDByEmail is POST /cgi-bin/user/get_userid_by_email {email,
// email_type}. Checks, in order: email_type 1 or 2 when given (40058), the
// email's shape (60105), a member with it whom the token may see (46004).
func (a *API) userIDByEmail(r *http.Request, c *kernel.Call) (any, error) {
	var body struct {
		Email     string `json:"email"`
		EmailType *int   `json:"email_type"`
	}
	if err := kernel.DecodeJSON(r, &body); err != nil {
		return nil, err
	}
	typ := emailTypeCompany
	if body.EmailType != nil {
		typ = *body.EmailType
	}
	if typ != emailTypeCompany && typ != emailTypePersonal {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	if !validEmail(body.Email) {
		return nil, kernel.Err(errcode.InvalidEmail)
	}
	id, err := a.env.Store.UserIDByEmail(c.Token, body.Email, typ == emailTypeCompany)
	if err != nil {
		return nil, lookupError(err)
	}
	return userIDResponse{UserID: id}, nil
}

// lookupError is the answer of a lookup by mobile or email that found no
// member the token may see: 46004 whether the member is missing or
// outside the app's range.
func lookupError(err error) error {
	if errors.Is(err, store.ErrMemberNotFound) || errors.Is(err, store.ErrNotVisible) {
		return kernel.Err(errcode.UserNotExist)
	}
	return kernel.StoreError(err)
}

// validMobile is the shape WeCom takes for a member's mobile: 5–32 bytes
// (the documented length) of digits, with an optional "+" country prefix
// and spaces or hyphens ("+86 13800000000").
func validMobile(s string) bool {
	if len(s) < 5 || len(s) > 32 {
		return false
	}
	digits := 0
	for i, ch := range s {
		switch {
		case ch >= '0' && ch <= '9':
			digits++
		case ch == '+' && i == 0, ch == ' ', ch == '-':
		default:
			return false
		}
	}
	return digits >= 5
}

// maxEmailBytes is the length of user/create's email and biz_mail.
const maxEmailBytes = 64

// validEmail is an address of one "@" between a local part and a dotted
// domain, without spaces, at most 64 bytes.
func validEmail(s string) bool {
	if len(s) > maxEmailBytes || strings.ContainsAny(s, " \t\r\n") {
		return false
	}
	local, domain, ok := strings.Cut(s, "@")
	if !ok || local == "" || strings.Contains(domain, "@") {
		return false
	}
	dot := strings.LastIndexByte(domain, '.')
	return dot > 0 && dot < len(domain)-1
}
