package batch

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// The userid conversions between a corp and the service providers of its
// third-party and 代开发 apps. The catalog checks the required lists and
// their limit of 1000 first.

// openUserIDJSON is one converted member, in both directions (the docs
// order the two fields differently; JSON readers do not mind).
type openUserIDJSON struct {
	UserID     string `json:"userid"`
	OpenUserID string `json:"open_userid"`
}

func pairsJSON(pairs []store.OpenUserIDPair) []openUserIDJSON {
	out := make([]openUserIDJSON, len(pairs))
	for i, p := range pairs {
		out[i] = openUserIDJSON{UserID: p.UserID, OpenUserID: p.OpenUserID}
	}
	return out
}

// userIDToOpenUserID is POST batch/userid_to_openuserid
// (https://developer.work.weixin.qq.com/document/path/95603): a third-party
// or 代开发 app turns userids into its provider's open_userids.
func (a *API) userIDToOpenUserID(r *http.Request, c *kernel.Call) (any, error) {
	var b struct {
		UserIDs []string `json:"userid_list"`
	}
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if len(b.UserIDs) > store.MaxIDConversions {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	pairs, invalid, err := a.env.Store.UserIDsToOpenUserIDs(c.Token, b.UserIDs)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		OpenUserIDs []openUserIDJSON `json:"open_userid_list"`
		Invalid     []string         `json:"invalid_userid_list"`
	}{pairsJSON(pairs), invalid}, nil
}

// openUserIDToUserID is POST batch/openuserid_to_userid
// (https://developer.work.weixin.qq.com/document/path/95884): a self-built
// app turns the open_userids that the third-party or 代开发 app
// source_agentid got into userids.
func (a *API) openUserIDToUserID(r *http.Request, c *kernel.Call) (any, error) {
	var b struct {
		OpenUserIDs   []string        `json:"open_userid_list"`
		SourceAgentID kernel.IntField `json:"source_agentid"`
	}
	if err := kernel.DecodeJSON(r, &b); err != nil {
		return nil, err
	}
	if len(b.OpenUserIDs) > store.MaxIDConversions {
		return nil, kernel.Err(errcode.InvalidParameter)
	}
	if !b.SourceAgentID.OK {
		return nil, kernel.Err(errcode.InvalidAgentID)
	}
	pairs, invalid, err := a.env.Store.OpenUserIDsToUserIDs(c.Token, int(b.SourceAgentID.N), b.OpenUserIDs)
	if err != nil {
		return nil, kernel.StoreError(err)
	}
	return struct {
		UserIDs []openUserIDJSON `json:"userid_list"`
		Invalid []string         `json:"invalid_open_userid_list"`
	}{pairsJSON(pairs), invalid}, nil
}
