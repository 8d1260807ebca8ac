package store

import "errors"

// Sentinel errors. The server maps each to the errcode the real WeCom sends
// for that situation, which can differ by endpoint.
var (
	ErrCorpNotFound   = errors.New("store: corp not found")
	ErrSecretMismatch = errors.New("store: secret does not belong to this corp")
	ErrSecretOfOther  = errors.New("store: secret belongs to another corp")
	ErrAppNotFound    = errors.New("store: app not found")
	ErrMemberNotFound = errors.New("store: member not found")
	ErrNoMiniProgram  = errors.New("store: app has no bound mini program")
	// ErrMiniProgramNotFound: no app of any corp is bound to the appid.
	ErrMiniProgramNotFound = errors.New("store: no app is bound to the mini program")
	// ErrMiniProgramMismatch: the app is bound to another mini program.
	ErrMiniProgramMismatch = errors.New("store: app is bound to another mini program")
	ErrTokenUnknown        = errors.New("store: token unknown")
	ErrTokenExpired        = errors.New("store: token expired")
	ErrCodeInvalid         = errors.New("store: code unknown, used or expired")
	ErrCodeOtherApp        = errors.New("store: code was issued for another app")
	ErrBadCodeKind         = errors.New("store: unknown code kind")
	ErrNotVisible          = errors.New("store: member outside the app's visible range")
)
