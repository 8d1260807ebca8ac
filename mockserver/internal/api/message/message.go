package message

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel/msgbody"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// sendMessageRequest is the body of message/send
// (https://developer.work.weixin.qq.com/document/path/90236). Only what the
// mock checks is decoded; the inbox keeps the raw body.
type sendMessageRequest struct {
	ToUser                 kernel.IDListField `json:"touser"`
	ToParty                kernel.IDListField `json:"toparty"`
	ToTag                  kernel.IDListField `json:"totag"`
	MsgType                string             `json:"msgtype"`
	AgentID                kernel.IntField    `json:"agentid"`
	Safe                   kernel.IntField    `json:"safe"`
	EnableIDTrans          kernel.IntField    `json:"enable_id_trans"`
	EnableDuplicateCheck   kernel.IntField    `json:"enable_duplicate_check"`
	DuplicateCheckInterval kernel.IntField    `json:"duplicate_check_interval"`
}

// sendMessageResponse is message/send's success body. The invalid lists are
// always present, "" when empty, as in the documented sample.
type sendMessageResponse struct {
	InvalidUser  string `json:"invaliduser"`
	InvalidParty string `json:"invalidparty"`
	InvalidTag   string `json:"invalidtag"`
	MsgID        string `json:"msgid"`
	ResponseCode string `json:"response_code,omitempty"`
}

// invalidLists is the body of an 81013 error: only the non-empty lists, as
// in the real answer.
type invalidLists struct {
	InvalidUser  string `json:"invaliduser,omitempty"`
	InvalidParty string `json:"invalidparty,omitempty"`
	InvalidTag   string `json:"invalidtag,omitempty"`
}

// readMessageBody reads a POST body, answering an oversized or unreadable body like
// a malformed one.
func readMessageBody(r *http.Request) ([]byte, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, kernel.WrongJSON()
	}
	return body, nil
}

// sendMessage is POST /cgi-bin/message/send
// (https://developer.work.weixin.qq.com/document/path/90236). Checks, in
// order (after the catalog's token-kind check, 48002 for a contacts-sync
// token): JSON (40058), agentid (40056 missing or not a
// number, 301002 another app), msgtype (40008), recipients all empty (82001),
// the payload (msgbody.Check: 44004, 45002, 41016, 41033, 41010, 45008,
// 40007, 42014, 40058, …; the table is in docs/endpoints.md), recipients all invalid
// (81013), with the limits on the app's daily quota (45009). A partial
// failure is delivered to the valid recipients; with the limits on, a
// member past their per-minute or per-hour count is skipped silently.
func (a *API) sendMessage(r *http.Request, c *kernel.Call) (any, error) {
	body, err := readMessageBody(r)
	if err != nil {
		return nil, err
	}
	var req sendMessageRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, kernel.WrongJSON()
	}
	if err := checkAgent(req.AgentID, c); err != nil {
		return nil, err
	}
	if !msgbody.Types[req.MsgType] {
		return nil, kernel.Err(errcode.InvalidMessageType)
	}
	to := recipientsOf(req)
	if !to.All && len(to.Users) == 0 && len(to.Parties) == 0 && len(to.Tags) == 0 {
		return nil, kernel.Err(errcode.AllRecipientsEmpty)
	}
	payload, err := msgbody.Check(req.MsgType, body, func(id string) bool { return a.mediaExists(c.Token.CorpID, id) })
	if err != nil {
		return nil, err
	}

	send := store.SendRequest{
		CorpID:           c.Token.CorpID,
		AgentID:          c.Token.AgentID,
		MsgType:          req.MsgType,
		Content:          payload.Content,
		Body:             body,
		To:               to,
		WantResponseCode: payload.Interactive,
	}
	if payload.Interactive {
		send.Card = cardSpec(body)
	}
	if req.EnableDuplicateCheck.Int(0) == 1 {
		send.DuplicateKey = duplicateKey(body)
		send.DuplicateInterval = time.Duration(req.DuplicateCheckInterval.Int(0)) * time.Second
	}
	res, err := a.env.Store.SendMessage(send)
	lists := res.Resolution
	switch {
	case errors.Is(err, store.ErrNoValidRecipient):
		return nil, kernel.ErrWith(errcode.AllRecipientsInvalid, invalidLists{
			InvalidUser:  strings.Join(lists.InvalidUsers, "|"),
			InvalidParty: strings.Join(lists.InvalidParties, "|"),
			InvalidTag:   strings.Join(lists.InvalidTags, "|"),
		})
	case err != nil:
		return nil, kernel.StoreError(err) // 45009 past the daily quota
	}
	return sendMessageResponse{
		InvalidUser:  strings.Join(lists.InvalidUsers, "|"),
		InvalidParty: strings.Join(lists.InvalidParties, "|"),
		InvalidTag:   strings.Join(lists.InvalidTags, "|"),
		MsgID:        res.Message.MsgID,
		ResponseCode: res.Message.ResponseCode,
	}, nil
}

// checkAgent checks a body's agentid against the calling app's token:
// 40056 when it is missing or not a number, 301002 for another app.
func checkAgent(agentID kernel.IntField, c *kernel.Call) error {
	switch agent := agentID.Int(0); {
	case agent <= 0:
		return kernel.Err(errcode.InvalidAgentID)
	case agent != int64(c.Token.AgentID):
		return kernel.Err(errcode.AnotherAgent)
	}
	return nil
}

// recipientsOf splits touser, toparty and totag on "|", dropping empty ids.
// touser "@all" sends to the app's whole visible range and overrides the
// other two.
func recipientsOf(req sendMessageRequest) store.Recipients {
	if strings.TrimSpace(string(req.ToUser)) == "@all" {
		return store.Recipients{All: true}
	}
	return store.Recipients{
		Users:   splitRecipientIDs(string(req.ToUser)),
		Parties: splitRecipientIDs(string(req.ToParty)),
		Tags:    splitRecipientIDs(string(req.ToTag)),
	}
}

func splitRecipientIDs(s string) []string {
	var out []string
	for id := range strings.SplitSeq(s, "|") {
		if id = strings.TrimSpace(id); id != "" {
			out = append(out, id)
		}
	}
	return out
}

func (a *API) mediaExists(corpID, id string) bool {
	if id == "" {
		return false
	}
	_, err := a.env.Store.Media(corpID, id)
	return err == nil
}

// duplicateKey identifies "the same request JSON" for the duplicate check:
// the body re-encoded with sorted keys and no insignificant whitespace, so
// two SDK calls with the same content match however they were formatted.
func duplicateKey(body []byte) string {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var v any
	canonical := body
	if dec.Decode(&v) == nil {
		if b, err := json.Marshal(v); err == nil {
			canonical = b
		}
	}
	sum := sha256.Sum256(canonical)
	return hex.EncodeToString(sum[:])
}

type recallRequest struct {
	MsgID string `json:"msgid"`
}

// recallMessage is POST /cgi-bin/message/recall
// (https://developer.work.weixin.qq.com/document/path/96460): only the app's
// own messages of the last 24 hours; anything else is 40058.
func (a *API) recallMessage(r *http.Request, c *kernel.Call) (any, error) {
	body, err := readMessageBody(r)
	if err != nil {
		return nil, err
	}
	var req recallRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, kernel.WrongJSON()
	}
	if req.MsgID == "" {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	if err := a.env.Store.RecallMessage(c.Token.CorpID, c.Token.AgentID, req.MsgID); err != nil {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	return nil, nil
}
