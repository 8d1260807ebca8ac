package mockserver

import (
	"errors"
	"net/http"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The member's side of mass messages (企业群发), as a Go method and the
// control API (POST /_mock/externalcontact/groupmsg/send): the member
// confirms their task in the WeCom client and their customers or groups
// receive the message (https://developer.work.weixin.qq.com/document/path/92135:
// "需要成员确认后才会执行发送").

// Mass message control types, spelled mockserver.X in the Go API.
type (
	GroupMsgSend = mockctl.GroupMsgSend
	GroupMsgSent = mockctl.GroupMsgSent
)

func (s *Server) groupMsgControlRoutes(handle func(string, controlFunc, ...string)) {
	handle("/externalcontact/groupmsg/send", s.ctlSendGroupMsg, http.MethodPost)
}

// SendGroupMsg has member req.UserID send their part of mass message
// req.MsgID now: the task becomes sent (status 2, send_time the virtual
// now), each of their customers still following them gets it (status 1;
// the others status 2) and each of their groups that still exists. A
// cancelled message or a task already sent is a conflict (409); an
// unknown msgid or a member without a task is not found (404).
func (s *Server) SendGroupMsg(req GroupMsgSend) (GroupMsgSent, error) {
	if req.MsgID == "" || req.UserID == "" {
		return GroupMsgSent{}, badRequest(`"msgid" and "userid" are required`)
	}
	res, err := s.store.SendGroupMsg(req.CorpID, req.MsgID, req.UserID)
	switch {
	case errors.Is(err, store.ErrGroupMsgNotFound), errors.Is(err, store.ErrGroupMsgNoTask):
		return GroupMsgSent{}, notFoundErr("%s", plainWords(err))
	case errors.Is(err, store.ErrGroupMsgCancelled), errors.Is(err, store.ErrGroupMsgAlreadySent):
		return GroupMsgSent{}, conflictErr("%s", plainWords(err))
	case err != nil:
		return GroupMsgSent{}, customerErr(err)
	}
	return GroupMsgSent{Status: res.Status, SendTime: res.SendTime, Sent: res.Sent, Failed: res.Failed}, nil
}

// POST /_mock/externalcontact/groupmsg/send
func (s *Server) ctlSendGroupMsg(r *http.Request) (any, error) {
	var req GroupMsgSend
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	return controlAnswer(s.SendGroupMsg(req))
}
