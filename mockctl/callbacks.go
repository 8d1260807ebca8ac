package mockctl

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// CallbackConfig is an app's callback configuration (接收消息服务器配置);
// AgentID 0 is the contact-sync assistant.
type CallbackConfig struct {
	CorpID         string `json:"corpid"`
	AgentID        int    `json:"agentid"`
	URL            string `json:"url"`
	Token          string `json:"token"`
	EncodingAESKey string `json:"encoding_aes_key"`
	// SkipVerify saves without the URL verification GET.
	SkipVerify bool `json:"skip_verify,omitempty"`
}

// SetCallback saves a callback configuration as the admin console does:
// after the URL answers the verification GET (PUT /_mock/callbacks/config).
func (c *Client) SetCallback(ctx context.Context, cfg CallbackConfig) error {
	return c.do(ctx, http.MethodPut, "/_mock/callbacks/config", cfg, nil)
}

// Delivery is one callback the mock generated, with its attempts.
type Delivery struct {
	ID        string    `json:"id"`
	Kind      string    `json:"kind"` // "change_contact/create_user", "suite_ticket", …
	Receiver  string    `json:"receiver"`
	CorpID    string    `json:"corpid,omitempty"`
	AgentID   int       `json:"agentid,omitempty"`
	SuiteID   string    `json:"suiteid,omitempty"`
	URL       string    `json:"url"`
	Status    string    `json:"status"` // pending, delivered, failed, canceled
	Time      time.Time `json:"time"`
	Plaintext string    `json:"plaintext"`
	Attempts  []struct {
		N        int    `json:"n"`
		Status   int    `json:"status"`
		Response string `json:"response"`
		Error    string `json:"error,omitempty"`
	} `json:"attempts"`
	Error string `json:"error,omitempty"`
}

// DeliveryFilter selects deliveries; zero fields match everything. Kind
// "change_contact" matches every change_contact/… kind.
type DeliveryFilter struct {
	ID       string `json:"id,omitempty"`
	CorpID   string `json:"corpid,omitempty"`
	AgentID  int    `json:"agentid,omitempty"`
	SuiteID  string `json:"suiteid,omitempty"`
	Receiver string `json:"receiver,omitempty"`
	Kind     string `json:"kind,omitempty"`
	Status   string `json:"status,omitempty"`
}

func (f DeliveryFilter) query() string {
	q := url.Values{}
	for k, v := range map[string]string{"id": f.ID, "corpid": f.CorpID, "suiteid": f.SuiteID,
		"receiver": f.Receiver, "kind": f.Kind, "status": f.Status} {
		if v != "" {
			q.Set(k, v)
		}
	}
	if f.AgentID != 0 {
		q.Set("agentid", strconv.Itoa(f.AgentID))
	}
	if len(q) == 0 {
		return ""
	}
	return "?" + q.Encode()
}

// Deliveries returns the deliveries journal, oldest first.
func (c *Client) Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error) {
	var out struct {
		Callbacks []Delivery `json:"callbacks"`
	}
	err := c.do(ctx, http.MethodGet, "/_mock/callbacks"+f.query(), nil, &out)
	return out.Callbacks, err
}

// WaitDeliveries blocks until every delivery f selects is done (delivered,
// failed or canceled) and returns them: no sleeps needed.
func (c *Client) WaitDeliveries(ctx context.Context, f DeliveryFilter, timeout time.Duration) ([]Delivery, error) {
	body := struct {
		DeliveryFilter
		TimeoutMS int64 `json:"timeout_ms"`
	}{f, timeout.Milliseconds()}
	var out struct {
		Callbacks []Delivery `json:"callbacks"`
	}
	err := c.do(ctx, http.MethodPost, "/_mock/callbacks/wait", body, &out)
	return out.Callbacks, err
}

// ContactResult is what a contact change did.
type ContactResult struct {
	ChangeType string `json:"change_type"`
	UserID     string `json:"userid,omitempty"`
	// Deliveries are the ids of the callbacks the change caused.
	Deliveries []string `json:"deliveries"`
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
	in := struct {
		CorpID string          `json:"corpid"`
		Action string          `json:"action"`
		User   json.RawMessage `json:"user"`
	}{corpID, action, raw}
	var out ContactResult
	err = c.do(ctx, http.MethodPost, "/_mock/contacts/users", in, &out)
	return out, err
}
