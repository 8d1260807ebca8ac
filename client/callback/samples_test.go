package callback_test

// Decrypted callback XMLs in the layout of the WeCom documentation samples
// (whitespace and CDATA included).

const (
	xmlImage = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1348831860</CreateTime>
   <MsgType><![CDATA[image]]></MsgType>
   <PicUrl><![CDATA[this is a url]]></PicUrl>
   <MediaId><![CDATA[media_id]]></MediaId>
   <MsgId>1234567890123456</MsgId>
   <AgentID>1</AgentID>
</xml>`

	xmlVoice = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1357290913</CreateTime>
   <MsgType><![CDATA[voice]]></MsgType>
   <MediaId><![CDATA[media_id]]></MediaId>
   <Format><![CDATA[Format]]></Format>
   <MsgId>1234567890123456</MsgId>
   <AgentID>1</AgentID>
</xml>`

	xmlVideo = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1357290913</CreateTime>
   <MsgType><![CDATA[video]]></MsgType>
   <MediaId><![CDATA[media_id]]></MediaId>
   <ThumbMediaId><![CDATA[thumb_media_id]]></ThumbMediaId>
   <MsgId>1234567890123456</MsgId>
   <AgentID>1</AgentID>
</xml>`

	xmlLocation = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1351776360</CreateTime>
   <MsgType><![CDATA[location]]></MsgType>
   <Location_X>23.134</Location_X>
   <Location_Y>113.358</Location_Y>
   <Scale>20</Scale>
   <Label><![CDATA[位置信息]]></Label>
   <MsgId>1234567890123456</MsgId>
   <AgentID>1</AgentID>
   <AppType><![CDATA[wxwork]]></AppType>
</xml>`

	xmlLink = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[fromUser]]></FromUserName>
   <CreateTime>1348831860</CreateTime>
   <MsgType><![CDATA[link]]></MsgType>
   <Title><![CDATA[this is a title!]]></Title>
   <Description><![CDATA[this is a description!]]></Description>
   <Url><![CDATA[URL]]></Url>
   <PicUrl><![CDATA[this is a url]]></PicUrl>
   <MsgId>1234567890123456</MsgId>
   <AgentID>1</AgentID>
</xml>`

	xmlSubscribe = `<xml>
  <ToUserName><![CDATA[toUser]]></ToUserName>
  <FromUserName><![CDATA[UserID]]></FromUserName>
  <CreateTime>1348831860</CreateTime>
  <MsgType><![CDATA[event]]></MsgType>
  <Event><![CDATA[subscribe]]></Event>
  <EventKey><![CDATA[]]></EventKey>
  <AgentID>1</AgentID>
</xml>`

	xmlUnsubscribe = `<xml>
  <ToUserName><![CDATA[toUser]]></ToUserName>
  <FromUserName><![CDATA[UserID]]></FromUserName>
  <CreateTime>1348831860</CreateTime>
  <MsgType><![CDATA[event]]></MsgType>
  <Event><![CDATA[unsubscribe]]></Event>
  <AgentID>1</AgentID>
</xml>`

	xmlEnterAgent = `<xml><ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>1408091189</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[enter_agent]]></Event>
<EventKey><![CDATA[]]></EventKey>
<AgentID>1</AgentID>
</xml>`

	xmlLocationEvent = `<xml>
   <ToUserName><![CDATA[toUser]]></ToUserName>
   <FromUserName><![CDATA[FromUser]]></FromUserName>
   <CreateTime>123456789</CreateTime>
   <MsgType><![CDATA[event]]></MsgType>
   <Event><![CDATA[LOCATION]]></Event>
   <Latitude>23.104</Latitude>
   <Longitude>113.320</Longitude>
   <Precision>65.000</Precision>
   <AgentID>1</AgentID>
   <AppType><![CDATA[wxwork]]></AppType>
</xml>`

	xmlClick = `<xml>
<ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>123456789</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[click]]></Event>
<EventKey><![CDATA[EVENTKEY]]></EventKey>
<AgentID>1</AgentID>
</xml>`

	xmlView = `<xml>
<ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>123456789</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[view]]></Event>
<EventKey><![CDATA[www.qq.com]]></EventKey>
<AgentID>1</AgentID>
</xml>`

	xmlScanCode = `<xml><ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>1408090502</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[scancode_push]]></Event>
<EventKey><![CDATA[6]]></EventKey>
<ScanCodeInfo><ScanType><![CDATA[qrcode]]></ScanType>
<ScanResult><![CDATA[1]]></ScanResult>
</ScanCodeInfo>
<AgentID>1</AgentID>
</xml>`

	xmlPicSysPhoto = `<xml><ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>1408090651</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[pic_sysphoto]]></Event>
