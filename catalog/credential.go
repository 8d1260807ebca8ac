package catalog

// Credential is a kind of caller credential.
type Credential string

// The credentials WeCom knows. An access_token carries the kind of the
// secret it was issued for: the same query parameter, different rights.
const (
	// App is a token from an app's secret: a self-built app, or a
	// third-party or 代开发 app's corp token.
	App Credential = "app"
	// Contacts is a token from the 通讯录同步 secret.
	Contacts Credential = "contacts"
	// ExternalContact is a token from the 客户联系 secret.
	ExternalContact Credential = "externalcontact"
	// KF is a token from the 微信客服 secret.
	KF Credential = "kf"
	// Checkin and Approval are tokens from the 打卡 and 审批 secrets.
	Checkin  Credential = "checkin"
	Approval Credential = "approval"
	// MsgAudit is a token from the 会话内容存档 secret.
	MsgAudit Credential = "msgaudit"
	// Suite is a third-party suite_access_token.
	Suite Credential = "suite"
	// Provider is a service provider's provider_access_token.
	Provider Credential = "provider"
	// Robot is a group robot's webhook key.
	Robot Credential = "robot"
	// None is for endpoints that take no credential (gettoken, get_suite_token).
	None Credential = "none"
)

// Credentials lists every credential kind in a stable order.
var Credentials = []Credential{App, Contacts, ExternalContact, KF, Checkin, Approval, MsgAudit, Suite, Provider, Robot, None}

func (c Credential) valid() bool {
	for _, k := range Credentials {
		if c == k {
			return true
		}
	}
	return false
}

// QueryParam is the query parameter that carries the credential.
func (c Credential) QueryParam() string {
	switch c {
	case Suite:
		return "suite_access_token"
	case Provider:
		return "provider_access_token"
	case Robot:
		return "key"
	case None:
		return ""
	}
	return "access_token"
}

// IsAccessToken reports whether the credential is an access_token (of any
// secret's kind).
func (c Credential) IsAccessToken() bool { return c.QueryParam() == "access_token" }
