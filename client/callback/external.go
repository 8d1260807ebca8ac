package callback

// 客户联系 events: a customer or a member changed a customer relationship
// (change_external_contact), a customer group changed (change_external_chat)
// or the corp's customer tags changed (change_external_tag). A self-built
// app listed under 客户联系 → 可调用应用 gets them at its callback URL
// (https://developer.work.weixin.qq.com/document/path/92130); third-party
// and 代开发 apps get them as suite events with InfoType
// (https://developer.work.weixin.qq.com/document/path/92277). Changes made
// through the API are not pushed back.

// ChangeType values of change_external_contact events.
const (
	// AddExternalContact: a member configured for 客户联系 added a
	// customer, or a customer added them; WelcomeCode greets the customer
	// with send_welcome_msg once, within 20 seconds.
	AddExternalContact = "add_external_contact"
	// EditExternalContact: the member edited the customer's remark or tags.
	EditExternalContact = "edit_external_contact"
	// AddHalfExternalContact: a customer added the member without
	// verification and the member has not yet accepted.
	AddHalfExternalContact = "add_half_external_contact"
	// DelExternalContact: the member deleted the customer.
	DelExternalContact = "del_external_contact"
	// DelFollowUser: the customer deleted the member.
	DelFollowUser = "del_follow_user"
	// TransferFail: a customer transfer failed; see FailReason.
	TransferFail = "transfer_fail"
)

// Values of ExternalContactChange.Source and FailReason.
const (
	// SourceDeleteByTransfer: the customer left the member because an 在职
	// transfer handed them to another member.
	SourceDeleteByTransfer = "DELETE_BY_TRANSFER"
	// FailCustomerRefused: the customer refused the transfer.
	FailCustomerRefused = "customer_refused"
	// FailCustomerLimitExceed: the takeover member has too many customers.
	FailCustomerLimitExceed = "customer_limit_exceed"
)

// ExternalContactChange holds the fields of a change_external_contact
// event; which are set depends on ChangeType.
type ExternalContactChange struct {
	ChangeType string `xml:"ChangeType"`
	// UserID is the member; ExternalUserID the customer, in the app's own
	// form of external_userid.
	UserID         string `xml:"UserID"`
	ExternalUserID string `xml:"ExternalUserID"`
	// State is the contact way's state (add and add_half only).
	State string `xml:"State"`
	// WelcomeCode is the code for send_welcome_msg (add and add_half only;
	// absent when the two have already chatted).
	WelcomeCode string `xml:"WelcomeCode"`
	// Source is SourceDeleteByTransfer or empty (del_external_contact).
	Source string `xml:"Source"`
	// FailReason is FailCustomerRefused or FailCustomerLimitExceed
	// (transfer_fail).
	FailReason string `xml:"FailReason"`
}

// ChangeExternalContactEvent is Event "change_external_contact" (FromUserName
// "sys"). Switch on ChangeType.
type ChangeExternalContactEvent struct {
	EventHeader
	ExternalContactChange
}

// ChangeType values of change_external_chat events.
const (
	ExternalChatCreate  = "create"
	ExternalChatUpdate  = "update"
	ExternalChatDismiss = "dismiss"
)

// UpdateDetail values of change_external_chat update events.
const (
	ChatAddMember    = "add_member"
	ChatDelMember    = "del_member"
	ChatChangeOwner  = "change_owner"
	ChatChangeName   = "change_name"
	ChatChangeNotice = "change_notice"
)

// Scenes of change_external_chat member changes.
const (
	ChatJoinByMember = 0 // JoinScene: invited by a member, directly or by link
	ChatJoinByQRCode = 3 // JoinScene: scanned the group's QR code
	ChatQuitSelf     = 0 // QuitScene: left by themselves
	ChatQuitRemoved  = 1 // QuitScene: removed by the owner or an admin
)

// ExternalChatChange holds the fields of a change_external_chat event: the
// group, and for an update what changed. Read the group with
// groupchat/get; MemChangeList names at most 1000 members of a change.
type ExternalChatChange struct {
	ChatId     string `xml:"ChatId"`
	ChangeType string `xml:"ChangeType"`
	// UpdateDetail is one of the Chat… constants (update only).
	UpdateDetail string `xml:"UpdateDetail"`
	// JoinScene (add_member) and QuitScene (del_member).
	JoinScene int `xml:"JoinScene"`
	QuitScene int `xml:"QuitScene"`
	// MemChangeCnt is how many joined or left; MemChangeList their
	// userids and external_userids.
	MemChangeCnt  int      `xml:"MemChangeCnt"`
	MemChangeList []string `xml:"MemChangeList>Item"`
	// LastMemVer and CurMemVer are the group's member_version before and
	// after the change: a LastMemVer other than the one you hold means you
	// missed a change, so read the whole group again.
	LastMemVer string `xml:"LastMemVer"`
	CurMemVer  string `xml:"CurMemVer"`
}

// ChangeExternalChatEvent is Event "change_external_chat" (FromUserName
// "sys"). Switch on ChangeType, then UpdateDetail.
type ChangeExternalChatEvent struct {
	EventHeader
	ExternalChatChange
}

// ChangeType values of change_external_tag events, and TagType values.
const (
	ExternalTagCreate  = "create"
	ExternalTagUpdate  = "update"
	ExternalTagDelete  = "delete"
	ExternalTagShuffle = "shuffle" // tags were reordered
	TagTypeTag         = "tag"
	TagTypeGroup       = "tag_group"
)

// ExternalTagChange holds the fields of a change_external_tag event. Read
// the tags with get_corp_tag_list.
type ExternalTagChange struct {
	// Id is the tag or group (TagType); for shuffle, the group whose tags
	// were reordered, empty when the groups themselves were.
	Id      string `xml:"Id"`
	TagType string `xml:"TagType"`
	// ChangeType is one of the ExternalTag… constants.
	ChangeType string `xml:"ChangeType"`
	// StrategyId is the rule group of a rule-group tag (规则组标签); 0 for a
	// corp tag.
	StrategyId int `xml:"StrategyId"`
}

// ChangeExternalTagEvent is Event "change_external_tag" (FromUserName
// "sys"): an administrator or member changed the corp's customer tags.
type ChangeExternalTagEvent struct {
	EventHeader
	ExternalTagChange
}

// SuiteChangeExternalContactEvent is InfoType "change_external_contact",
// the suite form of ChangeExternalContactEvent.
type SuiteChangeExternalContactEvent struct {
	SuiteHeader
	AuthCorpId string `xml:"AuthCorpId"`
	ExternalContactChange
}

// SuiteChangeExternalChatEvent is InfoType "change_external_chat".
type SuiteChangeExternalChatEvent struct {
	SuiteHeader
	AuthCorpId string `xml:"AuthCorpId"`
	ExternalChatChange
}

// SuiteChangeExternalTagEvent is InfoType "change_external_tag".
type SuiteChangeExternalTagEvent struct {
	SuiteHeader
	AuthCorpId string `xml:"AuthCorpId"`
	ExternalTagChange
}