<EventKey><![CDATA[6]]></EventKey>
<SendPicsInfo><Count>1</Count>
<PicList><item><PicMd5Sum><![CDATA[1b5f7c23b5bf75682a53e7b6d163e185]]></PicMd5Sum>
</item>
</PicList>
</SendPicsInfo>
<AgentID>1</AgentID>
</xml>`

	xmlLocationSelect = `<xml><ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[FromUser]]></FromUserName>
<CreateTime>1408091189</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[location_select]]></Event>
<EventKey><![CDATA[6]]></EventKey>
<SendLocationInfo><Location_X><![CDATA[23]]></Location_X>
<Location_Y><![CDATA[113]]></Location_Y>
<Scale><![CDATA[15]]></Scale>
<Label><![CDATA[ 广州市海珠区客村艺苑路 106号]]></Label>
<Poiname><![CDATA[]]></Poiname>
</SendLocationInfo>
<AgentID>1</AgentID>
<AppType><![CDATA[wxwork]]></AppType>
</xml>`

	xmlBatchJobResult = `<xml><ToUserName><![CDATA[toUser]]></ToUserName>
<FromUserName><![CDATA[sys]]></FromUserName>
<CreateTime>1380000000</CreateTime>
<MsgType><![CDATA[event]]></MsgType>
<Event><![CDATA[batch_job_result]]></Event>
<BatchJob><JobId><![CDATA[S0MrnndvRG5fadSlLwiBqiDDbM143UqTmKP3152FZk4]]></JobId>
<JobType><![CDATA[sync_user]]></JobType>
<ErrCode>0</ErrCode>
<ErrMsg><![CDATA[ok]]></ErrMsg>
</BatchJob>
</xml>`

	contactHeader = `<ToUserName><![CDATA[toUser]]></ToUserName>
	<FromUserName><![CDATA[sys]]></FromUserName>
	<CreateTime>1403610513</CreateTime>
	<MsgType><![CDATA[event]]></MsgType>
	<Event><![CDATA[change_contact]]></Event>`

	xmlCreateUser = `<xml>
	` + contactHeader + `
	<ChangeType>create_user</ChangeType>
	<UserID><![CDATA[zhangsan]]></UserID>
	<Name><![CDATA[张三]]></Name>
	<Department><![CDATA[1,2,3]]></Department>
	<MainDepartment>1</MainDepartment>
	<IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept>
	<DirectLeader><![CDATA[lisi,wangwu]]></DirectLeader>
	<Position><![CDATA[产品经理]]></Position>
	<Mobile>13800000000</Mobile>
	<Gender>1</Gender>
	<Email><![CDATA[zhangsan@gzdev.com]]></Email>
	<BizMail><![CDATA[zhangsan@qyycs2.wecom.work]]></BizMail>
	<Status>1</Status>
	<Avatar><![CDATA[http://wx.qlogo.cn/mmopen/ajNVdqHZLLA3WJ6DSZUfiakYe37PKnQhBIeOQBO4czqrnZDS79FH5Wm5m4X69TBicnHFlhiafvDwklOpZeXYQQ2icg/0]]></Avatar>
	<Alias><![CDATA[zhangsan]]></Alias>
	<Telephone><![CDATA[020-123456]]></Telephone>
	<Address><![CDATA[广州市]]></Address>
	<ExtAttr>
		<Item>
		<Name><![CDATA[爱好]]></Name>
		<Type>0</Type>
		<Text>
			<Value><![CDATA[旅游]]></Value>
		</Text>
		</Item>
		<Item>
		<Name><![CDATA[卡号]]></Name>
		<Type>1</Type>
		<Web>
			<Title><![CDATA[企业微信]]></Title>
			<Url><![CDATA[https://work.weixin.qq.com]]></Url>
		</Web>
		</Item>
	</ExtAttr>
</xml>`

	xmlUpdateUser = `<xml>
	` + contactHeader + `
	<ChangeType>update_user</ChangeType>
	<UserID><![CDATA[zhangsan]]></UserID>
	<NewUserID><![CDATA[zhangsan001]]></NewUserID>
	<Name><![CDATA[张三]]></Name>
	<Department><![CDATA[1,2,3]]></Department>
	<MainDepartment>1</MainDepartment>
	<IsLeaderInDept><![CDATA[1,0,0]]></IsLeaderInDept>
	<Mobile>13800000000</Mobile>
	<Email><![CDATA[]]></Email>
</xml>`

	// Real deliveries may carry only the changed field (developer reports).
	xmlUpdateUserPartial = `<xml>` + contactHeader + `<ChangeType>update_user</ChangeType><UserID><![CDATA[zhangsan]]></UserID><MainDepartment>2</MainDepartment></xml>`

	xmlDeleteUser = `<xml>
	` + contactHeader + `
	<ChangeType>delete_user</ChangeType>
	<UserID><![CDATA[zhangsan]]></UserID>
</xml>`

	xmlCreateParty = `<xml>
	` + contactHeader + `
	<ChangeType>create_party</ChangeType>
	<Id>2</Id>
	<Name><![CDATA[张三]]></Name>
	<ParentId><![CDATA[1]]></ParentId>
	<Order>1</Order>
</xml>`

	xmlUpdateParty = `<xml>
	` + contactHeader + `
	<ChangeType>update_party</ChangeType>
	<Id>2</Id>
	<Name><![CDATA[张三]]></Name>
	<ParentId><![CDATA[1]]></ParentId>
</xml>`

	xmlDeleteParty = `<xml>
	` + contactHeader + `
	<ChangeType>delete_party</ChangeType>
	<Id>2</Id>
</xml>`

	xmlUpdateTag = `<xml>
	` + contactHeader + `
	<ChangeType><![CDATA[update_tag]]></ChangeType>
	<TagId>1</TagId>
	<AddUserItems><![CDATA[zhangsan,lisi]]></AddUserItems>
	<DelUserItems><![CDATA[zhangsan1,lisi1]]></DelUserItems>
	<AddPartyItems><![CDATA[1,2]]></AddPartyItems>
	<DelPartyItems><![CDATA[3,4]]></DelPartyItems>
</xml>`

	// Suite (指令回调) events.
	xmlSuiteTicket = `<xml><SuiteId><![CDATA[ww4asffe99e54c0fxxxx]]></SuiteId><InfoType><![CDATA[suite_ticket]]></InfoType><TimeStamp>1403610513</TimeStamp><SuiteTicket><![CDATA[asdfasfdasdfasdf]]></SuiteTicket></xml>`

	xmlCreateAuth = `<xml>
	<SuiteId><![CDATA[ww4asffe99e54c0fxxxx]]></SuiteId>
	<AuthCode><![CDATA[AUTHCODE]]></AuthCode>
	<InfoType><![CDATA[create_auth]]></InfoType>
	<TimeStamp>1403610513</TimeStamp>
	<State><![CDATA[123]]></State>
	<ExtraInfo><![CDATA[]]></ExtraInfo>
</xml>`

	xmlChangeAuth = `<xml>
	<SuiteId><![CDATA[ww4asffe99e54c0fxxxx]]></SuiteId>
	<InfoType><![CDATA[change_auth]]></InfoType>
	<TimeStamp>1403610513</TimeStamp>
	<AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId>
	<State><![CDATA[abc]]></State>
</xml>`

	xmlCancelAuth = `<xml>
	<SuiteId><![CDATA[ww4asffe99e54c0fxxxx]]></SuiteId>
	<InfoType><![CDATA[cancel_auth]]></InfoType>
	<TimeStamp>1403610513</TimeStamp>
	<AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId>
</xml>`

	xmlResetPermanentCode = `<xml>
	<SuiteId><![CDATA[dk4asffe99e54c0fxxxx]]></SuiteId>
	<AuthCode><![CDATA[RESETCODE]]></AuthCode>
	<InfoType><![CDATA[reset_permanent_code]]></InfoType>
	<TimeStamp>1403610513</TimeStamp>
</xml>`

	// The third-party change_contact seen in the wild.
	xmlSuiteChangeContact = `<xml><SuiteId><![CDATA[ww4asffe99e54c0fxxxx]]></SuiteId><AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId><InfoType><![CDATA[change_contact]]></InfoType><TimeStamp>1403610513</TimeStamp><ChangeType><![CDATA[create_user]]></ChangeType><UserID><![CDATA[zhangsan]]></UserID><OpenUserID><![CDATA[woAJ2GCAAAXtWyujaWJHDDGi0mACAAAA]]></OpenUserID><Name><![CDATA[张三]]></Name><Department><![CDATA[1,2]]></Department></xml>`

	// Kinds without a type of their own.
	xmlApprovalChange = `<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[sys]]></FromUserName><CreateTime>1527838022</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[open_approval_change]]></Event><AgentID>1</AgentID><ApprovalInfo><ThirdNo><![CDATA[201806010001]]></ThirdNo><OpenSpStatus>1</OpenSpStatus></ApprovalInfo></xml>`
	xmlFileMessage    = `<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[fromUser]]></FromUserName><CreateTime>1348831860</CreateTime><MsgType><![CDATA[file]]></MsgType><MediaId><![CDATA[m]]></MediaId><MsgId>42</MsgId><AgentID>1</AgentID></xml>`
	xmlChangeAppAdmin = `<xml><SuiteId><![CDATA[ww4asffe99e54c0fxxxx]]></SuiteId><InfoType><![CDATA[change_app_admin]]></InfoType><TimeStamp>1403610513</TimeStamp><AuthCorpId><![CDATA[wxf8b4f85f3a794e77]]></AuthCorpId><AgentID>1000005</AgentID></xml>`
)
