// Package errcode is the table of WeCom (企业微信) global error codes with the
// exact leading errmsg phrases the real API sends.
//
// It is shared by the mock server and the client so that both speak the same
// numbers and texts. A Code is an error, so callers can write
//
//	errors.Is(err, errcode.InvalidCode)
//
// against any error whose Is method compares codes (the client's *APIError does).
package errcode

import (
	"fmt"
	"strconv"
)

// Code is a WeCom errcode. The zero value is OK.
type Code int

// The codes the mock and the client know by name. Texts are in the table
// below; the meanings are WeCom's global error codes
// (https://developer.work.weixin.qq.com/document/path/90455).
const (
	SystemBusy              Code = -1
	OK                      Code = 0
	InvalidCredential       Code = 40001
	InvalidGrantType        Code = 40002
	InvalidUserID           Code = 40003
	InvalidMediaType        Code = 40004
	InvalidFileType         Code = 40005
	InvalidFileSize         Code = 40006
	InvalidMediaID          Code = 40007
	InvalidMessageType      Code = 40008
	InvalidCorpID           Code = 40013
	InvalidAccessToken      Code = 40014
	InvalidCode             Code = 40029
	AllListInvalidDel       Code = 40031
	InvalidAgentID          Code = 40056
	InvalidParameter        Code = 40058
	InvalidTagID            Code = 40068
	AllListInvalidAdd       Code = 40070
	InvalidSuiteToken       Code = 40082
	InvalidPermanentCode    Code = 40084
	SecretInvalid           Code = 40091
	InvalidSignature        Code = 40093
	AccessTokenMissing      Code = 41001
	CorpIDMissing           Code = 41002
	CorpSecretMissing       Code = 41004
	CodeMissing             Code = 41008
	PermanentCodeMissing    Code = 41025
	AccessTokenExpired      Code = 42001
	SuiteAccessTokenExpired Code = 42009
	EmptyMediaData          Code = 44001
	EmptyContent            Code = 44004
	MediaTooLarge           Code = 45001
	ContentTooLong          Code = 45002
	TooManyArticles         Code = 45008
	FreqOutOfLimit          Code = 45009
	ConcurrentOutOfLimit    Code = 45033
	APIForbidden            Code = 48002
	RedirectDomainMismatch  Code = 50001
	DepartmentNotFound      Code = 60003
	NoPrivilege             Code = 60011
	IPNotAllowed            Code = 60020
	UserIDExisted           Code = 60102
	UserIDNotFound          Code = 60111
	AllRecipientsInvalid    Code = 81013
	AllRecipientsEmpty      Code = 82001
	NotExternalContact      Code = 84061
	InvalidWebhookURL       Code = 93000
	AnotherAgent            Code = 301002

	// Suite (third-party / 代开发) and contact-write codes. Their meanings come
	// from WeCom's global errcode table; the English phrases were not observed
	// and follow the style of the observed ones, except
	// "mobile existed" (sent as "mobile existed:<userid>").
	UserIDMissing      Code = 41009
	InvalidPreAuthCode Code = 40077
	InvalidAuthCode    Code = 40078
	InvalidSuiteSecret Code = 40080
	InvalidSuiteID     Code = 40083
	InvalidSuiteTicket Code = 40085
	SuiteIDMissing     Code = 41021
	SuiteTokenMissing  Code = 41022
	SuiteTicketMissing Code = 41023
	SuiteSecretMissing Code = 41024
	PreAuthCodeExpired Code = 42007
	InvalidDeptName    Code = 60001
	ParentDeptNotFound Code = 60004
	DeptHasMembers     Code = 60005
	DeptHasChildren    Code = 60006
	DeleteRootDept     Code = 60007
	DeptExisted        Code = 60008
	DeptNameIllegal    Code = 60009
	DeptCycle          Code = 60010
	InvalidMobile      Code = 60103
	MobileExisted      Code = 60104
	InvalidEmail       Code = 60105
	EmailExisted       Code = 60106
	InvalidName        Code = 60112
	InvalidDeptID      Code = 60123
	MissingDepartment  Code = 60127
	MobileEmailEmpty   Code = 60129
	LeaderSizeMismatch Code = 60132
	NotTagCreator      Code = 81011
	InvalidTagNameLen  Code = 40072

	// 客户联系 (external contact) codes. Their meanings come from WeCom's
	// global errcode table; "invalid external userid" (40096) and "not
	// external contact" (84061) were observed, the other phrases follow
	// their style.
	InvalidTagName             Code = 40071
	InvalidExternalUserID      Code = 40096
	MemberNotResigned          Code = 40097
	TransferInProgress         Code = 40100
	TransferTooFrequent        Code = 40128
	CorpTagLimit               Code = 40126
	ExternalUserIDMissing      Code = 41035
	ContactWayTypeMissing      Code = 41037
	ContactWaySceneMissing     Code = 41038
	InvalidContactWayType      Code = 41039
	InvalidContactWayScene     Code = 41040
	ContactWayTooManyUsers     Code = 41041
	InvalidContactWayStyle     Code = 41042
	ConfigIDMissing            Code = 41043
	InvalidConfigID            Code = 41044
	ContactWayLimit            Code = 41045
	GroupMsgIDMissing          Code = 41046
	InvalidGroupMsgID          Code = 41047
	NoCustomerToSend           Code = 41048
	WelcomeCodeMissing         Code = 41049
	InvalidWelcomeCode         Code = 41050
	ChatAlreadyStarted         Code = 41051
	InvalidExternalUserIDType  Code = 41056
	GroupMsgBeingSent          Code = 41063
	TooManyAttachments         Code = 41064
	InvalidAttachmentType      Code = 41065
	GroupMsgCancelled          Code = 41093
	GroupMsgRemindLimit        Code = 41094
	ChatOwnerNotResigned       Code = 90500
	NotCustomerGroup           Code = 90501
	ChatOwnerResigned          Code = 90502
	ChatOwnerUnchanged         Code = 90504
	ChatTransferInProgress     Code = 90507
	ChatAlreadyTransferred     Code = 90508
	InvalidOpenGID             Code = 90511
	RequestCountLimit          Code = 81017
	NoExternalContactPrivilege Code = 84074

	// Group robot (群机器人) codes, from WeCom's global errcode table.
	// "media md5 not match" and "media_id missing" were observed; the other
	// phrases follow the style of the observed ones.
	InvalidImageSize   Code = 40009
	MediaIDMissing     Code = 41006
	URLMissing         Code = 41010
	TitleMissing       Code = 41016
	PlaytimeOutOfLimit Code = 45007
	VoiceNotAMR        Code = 301017
	MediaMD5Mismatch   Code = 301019

	// Message body codes, from WeCom's global errcode table: a textcard
	// without description, a template card's task_id, an mpnews author over
	// 64 bytes. The phrases were not observed and follow the style of
	// "missing title".
	DescriptionMissing Code = 41033
	InvalidTaskID      Code = 42014
	AuthorTooLong      Code = 45032

	// Interactive template card (update_template_card) codes, from WeCom's
	// global errcode table: a response_code of another app's card, one used
	// already. The phrases were not observed.
	CardAgentMismatch Code = 42015
	CodeAlreadyUsed   Code = 42022

	// Directory lookup codes (user/getuserid, get_userid_by_email,
	// convert_to_userid), from WeCom's global errcode table. "user no
	// exist" is what getuserid answers for a mobile it cannot match; the
	// openid phrase was not observed.
	InvalidOpenID Code = 40073
	UserNotExist  Code = 46004

	// App group chat (群聊会话, appchat/*) codes, from WeCom's global errcode
	// table. "chatid invalid" and "invalid chat member list size" were
	// observed; the other phrases follow their style.
	ChatIDInvalid          Code = 86001
	ChatIDNotFound         Code = 86003
	InvalidChatOwner       Code = 86005
	ChatMemberCountInvalid Code = 86006
	ChatNotCreatedByApp    Code = 86008
	ChatIDMissing          Code = 86201
	ChatIDTooLong          Code = 86205
	ChatOwnerNotMember     Code = 86207
	ChatIDExisted          Code = 86215
	InvalidChatMember      Code = 86216

	// App and menu (agent/*, menu/*) codes, from WeCom's global errcode
	// table; the phrases are those of the table's English column, not
	// observed on the wire.
	InvalidButtonSize        Code = 40016
	InvalidButtonType        Code = 40017
	InvalidButtonNameSize    Code = 40018
	InvalidButtonKeySize     Code = 40019
	InvalidButtonURLSize     Code = 40020
	InvalidSubButtonSize     Code = 40023
	InvalidSubButtonType     Code = 40024
	InvalidSubButtonNameSize Code = 40025
	InvalidSubButtonKeySize  Code = 40026
	InvalidSubButtonURLSize  Code = 40027
	InvalidReportLocation    Code = 40059
	InvalidURL               Code = 40094
	MenuNotExist             Code = 46003
)

