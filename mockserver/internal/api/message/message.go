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
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

var (
	errContentTooLong  = &kernel.APIError{Code: errcode.ContentTooLong}
	errTooManyArticles = &kernel.APIError{Code: errcode.TooManyArticles}
	// errMarkdownTooLong is the observed 40058 for markdown over 4096 bytes.
	errMarkdownTooLong = &kernel.APIError{Code: errcode.InvalidParameter,
		Text: "markdown.content exceed max length 4096. Invalid input invalid Request Parameter"}
)

// Message size limits
// (https://developer.work.weixin.qq.com/document/path/90236), in bytes.
const (
	maxTextBytes     = 2048
	maxMarkdownBytes = 4096
	maxArticles      = 8
)

// messageTypes are the msgtypes message/send accepts.
var messageTypes = map[string]bool{
	"text": true, "image": true, "voice": true, "video": true, "file": true,
	"textcard": true, "news": true, "mpnews": true, "markdown": true,
	"miniprogram_notice": true, "template_card": true,
}

// interactiveCards are the template_card types whose send answers a
// response_code (for update_template_card).
var interactiveCards = map[string]bool{
	"button_interaction": true, "vote_interaction": true, "multiple_interaction": true,
}

type msgMediaRef struct {
	MediaID string `json:"media_id"`
}

type msgContent struct {
	Content string `json:"content"`
}

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
	Text                   *msgContent        `json:"text"`
	Markdown               *msgContent        `json:"markdown"`
	Image                  *msgMediaRef       `json:"image"`
	Voice                  *msgMediaRef       `json:"voice"`
	Video                  *msgMediaRef       `json:"video"`
	File                   *msgMediaRef       `json:"file"`
	TextCard               json.RawMessage    `json:"textcard"`
	News                   *struct {
		Articles []json.RawMessage `json:"articles"`
	} `json:"news"`
	MPNews *struct {
		Articles []struct {
			ThumbMediaID string `json:"thumb_media_id"`
		} `json:"articles"`
	} `json:"mpnews"`
	MiniprogramNotice json.RawMessage `json:"miniprogram_notice"`
	TemplateCard      *struct {
		CardType string `json:"card_type"`
	} `json:"template_card"`
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
// the payload (44004, 45002, 40058, 45008, 40007), recipients all invalid
// (81013). A partial failure is delivered to the valid recipients.
func (a *API) sendMessage(r *http.Request, c *kernel.Call) (any, error) {
	body, err := readMessageBody(r)
	if err != nil {
		return nil, err
	}
	var req sendMessageRequest
	if err := json.Unmarshal(body, &req); err != nil {
		return nil, kernel.WrongJSON()
	}
	switch agent := req.AgentID.Int(0); {
	case agent <= 0:
		return nil, kernel.Err(errcode.InvalidAgentID)
	case agent != int64(c.Token.AgentID):
		return nil, kernel.Err(errcode.AnotherAgent)
	}
	if !messageTypes[req.MsgType] {
		return nil, kernel.Err(errcode.InvalidMessageType)
	}
	to := recipientsOf(req)
	if !to.All && len(to.Users) == 0 && len(to.Parties) == 0 && len(to.Tags) == 0 {
		return nil, kernel.Err(errcode.AllRecipientsEmpty)
	}
	content, err := a.checkPayload(c.Token.CorpID, &req)
	if err != nil {
		return nil, err
	}

	send := store.SendRequest{
		CorpID:           c.Token.CorpID,
		AgentID:          c.Token.AgentID,
		MsgType:          req.MsgType,
		Content:          content,
		Body:             body,
		To:               to,
		WantResponseCode: req.MsgType == "template_card" && interactiveCards[req.TemplateCard.CardType],
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
		return nil, err
	}
	return sendMessageResponse{
		InvalidUser:  strings.Join(lists.InvalidUsers, "|"),
		InvalidParty: strings.Join(lists.InvalidParties, "|"),
		InvalidTag:   strings.Join(lists.InvalidTags, "|"),
		MsgID:        res.Message.MsgID,
		ResponseCode: res.Message.ResponseCode,
	}, nil
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

// checkPayload validates the object named after msgtype and returns the
// text of a text or markdown message. A missing object is "empty content";
// media ids must name unexpired media of the corp.
func (a *API) checkPayload(corpID string, req *sendMessageRequest) (string, error) {
	media := func(ref *msgMediaRef) error {
		if ref == nil || !a.mediaExists(corpID, ref.MediaID) {
			return kernel.Err(errcode.InvalidMediaID)
		}
		return nil
	}
	empty := kernel.Err(errcode.EmptyContent)
	switch req.MsgType {
	case "text":
		switch {
		case req.Text == nil || req.Text.Content == "":
			return "", empty
		case len(req.Text.Content) > maxTextBytes:
			return "", errContentTooLong
		}
		return req.Text.Content, nil
	case "markdown":
		switch {
		case req.Markdown == nil || req.Markdown.Content == "":
			return "", empty
		case len(req.Markdown.Content) > maxMarkdownBytes:
			return "", errMarkdownTooLong
		}
		return req.Markdown.Content, nil
	case "image":
		return "", media(req.Image)
	case "voice":
		return "", media(req.Voice)
	case "video":
		return "", media(req.Video)
	case "file":
		return "", media(req.File)
	case "news":
		if req.News == nil || len(req.News.Articles) == 0 {
			return "", empty
		}
		if len(req.News.Articles) > maxArticles {
			return "", errTooManyArticles
		}
	case "mpnews":
		if req.MPNews == nil || len(req.MPNews.Articles) == 0 {
			return "", empty
		}
		if len(req.MPNews.Articles) > maxArticles {
			return "", errTooManyArticles
		}
		for _, a := range req.MPNews.Articles {
			if err := media(&msgMediaRef{a.ThumbMediaID}); err != nil {
				return "", err
			}
		}
	case "textcard":
		if kernel.RawJSONEmpty(req.TextCard) {
			return "", empty
		}
	case "miniprogram_notice":
		if kernel.RawJSONEmpty(req.MiniprogramNotice) {
			return "", empty
		}
	case "template_card":
		if req.TemplateCard == nil {
			return "", empty
		}
	}
	return "", nil
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
