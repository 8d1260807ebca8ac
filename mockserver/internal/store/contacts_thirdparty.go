package store

import (
	"strconv"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// thirdPartyTokenLocked reports whether tok is the corp token of a
// third-party (not 代开发) app. Such a token reads members and departments
// without their names: WeCom stopped returning them to third-party apps in
// 2020 (https://developer.work.weixin.qq.com/document/path/96269,
// https://developer.work.weixin.qq.com/document/path/90344).
func (s *Store) thirdPartyTokenLocked(c *corp, tok Token) bool {
	if tok.Kind != AppToken {
		return false
	}
	a, ok := c.apps[tok.AgentID]
	return ok && s.kindOf(a) == AgentThirdParty
}

// departmentForThirdParty is d as a third-party app reads it: the name is the
// department id ("返回的name字段使用id代替", path/90344) and name_en empty
// (path/95407).
func departmentForThirdParty(d fixtures.Department) fixtures.Department {
	d.Name = strconv.Itoa(d.ID)
	d.NameEn = ""
	return d
}
