package directory_test

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestAuthSucc(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	tests := []struct {
		name, tok string
		query     []string
		code      errcode.Code
	}{
		{"app, member in range", tok.app, []string{"userid", "lisi"}, 0},
		{"contacts, any member", tok.contacts, []string{"userid", "wangwu"}, 0},
		{"app, member outside its range", tok.app, []string{"userid", "wangwu"}, errcode.NoPrivilege},
		{"unknown member", tok.contacts, []string{"userid", "ghost"}, errcode.UserIDNotFound},
		{"invalid userid", tok.contacts, []string{"userid", "a b"}, errcode.InvalidUserID},
		{"missing userid", tok.contacts, nil, errcode.InvalidParameter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			r := get(t, srv, tt.tok, "/cgi-bin/user/authsucc", tt.query...)
			if tt.code != 0 {
				testkit.WeComError(t, r, tt.code)
				return
			}
			if m := testkit.OK(t, r); len(m) != 2 {
				t.Errorf("answer %s, want errcode and errmsg only", r.Body)
			}
		})
	}
}
