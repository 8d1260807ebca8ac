package steps

import (
	"context"

	"github.com/cucumber/godog"
)

type contextT = context.Context

// registerChinese adds 中文 wordings of the steps, for feature files written
// with "# language: zh-CN". Each calls the same code as its English twin.
func registerChinese(sc *godog.ScenarioContext) {
	const unit = `(秒|分钟|小时|天)`
	sc.Step(`^时钟前进 (\d+) ?`+unit+`(?:零? ?(\d+) ?`+unit+`)?$`, func(ctx contextT, n1, u1, n2, u2 string) error {
		return clockAdvances(ctx, n1, zhUnit(u1), n2, zhUnit(u2))
	})
	sc.Step(`^企业 "([^"]*)" 有成员 "([^"]*)"(?:（"([^"]*)"）)?，(不)?在应用 (\d+) 的可见范围内$`, corpWithMember)
	sc.Step(`^企业微信对 "([^"]+)" 的调用返回：$`, func(ctx contextT, path string, body *godog.DocString) error {
		return stubAnswer(ctx, "0", path, body)
	})
	sc.Step(`^应用服务于企业 "([^"]*)"$`, func(ctx contextT, corpID string) error { return appServesCorp(ctx, corpID, "") })

	sc.Step(`^"([^"]*)"(?:（企业 "([^"]*)"）)? 打开小程序$`, opensMiniProgram)
	sc.Step(`^小程序把登录凭证发给应用$`, sendsLoginCode)
	sc.Step(`^同一个登录凭证再次被发送$`, sendsLoginCode)
	sc.Step(`^"([^"]*)"(?:（企业 "([^"]*)"）)? 登录小程序$`, logsInMiniProgram)
	sc.Step(`^"([^"]*)"(?:（企业 "([^"]*)"）)? 已登录小程序$`, hasLoggedInMiniProgram)
	sc.Step(`^"([^"]*)"(?:（企业 "([^"]*)"）)? 扫码登录网页应用$`, logsInQR)
	sc.Step(`^"([^"]*)"(?:（企业 "([^"]*)"）)? 在企业微信内登录网页应用$`, func(ctx contextT, userID, corpID string) error {
		return logsInWeb(ctx, userID, corpID, "")
	})

	sc.Step(`^"([^"]*)" 打开网页应用的扫码登录页$`, opensQRPage)
	sc.Step(`^"([^"]*)" 用企业微信扫描二维码$`, scansQR)
	sc.Step(`^"([^"]*)" 在手机上确认登录$`, confirmsQR)
	sc.Step(`^"([^"]*)" 在手机上取消登录$`, cancelsQR)
	sc.Step(`^扫码登录的状态是"?(等待扫码|已扫码|已确认|已取消|已过期)"?$`, func(ctx contextT, status string) error {
		return qrLoginIs(ctx, zhQRStatus[status])
	})
	sc.Step(`^企业微信拒绝扫码，因为二维码已过期$`, scanRefusedExpired)
	sc.Step(`^企业微信显示错误 "([^"]*)"$`, wecomShowsError)
	sc.Step(`^"([^"]*)" 的浏览器未登录$`, browserNotLoggedIn)
	sc.Step(`^"([^"]*)" 的浏览器以 "([^"]*)" 的身份登录$`, browserLoggedInAs)

	sc.Step(`^应用 (\d+) 对企业 "([^"]*)" 全员可见$`, appVisibleToAll)
	sc.Step(`^管理员在企业 "([^"]*)" 添加成员 "([^"]*)"（"([^"]*)"）$`, func(ctx contextT, corpID, userID, name string) error {
		return adminAddsMember(ctx, userID, name, corpID)
	})
	sc.Step(`^管理员把企业 "([^"]*)" 的成员 "([^"]*)" 改名为 "([^"]*)"$`, func(ctx contextT, corpID, userID, name string) error {
		return adminRenamesMember(ctx, userID, corpID, name)
	})
	sc.Step(`^管理员删除企业 "([^"]*)" 的成员 "([^"]*)"$`, func(ctx contextT, corpID, userID string) error {
		return adminDeletesMember(ctx, userID, corpID)
	})
	sc.Step(`^应用的通讯录里有 "([^"]*)"(?:，名字是 "([^"]*)")?$`, directoryLists)
	sc.Step(`^应用的通讯录里没有 "([^"]*)"$`, directoryLacks)
	sc.Step(`^模拟服务器向应用成功推送了 (\d+) 个 "([^"]*)" 回调$`, deliveredToApp)
	sc.Step(`^模拟服务器没有向应用推送任何回调$`, deliveredNothing)
	sc.Step(`^有人伪造签名，向应用的回调地址推送添加成员 "([^"]*)" 的通讯录变更$`, forgedCallback)
	sc.Step(`^应用以 HTTP (\d+) 拒绝该回调$`, appRejectsCallback)
	sc.Step(`^"([^"]*)" 重新加载个人资料$`, reloadsProfile)

	sc.Step(`^"([^"]*)" 登录成功$`, isLoggedIn)
	sc.Step(`^"([^"]*)" 以 "([^"]*)" 的身份登录成功$`, isLoggedInAs)
	sc.Step(`^"([^"]*)" 用应用保存的资料登录成功$`, isLoggedInDegraded)
	sc.Step(`^登录被拒绝，原因是 "([^"]*)"$`, refusedBecause)
	sc.Step(`^登录被拒绝$`, refused)

	sc.Step(`^企业微信对接下来 (\d+) 次 "([^"]+)" 调用返回错误码 (-?\d+)$`, faultNext)
	sc.Step(`^企业微信对每次 "([^"]+)" 调用都返回错误码 (-?\d+)$`, faultEvery)
	sc.Step(`^模拟服务器恰好收到 (\d+) 次 "?([\w/.*-]+?)"? 请求$`, receivedExactly)
	sc.Step(`^模拟服务器没有收到 "?([\w/.*-]+?)"? 请求$`, receivedNone)
	sc.Step(`^模拟服务器恰好有 (\d+) 次 "?([\w/.*-]+?)"? 请求返回错误码 (-?\d+)$`, answeredWithErrcode)
	sc.Step(`^"([^"]*)" 收到一条包含 "([^"]*)" 的企业微信消息$`, func(ctx contextT, userID, text string) error {
		return receivedMessage(ctx, userID, "", text)
	})

	// 客户联系
	sc.Step(`^客户 "([^"]*)" 添加了 "([^"]*)"$`, func(ctx contextT, name, userID string) error {
		return customerAdds(ctx, name, userID, "", "")
	})
	sc.Step(`^客户 "([^"]*)" 扫描联系我 "([^"]*)" 添加了 "([^"]*)"(?:，渠道为 "([^"]*)")?$`, func(ctx contextT, name, way, userID, state string) error {
		return customerAdds(ctx, name, userID, way, state)
	})
	sc.Step(`^客户 "([^"]*)" 删除了 "([^"]*)"$`, customerDeletesMember)
	sc.Step(`^"([^"]*)" 删除了客户 "([^"]*)"$`, memberDeletesCustomer)
	sc.Step(`^"([^"]*)" 把客户 "([^"]*)" 的备注改为 "([^"]*)"$`, memberEditsCustomer)
	sc.Step(`^客户 "([^"]*)" 拒绝从 "([^"]*)" 转接给 "([^"]*)"$`, customerRefusesTransfer)
	sc.Step(`^"([^"]*)" 创建了客户群 "([^"]*)"$`, createsGroup)
	sc.Step(`^(?:客户|成员)?\s?"([^"]*)" (扫码)?加入了客户群 "([^"]*)"$`, func(ctx contextT, who, scanned, group string) error {
		return joinsGroup(ctx, who, group, scanned)
	})
	sc.Step(`^(?:客户|成员)?\s?"([^"]*)" (退出了|被移出了)客户群 "([^"]*)"$`, func(ctx contextT, who, how, group string) error {
		if how == "被移出了" {
			return leavesGroup(ctx, who, "is removed from", group)
		}
		return leavesGroup(ctx, who, "leaves", group)
	})
	sc.Step(`^客户群 "([^"]*)" 的群主转给了 "([^"]*)"$`, groupNewOwner)
	sc.Step(`^客户群 "([^"]*)" 改名为 "([^"]*)"$`, groupRenamed)
	sc.Step(`^客户群 "([^"]*)" 被解散了$`, groupDismissed)
	sc.Step(`^管理员在标签组 "([^"]*)" 中添加客户标签 "([^"]*)"$`, func(ctx contextT, group, name string) error {
		return adminAddsTag(ctx, name, group)
	})
	sc.Step(`^管理员把客户标签 "([^"]*)" 改名为 "([^"]*)"$`, adminRenamesTag)
	sc.Step(`^管理员删除客户标签 "([^"]*)"$`, adminDeletesTag)
	sc.Step(`^应用不主动向新客户发送欢迎语$`, func(ctx contextT) error { return appGreets(ctx, false) })
	sc.Step(`^"([^"]*)" 通过应用向客户 "([^"]*)" 发送欢迎语$`, greetsLater)
	sc.Step(`^"([^"]*)" 通过应用给客户 "([^"]*)" 打上标签 "([^"]*)"$`, tagsCustomer)
	sc.Step(`^应用把 "([^"]*)" 的客户转接给 "([^"]*)"$`, transfersCustomers)
	sc.Step(`^客户 "([^"]*)" 收到欢迎语 "([^"]*)"$`, receivedGreeting)
	sc.Step(`^客户 "([^"]*)" 没有收到任何消息$`, receivedNoCustomerMessage)
	sc.Step(`^应用发送欢迎语成功$`, func(ctx contextT) error { return greetingOutcome(ctx, "") })
	sc.Step(`^应用发送欢迎语失败，错误码 (\d+)$`, greetingOutcome)
	sc.Step(`^应用分 (\d+) 页列出 "([^"]*)" 的 (\d+) 个客户，每页 (\d+) 个$`, func(ctx contextT, pages, userID, n, size string) error {
		return appListsCustomers(ctx, n, userID, pages, size)
	})
	sc.Step(`^"([^"]*)" 的客户转接给 "([^"]*)" 的状态是"?(等待接替|接替完毕|客户拒绝)"?$`, func(ctx contextT, from, to, status string) error {
		return transferIs(ctx, from, to, zhTransferStatus[status])
	})
	sc.Step(`^客户 "([^"]*)" 从 "([^"]*)" 转接给 "([^"]*)" 的状态是"?(等待接替|接替完毕|客户拒绝)"?$`, func(ctx contextT, name, from, to, status string) error {
		return customerTransferIs(ctx, name, from, to, zhTransferStatus[status])
	})
	sc.Step(`^"([^"]*)" 跟进客户 "([^"]*)"$`, func(ctx contextT, userID, name string) error { return follows(ctx, userID, name, true) })
	sc.Step(`^"([^"]*)" 不再跟进客户 "([^"]*)"$`, func(ctx contextT, userID, name string) error { return follows(ctx, userID, name, false) })
	sc.Step(`^客户 "([^"]*)" 有 "([^"]*)" 打的标签 "([^"]*)"$`, func(ctx contextT, name, userID, tag string) error {
		return taggedBy(ctx, name, tag, userID)
	})
	sc.Step(`^客户 "([^"]*)" 通过渠道 "([^"]*)" 添加了 "([^"]*)"$`, func(ctx contextT, name, channel, userID string) error {
		return cameThrough(ctx, name, userID, channel)
	})

	// 人事同步
	sc.Step(`^人事系统查询手机号 "([^"]*)" 对应的 userid$`, hrLooksUp)
	sc.Step(`^查到的 userid 是 "([^"]*)"$`, hrLookupIs)
	sc.Step(`^查询失败，错误码 (\d+)$`, hrLookupFails)
	sc.Step(`^人事系统导入部门 "([^"]*)"（ID (\d+)，上级部门 (\d+)），成员如下：$`, hrImports)
	sc.Step(`^导入在 (\d+) 秒内完成$`, hrImportFinishes)
	sc.Step(`^人事系统给 "([^"]*)" 的成员打上标签 "([^"]*)"$`, hrTagsDepartment)
	sc.Step(`^应用 (\d+) 能看到成员 "([^"]*)"$`, func(ctx contextT, agent, userID string) error {
		return appSees(ctx, agent, userID, true)
	})
	sc.Step(`^应用 (\d+) 看不到成员 "([^"]*)"$`, func(ctx contextT, agent, userID string) error {
		return appSees(ctx, agent, userID, false)
	})
	sc.Step(`^标签 "([^"]*)" 的成员是 ((?:"[^"]*"(?:、|和)?)+)$`, tagLists)
}

var zhTransferStatus = map[string]string{"等待接替": "waiting", "接替完毕": "accepted", "客户拒绝": "refused"}

var zhQRStatus = map[string]string{
	"等待扫码": "waiting", "已扫码": "scanned", "已确认": "confirmed", "已取消": "cancelled", "已过期": "expired",
}

func zhUnit(u string) string {
	switch u {
	case "秒":
		return "seconds"
	case "分钟":
		return "minutes"
	case "小时":
		return "hours"
	case "天":
		return "days"
	}
	return u
}
