package store

import "github.com/wecom-mock/wecom-mock/fixtures"

// The corp's customer groups (客户群)
// (https://developer.work.weixin.qq.com/document/path/92120).

// groupChatTable holds a corp's customer groups.
type groupChatTable struct {
	byID  map[string]*fixtures.CustomerGroup
	order []string // chat ids in creation order
}

func buildGroupChats(ec *fixtures.ExternalContact) groupChatTable {
	t := groupChatTable{byID: map[string]*fixtures.CustomerGroup{}}
	for i := range ec.CustomerGroups {
		g := ec.CustomerGroups[i]
		t.byID[g.ChatID] = &g
		t.order = append(t.order, g.ChatID)
	}
	return t
}
