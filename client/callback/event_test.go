package callback_test

import (
	"errors"
	"reflect"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/callback"
)

// parseAs parses xml and asserts the concrete type T and the Kind.
func parseAs[T callback.Event](t *testing.T, xml, kind string) T {
	t.Helper()
	ev, err := callback.Parse([]byte(xml))
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	got, ok := ev.(T)
	if !ok {
		if raw, isRaw := ev.(*callback.RawEvent); isRaw {
			t.Fatalf("Parse returned *RawEvent (Err %v), want %T", raw.Err, *new(T))
		}
		t.Fatalf("Parse returned %T, want %T", ev, *new(T))
	}
	if ev.Kind() != kind {
		t.Errorf("Kind() = %q, want %q", ev.Kind(), kind)
	}
	if string(ev.Raw()) != xml {
		t.Errorf("Raw() is not the input XML")
	}
	return got
}

func eq[V comparable](t *testing.T, name string, got, want V) {
	t.Helper()
	if got != want {
		t.Errorf("%s = %v, want %v", name, got, want)
	}
}

func deq(t *testing.T, name string, got, want any) {
	t.Helper()
	if !reflect.DeepEqual(got, want) {
		t.Errorf("%s = %#v, want %#v", name, got, want)
	}
}

func TestParseOfficialTextMessage(t *testing.T) {
	m := parseAs[*callback.TextMessage](t, samplePOSTMsg, "text")
	eq(t, "ToUserName", m.ToUserName, "wx5823bf96d3bd56c7")
	eq(t, "FromUserName", m.FromUserName, "mycreate")
	eq(t, "CreateTime", m.CreateTime, 1409659813)
	eq(t, "MsgType", m.MsgType, "text")
	eq(t, "Content", m.Content, "hello")
	eq(t, "MsgId", m.MsgId, 4561255354251345929)
	eq(t, "AgentID", m.AgentID, 218)
}

func TestParseMessages(t *testing.T) {
	t.Run("image", func(t *testing.T) {
		m := parseAs[*callback.ImageMessage](t, xmlImage, "image")
		eq(t, "FromUserName", m.FromUserName, "fromUser")
		eq(t, "PicUrl", m.PicUrl, "this is a url")
		eq(t, "MediaId", m.MediaId, "media_id")
		eq(t, "MsgId", m.MsgId, 1234567890123456)
		eq(t, "AgentID", m.AgentID, 1)
	})
	t.Run("voice", func(t *testing.T) {
		m := parseAs[*callback.VoiceMessage](t, xmlVoice, "voice")
		eq(t, "MediaId", m.MediaId, "media_id")
		eq(t, "Format", m.Format, "Format")
	})
	t.Run("video", func(t *testing.T) {
		m := parseAs[*callback.VideoMessage](t, xmlVideo, "video")
		eq(t, "MediaId", m.MediaId, "media_id")
		eq(t, "ThumbMediaId", m.ThumbMediaId, "thumb_media_id")
	})
	t.Run("location", func(t *testing.T) {
		m := parseAs[*callback.LocationMessage](t, xmlLocation, "location")
		eq(t, "LocationX", m.LocationX, 23.134)
		eq(t, "LocationY", m.LocationY, 113.358)
		eq(t, "Scale", m.Scale, 20)
		eq(t, "Label", m.Label, "位置信息")
		eq(t, "AppType", m.AppType, "wxwork")
	})
	t.Run("link", func(t *testing.T) {
		m := parseAs[*callback.LinkMessage](t, xmlLink, "link")
		eq(t, "Title", m.Title, "this is a title!")
		eq(t, "Description", m.Description, "this is a description!")
		eq(t, "Url", m.Url, "URL")
		eq(t, "PicUrl", m.PicUrl, "this is a url")
	})
}

