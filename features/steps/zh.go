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
}

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
