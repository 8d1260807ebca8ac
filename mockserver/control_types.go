package mockserver

import "github.com/wecom-mock/wecom-mock/mockctl"

// The control API's wire types are declared once, in package mockctl: the
// /_mock/ handlers decode and encode them, the Go methods of *Server take
// and return them, and clients (mockctl.Client, the step library, the
// container module) read them. The names below keep the Go API spelled
// mockserver.X.

// Codes and state.
type (
	CodeRequest      = mockctl.CodeRequest
	Code             = mockctl.Code
	SuiteCodeRequest = mockctl.SuiteCodeRequest
	State            = mockctl.State
	RuntimeCounts    = mockctl.RuntimeCounts
)

// Faults, the request journal and the inbox.
type (
	Fault         = mockctl.Fault
	Request       = mockctl.Request
	Message       = mockctl.Message
	MessageFilter = mockctl.MessageFilter
)

// WeCom's frequency limits (GET /_mock/limits).
type (
	Limits       = mockctl.Limits
	LimitCounter = mockctl.LimitCounter
	LimitQuota   = mockctl.LimitQuota
	LimitFlight  = mockctl.LimitFlight
	LimitImages  = mockctl.LimitImages
)

// The kinds of login code (CodeRequest.Kind) and the OAuth scopes
// (CodeRequest.Scope).
const (
	CodeMiniProgram  = mockctl.CodeMiniProgram
	CodeOAuth        = mockctl.CodeOAuth
	CodeQRCode       = mockctl.CodeQRCode
	ScopeBase        = mockctl.ScopeBase
	ScopePrivateInfo = mockctl.ScopePrivateInfo
)

// Logins.
type (
	LoginAs        = mockctl.LoginAs
	QRLoginRequest = mockctl.QRLoginRequest
	QRLogin        = mockctl.QRLogin
)

// The states of a QR login.
const (
	QRWaiting   = mockctl.QRWaiting
	QRScanned   = mockctl.QRScanned
	QRConfirmed = mockctl.QRConfirmed
	QRCancelled = mockctl.QRCancelled
	QRExpired   = mockctl.QRExpired
)

// Callbacks, the deliveries journal, triggers and the probe's report.
type (
	CallbackConfig       = mockctl.CallbackConfig
	CallbackVerification = mockctl.CallbackVerification
	Delivery             = mockctl.Delivery
	CallbackAttempt      = mockctl.CallbackAttempt
	DeliveryFilter       = mockctl.DeliveryFilter
	CallbackTrigger      = mockctl.CallbackTrigger
	TriggeredCallback    = mockctl.TriggeredCallback
	ProbeReport          = mockctl.ProbeReport
	ProbeCheck           = mockctl.ProbeCheck
)

// Delivery statuses.
const (
	DeliveryPending   = mockctl.DeliveryPending
	DeliveryDelivered = mockctl.DeliveryDelivered
	DeliveryFailed    = mockctl.DeliveryFailed
	DeliveryCanceled  = mockctl.DeliveryCanceled
)

// The probe's checks, in the order they run.
const (
	CheckURLVerification      = mockctl.CheckURLVerification
	CheckRejectsBadSignature  = mockctl.CheckRejectsBadSignature
	CheckRejectsWrongReceiver = mockctl.CheckRejectsWrongReceiver
	CheckAnswersPostInTime    = mockctl.CheckAnswersPostInTime
	CheckToleratesDuplicate   = mockctl.CheckToleratesDuplicate
)

// Contact changes.
type ContactResult = mockctl.ContactResult

// Suites.
type (
	SuiteTicket        = mockctl.SuiteTicket
	SuiteEvent         = mockctl.SuiteEvent
	InstallRequest     = mockctl.InstallRequest
	Install            = mockctl.Install
	ChangeAuthRequest  = mockctl.ChangeAuthRequest
	PermanentCodeReset = mockctl.PermanentCodeReset
	SuiteStatus        = mockctl.SuiteStatus
	SuiteAuthorization = mockctl.SuiteAuthorization
)