func TestParseEvents(t *testing.T) {
	t.Run("subscribe", func(t *testing.T) {
		e := parseAs[*callback.SubscribeEvent](t, xmlSubscribe, "subscribe")
		eq(t, "FromUserName", e.FromUserName, "UserID")
		eq(t, "MsgType", e.MsgType, "event")
		eq(t, "Event", e.Event, "subscribe")
		eq(t, "AgentID", e.AgentID, 1)
	})
	t.Run("unsubscribe", func(t *testing.T) {
		e := parseAs[*callback.UnsubscribeEvent](t, xmlUnsubscribe, "unsubscribe")
		eq(t, "FromUserName", e.FromUserName, "UserID")
	})
	t.Run("enter_agent", func(t *testing.T) {
		e := parseAs[*callback.EnterAgentEvent](t, xmlEnterAgent, "enter_agent")
		eq(t, "ToUserName", e.ToUserName, "toUser")
		eq(t, "FromUserName", e.FromUserName, "FromUser")
		eq(t, "CreateTime", e.CreateTime, 1408091189)
		eq(t, "EventKey", e.EventKey, "")
		eq(t, "AgentID", e.AgentID, 1)
	})
	t.Run("LOCATION", func(t *testing.T) {
		e := parseAs[*callback.LocationEvent](t, xmlLocationEvent, "LOCATION")
		eq(t, "Latitude", e.Latitude, 23.104)
		eq(t, "Longitude", e.Longitude, 113.320)
		eq(t, "Precision", e.Precision, 65.0)
		eq(t, "AppType", e.AppType, "wxwork")
	})
	t.Run("click", func(t *testing.T) {
		e := parseAs[*callback.MenuClickEvent](t, xmlClick, "click")
		eq(t, "EventKey", e.EventKey, "EVENTKEY")
		eq(t, "AgentID", e.AgentID, 1)
	})
	t.Run("view", func(t *testing.T) {
		e := parseAs[*callback.MenuClickEvent](t, xmlView, "view")
		eq(t, "Event", e.Event, "view")
		eq(t, "EventKey", e.EventKey, "www.qq.com")
	})
	t.Run("scancode_push", func(t *testing.T) {
		e := parseAs[*callback.ScanCodeEvent](t, xmlScanCode, "scancode_push")
		eq(t, "EventKey", e.EventKey, "6")
		eq(t, "ScanCodeInfo", e.ScanCodeInfo, callback.ScanCodeInfo{ScanType: "qrcode", ScanResult: "1"})
	})
	t.Run("pic_sysphoto", func(t *testing.T) {
		e := parseAs[*callback.PicEvent](t, xmlPicSysPhoto, "pic_sysphoto")
		deq(t, "SendPicsInfo", e.SendPicsInfo, callback.SendPicsInfo{
			Count:   1,
			PicList: []callback.PicItem{{PicMd5Sum: "1b5f7c23b5bf75682a53e7b6d163e185"}},
		})
	})
	t.Run("location_select", func(t *testing.T) {
		e := parseAs[*callback.LocationSelectEvent](t, xmlLocationSelect, "location_select")
		eq(t, "SendLocationInfo", e.SendLocationInfo, callback.SendLocationInfo{
			LocationX: 23, LocationY: 113, Scale: 15, Label: " 广州市海珠区客村艺苑路 106号",
		})
		eq(t, "AppType", e.AppType, "wxwork")
	})
	t.Run("batch_job_result", func(t *testing.T) {
		e := parseAs[*callback.BatchJobResultEvent](t, xmlBatchJobResult, "batch_job_result")
		eq(t, "FromUserName", e.FromUserName, "sys")
		eq(t, "BatchJob", e.BatchJob, callback.BatchJob{
			JobId: "S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4", JobType: "sync_user", ErrCode: 0, ErrMsg: "ok",
		})
	})
}

