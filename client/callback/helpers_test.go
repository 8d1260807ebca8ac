package callback_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"sync"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/callback"
	"github.com/wecom-mock/wecom-mock/client/wxcrypt"
)

// Official WeCom sample (github.com/sbzhu/weworkapi_golang sample.go).
const (
	sampleToken  = "QDG6eK"
	sampleKey    = "jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C"
	sampleCorpID = "wx5823bf96d3bd56c7"

	sampleGETSignature = "5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3"
	sampleGETTimestamp = "1409659589"
	sampleGETNonce     = "263014780"
	sampleGETEchostr   = "P9nAzCzyDtyTWESHep1vC5X9xho/qYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp+4RPcs8TgAE7OaBO+FZXvnaqQ=="
	sampleGETMsg       = "1616140317555161061"

	samplePOSTSignature = "477715d11cdb4164915debcba66cb864d751f3e6"
	samplePOSTTimestamp = "1409659813"
	samplePOSTNonce     = "1372623149"
	samplePOSTEncrypt   = "RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q=="
	samplePOSTBody      = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[" + samplePOSTEncrypt + "]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>"
	samplePOSTMsg       = "<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName>\n<FromUserName><![CDATA[mycreate]]></FromUserName>\n<CreateTime>1409659813</CreateTime>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[hello]]></Content>\n<MsgId>4561255354251345929</MsgId>\n<AgentID>218</AgentID>\n</xml>"

	sampleSuiteID = "ww4asffe99e54c0fxxxx"
)

// sender builds callback requests exactly as WeCom sends them: the query
// carries only msg_signature, timestamp and nonce (+ echostr on GET, URL
// encoded), the body is the CDATA envelope with Content-Type text/xml.
type sender struct {
	t         testing.TB
	c         *wxcrypt.Crypt
	toUser    string // envelope ToUserName: corpid or SuiteId
	agentID   string // envelope AgentID; empty for suites
	timestamp string
	nonce     string
}

func newSender(t testing.TB, receiveID, agentID string) *sender {
	t.Helper()
	c, err := wxcrypt.New(sampleToken, sampleKey, receiveID)
	if err != nil {
		t.Fatal(err)
	}
	return &sender{t: t, c: c, toUser: receiveID, agentID: agentID, timestamp: "1409659813", nonce: "1372623149"}
}

// verifyRequest returns the GET URL verification request for plaintext msg.
func (s *sender) verifyRequest(msg string) *http.Request {
	s.t.Helper()
	enc, sig, err := s.c.Encrypt([]byte(msg), s.timestamp, s.nonce)
	if err != nil {
		s.t.Fatal(err)
	}
	return getRequest(sig, s.timestamp, s.nonce, enc)
}

func getRequest(sig, ts, nonce, echostr string) *http.Request {
	q := url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}, "echostr": {echostr}}
	return httptest.NewRequest(http.MethodGet, "/callback?"+q.Encode(), nil)
}

func postRequest(sig, ts, nonce string, body []byte) *http.Request {
	q := url.Values{"msg_signature": {sig}, "timestamp": {ts}, "nonce": {nonce}}
	r := httptest.NewRequest(http.MethodPost, "/callback?"+q.Encode(), bytes.NewReader(body))
	r.Header.Set("Content-Type", "text/xml")
	return r
}

// encrypt returns the signature and envelope body of plaintext msg.
func (s *sender) encrypt(msg string) (sig string, body []byte) {
	s.t.Helper()
	enc, sig, err := s.c.Encrypt([]byte(msg), s.timestamp, s.nonce)
	if err != nil {
		s.t.Fatal(err)
	}
	body, err = (&wxcrypt.Envelope{ToUserName: s.toUser, Encrypt: enc, AgentID: s.agentID}).Marshal()
	if err != nil {
		s.t.Fatal(err)
	}
	return sig, body
}

// request returns the POST delivering plaintext msg.
func (s *sender) request(msg string) *http.Request {
	s.t.Helper()
	sig, body := s.encrypt(msg)
	return postRequest(sig, s.timestamp, s.nonce, body)
}

func serve(h http.Handler, r *http.Request) *httptest.ResponseRecorder {
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// recorder is a Func that records the events it receives and answers with
// reply and err.
type recorder struct {
	mu     sync.Mutex
	events []callback.Event
	reply  callback.Reply
	err    error
}

func (rec *recorder) fn(_ context.Context, ev callback.Event) (callback.Reply, error) {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	rec.events = append(rec.events, ev)
	return rec.reply, rec.err
}

func (rec *recorder) calls() int {
	rec.mu.Lock()
	defer rec.mu.Unlock()
	return len(rec.events)
}

func (rec *recorder) last(t testing.TB) callback.Event {
	t.Helper()
	rec.mu.Lock()
	defer rec.mu.Unlock()
	if len(rec.events) == 0 {
		t.Fatal("Func not called")
	}
	return rec.events[len(rec.events)-1]
}

func newHandler(t testing.TB, receiveID string, fn callback.Func, opts ...callback.Option) *callback.Handler {
	t.Helper()
	h, err := callback.NewHandler(sampleToken, sampleKey, receiveID, fn, opts...)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

func textXML(from string, createTime int64, content string, msgID int64) string {
	return "<xml><ToUserName><![CDATA[" + sampleCorpID + "]]></ToUserName><FromUserName><![CDATA[" + from +
		"]]></FromUserName><CreateTime>" + strconv.FormatInt(createTime, 10) +
		"</CreateTime><MsgType><![CDATA[text]]></MsgType><Content><![CDATA[" + content +
		"]]></Content><MsgId>" + strconv.FormatInt(msgID, 10) + "</MsgId><AgentID>218</AgentID></xml>"
}
