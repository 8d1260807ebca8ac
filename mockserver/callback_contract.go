package mockserver

import "time"

// callbackTarget is where and how an encrypted callback is delivered: an
// app's callback URL (receiveid = corpid) or a suite's 指令回调 URL
// (receiveid = SuiteId, AgentID empty; the receiver must answer "success").
type callbackTarget struct {
	URL            string
	Token          string
	EncodingAESKey string
	// ReceiveID goes into the encrypted payload: the corpid for a corp's
	// apps, the SuiteId (or 代开发 template id) for suites.
	ReceiveID string
	// ToUserName and AgentID fill the outer XML envelope.
	ToUserName string
	AgentID    string
	// Suite marks suite callbacks, whose receivers must answer "success".
	Suite bool
	// CorpID and AgentIDNum identify the app (or SuiteID the suite) in the
	// deliveries journal.
	CorpID     string
	AgentIDNum int
	SuiteID    string
	// Timeout, if set, replaces the server's per-attempt answer limit
	// (WithCallbackTimeout, 5 s by default) for this delivery.
	Timeout time.Duration
}

// deliverCallback encrypts plaintext (the decrypted XML of a message or
// event) for t and delivers it asynchronously as WeCom does — POST, 5 s
// timeout, 3 attempts, only HTTP 200 counts — recording every attempt in the
// deliveries journal. kind names the event for the journal (e.g.
// "change_contact/create_user", "suite_ticket"). It returns the delivery id.
//
// func (s *Server) deliverCallback(t callbackTarget, kind string, plaintext []byte) string
// is implemented in callback_delivery.go.
