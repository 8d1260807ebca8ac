package mockctl

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"time"
)

// CallbackConfig is an app's callback configuration (接收消息服务器配置),
// as PUT /_mock/callbacks/config takes it.
type CallbackConfig struct {
	CorpID string `json:"corpid"`
	// AgentID is the app, or 0 for the contact-sync assistant (通讯录同步).
	AgentID        int    `json:"agentid"`
	URL            string `json:"url"`
	Token          string `json:"token"`
	EncodingAESKey string `json:"encoding_aes_key"`
	// SkipVerify saves the configuration without the verification GET (a
	// receiver that is not running yet). Fixtures are loaded that way too.
	SkipVerify bool `json:"skip_verify,omitempty"`
}

// CallbackVerification is the outcome of the URL verification GET.
type CallbackVerification struct {
	Verified bool `json:"verified"`
	// Skipped is true when SkipVerify saved the configuration unverified.
	Skipped bool `json:"skipped,omitempty"`
	// Request is the URL that was called (with msg_signature, timestamp,
	// nonce and echostr).
	Request   string  `json:"request,omitempty"`
	Status    int     `json:"status,omitempty"`
	LatencyMS float64 `json:"latency_ms,omitempty"`
	// Expected is the echostr plaintext; Response what the URL answered.
	Expected string `json:"expected,omitempty"`
	Response string `json:"response,omitempty"`
	Error    string `json:"error,omitempty"`
}

// CallbackSaved is the answer of PUT /_mock/callbacks/config.
type CallbackSaved struct {
	Saved        bool                 `json:"saved"`
	Verification CallbackVerification `json:"verification"`
}

// CallbackConfigList is the answer of GET /_mock/callbacks/config.
type CallbackConfigList struct {
	Callbacks []CallbackConfig `json:"callbacks"`
}

// CallbackRemoved is the answer of DELETE /_mock/callbacks/config.
type CallbackRemoved struct {
	AgentID int    `json:"agentid"`
	CorpID  string `json:"corpid"`
	Removed bool   `json:"removed"`
}

// SetCallback saves a callback configuration as the admin console does:
// after the URL answers the verification GET (PUT /_mock/callbacks/config).
func (c *Client) SetCallback(ctx context.Context, cfg CallbackConfig) error {
	return c.do(ctx, http.MethodPut, "/_mock/callbacks/config", cfg, nil)
}

// CallbackConfigs lists the callback configurations in force.
func (c *Client) CallbackConfigs(ctx context.Context) ([]CallbackConfig, error) {
	var out CallbackConfigList
	err := c.do(ctx, http.MethodGet, "/_mock/callbacks/config", nil, &out)
	return out.Callbacks, err
}

// RemoveCallback removes the callback of an app (agentID 0: of the
// contact-sync assistant).
func (c *Client) RemoveCallback(ctx context.Context, corpID string, agentID int) error {
	q := url.Values{"corpid": {corpID}, "agentid": {strconv.Itoa(agentID)}}
	return c.do(ctx, http.MethodDelete, "/_mock/callbacks/config?"+q.Encode(), nil, nil)
}

// Delivery statuses.
const (
	DeliveryPending   = "pending"   // queued or being attempted
	DeliveryDelivered = "delivered" // an attempt was answered HTTP 200
	DeliveryFailed    = "failed"    // every attempt failed, or it could not be sent
	DeliveryCanceled  = "canceled"  // dropped by a reset or the mock closing
)

// Delivery is one entry of the deliveries journal: a message or event the
// mock sent (or is sending) to a callback URL, and every attempt.
type Delivery struct {
	ID   string `json:"id"`
	Kind string `json:"kind"` // e.g. "text", "click", "change_contact/create_user", "suite_ticket"
	// Receiver is "app", "contacts" (the contact-sync assistant) or "suite".
	Receiver string    `json:"receiver"`
	CorpID   string    `json:"corpid,omitempty"`
	AgentID  int       `json:"agentid,omitempty"`
	SuiteID  string    `json:"suiteid,omitempty"`
	URL      string    `json:"url"`
	Status   string    `json:"status"`
	Time     time.Time `json:"time"` // virtual time it was generated
	// Plaintext is the decrypted XML the receiver should see.
	Plaintext string            `json:"plaintext"`
	Attempts  []CallbackAttempt `json:"attempts"`
	// Reply is the decrypted passive reply of the successful attempt, if
	// it answered one; ReplyError says why a non-empty answer was not a
	// valid encrypted reply (or, for suites, not "success").
	Reply      string `json:"reply,omitempty"`
	ReplyError string `json:"reply_error,omitempty"`
	// Error says why the delivery failed or was canceled.
	Error string `json:"error,omitempty"`
}

// Done reports whether the delivery reached a final status.
func (d Delivery) Done() bool { return d.Status != DeliveryPending }

