package jssdk

import (
	"crypto/rand"
	"crypto/sha1"
	"encoding/hex"
	"strconv"
	"strings"
)

// CorpTicket is the corp-level jsapi_ticket returned by
// GET /cgi-bin/get_jsapi_ticket. It signs wx.config ([NewConfig]).
type CorpTicket string

// AgentConfigTicket is the app-level ticket returned by
// GET /cgi-bin/ticket/get?type=agent_config. It signs wx.agentConfig
// ([NewAgentConfig]); the corp ticket does not work there.
type AgentConfigTicket string

// Sign returns the lower-case hex SHA-1 JS-SDK signature of ticket, nonceStr,
// timestamp (Unix seconds) and the page url.
//
// Everything from the first '#' in url on is dropped; the query string is
// kept. Values are used raw, without URL encoding. The same function serves
// both tickets: pass the corp ticket for wx.config and the agent_config ticket
// for wx.agentConfig.
func Sign(ticket, nonceStr string, timestamp int64, url string) string {
	url, _, _ = strings.Cut(url, "#")
	var b strings.Builder
	b.Grow(len("jsapi_ticket=&noncestr=&timestamp=&url=") + len(ticket) + len(nonceStr) + 20 + len(url))
	b.WriteString("jsapi_ticket=")
	b.WriteString(ticket)
	b.WriteString("&noncestr=")
	b.WriteString(nonceStr)
	b.WriteString("&timestamp=")
	b.WriteString(strconv.FormatInt(timestamp, 10))
	b.WriteString("&url=")
	b.WriteString(url)
	sum := sha1.Sum([]byte(b.String()))
	return hex.EncodeToString(sum[:])
}

// Config is the parameter object of wx.config (corp-level JS-SDK
// registration). Marshalled with encoding/json it has exactly the keys
// wx.config expects.
type Config struct {
	Beta      bool     `json:"beta"`      // must be true for WeCom-only APIs
	Debug     bool     `json:"debug"`     // alert every call's result in the client
	AppID     string   `json:"appId"`     // the corpid
	Timestamp int64    `json:"timestamp"` // Unix seconds used in the signature
	NonceStr  string   `json:"nonceStr"`  // nonce used in the signature
	Signature string   `json:"signature"` // Sign(corp ticket, ...)
	JSAPIList []string `json:"jsApiList"` // APIs to enable
}

// NewConfig returns the wx.config parameters for the page at pageURL, signed
// with the corp jsapi_ticket. Beta is set (WeCom requires it); Debug is left
// false. jsAPIList is never nil in the result, so it marshals as [] rather
// than null.
func NewConfig(ticket CorpTicket, corpID, pageURL, nonceStr string, timestamp int64, jsAPIList ...string) Config {
	return Config{
		Beta:      true,
		AppID:     corpID,
		Timestamp: timestamp,
		NonceStr:  nonceStr,
		Signature: Sign(string(ticket), nonceStr, timestamp, pageURL),
		JSAPIList: apiList(jsAPIList),
	}
}

// AgentConfig is the parameter object of wx.agentConfig (app-level JS-SDK
// registration). Marshalled with encoding/json it has exactly the keys
// wx.agentConfig expects. The agent id is written as a JSON string, as in
// WeCom's documentation ("agentid": "1000002").
type AgentConfig struct {
	CorpID    string   `json:"corpid"`
	AgentID   int64    `json:"agentid,string"`
	Timestamp int64    `json:"timestamp"` // Unix seconds used in the signature
	NonceStr  string   `json:"nonceStr"`  // nonce used in the signature
	Signature string   `json:"signature"` // Sign(agent_config ticket, ...)
	JSAPIList []string `json:"jsApiList"`
}

// NewAgentConfig returns the wx.agentConfig parameters for the page at
// pageURL, signed with the app's agent_config ticket (not the corp
// jsapi_ticket). jsAPIList is never nil in the result.
func NewAgentConfig(ticket AgentConfigTicket, corpID string, agentID int64, pageURL, nonceStr string, timestamp int64, jsAPIList ...string) AgentConfig {
	return AgentConfig{
		CorpID:    corpID,
		AgentID:   agentID,
		Timestamp: timestamp,
		NonceStr:  nonceStr,
		Signature: Sign(string(ticket), nonceStr, timestamp, pageURL),
		JSAPIList: apiList(jsAPIList),
	}
}

func apiList(l []string) []string {
	if l == nil {
		return []string{}
	}
	return l
}

const nonceAlphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

// NewNonce returns a random 16-character alphanumeric nonceStr drawn from
// crypto/rand.
func NewNonce() string {
	const n = 16
	out := make([]byte, 0, n)
	var buf [32]byte
	for len(out) < n {
		rand.Read(buf[:])
		for _, c := range buf {
			// 62*4 = 248: reject 248..255 to keep the draw uniform.
			if c >= 248 {
				continue
			}
			out = append(out, nonceAlphabet[c%62])
			if len(out) == n {
				break
			}
		}
	}
	return string(out)
}