func TestParseChangeContact(t *testing.T) {
	header := func(t *testing.T, e *callback.ChangeContactEvent, changeType string) {
		t.Helper()
		eq(t, "ToUserName", e.ToUserName, "toUser")
		eq(t, "FromUserName", e.FromUserName, "sys")
		eq(t, "CreateTime", e.CreateTime, 1403610513)
		eq(t, "MsgType", e.MsgType, "event")
		eq(t, "Event", e.Event, "change_contact")
		eq(t, "ChangeType", e.ChangeType, changeType)
	}
	t.Run("create_user", func(t *testing.T) {
		e := parseAs[*callback.ChangeContactEvent](t, xmlCreateUser, "change_contact")
		header(t, e, callback.CreateUser)
		eq(t, "UserID", e.UserID, "zhangsan")
		eq(t, "Name", e.Name, "张三")
		deq(t, "Department", e.Department, []int{1, 2, 3})
		eq(t, "DepartmentRaw", e.DepartmentRaw, "1,2,3")
		eq(t, "MainDepartment", e.MainDepartment, 1)
		deq(t, "IsLeaderInDept", e.IsLeaderInDept, []int{1, 0, 0})
		eq(t, "IsLeaderInDeptRaw", e.IsLeaderInDeptRaw, "1,0,0")
		deq(t, "DirectLeader", e.DirectLeader, []string{"lisi", "wangwu"})
		eq(t, "DirectLeaderRaw", e.DirectLeaderRaw, "lisi,wangwu")
		eq(t, "Position", e.Position, "产品经理")
		eq(t, "Mobile", e.Mobile, "13800000000")
		eq(t, "Gender", e.Gender, "1")
		eq(t, "Email", e.Email, "zhangsan@gzdev.com")
		eq(t, "BizMail", e.BizMail, "zhangsan@qyycs2.wecom.work")
		eq(t, "Status", e.Status, 1)
		eq(t, "Avatar", e.Avatar, "http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0")
		eq(t, "Alias", e.Alias, "zhangsan")
		eq(t, "Telephone", e.Telephone, "020-123456")
		eq(t, "Address", e.Address, "广州市")
		if len(e.ExtAttr) != 2 {
			t.Fatalf("ExtAttr has %d items, want 2", len(e.ExtAttr))
		}
		eq(t, "ExtAttr[0].Name", e.ExtAttr[0].Name, "爱好")
		eq(t, "ExtAttr[0].Type", e.ExtAttr[0].Type, 0)
		eq(t, "ExtAttr[0].Text.Value", e.ExtAttr[0].Text.Value, "旅游")
		eq(t, "ExtAttr[1].Name", e.ExtAttr[1].Name, "卡号")
		eq(t, "ExtAttr[1].Type", e.ExtAttr[1].Type, 1)
		eq(t, "ExtAttr[1].Web.Title", e.ExtAttr[1].Web.Title, "企业微信")
		eq(t, "ExtAttr[1].Web.Url", e.ExtAttr[1].Web.Url, "https://work.weixin.qq.com")
		// ExtAttr items' <Name> must not leak into the member Name.
		eq(t, "AgentID", e.AgentID, 0)
	})
	t.Run("update_user", func(t *testing.T) {
		e := parseAs[*callback.ChangeContactEvent](t, xmlUpdateUser, "change_contact")
		header(t, e, callback.UpdateUser)
		eq(t, "UserID", e.UserID, "zhangsan")
		eq(t, "NewUserID", e.NewUserID, "zhangsan001")
		deq(t, "Department", e.Department, []int{1, 2, 3})
		eq(t, "Has(Email)", e.Has("Email"), true) // present but emptied
		eq(t, "Email", e.Email, "")
		eq(t, "Has(Position)", e.Has("Position"), false)
	})
	t.Run("update_user partial", func(t *testing.T) {
		e := parseAs[*callback.ChangeContactEvent](t, xmlUpdateUserPartial, "change_contact")
		header(t, e, callback.UpdateUser)
		eq(t, "UserID", e.UserID, "zhangsan")
		eq(t, "MainDepartment", e.MainDepartment, 2)
		eq(t, "Has(MainDepartment)", e.Has("MainDepartment"), true)
		eq(t, "Has(Department)", e.Has("Department"), false)
		if e.Department != nil {
			t.Errorf("Department = %v, want nil", e.Department)
		}
	})
	t.Run("delete_user", func(t *testing.T) {
		e := parseAs[*callback.ChangeContactEvent](t, xmlDeleteUser, "change_contact")
		header(t, e, callback.DeleteUser)
		eq(t, "UserID", e.UserID, "zhangsan")
	})
	t.Run("create_party", func(t *testing.T) {
		e := parseAs[*callback.ChangeContactEvent](t, xmlCreateParty, "change_contact")
		header(t, e, callback.CreateParty)
		eq(t, "Id", e.Id, 2)
		eq(t, "Name", e.Name, "张三")
		eq(t, "ParentId", e.ParentId, 1)
		eq(t, "Order", e.Order, 1)
	})
	t.Run("update_party", func(t *testing.T) {
		e := parseAs[*callback.ChangeContactEvent](t, xmlUpdateParty, "change_contact")
		header(t, e, callback.UpdateParty)
		eq(t, "Id", e.Id, 2)
		eq(t, "Name", e.Name, "张三")
		eq(t, "ParentId", e.ParentId, 1)
		eq(t, "Has(Order)", e.Has("Order"), false)
	})
	t.Run("delete_party", func(t *testing.T) {
		e := parseAs[*callback.ChangeContactEvent](t, xmlDeleteParty, "change_contact")
		header(t, e, callback.DeleteParty)
		eq(t, "Id", e.Id, 2)
	})
	t.Run("update_tag", func(t *testing.T) {
		e := parseAs[*callback.ChangeContactEvent](t, xmlUpdateTag, "change_contact")
		header(t, e, callback.UpdateTag)
		eq(t, "TagId", e.TagId, 1)
		deq(t, "AddUserItems", e.AddUserItems, []string{"zhangsan", "lisi"})
		deq(t, "DelUserItems", e.DelUserItems, []string{"zhangsan1", "lisi1"})
		deq(t, "AddPartyItems", e.AddPartyItems, []int{1, 2})
		deq(t, "DelPartyItems", e.DelPartyItems, []int{3, 4})
		eq(t, "AddUserItemsRaw", e.AddUserItemsRaw, "zhangsan,lisi")
		eq(t, "DelPartyItemsRaw", e.DelPartyItemsRaw, "3,4")
	})
	t.Run("update_tag without lists", func(t *testing.T) {
		e := parseAs[*callback.ChangeContactEvent](t, `<xml>`+contactHeader+`<ChangeType>update_tag</ChangeType><TagId>7</TagId><AddUserItems><![CDATA[a, ,b,]]></AddUserItems></xml>`, "change_contact")
		eq(t, "TagId", e.TagId, 7)
		deq(t, "AddUserItems", e.AddUserItems, []string{"a", "b"})
		if e.DelUserItems != nil || e.AddPartyItems != nil || e.DelPartyItems != nil {
			t.Errorf("absent lists = %v %v %v, want nil", e.DelUserItems, e.AddPartyItems, e.DelPartyItems)
		}
	})
}