// CallbackAttempt is one POST of a delivery.
type CallbackAttempt struct {
	N    int       `json:"n"`    // 1, 2 or 3
	Time time.Time `json:"time"` // virtual time it started
	// Status is the HTTP status answered, 0 when there was no answer
	// (connection refused, timeout).
	Status    int     `json:"status"`
	LatencyMS float64 `json:"latency_ms"` // real milliseconds until the answer was read
	// Response is the answer's body (at most 4 KiB of it).
	Response   string `json:"response"`
	Error      string `json:"error,omitempty"`
	Reply      string `json:"reply,omitempty"`
	ReplyError string `json:"reply_error,omitempty"`
}

// DeliveryFilter selects deliveries; zero fields match everything.
type DeliveryFilter struct {
	ID      string `json:"id,omitempty"`
	CorpID  string `json:"corpid,omitempty"`
	AgentID int    `json:"agentid,omitempty"`
	SuiteID string `json:"suiteid,omitempty"`
	// Receiver is "app", "contacts" or "suite".
	Receiver string `json:"receiver,omitempty"`
	// Kind matches exactly, or every kind under it: "change_contact"
	// matches "change_contact/create_user".
	Kind string `json:"kind,omitempty"`
	// Status is pending, delivered, failed or canceled.
	Status string `json:"status,omitempty"`
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

// DeliveryList is the answer of GET /_mock/callbacks and POST
// /_mock/callbacks/wait.
type DeliveryList struct {
	Callbacks []Delivery `json:"callbacks"`
}

// WaitRequest is the body of POST /_mock/callbacks/wait: the deliveries to
// wait for (by ID, or every one the filter selects) and how long, in
// milliseconds (default 10 s, at most 5 minutes).
type WaitRequest struct {
	DeliveryFilter
	TimeoutMS *int64 `json:"timeout_ms,omitempty"`
}

// Deliveries returns the deliveries journal, oldest first.
func (c *Client) Deliveries(ctx context.Context, f DeliveryFilter) ([]Delivery, error) {
	var out DeliveryList
	err := c.do(ctx, http.MethodGet, "/_mock/callbacks"+f.query(), nil, &out)
	return out.Callbacks, err
}

// Delivery returns one delivery.
func (c *Client) Delivery(ctx context.Context, id string) (Delivery, error) {
	var out Delivery
	err := c.do(ctx, http.MethodGet, "/_mock/callbacks/"+url.PathEscape(id), nil, &out)
	return out, err
}

// ClearDeliveries empties the deliveries journal.
func (c *Client) ClearDeliveries(ctx context.Context) error {
	return c.do(ctx, http.MethodDelete, "/_mock/callbacks", nil, nil)
}

// WaitDeliveries blocks until every delivery f selects is done (delivered,
// failed or canceled) and returns them: no sleeps needed. The mock answers
// 504 (an *Error) when some are still pending after timeout.
func (c *Client) WaitDeliveries(ctx context.Context, f DeliveryFilter, timeout time.Duration) ([]Delivery, error) {
	ms := timeout.Milliseconds()
	var out DeliveryList
	err := c.do(ctx, http.MethodPost, "/_mock/callbacks/wait", WaitRequest{DeliveryFilter: f, TimeoutMS: &ms}, &out)
	return out.Callbacks, err
}

// CallbackTrigger asks for a message or event to an app's callback (POST
// /_mock/callbacks/trigger): a member messages an app, opens it, clicks its
// menu — or any XML at all.
type CallbackTrigger struct {
	CorpID  string `json:"corpid"`
	AgentID int    `json:"agentid"`
	// Kind is text, enter_agent, click, view, subscribe, unsubscribe, or
	// raw (XML as given; agentid 0 sends it to the contact-sync assistant).
	Kind string `json:"kind"`
	// From is the member who acts; they must be inside the app's visible
	// range. Not used by raw.
	From string `json:"from,omitempty"`
	// Content is the text of a text message.
	Content string `json:"content,omitempty"`
	// EventKey is the menu key of click, the URL of view.
	EventKey string `json:"event_key,omitempty"`
	// XML is the decrypted XML a raw trigger delivers as is.
	XML string `json:"xml,omitempty"`
}

// TriggeredCallback identifies a triggered delivery.
type TriggeredCallback struct {
	ID string `json:"id"` // the delivery's id, to wait for it
	// MsgID is the MsgId of a text message.
	MsgID     int64  `json:"msgid,omitempty"`
	Plaintext string `json:"plaintext"`
}

// TriggerCallback delivers the message or event req asks for to the app's
// callback; it returns once the delivery is queued (see WaitDeliveries).
func (c *Client) TriggerCallback(ctx context.Context, req CallbackTrigger) (TriggeredCallback, error) {
	var out TriggeredCallback
	err := c.do(ctx, http.MethodPost, "/_mock/callbacks/trigger", req, &out)
	return out, err
}
