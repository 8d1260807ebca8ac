// Package token is the family of the credentials' own endpoints: gettoken,
// which issues an access token per secret (app, contacts-sync and the
// corp's other secrets), and service/get_provider_token. A token is handed
// out again until it expires on the virtual clock.
package token