func TestParseSuiteEvents(t *testing.T) {
	header := func(t *testing.T, h callback.SuiteHeader, suiteID, infoType string) {
		t.Helper()
		eq(t, "SuiteId", h.SuiteId, suiteID)
		eq(t, "InfoType", h.InfoType, infoType)
		eq(t, "TimeStamp", h.TimeStamp, 1403610513)
	}
	t.Run("suite_ticket", func(t *testing.T) {
		e := parseAs[*callback.SuiteTicketEvent](t, xmlSuiteTicket, "suite_ticket")
		header(t, e.SuiteHeader, sampleSuiteID, "suite_ticket")
		eq(t, "SuiteTicket", e.SuiteTicket, "asdfasfdasdfasdf")
	})
	t.Run("create_auth", func(t *testing.T) {
		e := parseAs[*callback.CreateAuthEvent](t, xmlCreateAuth, "create_auth")
		header(t, e.SuiteHeader, sampleSuiteID, "create_auth")
		eq(t, "AuthCode", e.AuthCode, "AUTHCODE")
		eq(t, "State", e.State, "123")
		eq(t, "ExtraInfo", e.ExtraInfo, "")
		eq(t, "Has(ExtraInfo)", e.Has("ExtraInfo"), true)
	})
	t.Run("change_auth", func(t *testing.T) {
		e := parseAs[*callback.ChangeAuthEvent](t, xmlChangeAuth, "change_auth")
		header(t, e.SuiteHeader, sampleSuiteID, "change_auth")
		eq(t, "AuthCorpId", e.AuthCorpId, "wxf8b4f85f3a794e77")
		eq(t, "State", e.State, "abc")
	})
	t.Run("cancel_auth", func(t *testing.T) {
		e := parseAs[*callback.CancelAuthEvent](t, xmlCancelAuth, "cancel_auth")
		header(t, e.SuiteHeader, sampleSuiteID, "cancel_auth")
		eq(t, "AuthCorpId", e.AuthCorpId, "wxf8b4f85f3a794e77")
	})
	t.Run("reset_permanent_code", func(t *testing.T) {
		e := parseAs[*callback.ResetPermanentCodeEvent](t, xmlResetPermanentCode, "reset_permanent_code")
		header(t, e.SuiteHeader, "dk4asffe99e54c0fxxxx", "reset_permanent_code")
		eq(t, "AuthCode", e.AuthCode, "RESETCODE")
	})
	t.Run("change_contact", func(t *testing.T) {
		e := parseAs[*callback.SuiteChangeContactEvent](t, xmlSuiteChangeContact, "change_contact")
		header(t, e.SuiteHeader, sampleSuiteID, "change_contact")
		eq(t, "AuthCorpId", e.AuthCorpId, "wxf8b4f85f3a794e77")
		eq(t, "ChangeType", e.ChangeType, callback.CreateUser)
		eq(t, "UserID", e.UserID, "zhangsan")
		eq(t, "OpenUserID", e.OpenUserID, "woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA")
		eq(t, "Name", e.Name, "张三")
		deq(t, "Department", e.Department, []int{1, 2})
	})
}

