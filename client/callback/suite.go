package callback

// Suite (指令回调) events of third-party and 代开发 apps
// (https://developer.work.weixin.qq.com/document/path/97172). They are
// encrypted with receiveid = SuiteId and must be answered with the literal
// body "success", which the Handler does.

// SuiteTicketEvent is InfoType "suite_ticket", pushed every 10 minutes; the
// ticket is valid for 30 minutes, always keep the newest one.
type SuiteTicketEvent struct {
	SuiteHeader
	SuiteTicket string `xml:"SuiteTicket"`
}

// CreateAuthEvent is InfoType "create_auth": a corp installed the app from
// the app market. Exchange AuthCode (valid 10 minutes, single use) with
// get_permanent_code; answer within 1000 ms.
type CreateAuthEvent struct {
	SuiteHeader
	AuthCode  string `xml:"AuthCode"`
	State     string `xml:"State"`
	ExtraInfo string `xml:"ExtraInfo"`
}

// ChangeAuthEvent is InfoType "change_auth": a corp changed the app's
// authorization; refresh it with get_auth_info.
type ChangeAuthEvent struct {
	SuiteHeader
	AuthCorpId string `xml:"AuthCorpId"`
	State      string `xml:"State"`
	ExtraInfo  string `xml:"ExtraInfo"`
}

// CancelAuthEvent is InfoType "cancel_auth": a corp uninstalled the app.
type CancelAuthEvent struct {
	SuiteHeader
	AuthCorpId string `xml:"AuthCorpId"`
}

// ResetPermanentCodeEvent is InfoType "reset_permanent_code" (代开发): the
// app secret was reset; exchange AuthCode with get_permanent_code for the new
// one.
type ResetPermanentCodeEvent struct {
	SuiteHeader
	AuthCode string `xml:"AuthCode"`
}

// SuiteChangeContactEvent is InfoType "change_contact": a member, department
// or tag of an authorizing corp changed. Switch on ChangeType.
type SuiteChangeContactEvent struct {
	SuiteHeader
	AuthCorpId string `xml:"AuthCorpId"`
	ContactChange
}
