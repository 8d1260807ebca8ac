package mockserver

// The web login flows the mock serves to a browser: the OAuth2 authorize
// page (网页授权, login_oauth.go) and the QR-code login (扫码登录,
// qrlogin*.go), both ending in a redirect to the app's redirect_uri with a
// code that auth/getuserinfo exchanges. This file holds what they share in
// the Go API: who logs in, and the error the login methods return.

import (
	"errors"
	"fmt"

	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// whoOf is a in the store's terms.
func whoOf(a LoginAs) store.Who {
	return store.Who{UserID: a.UserID, Visitor: a.Visitor || a.OpenID != "", OpenID: a.OpenID}
}

func loginAsOf(n store.NextLogin) LoginAs {
	return LoginAs{UserID: n.Who.UserID, Visitor: n.Who.Visitor, OpenID: n.Who.OpenID, CorpID: n.CorpID}
}

// loginError turns a store error of a login operation into a *RequestError
// that says what to do; other errors pass through.
func loginError(err error, corpID string, agentID int, who LoginAs) error {
	var se *store.QRStateError
	switch {
	case err == nil:
		return nil
	case errors.As(err, &se):
		return &RequestError{Conflict: true, Reason: qrStateAdvice(se)}
	case errors.Is(err, store.ErrWhoLogsIn):
		return &RequestError{Reason: `say who logs in: "userid" for a member, or "visitor": true (optionally with "openid") for a visitor who is not a member — not both`}
	case errors.Is(err, store.ErrQRLoginNotFound):
		return &RequestError{NotFound: true, Reason: "no such QR login (a reset or a fixture load forgets them all)"}
	case errors.Is(err, store.ErrCorpNotFound):
		return &RequestError{NotFound: true, Reason: fmt.Sprintf("corp %q not found", corpID)}
	case errors.Is(err, store.ErrAppNotFound):
		return &RequestError{NotFound: true, Reason: fmt.Sprintf("corp %q has no app with agentid %d", corpID, agentID)}
	case errors.Is(err, store.ErrMemberNotFound):
		where := "any corp"
		if corpID != "" {
			where = fmt.Sprintf("corp %q", corpID)
		}
		return &RequestError{NotFound: true, Reason: fmt.Sprintf("%s has no member %q", where, who.UserID)}
	case errors.Is(err, store.ErrBadRedirectURI):
		return &RequestError{Reason: `"redirect_uri" must be an absolute http(s) URL`}
	case errors.Is(err, store.ErrRedirectUntrusted):
		return &RequestError{Reason: fmt.Sprintf("redirect_uri is not under a trusted domain of app %d of corp %q (add its host[:port] to trusted_domains in the fixtures)", agentID, corpID)}
	case errors.Is(err, store.ErrNextLoginsFull):
		return &RequestError{Reason: "the next-login queue is full (1000 entries); DELETE /_mock/login/next empties it"}
	}
	return err
}

func qrStateAdvice(se *store.QRStateError) string {
	msg := fmt.Sprintf("cannot %s a QR login that is %s", se.Action, se.Status)
	switch {
	case se.Status == store.QRWaiting && se.Action == "confirm":
		return msg + ": scan it first"
	case se.Status == store.QRExpired:
		return msg + ": start a new one (the page's refresh link does)"
	}
	return msg
}