func TestParseUnknownKindsAreRaw(t *testing.T) {
	tests := []struct {
		name, xml                      string
		kind, msgType, event, infoType string
	}{
		{"unknown event", xmlApprovalChange, "open_approval_change", "event", "open_approval_change", ""},
		{"unknown message", xmlFileMessage, "file", "file", "", ""},
		{"unknown suite InfoType", xmlChangeAppAdmin, "change_app_admin", "", "", "change_app_admin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := parseAs[*callback.RawEvent](t, tt.xml, tt.kind)
			eq(t, "MsgType", raw.MsgType, tt.msgType)
			eq(t, "Event", raw.Event, tt.event)
			eq(t, "InfoType", raw.InfoType, tt.infoType)
			if raw.Err != nil {
				t.Errorf("Err = %v, want nil", raw.Err)
			}
		})
	}

	raw := parseAs[*callback.RawEvent](t, xmlApprovalChange, "open_approval_change")
	eq(t, "FromUserName", raw.FromUserName, "sys")
	var approval struct {
		AgentID      int `xml:"AgentID"`
		ApprovalInfo struct {
			ThirdNo      string `xml:"ThirdNo"`
			OpenSpStatus int    `xml:"OpenSpStatus"`
		} `xml:"ApprovalInfo"`
	}
	if err := raw.Unmarshal(&approval); err != nil {
		t.Fatal(err)
	}
	eq(t, "ThirdNo", approval.ApprovalInfo.ThirdNo, "201806010001")
	eq(t, "OpenSpStatus", approval.ApprovalInfo.OpenSpStatus, 1)
	eq(t, "Has(ApprovalInfo)", raw.Has("ApprovalInfo"), true)
	eq(t, "Has(ThirdNo)", raw.Has("ThirdNo"), false) // not top-level

	suite := parseAs[*callback.RawEvent](t, xmlChangeAppAdmin, "change_app_admin")
	eq(t, "SuiteId", suite.SuiteId, sampleSuiteID)
}

// A known kind whose typed fields do not parse still reaches the app, as a
// RawEvent with Err set, so no delivery is lost.
func TestParseBadTypedFieldIsRawWithErr(t *testing.T) {
	tests := []struct{ name, xml, kind string }{
		{"non-numeric CreateTime", `<xml><ToUserName>c</ToUserName><FromUserName>u</FromUserName><CreateTime>soon</CreateTime><MsgType>text</MsgType><Content>hi</Content><MsgId>1</MsgId></xml>`, "text"},
		{"non-numeric Department", `<xml>` + contactHeader + `<ChangeType>create_user</ChangeType><UserID>u</UserID><Department>1,x</Department></xml>`, "change_contact"},
		{"MsgId overflow", `<xml><MsgType>text</MsgType><MsgId>99999999999999999999</MsgId></xml>`, "text"},
		{"non-numeric TimeStamp", `<xml><SuiteId>s</SuiteId><InfoType>suite_ticket</InfoType><TimeStamp>x</TimeStamp></xml>`, "suite_ticket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			raw := parseAs[*callback.RawEvent](t, tt.xml, tt.kind)
			if raw.Err == nil {
				t.Error("Err = nil, want the typed decoding error")
			}
		})
	}
}

func TestParseInvalid(t *testing.T) {
	for _, in := range []string{
		"",
		"1616140317555161061", // an echostr plaintext
		"not xml",
		"<xml>",
		"<xml><MsgType>text</MsgType>",
		"<xml></xml>",
		"<xml><Content>no kind</Content></xml>",
		"\x00\x01\x02",
	} {
		ev, err := callback.Parse([]byte(in))
		if !errors.Is(err, callback.ErrInvalidMessage) {
			t.Errorf("Parse(%q) = %v, %v; want ErrInvalidMessage", in, ev, err)
		}
	}
}

func TestParseIgnoresAfterRoot(t *testing.T) {
	ev, err := callback.Parse([]byte(samplePOSTMsg + "\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := ev.(*callback.TextMessage); !ok {
		t.Fatalf("got %T", ev)
	}
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{samplePOSTMsg, xmlCreateUser, xmlUpdateTag, xmlSuiteTicket, xmlApprovalChange, xmlPicSysPhoto, "<xml/>", ""} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		ev, err := callback.Parse(data)
		if (ev == nil) == (err == nil) {
			t.Fatalf("Parse = %v, %v: want exactly one non-nil", ev, err)
		}
		if ev != nil {
			_ = ev.Kind()
			_ = ev.Has("MsgType")
		}
	})
}
