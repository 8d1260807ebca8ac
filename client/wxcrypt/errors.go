package wxcrypt

import "fmt"

// Return codes of the official WXBizMsgCrypt libraries (ierror.py and
// siblings). The Go sample's -40012..-40014 belong to its JSON variant and
// are not used here.
const (
	CodeOK                = 0
	CodeValidateSignature = -40001 // msg_signature does not match
	CodeParseXML          = -40002 // envelope is not the expected XML
	CodeComputeSignature  = -40003 // signature could not be computed
	CodeIllegalAESKey     = -40004 // EncodingAESKey is not 43 valid characters
	CodeValidateCorpID    = -40005 // receiveid (corpid / SuiteId) mismatch
	CodeEncryptAES        = -40006 // encryption failed
	CodeDecryptAES        = -40007 // ciphertext length or padding invalid
	CodeIllegalBuffer     = -40008 // decrypted buffer malformed (length field)
	CodeEncodeBase64      = -40009 // base64 encoding failed
	CodeDecodeBase64      = -40010 // encrypted text is not valid base64
	CodeGenReturnXML      = -40011 // reply XML could not be generated
)

// Error is a WXBizMsgCrypt failure with its official return code.
//
// errors.Is(err, target) is true when target is an *Error with the same
// Code, so the sentinels below work as expected; Detail does not take part.
type Error struct {
	Code   int    // one of the Code* constants
	Detail string // human-readable cause, may be empty
	Err    error  // underlying error, may be nil
}

// Sentinels for errors.Is, one per return code.
var (
	ErrValidateSignature = &Error{Code: CodeValidateSignature}
	ErrParseXML          = &Error{Code: CodeParseXML}
	ErrComputeSignature  = &Error{Code: CodeComputeSignature}
	ErrIllegalAESKey     = &Error{Code: CodeIllegalAESKey}
	ErrValidateCorpID    = &Error{Code: CodeValidateCorpID}
	ErrEncryptAES        = &Error{Code: CodeEncryptAES}
	ErrDecryptAES        = &Error{Code: CodeDecryptAES}
	ErrIllegalBuffer     = &Error{Code: CodeIllegalBuffer}
	ErrEncodeBase64      = &Error{Code: CodeEncodeBase64}
	ErrDecodeBase64      = &Error{Code: CodeDecodeBase64}
	ErrGenReturnXML      = &Error{Code: CodeGenReturnXML}
)

var codeNames = map[int]string{
	CodeOK:                "OK",
	CodeValidateSignature: "ValidateSignature",
	CodeParseXML:          "ParseXml",
	CodeComputeSignature:  "ComputeSignature",
	CodeIllegalAESKey:     "IllegalAesKey",
	CodeValidateCorpID:    "ValidateCorpid",
	CodeEncryptAES:        "EncryptAES",
	CodeDecryptAES:        "DecryptAES",
	CodeIllegalBuffer:     "IllegalBuffer",
	CodeEncodeBase64:      "EncodeBase64",
	CodeDecodeBase64:      "DecodeBase64",
	CodeGenReturnXML:      "GenReturnXml",
}

// CodeName returns the official name of a return code ("ValidateSignature"
// for -40001), or "" for an unknown code.
func CodeName(code int) string { return codeNames[code] }

func (e *Error) Error() string {
	s := fmt.Sprintf("wxcrypt: %s (%d)", CodeName(e.Code), e.Code)
	if CodeName(e.Code) == "" {
		s = fmt.Sprintf("wxcrypt: error %d", e.Code)
	}
	if e.Detail != "" {
		s += ": " + e.Detail
	}
	if e.Err != nil {
		s += ": " + e.Err.Error()
	}
	return s
}

// Is reports whether target is an *Error with the same Code.
func (e *Error) Is(target error) bool {
	t, ok := target.(*Error)
	return ok && t.Code == e.Code
}

// Unwrap returns the underlying error, if any.
func (e *Error) Unwrap() error { return e.Err }

func newErr(code int, detail string, cause error) *Error {
	return &Error{Code: code, Detail: detail, Err: cause}
}
