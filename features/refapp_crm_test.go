package features_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/features/refapp"
	"github.com/wecom-mock/wecom-mock/features/steps"
)

// The reference app as a steps.CRMApp: each method is what a salesperson's
// screen asks of the CRM's HTTP API.

var _ steps.CRMApp = (*refappUnderTest)(nil)

// crmCall sends a JSON request to the CRM and decodes its answer into out;
// an answer with an errcode becomes a *steps.WeComRefusal.
func (a *refappUnderTest) crmCall(ctx context.Context, method, path string, in, out any) error {
	var body []byte
	if in != nil {
		var err error
		if body, err = json.Marshal(in); err != nil {
			return err
		}
	}
	req, err := http.NewRequestWithContext(ctx, method, a.srv.URL+path, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/json")
	status, data, err := a.call(req, a.hc)
	if err != nil {
		return err
	}
	if status != http.StatusOK {
		var ans struct {
			Error   string `json:"error"`
			ErrCode int    `json:"errcode"`
			Message string `json:"message"`
		}
		if json.Unmarshal(data, &ans) == nil && ans.ErrCode != 0 {
			return &steps.WeComRefusal{ErrCode: ans.ErrCode, Message: ans.Message}
		}
		return fmt.Errorf("%s %s answered %d: %s", method, path, status, data)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(data, out)
}

func crmPath(corpID string, parts ...string) string {
	p := "/api/crm/" + url.PathEscape(corpID)
	for _, s := range parts {
		p += "/" + url.PathEscape(s)
	}
	return p
}

func (a *refappUnderTest) SetGreeting(ctx context.Context, on bool) error {
	return a.crmCall(ctx, http.MethodPut, "/api/crm/settings", map[string]bool{"greet_new_customers": on}, nil)
}

func (a *refappUnderTest) GreetLater(ctx context.Context, corpID, userID, externalUserID string) error {
	return a.crmCall(ctx, http.MethodPost, crmPath(corpID, "customers", externalUserID, "greet"),
		map[string]string{"userid": userID}, nil)
}

func (a *refappUnderTest) TagCustomer(ctx context.Context, corpID, userID, externalUserID, tag string) error {
	return a.crmCall(ctx, http.MethodPost, crmPath(corpID, "customers", externalUserID, "tags"),
		map[string]string{"userid": userID, "tag": tag}, nil)
}

func (a *refappUnderTest) ListCustomers(ctx context.Context, corpID, userID string, pageSize int) (steps.CustomerList, error) {
	var out refapp.CRMCustomerList
	err := a.crmCall(ctx, http.MethodGet, crmPath(corpID, "members", userID, "customers")+"?limit="+strconv.Itoa(pageSize), nil, &out)
	list := steps.CustomerList{Pages: out.Pages}
	for _, c := range out.Customers {
		list.ExternalUserIDs = append(list.ExternalUserIDs, c.ExternalUserID)
	}
	return list, err
}

func (a *refappUnderTest) TransferCustomers(ctx context.Context, corpID, from, to string) error {
	var out refapp.CRMTransfer
	if err := a.crmCall(ctx, http.MethodPost, crmPath(corpID, "members", from, "transfer"),
		map[string]string{"takeover_userid": to}, &out); err != nil {
		return err
	}
	for _, c := range out.Customers {
		if c.ErrCode != 0 {
			return fmt.Errorf("WeCom did not start the transfer of %s: errcode %d", c.ExternalUserID, c.ErrCode)
		}
	}
	return nil
}

// transferWords are the steps' names of the transfer statuses.
var transferWords = map[int]string{
	client.TransferDone:          "accepted",
	client.TransferWaiting:       "waiting",
	client.TransferRefused:       "refused",
	client.TransferLimitExceeded: "limit_exceeded",
	client.TransferNoRecord:      "none",
}

func (a *refappUnderTest) TransferStatuses(ctx context.Context, corpID, from, to string) (map[string]string, error) {
	var out refapp.CRMTransferStatus
	if err := a.crmCall(ctx, http.MethodGet, crmPath(corpID, "members", from, "transfer")+"?takeover_userid="+url.QueryEscape(to), nil, &out); err != nil {
		return nil, err
	}
	statuses := map[string]string{}
	for _, c := range out.Customers {
		w, ok := transferWords[c.Status]
		if !ok {
			w = "status " + strconv.Itoa(c.Status)
		}
		statuses[c.ExternalUserID] = w
	}
	return statuses, nil
}

func (a *refappUnderTest) Customer(ctx context.Context, corpID, externalUserID string) (steps.Customer, error) {
	var out refapp.CRMCustomer
	if err := a.crmCall(ctx, http.MethodGet, crmPath(corpID, "customers", externalUserID), nil, &out); err != nil {
		return steps.Customer{}, err
	}
	c := steps.Customer{Name: out.Name}
	for _, f := range out.Followers {
		c.Followers = append(c.Followers, steps.Follower{UserID: f.UserID, State: f.State, Tags: f.Tags})
	}
	return c, nil
}
