package callback

// Messages a member sends to an app. Go field names are the WeCom
// element names, except Location_X/Location_Y which read LocationX/LocationY.

// TextMessage is MsgType "text".
//
//	<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><FromUserName><![CDATA[mycreate]]></FromUserName><CreateTime>1409659813</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[hello]]></Content><MsgId>4561255354251345929</MsgId><AgentID>218</AgentID></xml>
type TextMessage struct {
	MessageHeader
	Content string `xml:"Content"`
	MsgId   int64  `xml:"MsgId"`
}

// ImageMessage is MsgType "image".
type ImageMessage struct {
	MessageHeader
	PicUrl  string `xml:"PicUrl"`
	MediaId string `xml:"MediaId"`
	MsgId   int64  `xml:"MsgId"`
}

// VoiceMessage is MsgType "voice".
type VoiceMessage struct {
	MessageHeader
	MediaId string `xml:"MediaId"`
	Format  string `xml:"Format"` // amr, speex
	MsgId   int64  `xml:"MsgId"`
}

// VideoMessage is MsgType "video".
type VideoMessage struct {
	MessageHeader
	MediaId      string `xml:"MediaId"`
	ThumbMediaId string `xml:"ThumbMediaId"`
	MsgId        int64  `xml:"MsgId"`
}

// LocationMessage is MsgType "location".
type LocationMessage struct {
	MessageHeader
	LocationX float64 `xml:"Location_X"` // latitude
	LocationY float64 `xml:"Location_Y"` // longitude
	Scale     int     `xml:"Scale"`
	Label     string  `xml:"Label"`
	AppType   string  `xml:"AppType"` // "wxwork"
	MsgId     int64   `xml:"MsgId"`
}

// LinkMessage is MsgType "link".
type LinkMessage struct {
	MessageHeader
	Title       string `xml:"Title"`
	Description string `xml:"Description"`
	Url         string `xml:"Url"`
	PicUrl      string `xml:"PicUrl"`
	MsgId       int64  `xml:"MsgId"`
}

// Events (MsgType "event") delivered to an app
// (https://developer.work.weixin.qq.com/document/path/90376).

// SubscribeEvent is Event "subscribe": a member can now use the app.
type SubscribeEvent struct {
	EventHeader
	EventKey string `xml:"EventKey"` // empty
}

// UnsubscribeEvent is Event "unsubscribe".
type UnsubscribeEvent struct {
	EventHeader
	EventKey string `xml:"EventKey"` // empty
}

// EnterAgentEvent is Event "enter_agent": a member opened the app.
type EnterAgentEvent struct {
	EventHeader
	EventKey string `xml:"EventKey"` // empty
}

// LocationEvent is Event "LOCATION" (upper case, as WeCom sends it): the
// member's location reported on entering the app.
type LocationEvent struct {
	EventHeader
	Latitude  float64 `xml:"Latitude"`
	Longitude float64 `xml:"Longitude"`
	Precision float64 `xml:"Precision"`
	AppType   string  `xml:"AppType"`
}

// MenuClickEvent is Event "click" (EventKey is the menu key) or "view"
// (EventKey is the URL opened); tell them apart with Kind or Event.
type MenuClickEvent struct {
	EventHeader
	EventKey string `xml:"EventKey"`
}

// ScanCodeEvent is Event "scancode_push" or "scancode_waitmsg".
type ScanCodeEvent struct {
	EventHeader
	EventKey     string       `xml:"EventKey"`
	ScanCodeInfo ScanCodeInfo `xml:"ScanCodeInfo"`
}

// ScanCodeInfo is the scan result of a ScanCodeEvent.
type ScanCodeInfo struct {
	ScanType   string `xml:"ScanType"` // "qrcode"
	ScanResult string `xml:"ScanResult"`
}

// PicEvent is Event "pic_sysphoto", "pic_photo_or_album" or "pic_weixin".
type PicEvent struct {
	EventHeader
	EventKey     string       `xml:"EventKey"`
	SendPicsInfo SendPicsInfo `xml:"SendPicsInfo"`
}

// SendPicsInfo lists the pictures of a PicEvent.
type SendPicsInfo struct {
	Count   int       `xml:"Count"`
	PicList []PicItem `xml:"PicList>item"`
}

// PicItem is one picture of SendPicsInfo.
type PicItem struct {
	PicMd5Sum string `xml:"PicMd5Sum"`
}

// LocationSelectEvent is Event "location_select".
type LocationSelectEvent struct {
	EventHeader
	EventKey         string           `xml:"EventKey"`
	SendLocationInfo SendLocationInfo `xml:"SendLocationInfo"`
	AppType          string           `xml:"AppType"`
}

// SendLocationInfo is the place chosen in a LocationSelectEvent.
type SendLocationInfo struct {
	LocationX float64 `xml:"Location_X"`
	LocationY float64 `xml:"Location_Y"`
	Scale     int     `xml:"Scale"`
	Label     string  `xml:"Label"`
	Poiname   string  `xml:"Poiname"`
}

// BatchJobResultEvent is Event "batch_job_result": an asynchronous batch job
// (batch/syncuser, replaceuser, replaceparty, invite) finished.
type BatchJobResultEvent struct {
	EventHeader
	BatchJob BatchJob `xml:"BatchJob"`
}

// BatchJob is the outcome carried by a BatchJobResultEvent.
type BatchJob struct {
	JobId   string `xml:"JobId"`
	JobType string `xml:"JobType"` // sync_user, replace_user, invite_user, replace_party
	ErrCode int    `xml:"ErrCode"`
	ErrMsg  string `xml:"ErrMsg"`
}
