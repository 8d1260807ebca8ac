package directory

import (
	"crypto/sha256"
	"encoding/binary"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// activeStatDays is how far back user/get_active_stat reaches: 30 days
// before today (https://developer.work.weixin.qq.com/document/path/92714).
const activeStatDays = 30

// chinaTime is the zone WeCom's days are counted in.
var chinaTime = time.FixedZone("CST", 8*3600)

type activeStatResponse struct {
	ActiveCnt int `json:"active_cnt"`
}

// activeStat is POST /cgi-bin/user/get_active_stat {date}: how many
// members were active that day. Checks: date a YYYY-MM-DD day from 30
// days before today to today on the virtual clock, in China's time
// (40058 otherwise). The count is the corp's enabled, activated members
// times a share between 60 % and 100 % that the corp and the date fix, so
// the same day always answers the same.
func (a *API) activeStat(r *http.Request, c *kernel.Call) (any, error) {
	var body struct {
		Date string `json:"date"`
	}
	if err := kernel.DecodeJSON(r, &body); err != nil {
		return nil, err
	}
	day, err := time.ParseInLocation(time.DateOnly, body.Date, chinaTime)
	if err != nil {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	now := a.env.Store.Now().In(chinaTime)
	today := time.Date(now.Year(), now.Month(), now.Day(), 0, 0, 0, 0, chinaTime)
	if day.After(today) || day.Before(today.AddDate(0, 0, -activeStatDays)) {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	members, err := a.env.Store.ActiveCandidates(c.Token.CorpID)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return activeStatResponse{ActiveCnt: activeShare(members, c.Token.CorpID, body.Date)}, nil
}

// activeShare is members × (60–100 %), the share fixed by corp and date,
// rounded to the nearest member.
func activeShare(members int, corpID, date string) int {
	sum := sha256.Sum256([]byte("wecom-mock active\x00" + corpID + "\x00" + date))
	pct := 60 + int(binary.BigEndian.Uint32(sum[:4])%41)
	return (members*pct + 50) / 100
}
