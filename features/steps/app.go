package steps

import (
	"context"
	"fmt"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// AppFactory starts your app for one scenario, pointed at the scenario's
// mock. It is called when the first step that needs the app runs, after the
// Given steps that describe the world. If the App also implements
// io.Closer, Close is called when the scenario ends.
type AppFactory func(ctx context.Context, env Env) (App, error)

// Env is what your app needs to know to run against the scenario's mock.
type Env struct {
	// MockURL is the mock's base URL. Use it in place of every WeCom host:
	// https://qyapi.weixin.qq.com (the API), https://open.weixin.qq.com
	// (OAuth authorize page) and https://login.work.weixin.qq.com (QR
	// login page) — one listener serves them all.
	MockURL string
	// Tenants are the corps your app holds credentials for in this
	// scenario (see the "the app serves corp" steps).
	Tenants []Tenant
	// Suite is the 代开发 template (or third-party app, Suite.ThirdParty)
	// your app is the backend of, if the scenario declares one: corps that
	// install it become tenants at run time — a template's with the
	// permanent code as the app secret, a third-party app's through
	// get_corp_token.
	Suite *Suite
	// Mock is the scenario's control-API client, for apps that need more.
	Mock *mockctl.Client
}

// Served lists the corpids your app should serve (its allow-list).
func (e Env) Served() []string {
	var out []string
	for _, t := range e.Tenants {
		if t.Served {
			out = append(out, t.CorpID)
		}
	}
	return out
}

// Tenant is your app's registration in one corp.
type Tenant struct {
	CorpID  string
	AgentID int
	Secret  string
	// Served is false for a corp your app holds credentials for but must
	// refuse (a lapsed contract, a corp not yet onboarded…).
	Served bool
	// CallbackToken and CallbackAESKey are the 接收消息 settings (Token,
	// EncodingAESKey) the mock encrypts this app's callbacks with.
	CallbackToken  string
	CallbackAESKey string
	// ContactsSecret is the corp's 通讯录同步 secret, for an HR system that
	// runs beside your app (see HRSyncApp).
	ContactsSecret string
}

// App is the system under test. The steps use whichever of the interfaces
// below it implements; a step that needs one your app lacks fails and names
// it. Each method does what the real client of your backend does (your mini
// program, a browser) and reports what the user would see.
type App any

// MiniProgramApp is a backend that logs in WeCom mini-program users.
type MiniProgramApp interface {
	// MiniProgramLogin sends the code of wx.qy.login to your backend, as
	// your mini program does. corpID is the corp the mini program runs in,
	// for backends that serve several; most can ignore it.
	MiniProgramLogin(ctx context.Context, corpID, code string) (Login, error)
}

// WebLoginApp is a backend with a WeCom web login (OAuth inside the WeCom
// client, or QR-code login from a desktop browser). A "browser" is a name
// the steps give to one user agent; keep one cookie jar per name.
type WebLoginApp interface {
	// StartWebLogin opens your login page in the browser and returns the
	// WeCom URL your app redirected it to (the OAuth authorize page or the
	// QR-login page). If your app refuses before sending the browser to
	// WeCom, return a *Refusal.
	StartWebLogin(ctx context.Context, browser string, opts WebLogin) (wecomURL string, err error)
	// FinishWebLogin makes the browser follow WeCom's redirect back to your
	// app (redirect_uri?code=…&state=…) and reports the outcome.
	FinishWebLogin(ctx context.Context, browser, redirectURL string) (Login, error)
}

// WebLogin says which web login to start.
type WebLogin struct {
	// Flow is "oauth" (inside the WeCom client) or "qr" (QR-code login).
	Flow string
	// Scope is "snsapi_base" or "snsapi_privateinfo" (OAuth only).
	Scope string
	// CorpID is the corp the login is for ("" for your default).
	CorpID string
}

// SessionApp is a backend whose sessions can call WeCom again later.
type SessionApp interface {
	// RefreshProfile reloads the member's profile from WeCom within the
	// session of an earlier successful login.
	RefreshProfile(ctx context.Context, session Login) (Login, error)
}

// CallbackApp is a backend that receives WeCom callbacks.
type CallbackApp interface {
	// CallbackURL is the 接收消息 URL of your app in corpID; the steps
	// register it with the mock, which then delivers callbacks there.
	CallbackURL(corpID string) string
}

// DirectoryApp is a backend that keeps a copy of the corp's members.
type DirectoryApp interface {
	// DirectoryMember returns your app's copy of a member: their name, or
	// found=false.
	DirectoryMember(ctx context.Context, corpID, userID string) (name string, found bool, err error)
}

// CRMApp is a CRM backend built on 客户联系: it hears customers arrive
// through change_external_contact callbacks (so it is a CallbackApp too)
// and does what salespeople ask of it. corpID is the corp of the members
// involved; customers are named by their external_userid.
type CRMApp interface {
	// SetGreeting turns greeting new customers at once on or off.
	SetGreeting(ctx context.Context, on bool) error
	// GreetLater greets a customer on behalf of a member with the welcome
	// code your app received with the add_external_contact event.
	GreetLater(ctx context.Context, corpID, userID, externalUserID string) error
	// TagCustomer puts the tag named tag (of the corp's tag group 客户等级)
	// on a member's customer.
	TagCustomer(ctx context.Context, corpID, userID, externalUserID, tag string) error
	// ListCustomers lists a member's customers pageSize at a time.
	ListCustomers(ctx context.Context, corpID, userID string, pageSize int) (CustomerList, error)
	// TransferCustomers hands every customer of member from to member to.
	TransferCustomers(ctx context.Context, corpID, from, to string) error
	// TransferStatuses says how the customers of that transfer stand, by
	// external_userid: "waiting", "accepted", "refused", "limit_exceeded"
	// or "none".
	TransferStatuses(ctx context.Context, corpID, from, to string) (map[string]string, error)
	// Customer is your app's view of a customer: who follows them and the
	// tags each follower put on them.
	Customer(ctx context.Context, corpID, externalUserID string) (Customer, error)
}

// CustomerList is a member's customers as your app listed them.
type CustomerList struct {
	ExternalUserIDs []string
	// Pages is how many pages the listing took.
	Pages int
}

// Customer is a customer as your app shows them.
type Customer struct {
	Name      string
	Followers []Follower
}

// Follower is a member who follows a customer.
type Follower struct {
	UserID string
	// State is the channel (contact way state) the customer came through.
	State string
	// Tags are the names of the tags the member put on the customer.
	Tags []string
}

// HRSyncApp is an HR system that keeps WeCom's directory in step with its
// own records, together with the app that then serves the new members. The
// HR system calls WeCom with the corp's 通讯录同步 secret (Tenant.
// ContactsSecret), as real ones do: it maps the mobiles it knows to userids
// (user/getuserid), creates departments (department/create), imports members
// as a CSV through media/upload and batch/syncuser, follows the job with
// batch/getresult, and groups people with directory tags. The app's side
// (AppSees, TagMembers) uses the app's own secret, as the app does at
// start-up to check who may use it. A refusal of WeCom is a *WeComRefusal.
type HRSyncApp interface {
	// UserIDByMobile is the userid of the member with that mobile.
	UserIDByMobile(ctx context.Context, corpID, mobile string) (string, error)
	// ImportDepartment creates the department and starts a batch job that
	// creates or updates its members in it; it returns the jobid.
	ImportDepartment(ctx context.Context, corpID string, dept HRDepartment, members []HRMember) (jobID string, err error)
	// Job is how the batch job stands.
	Job(ctx context.Context, corpID, jobID string) (HRJob, error)
	// TagMembers puts the directory tag named tag on members, creating the
	// tag first if the corp has none of that name.
	TagMembers(ctx context.Context, corpID, tag string, userIDs []string) error
	// AppSees reports whether member userID is in the app's visible range
	// (agent/get: by userid, by a department or its ancestors, or by tag).
	AppSees(ctx context.Context, corpID, userID string) (bool, error)
	// TaggedMembers lists the userids of the tag named tag as the app reads
	// it (tag/get).
	TaggedMembers(ctx context.Context, corpID, tag string) ([]string, error)
}

// HRDepartment is a department as the HR system knows it.
type HRDepartment struct {
	ID       int
	ParentID int
	Name     string
}

// HRMember is a member of an imported department.
type HRMember struct {
	UserID string
	Name   string
	Mobile string
}

// HRJob is a batch job as batch/getresult reports it.
type HRJob struct {
	// Status is 1 (waiting), 2 (running) or 3 (done).
	Status     int
	Percentage int
	// Failed lists the rows WeCom refused, as "userid: errcode errmsg".
	Failed []string
}

// WeComRefusal is the error a CRMApp returns when WeCom refused the call
// the app made: the errcode WeCom answered.
type WeComRefusal struct {
	ErrCode int
	Message string
}

func (r *WeComRefusal) Error() string {
	return fmt.Sprintf("WeCom refused the app's call: errcode %d %s", r.ErrCode, r.Message)
}

// Login is what a user saw after a login attempt (or a session call).
type Login struct {
	// OK is true when the user got in.
	OK bool
	// UserID and Name are who the app thinks logged in.
	UserID string
	Name   string
	// Reason is why the app refused, in your app's words (for example
	// "not_visible" or "invalid_code").
	Reason string
	// Degraded is true when the app let the user in on data it already had,
	// because WeCom could not be asked.
	Degraded bool
	// Session is your app's handle for the session (a token, a browser
	// name…) for later steps.
	Session string
	// Profile holds fields the app shows the user, e.g. "mobile", "email".
	Profile map[string]string
}

// Refusal is the error a WebLoginApp returns when the app refuses a login
// before WeCom is involved; the steps record it as a refused login.
type Refusal struct {
	Reason string
}

func (r *Refusal) Error() string { return "the app refused: " + r.Reason }