// texts holds the errmsg phrase WeCom puts before ", hint: [...]". Codes whose
// real text was not observed carry the most plausible phrase.
var texts = map[Code]string{
	SystemBusy:              "system busy",
	OK:                      "ok",
	InvalidCredential:       "invalid credential",
	InvalidGrantType:        "invalid grant_type",
	InvalidUserID:           "invalid userid",
	InvalidMediaType:        "invalid media type",
	InvalidFileType:         "invalid file type",
	InvalidFileSize:         "invalid file size",
	InvalidMediaID:          "invalid media_id",
	InvalidMessageType:      "invalid message type",
	InvalidCorpID:           "invalid corpid",
	InvalidAccessToken:      "invalid access_token",
	InvalidCode:             "invalid code",
	AllListInvalidDel:       "all list invalid",
	InvalidAgentID:          "invalid agentid",
	InvalidParameter:        "invalid Request Parameter",
	InvalidTagID:            "invalid tagid",
	AllListInvalidAdd:       "all list invalid ",
	InvalidSuiteToken:       "invalid suite_token",
	InvalidPermanentCode:    "invalid permanent_code",
	SecretInvalid:           "secret is invalid",
	InvalidSignature:        "invalid signature",
	AccessTokenMissing:      "access_token missing",
	CorpIDMissing:           "corpid missing",
	CorpSecretMissing:       "corpsecret missing",
	CodeMissing:             "missing code",
	PermanentCodeMissing:    "permanent code missing",
	AccessTokenExpired:      "access_token expired",
	SuiteAccessTokenExpired: "suite_access_token expired",
	EmptyMediaData:          "empty media data",
	EmptyContent:            "empty content",
	// 45001/45002/45008: WeCom's texts were not observed; these are the ones
	// the WeChat official-account API sends for the same codes.
	MediaTooLarge:          "media size out of limit",
	ContentTooLong:         "content size out of limit",
	TooManyArticles:        "article size out of limit",
	FreqOutOfLimit:         "api freq out of limit",
	ConcurrentOutOfLimit:   "api concurrent out of limit",
	APIForbidden:           "api forbidden",
	RedirectDomainMismatch: "redirect uri domain mismatch",
	DepartmentNotFound:     "department not found",
	NoPrivilege:            "no privilege to access/modify contact/party/agent",
	IPNotAllowed:           "not allow to access from your ip",
	UserIDExisted:          "userid existed",
	UserIDNotFound:         "userid not found",
	AllRecipientsInvalid:   "user & party & tag all invalid",
	AllRecipientsEmpty:     "All touser & toparty & totag invalid",
	NotExternalContact:     "not external contact",
	InvalidWebhookURL:      "invalid webhook url",
	AnotherAgent:           "not allow operate another agent with this accesstoken.",

	// Suite and contact-write phrases (not observed; see the constants).
	UserIDMissing:      "missing userid",
	InvalidPreAuthCode: "invalid pre_auth_code",
	InvalidAuthCode:    "invalid auth_code",
	InvalidSuiteSecret: "invalid suite_secret",
	InvalidSuiteID:     "invalid suite_id",
	InvalidSuiteTicket: "invalid suite_ticket",
	SuiteIDMissing:     "suite_id missing",
	SuiteTokenMissing:  "suite_access_token missing",
	SuiteTicketMissing: "suite_ticket missing",
	SuiteSecretMissing: "suite_secret missing",
	PreAuthCodeExpired: "pre_auth_code expired",
	InvalidDeptName:    "invalid department name length",
	ParentDeptNotFound: "parent department not found",
	DeptHasMembers:     "department contains members",
	DeptHasChildren:    "department contains sub-departments",
	DeleteRootDept:     "not allow to delete root department",
	DeptExisted:        "department existed",
	InvalidTagNameLen:  "invalid tag name length",
	DeptNameIllegal:    "department name contains illegal characters",
	DeptCycle:          "department has circular relation",
	InvalidMobile:      "invalid mobile",
	MobileExisted:      "mobile existed",
	InvalidEmail:       "invalid email",
	EmailExisted:       "email existed",
	InvalidName:        "invalid name",
	InvalidDeptID:      "invalid department id",
	MissingDepartment:  "missing department",
	MobileEmailEmpty:   "mobile and email can not be both empty",
	LeaderSizeMismatch: "is_leader_in_dept size not equal to department size",
	NotTagCreator:      "no privilege to access/modify tag",

	// 客户联系 phrases (see the constants).
	InvalidTagName:             "invalid tag name",
	InvalidExternalUserID:      "invalid external userid",
	MemberNotResigned:          "user not resigned",
	TransferInProgress:         "external contact is in transfer",
	TransferTooFrequent:        "customer transferred too frequently",
	CorpTagLimit:               "corp tag count exceed limit",
	ExternalUserIDMissing:      "missing external userid",
	ContactWayTypeMissing:      "missing contact way type",
	ContactWaySceneMissing:     "missing contact way scene",
	InvalidContactWayType:      "invalid contact way type",
	InvalidContactWayScene:     "invalid contact way scene",
	ContactWayTooManyUsers:     "contact way user count exceed limit",
	InvalidContactWayStyle:     "invalid contact way style",
	ConfigIDMissing:            "missing config_id",
	InvalidConfigID:            "invalid config_id",
	ContactWayLimit:            "contact way count exceed limit",
	GroupMsgIDMissing:          "missing msgid",
	InvalidGroupMsgID:          "invalid msgid",
	NoCustomerToSend:           "no customer to send",
	WelcomeCodeMissing:         "missing welcome_code",
	InvalidWelcomeCode:         "invalid welcome_code",
	ChatAlreadyStarted:         "customer and user already chatted",
	InvalidExternalUserIDType:  "invalid external userid type",
	GroupMsgBeingSent:          "group msg is being sent, please try again later",
	TooManyAttachments:         "attachments count exceed limit",
	InvalidAttachmentType:      "invalid attachment type",
	GroupMsgCancelled:          "group msg task has been cancelled",
	GroupMsgRemindLimit:        "group msg remind count exceed limit",
	ChatOwnerNotResigned:       "the owner of this chat is not resigned",
	NotCustomerGroup:           "chat is not external group chat",
	ChatOwnerResigned:          "the owner of this chat is resigned",
	ChatOwnerUnchanged:         "the owner of this chat is not changed",
	ChatTransferInProgress:     "chat is being transferred",
	ChatAlreadyTransferred:     "chat has been transferred",
	InvalidOpenGID:             "invalid opengid",
	RequestCountLimit:          "request count exceed limit",
	NoExternalContactPrivilege: "no external contact privilege",

	// Group robot phrases (see the constants).
	InvalidImageSize:   "invalid image size",
	MediaIDMissing:     "media_id missing",
	URLMissing:         "missing url",
	TitleMissing:       "missing title",
	PlaytimeOutOfLimit: "playtime out of limit",
	VoiceNotAMR:        "voice file only support amr format",
	MediaMD5Mismatch:   "media md5 not match",

	// Message body phrases (see the constants).
	DescriptionMissing: "missing description",
	InvalidTaskID:      "invalid task_id",
	AuthorTooLong:      "author size out of limit",

	// Interactive template card phrases (see the constants).
	CardAgentMismatch: "the updated message's app does not match the sender's app",
	CodeAlreadyUsed:   "code has been used, it can be used only once",

	// Directory lookup phrases (see the constants).
	InvalidOpenID: "invalid openid",
	UserNotExist:  "user no exist",

	// App group chat phrases (see the constants).
	ChatIDInvalid:          "chatid invalid",
	ChatIDNotFound:         "chatid not found",
	InvalidChatOwner:       "invalid chat owner",
	ChatMemberCountInvalid: "invalid chat member list size",
	ChatNotCreatedByApp:    "chat not created by this app",
	ChatIDMissing:          "missing chatid",
	ChatIDTooLong:          "chatid too long",
	ChatOwnerNotMember:     "chat owner not in member list",
	ChatIDExisted:          "chatid existed",
	InvalidChatMember:      "invalid chat member",

	InvalidButtonSize:        "invalid button size",
	InvalidButtonType:        "invalid button type",
	InvalidButtonNameSize:    "invalid button name size",
	InvalidButtonKeySize:     "invalid button key size",
	InvalidButtonURLSize:     "invalid button url size",
	InvalidSubButtonSize:     "invalid sub button size",
	InvalidSubButtonType:     "invalid sub button type",
	InvalidSubButtonNameSize: "invalid sub button name size",
	InvalidSubButtonKeySize:  "invalid sub button key size",
	InvalidSubButtonURLSize:  "invalid sub button url size",
	InvalidReportLocation:    "invalid report location flag",
	InvalidURL:               "invalid url",
	MenuNotExist:             "menu no exist",
}

// Text returns the errmsg phrase of c, or "" for a code the table lacks.
func (c Code) Text() string { return texts[c] }

// Known reports whether the table has a text for c.
func (c Code) Known() bool {
	_, ok := texts[c]
	return ok
}

// Error makes a Code usable as an errors.Is target.
func (c Code) Error() string {
	if t := c.Text(); t != "" {
		return fmt.Sprintf("wecom errcode %d: %s", int(c), t)
	}
	return "wecom errcode " + strconv.Itoa(int(c))
}

// Retryable reports whether WeCom asks callers to retry the same request:
// -1 (system busy) and 45033 (concurrency limit).
func (c Code) Retryable() bool { return c == SystemBusy || c == ConcurrentOutOfLimit }

// TokenInvalid reports whether c means "fetch a new access token and try again"
// (40014 and 42001; real WeCom answers either for an expired token).
func (c Code) TokenInvalid() bool { return c == InvalidAccessToken || c == AccessTokenExpired }

// All returns every code in the table, for documentation and validation.
func All() []Code {
	out := make([]Code, 0, len(texts))
	for c := range texts {
		out = append(out, c)
	}
	return out
}
