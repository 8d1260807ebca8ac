package callbacks

import (
	"strconv"
	"strings"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// Target is where and how an encrypted callback is delivered: an app's
// callback URL (receiveid = corpid) or a suite's 指令回调 URL (receiveid =
// SuiteId, AgentID empty; the receiver must answer "success").
type Target struct {
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
	// Timeout, if set, replaces the engine's per-attempt answer limit
	// (Config.Timeout, 5 s by default) for this delivery.
	Timeout time.Duration
}

// AppTarget is where callbacks of an app (or of the contact-sync
// assistant, agentID store.ContactsAgentID) go: receiveid and ToUserName
// are the corpid; the envelope's AgentID is the app's, empty for the
// contact-sync assistant.
func AppTarget(corpID string, agentID int, cb fixtures.Callback) Target {
	t := Target{
		URL: cb.URL, Token: cb.Token, EncodingAESKey: cb.EncodingAESKey,
		ReceiveID: corpID, ToUserName: corpID,
		CorpID: corpID, AgentIDNum: agentID,
	}
	if agentID != store.ContactsAgentID {
		t.AgentID = strconv.Itoa(agentID)
	}
	return t
}

// SuiteTarget is where a suite's callbacks go: receiveid and ToUserName are
// the SuiteId, the envelope's AgentID is empty, and the receiver must
// answer "success". timeout 0 keeps the engine's limit.
func SuiteTarget(suiteID string, cb fixtures.Callback, timeout time.Duration) Target {
	return Target{
		URL: cb.URL, Token: cb.Token, EncodingAESKey: cb.EncodingAESKey,
		ReceiveID: suiteID, ToUserName: suiteID, AgentID: "",
		Suite: true, SuiteID: suiteID, Timeout: timeout,
	}
}

// receiver is the journal's name for the kind of receiver.
func (t Target) receiver() string {
	switch {
	case t.Suite:
		return "suite"
	case t.AgentIDNum == store.ContactsAgentID:
		return "contacts"
	}
	return "app"
}

// withQuery appends query to rawURL's own query, if it has one.
func withQuery(rawURL, query string) string {
	base, frag, _ := strings.Cut(rawURL, "#")
	_ = frag // a configured URL never has one (validated)
	if strings.Contains(base, "?") {
		if strings.HasSuffix(base, "?") || strings.HasSuffix(base, "&") {
			return base + query
		}
		return base + "&" + query
	}
	return base + "?" + query
}
