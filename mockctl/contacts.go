package mockctl

import (
	"context"
	"encoding/json"
	"net/http"
)

// ContactResult is what a contact change (POST /_mock/contacts/...) did.
type ContactResult struct {
	ChangeType   string `json:"change_type"`
	UserID       string `json:"userid,omitempty"`
	DepartmentID int    `json:"id,omitempty"`
	TagID        int    `json:"tagid,omitempty"`
	// InvalidUsers and InvalidParties are the ids a tag change skipped.
	InvalidUsers   []string `json:"invalidlist,omitempty"`
	InvalidParties []int    `json:"invalidparty,omitempty"`
	// Deliveries are the ids of the change_contact callbacks it caused.
	Deliveries []string `json:"deliveries"`
}

// UserChange is the body of POST /_mock/contacts/users: an administrator's
// change to a member in the admin console. Action is create, update or
// delete; User is the body of user/create or user/update (delete needs only
// the userid).
type UserChange struct {
	CorpID string          `json:"corpid"`
	Action string          `json:"action"`
	User   json.RawMessage `json:"user"`
}

// DepartmentChange is the body of POST /_mock/contacts/departments. Action
// is create, update or delete; Department is the body of department/create
// or department/update (delete needs only the id).
type DepartmentChange struct {
	CorpID     string          `json:"corpid"`
	Action     string          `json:"action"`
	Department json.RawMessage `json:"department"`
}

// TagChange is the body of POST /_mock/contacts/tags: members and
// departments added to (Action "add") or removed from ("delete") a tag.
type TagChange struct {
	CorpID    string   `json:"corpid"`
	Action    string   `json:"action"`
	TagID     *int     `json:"tagid"`
	UserList  []string `json:"userlist"`
	PartyList []int    `json:"partylist"`
}

// ChangeUser makes an administrator's change to a member in the admin
// console (POST /_mock/contacts/users): action is create, update or delete
// and user the body of user/create or user/update. Every receiver of
// change_contact is told.
func (c *Client) ChangeUser(ctx context.Context, corpID, action string, user any) (ContactResult, error) {
	raw, err := json.Marshal(user)
	if err != nil {
		return ContactResult{}, err
	}
	var out ContactResult
	err = c.do(ctx, http.MethodPost, "/_mock/contacts/users", UserChange{CorpID: corpID, Action: action, User: raw}, &out)
	return out, err
}

// ChangeDepartment makes an administrator's change to a department
// (POST /_mock/contacts/departments): action is create, update or delete
// and department the body of department/create or department/update.
func (c *Client) ChangeDepartment(ctx context.Context, corpID, action string, department any) (ContactResult, error) {
	raw, err := json.Marshal(department)
	if err != nil {
		return ContactResult{}, err
	}
	var out ContactResult
	err = c.do(ctx, http.MethodPost, "/_mock/contacts/departments", DepartmentChange{CorpID: corpID, Action: action, Department: raw}, &out)
	return out, err
}

// ChangeTag adds members and departments to a tag (action "add") or removes
// them ("delete") (POST /_mock/contacts/tags).
func (c *Client) ChangeTag(ctx context.Context, corpID, action string, tagID int, userIDs []string, partyIDs []int) (ContactResult, error) {
	var out ContactResult
	err := c.do(ctx, http.MethodPost, "/_mock/contacts/tags", TagChange{
		CorpID: corpID, Action: action, TagID: &tagID, UserList: userIDs, PartyList: partyIDs,
	}, &out)
	return out, err
}
