package callback

import (
	"fmt"
	"strconv"
	"strings"
)

// ChangeType values of change_contact events
// (https://developer.work.weixin.qq.com/document/path/96302).
const (
	CreateUser  = "create_user"
	UpdateUser  = "update_user"
	DeleteUser  = "delete_user"
	CreateParty = "create_party"
	UpdateParty = "update_party"
	DeleteParty = "delete_party"
	UpdateTag   = "update_tag"
)

// ContactChange holds the fields of a change_contact callback; which of them
// are set depends on ChangeType (see the constants). Real deliveries may carry
// only the fields that changed, and callback URLs configured after 2022-08-15
// get only UserID/Department and Id/ParentId: use Event.Has to tell an absent
// element from an empty one.
//
// Comma-separated elements are parsed into slices; the element text is kept
// verbatim in the matching ...Raw field. Empty items are skipped.
type ContactChange struct {
	ChangeType string `xml:"ChangeType"`

	// Members: create_user, update_user, delete_user.
	UserID            string        `xml:"UserID"`
	OpenUserID        string        `xml:"OpenUserID"` // third-party apps only
	NewUserID         string        `xml:"NewUserID"`  // update_user, when the userid changed
	Name              string        `xml:"Name"`       // member or department name
	Department        []int         `xml:"-"`          // from "1,2,3"
	DepartmentRaw     string        `xml:"Department"`
	MainDepartment    int           `xml:"MainDepartment"`
	IsLeaderInDept    []int         `xml:"-"` // from "1,0,0", parallel to Department
	IsLeaderInDeptRaw string        `xml:"IsLeaderInDept"`
	DirectLeader      []string      `xml:"-"` // from "lisi,wangwu"
	DirectLeaderRaw   string        `xml:"DirectLeader"`
	Position          string        `xml:"Position"`
	Mobile            string        `xml:"Mobile"`
	Gender            string        `xml:"Gender"` // "0" unset, "1" male, "2" female
	Email             string        `xml:"Email"`
	BizMail           string        `xml:"BizMail"`
	Status            int           `xml:"Status"` // 1 active, 2 disabled, 4 not activated, 5 quit
	Avatar            string        `xml:"Avatar"`
	Alias             string        `xml:"Alias"`
	Telephone         string        `xml:"Telephone"`
	Address           string        `xml:"Address"`
	ExtAttr           []ExtAttrItem `xml:"ExtAttr>Item"`

	// Departments: create_party, update_party, delete_party.
	Id       int `xml:"Id"`
	ParentId int `xml:"ParentId"`
	Order    int `xml:"Order"`

	// Tags: update_tag.
	TagId            int      `xml:"TagId"`
	AddUserItems     []string `xml:"-"`
	AddUserItemsRaw  string   `xml:"AddUserItems"`
	DelUserItems     []string `xml:"-"`
	DelUserItemsRaw  string   `xml:"DelUserItems"`
	AddPartyItems    []int    `xml:"-"`
	AddPartyItemsRaw string   `xml:"AddPartyItems"`
	DelPartyItems    []int    `xml:"-"`
	DelPartyItemsRaw string   `xml:"DelPartyItems"`
}

// ExtAttrItem is one extended attribute of a member: Type 0 is text (Text),
// 1 is a web link (Web).
type ExtAttrItem struct {
	Name string `xml:"Name"`
	Type int    `xml:"Type"`
	Text struct {
		Value string `xml:"Value"`
	} `xml:"Text"`
	Web struct {
		Title string `xml:"Title"`
		Url   string `xml:"Url"`
	} `xml:"Web"`
}

// finish parses the comma-separated lists after xml.Unmarshal.
func (c *ContactChange) finish() error {
	var err error
	if c.Department, err = commaInts("Department", c.DepartmentRaw); err != nil {
		return err
	}
	if c.IsLeaderInDept, err = commaInts("IsLeaderInDept", c.IsLeaderInDeptRaw); err != nil {
		return err
	}
	if c.AddPartyItems, err = commaInts("AddPartyItems", c.AddPartyItemsRaw); err != nil {
		return err
	}
	if c.DelPartyItems, err = commaInts("DelPartyItems", c.DelPartyItemsRaw); err != nil {
		return err
	}
	c.DirectLeader = commaStrings(c.DirectLeaderRaw)
	c.AddUserItems = commaStrings(c.AddUserItemsRaw)
	c.DelUserItems = commaStrings(c.DelUserItemsRaw)
	return nil
}

// commaStrings splits "a,b,c"; items are trimmed and empty ones skipped.
// It returns nil for an empty list.
func commaStrings(s string) []string {
	var out []string
	for item := range strings.SplitSeq(s, ",") {
		if item = strings.TrimSpace(item); item != "" {
			out = append(out, item)
		}
	}
	return out
}

func commaInts(element, s string) ([]int, error) {
	items := commaStrings(s)
	if items == nil {
		return nil, nil
	}
	out := make([]int, len(items))
	for i, item := range items {
		n, err := strconv.Atoi(item)
		if err != nil {
			return nil, fmt.Errorf("callback: %s %q: item %q is not an integer", element, s, item)
		}
		out[i] = n
	}
	return out, nil
}

// ChangeContactEvent is Event "change_contact" (FromUserName "sys"), sent to
// the contact-sync assistant, 代开发 apps and shared apps when a member,
// department or tag changes. Switch on ChangeType.
type ChangeContactEvent struct {
	EventHeader
	ContactChange
}
