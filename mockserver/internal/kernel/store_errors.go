package kernel

import (
	"errors"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// storeCodes are the errcodes of the store's errors where every WeCom API
// that meets them answers the same (contact reads and writes, pre_auth_code).
// Errors whose errcode depends on the endpoint (a code, a token, a ticket…)
// are mapped by their endpoints.
var storeCodes = []struct {
	err  error
	code errcode.Code
}{
	{store.ErrUserIDExists, errcode.UserIDExisted},
	{store.ErrMemberNotFound, errcode.UserIDNotFound},
	{store.ErrLeaderNotFound, errcode.UserIDNotFound},
	{store.ErrDepartmentNotFound, errcode.DepartmentNotFound},
	{store.ErrParentNotFound, errcode.ParentDeptNotFound},
	{store.ErrDepartmentExists, errcode.DeptExisted},
	{store.ErrDepartmentHasMembers, errcode.DeptHasMembers},
	{store.ErrDepartmentHasChildren, errcode.DeptHasChildren},
	{store.ErrRootDepartment, errcode.DeleteRootDept},
	{store.ErrDepartmentCycle, errcode.DeptCycle},
	// Deeper than 15 levels; the real errcode is not documented.
	{store.ErrDepartmentTooDeep, errcode.InvalidParameter},
	{store.ErrTagNotFound, errcode.InvalidTagID},
	{store.ErrCorpNotFound, errcode.InvalidCorpID},
	{store.ErrConcurrentChange, errcode.SystemBusy},
	// A department outside the token's visible range, or a token of an app
	// that is gone.
	{store.ErrNotVisible, errcode.NoPrivilege},
	{store.ErrAppNotFound, errcode.NoPrivilege},
	{store.ErrPreAuthCodeExpired, errcode.PreAuthCodeExpired},
	{store.ErrPreAuthCodeInvalid, errcode.InvalidPreAuthCode},
	// WeCom's frequency limits (limits.go), when they are on.
	{store.ErrFreqLimited, errcode.FreqOutOfLimit},
	{store.ErrTooConcurrent, errcode.ConcurrentOutOfLimit},
}

// StoreCode is the errcode, and the errmsg phrase if not the code's own,
// that every WeCom API answers for an error of the store; ok is false for
// an error whose errcode depends on the endpoint.
func StoreCode(err error) (code errcode.Code, text string, ok bool) {
	var holder *store.HolderError
	var coded errcode.Code
	switch {
	case errors.As(err, &coded):
		// The 客户联系 world answers with the errcode itself.
		return coded, "", true
	case errors.As(err, &holder) && errors.Is(err, store.ErrMobileExists):
		return errcode.MobileExisted, "mobile existed:" + holder.UserID, true
	case errors.As(err, &holder) && errors.Is(err, store.ErrEmailExists):
		return errcode.EmailExisted, "email existed:" + holder.UserID, true
	}
	for _, m := range storeCodes {
		if errors.Is(err, m.err) {
			return m.code, "", true
		}
	}
	return 0, "", false
}

// StoreError is StoreCode's answer as the WeCom API's error; an error it
// does not know is returned as is (the writer answers it as -1).
func StoreError(err error) error {
	if code, text, ok := StoreCode(err); ok {
		return &APIError{Code: code, Text: text}
	}
	return err
}
