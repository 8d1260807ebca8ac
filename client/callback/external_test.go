package callback_test

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/client/callback"
)

// 客户联系 events as the WeCom documentation shows them
// (https://developer.work.weixin.qq.com/document/path/92130 for apps,
// 92277 for suites), whitespace and CDATA included.

const externalHeader = `<ToUserName><![CDATA[toUser]]></ToUserName>
	<FromUserName><![CDATA[sys]]></FromUserName> 
	<CreateTime>1403610513</CreateTime>
	<MsgType><![CDATA[event]]></MsgType>`

func externalContactXML(body string) string {
	return "<xml>\n\t" + externalHeader + "\n\t<Event><![CDATA[change_external_contact]]></Event>\n\t" + body + "\n</xml>"
}

func TestParseChangeExternalContact(t *testing.T) {
	tests := []struct {
		name string
		xml  string
		want callback.ExternalContactChange
	}{
		{"add_external_contact", externalContactXML(`<ChangeType><![CDATA[add_external_contact]]></ChangeType>
	<UserID><![CDATA[zhangsan]]></UserID>
	<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>
	<State><![CDATA[teststate]]></State>
	<WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>`),
			callback.ExternalContactChange{ChangeType: callback.AddExternalContact, UserID: "zhangsan",
				ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mAAAA", State: "teststate", WelcomeCode: "WELCOMECODE"}},
		{"edit_external_contact", externalContactXML(`<ChangeType><![CDATA[edit_external_contact]]></ChangeType>
	<UserID><![CDATA[zhangsan]]></UserID>
	<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>`),
			callback.ExternalContactChange{ChangeType: callback.EditExternalContact, UserID: "zhangsan",
				ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mAAAA"}},
		{"add_half_external_contact", externalContactXML(`<ChangeType><![CDATA[add_half_external_contact]]></ChangeType>
	<UserID><![CDATA[zhangsan]]></UserID>
	<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>
	<State><![CDATA[teststate]]></State>
	<WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>`),
			callback.ExternalContactChange{ChangeType: callback.AddHalfExternalContact, UserID: "zhangsan",
				ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mAAAA", State: "teststate", WelcomeCode: "WELCOMECODE"}},
		{"del_external_contact", externalContactXML(`<ChangeType><![CDATA[del_external_contact]]></ChangeType>
	<UserID><![CDATA[zhangsan]]></UserID>
	<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>
	<Source><![CDATA[DELETE_BY_TRANSFER]]></Source>`),
			callback.ExternalContactChange{ChangeType: callback.DelExternalContact, UserID: "zhangsan",
				ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mAAAA", Source: callback.SourceDeleteByTransfer}},
		{"del_follow_user", externalContactXML(`<ChangeType><![CDATA[del_follow_user]]></ChangeType>
	<UserID><![CDATA[zhangsan]]></UserID>
	<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>`),
			callback.ExternalContactChange{ChangeType: callback.DelFollowUser, UserID: "zhangsan",
				ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mAAAA"}},
		{"transfer_fail", externalContactXML(`<ChangeType><![CDATA[transfer_fail]]></ChangeType>
	<FailReason><![CDATA[customer_refused]]></FailReason>
	<UserID><![CDATA[zhangsan]]></UserID>
	<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mAAAA]]></ExternalUserID>`),
			callback.ExternalContactChange{ChangeType: callback.TransferFail, UserID: "zhangsan",
				ExternalUserID: "woAJ2GCAAAXtWyujaWJHDDGi0mAAAA", FailReason: callback.FailCustomerRefused}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := parseAs[*callback.ChangeExternalContactEvent](t, tt.xml, "change_external_contact")
			eq(t, "ToUserName", e.ToUserName, "toUser")
			eq(t, "FromUserName", e.FromUserName, "sys")
			eq(t, "CreateTime", e.CreateTime, 1403610513)
			eq(t, "Event", e.Event, "change_external_contact")
			deq(t, "ExternalContactChange", e.ExternalContactChange, tt.want)
		})
	}
	// An absent WelcomeCode (the two already chatted) is told from an
	// empty one.
	e := parseAs[*callback.ChangeExternalContactEvent](t, tests[1].xml, "change_external_contact")
	eq(t, "Has(WelcomeCode)", e.Has("WelcomeCode"), false)
}

func externalChatXML(body string) string {
	return "<xml>\n\t" + externalHeader + "\n\t<Event><![CDATA[change_external_chat]]></Event>\n\t" + body + "\n</xml>"
}

func TestParseChangeExternalChat(t *testing.T) {
	tests := []struct {
		name string
		xml  string
		want callback.ExternalChatChange
	}{
		{"create", externalChatXML(`<ChatId><![CDATA[CHAT_ID]]></ChatId>
	<ChangeType><![CDATA[create]]></ChangeType>`),
			callback.ExternalChatChange{ChatId: "CHAT_ID", ChangeType: callback.ExternalChatCreate}},
		{"update add_member", externalChatXML(`<ChatId><![CDATA[CHAT_ID]]></ChatId>
	<ChangeType><![CDATA[update]]></ChangeType>
	<UpdateDetail><![CDATA[add_member]]></UpdateDetail>
	<JoinScene>1</JoinScene>
	<QuitScene>0</QuitScene>
	<MemChangeCnt>10</MemChangeCnt>
	<MemChangeList>
		<Item>Jack</Item>
		<Item>Rose</Item>
	</MemChangeList>
	<LastMemVer>9c3f97c2ada667dfb5f6d03308d963e1</LastMemVer>
	<CurMemVer>71217227bbd112ecfe3a49c482195cb4</CurMemVer>`),
			callback.ExternalChatChange{ChatId: "CHAT_ID", ChangeType: callback.ExternalChatUpdate,
				UpdateDetail: callback.ChatAddMember, JoinScene: 1, MemChangeCnt: 10,
				MemChangeList: []string{"Jack", "Rose"}, LastMemVer: "9c3f97c2ada667dfb5f6d03308d963e1",
				CurMemVer: "71217227bbd112ecfe3a49c482195cb4"}},
		{"update del_member", externalChatXML(`<ChatId><![CDATA[CHAT_ID]]></ChatId>
	<ChangeType><![CDATA[update]]></ChangeType>
	<UpdateDetail><![CDATA[del_member]]></UpdateDetail>
	<QuitScene>1</QuitScene>
	<MemChangeCnt>1</MemChangeCnt>
	<MemChangeList><Item><![CDATA[wmOgQhDgAAuXFJGwbve4g4iXknfOAAAA]]></Item></MemChangeList>
	<LastMemVer><![CDATA[71217227bbd112ecfe3a49c482195cb4]]></LastMemVer>
	<CurMemVer><![CDATA[0f0f0f]]></CurMemVer>`),
			callback.ExternalChatChange{ChatId: "CHAT_ID", ChangeType: callback.ExternalChatUpdate,
				UpdateDetail: callback.ChatDelMember, QuitScene: callback.ChatQuitRemoved, MemChangeCnt: 1,
				MemChangeList: []string{"wmOgQhDgAAuXFJGwbve4g4iXknfOAAAA"},
				LastMemVer:    "71217227bbd112ecfe3a49c482195cb4", CurMemVer: "0f0f0f"}},
		{"update change_name", externalChatXML(`<ChatId><![CDATA[CHAT_ID]]></ChatId>
	<ChangeType><![CDATA[update]]></ChangeType>
	<UpdateDetail><![CDATA[change_name]]></UpdateDetail>`),
			callback.ExternalChatChange{ChatId: "CHAT_ID", ChangeType: callback.ExternalChatUpdate, UpdateDetail: callback.ChatChangeName}},
		{"dismiss", externalChatXML(`<ChatId><![CDATA[CHAT_ID]]></ChatId>
	<ChangeType><![CDATA[dismiss]]></ChangeType>`),
			callback.ExternalChatChange{ChatId: "CHAT_ID", ChangeType: callback.ExternalChatDismiss}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := parseAs[*callback.ChangeExternalChatEvent](t, tt.xml, "change_external_chat")
			eq(t, "FromUserName", e.FromUserName, "sys")
			eq(t, "CreateTime", e.CreateTime, 1403610513)
			deq(t, "ExternalChatChange", e.ExternalChatChange, tt.want)
		})
	}
}

func externalTagXML(body string) string {
	return "<xml>\n\t" + externalHeader + "\n\t<Event><![CDATA[change_external_tag]]></Event>\n\t" + body + "\n</xml>"
}

func TestParseChangeExternalTag(t *testing.T) {
	tests := []struct {
		name string
		xml  string
		want callback.ExternalTagChange
	}{
		{"create tag", externalTagXML(`<Id><![CDATA[TAG_ID]]></Id>
	<TagType><![CDATA[tag]]></TagType>
	<ChangeType><![CDATA[create]]></ChangeType>
	<StrategyId>1</StrategyId>`),
			callback.ExternalTagChange{Id: "TAG_ID", TagType: callback.TagTypeTag, ChangeType: callback.ExternalTagCreate, StrategyId: 1}},
		{"update group", externalTagXML(`<Id><![CDATA[GROUP_ID]]></Id>
	<TagType><![CDATA[tag_group]]></TagType>
	<ChangeType><![CDATA[update]]></ChangeType>`),
			callback.ExternalTagChange{Id: "GROUP_ID", TagType: callback.TagTypeGroup, ChangeType: callback.ExternalTagUpdate}},
		{"delete tag", externalTagXML(`<Id><![CDATA[TAG_ID]]></Id>
	<TagType><![CDATA[tag]]></TagType>
	<ChangeType><![CDATA[delete]]></ChangeType>
	<StrategyId>1</StrategyId>`),
			callback.ExternalTagChange{Id: "TAG_ID", TagType: callback.TagTypeTag, ChangeType: callback.ExternalTagDelete, StrategyId: 1}},
		{"shuffle", externalTagXML(`<Id><![CDATA[TAG_GROUP_ID]]></Id>
	<ChangeType><![CDATA[shuffle]]></ChangeType>
	<StrategyId>1</StrategyId>`),
			callback.ExternalTagChange{Id: "TAG_GROUP_ID", ChangeType: callback.ExternalTagShuffle, StrategyId: 1}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			e := parseAs[*callback.ChangeExternalTagEvent](t, tt.xml, "change_external_tag")
			eq(t, "Event", e.Event, "change_external_tag")
			deq(t, "ExternalTagChange", e.ExternalTagChange, tt.want)
		})
	}
	// A StrategyId that is not a number is no typed event, but the delivery
	// still reaches the app.
	raw := parseAs[*callback.RawEvent](t, externalTagXML(`<Id>x</Id><ChangeType>create</ChangeType><StrategyId>one</StrategyId>`), "change_external_tag")
	if raw.Err == nil {
		t.Error("Err = nil, want the StrategyId decoding error")
	}
}

func TestParseSuiteExternalEvents(t *testing.T) {
	const suiteHead = `<SuiteId><![CDATA[ww4asffe99e54c0f4c]]></SuiteId>
	<AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId>`
	contact := parseAs[*callback.SuiteChangeExternalContactEvent](t, `<xml>
	`+suiteHead+`
	<InfoType><![CDATA[change_external_contact]]></InfoType>
	<TimeStamp>1403610513</TimeStamp>
	<ChangeType><![CDATA[add_external_contact]]></ChangeType>
	<UserID><![CDATA[zhangsan]]></UserID>
	<ExternalUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mACH71w]]></ExternalUserID>
	<State><![CDATA[teststate]]></State>
	<WelcomeCode><![CDATA[WELCOMECODE]]></WelcomeCode>
</xml>`, "change_external_contact")
	eq(t, "SuiteId", contact.SuiteId, "ww4asffe99e54c0f4c")
	eq(t, "AuthCorpId", contact.AuthCorpId, "wxf8b4f85f3a794e77")
	eq(t, "TimeStamp", contact.TimeStamp, 1403610513)
	eq(t, "WelcomeCode", contact.WelcomeCode, "WELCOMECODE")
	eq(t, "ExternalUserID", contact.ExternalUserID, "woAJ2GCAAAXtWyujaWJHDDGi0mACH71w")

	chat := parseAs[*callback.SuiteChangeExternalChatEvent](t, `<xml>
	`+suiteHead+`
	<InfoType><![CDATA[change_external_chat]]></InfoType>
	<TimeStamp>1403610513</TimeStamp>
	<ChatId><![CDATA[CHAT_ID]]></ChatId>
	<ChangeType><![CDATA[dismiss]]></ChangeType>
</xml>`, "change_external_chat")
	eq(t, "ChatId", chat.ChatId, "CHAT_ID")
	eq(t, "ChangeType", chat.ChangeType, callback.ExternalChatDismiss)

	tag := parseAs[*callback.SuiteChangeExternalTagEvent](t, `<xml>
	`+suiteHead+`
	<InfoType><![CDATA[change_external_tag]]></InfoType>
	<TimeStamp>1403610513</TimeStamp>
	<Id><![CDATA[TAG_ID]]></Id>
	<TagType><![CDATA[tag]]></TagType>
	<ChangeType><![CDATA[delete]]></ChangeType>
</xml>`, "change_external_tag")
	eq(t, "Id", tag.Id, "TAG_ID")
	eq(t, "AuthCorpId", tag.AuthCorpId, "wxf8b4f85f3a794e77")
}
