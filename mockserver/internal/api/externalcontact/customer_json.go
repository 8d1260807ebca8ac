package externalcontact

import (
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The JSON of a customer and of a follow-user as externalcontact/get and
// batch/get_by_user write them
// (https://developer.work.weixin.qq.com/document/path/92114): type and
// gender are numbers; position, corp_name and corp_full_name belong to
// WeCom customers (type 2), unionid to WeChat ones (type 1).

type externalContactJSON struct {
	ExternalUserID string `json:"external_userid"`
	Name           string `json:"name"`
	Position       string `json:"position,omitempty"`
	Avatar         string `json:"avatar"`
	CorpName       string `json:"corp_name,omitempty"`
	CorpFullName   string `json:"corp_full_name,omitempty"`
	Type           int    `json:"type"`
	Gender         int    `json:"gender"`
	UnionID        string `json:"unionid,omitempty"`
}

func newExternalContactJSON(c store.Customer) externalContactJSON {
	return externalContactJSON{
		ExternalUserID: c.ExternalUserID,
		Name:           c.Name,
		Position:       c.Position,
		Avatar:         c.Avatar,
		CorpName:       c.CorpName,
		CorpFullName:   c.CorpFullName,
		Type:           c.Type,
		Gender:         c.Gender,
		UnionID:        c.UnionID,
	}
}

type followTagJSON struct {
	GroupName string `json:"group_name"`
	TagName   string `json:"tag_name"`
	TagID     string `json:"tag_id"`
	Type      int    `json:"type"`
}

// followUserJSON is a follow-user in externalcontact/get.
type followUserJSON struct {
	UserID         string          `json:"userid"`
	Remark         string          `json:"remark"`
	Description    string          `json:"description"`
	CreateTime     int64           `json:"createtime"`
	Tags           []followTagJSON `json:"tags"`
	RemarkCorpName string          `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string        `json:"remark_mobiles"`
	OperUserID     string          `json:"oper_userid"`
	AddWay         int             `json:"add_way"`
	State          string          `json:"state,omitempty"`
}

func newFollowUserJSON(f fixtures.FollowUser, tags []store.CustomerTag) followUserJSON {
	out := followUserJSON{
		UserID:         f.UserID,
		Remark:         f.Remark,
		Description:    f.Description,
		CreateTime:     f.CreateTime,
		Tags:           make([]followTagJSON, len(tags)),
		RemarkCorpName: f.RemarkCorpName,
		RemarkMobiles:  kernel.NonNil(f.RemarkMobiles),
		OperUserID:     f.OperUserID,
		AddWay:         f.AddWay,
		State:          f.State,
	}
	for i, t := range tags {
		out.Tags[i] = followTagJSON{GroupName: t.GroupName, TagName: t.TagName, TagID: t.TagID, Type: t.Type}
	}
	return out
}

// followInfoJSON is a follow-user in batch/get_by_user: tag ids only.
type followInfoJSON struct {
	UserID         string   `json:"userid"`
	Remark         string   `json:"remark"`
	Description    string   `json:"description"`
	CreateTime     int64    `json:"createtime"`
	TagID          []string `json:"tag_id"`
	RemarkCorpName string   `json:"remark_corp_name,omitempty"`
	RemarkMobiles  []string `json:"remark_mobiles"`
	OperUserID     string   `json:"oper_userid"`
	AddWay         int      `json:"add_way"`
	State          string   `json:"state,omitempty"`
}

func newFollowInfoJSON(f fixtures.FollowUser) followInfoJSON {
	return followInfoJSON{
		UserID:         f.UserID,
		Remark:         f.Remark,
		Description:    f.Description,
		CreateTime:     f.CreateTime,
		TagID:          kernel.NonNil(f.Tags),
		RemarkCorpName: f.RemarkCorpName,
		RemarkMobiles:  kernel.NonNil(f.RemarkMobiles),
		OperUserID:     f.OperUserID,
		AddWay:         f.AddWay,
		State:          f.State,
	}
}

type batchEntryJSON struct {
	ExternalContact externalContactJSON `json:"external_contact"`
	FollowInfo      followInfoJSON      `json:"follow_info"`
}
