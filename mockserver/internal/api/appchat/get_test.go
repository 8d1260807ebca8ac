package appchat_test

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

func TestGetErrors(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t)
	otherID := createChat(t, srv, testkit.Token(t, srv, testkit.Corp1, otherSecret), map[string]any{"userlist": []string{"zhangsan", "lisi"}})
	tests := []struct {
		name string
		kv   []string
		want errcode.Code
	}{
		{"no chatid", nil, errcode.ChatIDMissing},
		{"empty chatid", []string{"chatid", ""}, errcode.ChatIDMissing},
		{"unknown chat", []string{"chatid", "nosuchchat"}, errcode.ChatIDNotFound},
		{"another app's chat", []string{"chatid", otherID}, errcode.ChatNotCreatedByApp},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/appchat/get", append([]string{"access_token", tok}, tt.kv...)...), tt.want)
		})
	}
}

// Chats are runtime state: a reset forgets them.
func TestResetForgetsChats(t *testing.T) {
	t.Parallel()
	srv, tok := newRootServer(t)
	id := createChat(t, srv, tok, map[string]any{"userlist": []string{"zhangsan", "lisi"}, "chatid": "gone"})
	srv.Reset()
	tok = testkit.AppToken(t, srv)
	testkit.GetWeComError(t, testkit.URL(srv, "/cgi-bin/appchat/get", "access_token", tok, "chatid", id), errcode.ChatIDNotFound)
	createChat(t, srv, tok, map[string]any{"userlist": []string{"zhangsan", "lisi"}, "chatid": "gone"})
}
