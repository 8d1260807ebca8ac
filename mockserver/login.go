package mockserver

// The web login flows the mock serves to a browser: the OAuth2 authorize
// page (网页授权, login_oauth.go) and the QR-code login (扫码登录,
// qrlogin*.go), both ending in a redirect to the app's redirect_uri with a
// code that auth/getuserinfo exchanges. This file holds what they share in
// the Go API: who logs in.

import "github.com/wecom-mock/wecom-mock/mockserver/internal/store"

// whoOf is a in the store's terms.
func whoOf(a LoginAs) store.Who {
	return store.Who{UserID: a.UserID, Visitor: a.Visitor || a.OpenID != "", OpenID: a.OpenID}
}

func loginAsOf(n store.NextLogin) LoginAs {
	return LoginAs{UserID: n.Who.UserID, Visitor: n.Who.Visitor, OpenID: n.Who.OpenID, CorpID: n.CorpID}
}
