package mockserver

import (
	"errors"
	"fmt"
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Error is why the server refused a request of its Go API or of the control
// API (minting a code, driving a login, configuring a callback, changing
// contacts, installing a suite, …). The control API answers it with Status
// and {"error": Error()}.
//
// A contact change refused the way the WeCom API refuses it carries that
// errcode, and errors.Is(err, errcode.UserIDExisted) works.
type Error struct {
	// Status is the HTTP status the control API answers: 400 for a
	// malformed request, 404 when something named does not exist (a corp,
	// app, member, suite, QR login, …), 409 when the current state does not
	// allow the action, 413, 422 or 504.
	Status int
	// Code is the WeCom errcode of the refusal where WeCom has one (contact
	// changes), 0 otherwise.
	Code errcode.Code
	// Msg says what is wrong: a WeCom errmsg phrase for a Code, else plain
	// words, often with how to fix the request or the fixtures.
	Msg string
}

func (e *Error) Error() string {
	if e.Code != errcode.OK {
		return fmt.Sprintf("%s (errcode %d)", e.Msg, int(e.Code))
	}
	return e.Msg
}

// Is matches an errcode.Code target.
func (e *Error) Is(target error) bool {
	c, ok := target.(errcode.Code)
	return ok && e.Code != errcode.OK && c == e.Code
}

func statusErr(status int, format string, args ...any) *Error {
	return &Error{Status: status, Msg: fmt.Sprintf(format, args...)}
}

func badRequest(format string, args ...any) *Error {
	return statusErr(http.StatusBadRequest, format, args...)
}

func notFoundErr(format string, args ...any) *Error {
	return statusErr(http.StatusNotFound, format, args...)
}

func conflictErr(format string, args ...any) *Error {
	return statusErr(http.StatusConflict, format, args...)
}

// codedErr is a refusal with a WeCom errcode; msg "" is the code's errmsg
// phrase.
func codedErr(code errcode.Code, msg string) *Error {
	if msg == "" {
		msg = (&apiError{Code: code}).Phrase()
	}
	return &Error{Status: codeStatus(code), Code: code, Msg: msg}
}

// codeStatus is the control API's status for a refusal with a WeCom errcode.
func codeStatus(code errcode.Code) int {
	switch code {
	case errcode.InvalidCorpID, errcode.UserIDNotFound, errcode.DepartmentNotFound, errcode.InvalidTagID, errcode.ParentDeptNotFound,
		errcode.InvalidExternalUserID, errcode.NotExternalContact, errcode.InvalidConfigID, errcode.InvalidGroupMsgID:
		return http.StatusNotFound
	case errcode.UserIDExisted, errcode.MobileExisted, errcode.EmailExisted, errcode.DeptExisted, errcode.DeptHasMembers, errcode.DeptHasChildren:
		return http.StatusConflict
	}
	return http.StatusBadRequest
}

// errorOf is err for the Go and control APIs: the WeCom API's error (of a
// check they share with it) becomes an *Error with its errcode; anything
// else is returned as is.
func errorOf(err error) error {
	var ae *apiError
	if errors.As(err, &ae) {
		return codedErr(ae.Code, ae.Phrase())
	}
	return err
}

// apiErrorOf is err for the WeCom API: an *Error with an errcode becomes the
// API's error (its errmsg phrase, its extra fields); anything else is
// returned as is, which the API writer answers as -1 (system busy) and logs.
func apiErrorOf(err error) error {
	var e *Error
	if errors.As(err, &e) && e.Code != errcode.OK {
		return &apiError{Code: e.Code, Text: e.Msg}
	}
	return err
}

// vocabulary is how a refusal is told.
type vocabulary uint8

const (
	// wecomTerms: an errcode and its WeCom errmsg phrase, as the WeCom API
	// answers (and the Go and control APIs of contact changes, which mirror
	// it).
	wecomTerms vocabulary = iota
	// The control API's plain words, phrased for what was asked.
	codeTerms     // minting a login code
	suiteTerms    // suites: installs, suite codes, tickets, callbacks
	loginTerms    // next logins and QR logins
	callbackTerms // callback configuration and triggers
)

// subject is what an operation was about, for the message of its refusal.
type subject struct {
	terms       vocabulary
	corpID      string
	agentID     int
	userID      string
	suiteID     string
	kind        string
	scope       string
	redirectURI string
	appID       string // a mini program's
}

// storeError maps an error of the store to the refusal the Go, control and
// WeCom APIs give for it: the one place where the store's errors
// (internal/store) become errcodes, statuses and messages. The WeCom API
// takes the result through apiErrorOf. nil stays nil; an error the store
// does not define, or one that about's vocabulary has no words for, is
// returned as is.
func storeError(err error, about subject) error {
	if err == nil {
		return nil
	}
	if about.terms == wecomTerms {
		return wecomStoreError(err)
	}
	a := about
	var qs *store.QRStateError
	switch {
	case errors.As(err, &qs):
		return conflictErr("%s", qrStateAdvice(qs))
	case errors.Is(err, store.ErrCorpNotFound):
		return notFoundErr("corp %q not found", a.corpID)
	case errors.Is(err, store.ErrAppNotFound) && a.terms == callbackTerms:
		return notFoundErr("corp %q has no app with agentid %d (agentid 0 is the contact-sync assistant)", a.corpID, a.agentID)
	case errors.Is(err, store.ErrAppNotFound):
		return notFoundErr("corp %q has no app with agentid %d", a.corpID, a.agentID)
	case errors.Is(err, store.ErrMemberNotFound):
		where := "any corp"
		if a.corpID != "" {
			where = fmt.Sprintf("corp %q", a.corpID)
		}
		return notFoundErr("%s has no member %q", where, a.userID)
	case errors.Is(err, store.ErrNotVisible):
		return badRequest("member %q is outside the visible range of app %d, so cannot use it", a.userID, a.agentID)
	case errors.Is(err, store.ErrNoMiniProgram):
		return badRequest("app %d of corp %q has no bound mini program (add miniprogram: {appid: ...} to its fixture)", a.agentID, a.corpID)
	case errors.Is(err, store.ErrMiniProgramNotFound):
		return notFoundErr("no app of any corp is bound to mini program %q (bind it with miniprogram: {appid: ...} in an app's fixture)", a.appID)
	case errors.Is(err, store.ErrMiniProgramMismatch):
		return badRequest("app %d of corp %q is bound to another mini program than %q (leave out \"agentid\" for a code of a corp that has not bound it)", a.agentID, a.corpID, a.appID)
	case errors.Is(err, store.ErrBadCodeKind) && a.terms == suiteTerms:
		return badRequest(`"kind" must be "miniprogram" or "oauth"`)
	case errors.Is(err, store.ErrBadCodeKind):
		return badRequest("unknown code kind %q (supported: miniprogram, oauth, qrcode)", a.kind)
	case errors.Is(err, store.ErrScopeForQRCode):
		return badRequest(`a qrcode code is always snsapi_base: leave "scope" out`)
	case errors.Is(err, store.ErrBadScope) && a.terms == suiteTerms:
		return badRequest(`"scope" must be snsapi_base or snsapi_privateinfo, and only for an oauth code`)
	case errors.Is(err, store.ErrBadScope):
		return badRequest(`unknown scope %q (supported: snsapi_base, snsapi_privateinfo)`, a.scope)
	case errors.Is(err, store.ErrBadRedirectURI) && a.terms == codeTerms:
		return badRequest(`"redirect_uri" %q is not an absolute http(s) URL`, a.redirectURI)
	case errors.Is(err, store.ErrBadRedirectURI):
		return badRequest(`"redirect_uri" must be an absolute http(s) URL`)
	case errors.Is(err, store.ErrOpenIDForMember):
		return badRequest(`"openid" is only for a non-member visitor: leave "userid" empty`)
	case errors.Is(err, store.ErrRedirectUntrusted):
		return badRequest("redirect_uri is not under a trusted domain of app %d of corp %q (add its host[:port] to trusted_domains in the fixtures, or to login_domains for a QR login)", a.agentID, a.corpID)
	case errors.Is(err, store.ErrWhoLogsIn):
		return badRequest(`say who logs in: "userid" for a member, or "visitor": true (optionally with "openid") for a visitor who is not a member — not both`)
	case errors.Is(err, store.ErrQRLoginNotFound):
		return notFoundErr("no such QR login (a reset or a fixture load forgets them all)")
	case errors.Is(err, store.ErrNextLoginsFull):
		return badRequest("the next-login queue is full (1000 entries); DELETE /_mock/login/next empties it")
	case errors.Is(err, store.ErrSuiteNotFound):
		return notFoundErr("suite %q not found", a.suiteID)
	case errors.Is(err, store.ErrNotAuthorized):
		return notFoundErr("corp %q has not installed suite %q", a.corpID, a.suiteID)
	case errors.Is(err, store.ErrAlreadyAuthorized):
		return conflictErr("corp %q has already installed suite %q (cancel_auth first)", a.corpID, a.suiteID)
	case errors.Is(err, store.ErrNotCustomized):
		return badRequest("suite %q is not a 代开发 template: only those have reset_permanent_code", a.suiteID)
	case errors.Is(err, store.ErrPreAuthCodeExpired):
		return badRequest("pre_auth_code expired (it is valid 1200 s)")
	case errors.Is(err, store.ErrPreAuthCodeInvalid):
		return badRequest("pre_auth_code unknown, already used, or not of suite %q", a.suiteID)
	case errors.Is(err, store.ErrBadPrivilege):
		return badRequest("%s", err.Error())
	}
	return err
}

// wecomStoreError is storeError in wecomTerms: the kernel's errcode of a
// store error, as a refusal of the Go and control APIs.
func wecomStoreError(err error) error {
	if code, text, ok := kernel.StoreCode(err); ok {
		return codedErr(code, text)
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
