# language: zh-CN
@crm
功能: 客户联系：添加客户、欢迎语与删除
  客户在微信里添加配置了客户联系功能的成员（直接添加，或扫描「联系我」二维码）后，
  企业微信向应用推送 change_external_contact/add_external_contact 事件，带着「联系我」
  的 state 和欢迎语 code。应用用这个 code 调用 send_welcome_msg 向客户发送欢迎语：
  只能用一次，且必须在 20 秒内。客户删除成员、成员删除客户时，企业微信同样推送事件。

  背景:
    假如应用 1000002 对企业 "wwmockcorp000001" 全员可见

  场景: 客户扫码添加成员，应用立即发送欢迎语
    当客户 "王小姐" 扫描联系我 "官网渠道" 添加了 "zhangsan"，渠道为 "地铁广告"
    那么模拟服务器向应用成功推送了 1 个 "change_external_contact/add_external_contact" 回调
    并且客户 "王小姐" 收到欢迎语 "您好，我是张三，很高兴为您服务"
    并且客户 "王小姐" 通过渠道 "地铁广告" 添加了 "zhangsan"
    并且"zhangsan" 跟进客户 "王小姐"

  场景: 销售稍后补发欢迎语，超过 20 秒就发不出去了
    假如应用不主动向新客户发送欢迎语
    当客户 "王小姐" 添加了 "zhangsan"
    并且时钟前进 21 秒
    并且"zhangsan" 通过应用向客户 "王小姐" 发送欢迎语
    那么应用发送欢迎语失败，错误码 41050
    并且客户 "王小姐" 没有收到任何消息

  场景: 欢迎语 code 只能用一次
    当客户 "王小姐" 添加了 "zhangsan"
    并且"zhangsan" 通过应用向客户 "王小姐" 发送欢迎语
    那么应用发送欢迎语失败，错误码 41050
    并且模拟服务器恰好收到 2 次 "externalcontact/send_welcome_msg" 请求

  场景: 客户删除了成员
    假如客户 "王小姐" 添加了 "zhangsan"
    当客户 "王小姐" 删除了 "zhangsan"
    那么模拟服务器向应用成功推送了 1 个 "change_external_contact/del_follow_user" 回调
    并且应用分 1 页列出 "zhangsan" 的 3 个客户，每页 10 个

  场景: 成员删除了客户
    当"zhangsan" 删除了客户 "林小红"
    那么模拟服务器向应用成功推送了 1 个 "change_external_contact/del_external_contact" 回调
    并且应用分 1 页列出 "zhangsan" 的 2 个客户，每页 10 个

  场景: 客户群的一生
    当"zhangsan" 创建了客户群 "新品交流群"
    并且客户 "陈小明" 扫码加入了客户群 "新品交流群"
    并且"lisi" 加入了客户群 "新品交流群"
    并且客户 "陈小明" 退出了客户群 "新品交流群"
    并且客户群 "新品交流群" 的群主转给了 "lisi"
    并且客户群 "新品交流群" 改名为 "老客户群"
    并且客户群 "老客户群" 被解散了
    那么模拟服务器向应用成功推送了 1 个 "change_external_chat/create" 回调
    并且模拟服务器向应用成功推送了 5 个 "change_external_chat/update" 回调
    并且模拟服务器向应用成功推送了 1 个 "change_external_chat/dismiss" 回调

  场景: 销售给客户打标签，管理员随后调整标签库
    假如客户 "王小姐" 添加了 "zhangsan"
    当"zhangsan" 通过应用给客户 "王小姐" 打上标签 "重要客户"
    那么客户 "王小姐" 有 "zhangsan" 打的标签 "重要客户"
    当管理员在标签组 "客户等级" 中添加客户标签 "潜在客户"
    并且管理员把客户标签 "重要客户" 改名为 "核心客户"
    那么客户 "王小姐" 有 "zhangsan" 打的标签 "核心客户"
    并且模拟服务器向应用成功推送了 1 个 "change_external_tag/create" 回调
    并且模拟服务器向应用成功推送了 1 个 "change_external_tag/update" 回调
