# language: zh-CN
@messaging
功能: 群机器人告警与审批卡片
  运维通过群机器人（webhook/send，只凭机器人的 key，不需要 access_token）向群里发告警，
  并提醒值班成员。应用用按钮交互型模板卡片发起审批：成员点击后，企业微信把
  template_card_event 推送给应用，带着一个 response_code；应用在 72 小时内用它调用一次
  message/update_template_card，把按钮换成审批结果。同一个 code 再用一次就会失败。

  场景: 群机器人发出告警并提醒值班成员
    假如默认的测试企业
    当告警系统通过群机器人 "mock-webhook-key" 发送 "磁盘空间不足 5%"并提醒 "zhangsan"
    那么群机器人 "mock-webhook-key" 发出了 "磁盘空间不足"并提醒了 "zhangsan"
    并且"zhangsan" 收到一条包含 "磁盘空间不足" 的企业微信消息

  场景: 成员点击审批卡片，应用更新卡片，同一个 code 再次更新失败
    假如企业 "acme" 有成员 "zhangsan"（"张三"），在应用 1000002 的可见范围内
    当应用给 "zhangsan" 发送审批卡片 "出差申请：上海 3 天"
    那么应用记录审批结果为 "待审批"
    当"zhangsan" 在审批卡片上点击 "同意"
    那么模拟服务器向应用成功推送了 1 个 "template_card_event" 回调
    并且应用记录审批结果为 "已同意"，审批人是 "zhangsan"
    并且审批卡片对 "zhangsan" 显示 "已同意"
    当应用用同一个 response_code 再次更新审批卡片
    那么卡片更新失败，错误码 42022
