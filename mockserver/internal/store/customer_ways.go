package store

import "github.com/wecom-mock/wecom-mock/fixtures"

// The corp's 联系我 contact ways
// (https://developer.work.weixin.qq.com/document/path/92228).

// contactWayTable holds a corp's contact ways.
type contactWayTable struct {
	byID  map[string]*fixtures.ContactWay
	order []string // config ids in creation order
}

func buildContactWays(ec *fixtures.ExternalContact) contactWayTable {
	t := contactWayTable{byID: map[string]*fixtures.ContactWay{}}
	for i := range ec.ContactWays {
		w := ec.ContactWays[i]
		t.byID[w.ConfigID] = &w
		t.order = append(t.order, w.ConfigID)
	}
	return t
}
