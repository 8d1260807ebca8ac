package jssdk

import (
	"encoding/json"
	"testing"
)

// Vectors from the WeCom JS-SDK signature doc
// (https://developer.work.weixin.qq.com/document/path/96909).
const (
	vecTicket    = "sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg"
	vecNonce     = "Wm3WZYTPz0wzccnW"
	vecTimestamp = 1414587457
)

func TestSignKnownAnswers(t *testing.T) {
	tests := []struct {
		name string
		url  string
		want string
	}{
		// D:96909 (WeCom JS-SDK signature doc).
		{"wecom doc, query kept", "http://mp.weixin.qq.com?params=value", "0f9de62fce790f9a083d5c99e95740ceb90c27ed"},
		// Classic WeChat JS-SDK doc example, same algorithm.
		{"wechat doc", "http://mp.weixin.qq.com", "f4d90daf4b3bca3078ab155816175ba34c443a7b"},
		// The fragment and everything after it is not signed.
		{"fragment stripped", "http://mp.weixin.qq.com?params=value#/some/route?x=1#y", "0f9de62fce790f9a083d5c99e95740ceb90c27ed"},
		{"bare fragment stripped", "http://mp.weixin.qq.com#", "f4d90daf4b3bca3078ab155816175ba34c443a7b"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := Sign(vecTicket, vecNonce, vecTimestamp, tt.url); got != tt.want {
				t.Errorf("Sign(..., %q) = %s, want %s", tt.url, got, tt.want)
			}
		})
	}
}

func TestSignNoEncoding(t *testing.T) {
	// Values are used raw: a URL with characters that URL-encoding would
	// change must sign differently from its encoded form.
	raw := Sign("t", "n", 1, "https://a.example/p?q=a b&r=中")
	enc := Sign("t", "n", 1, "https://a.example/p?q=a%20b&r=%E4%B8%AD")
	if raw == enc {
		t.Fatal("raw and encoded URL gave the same signature; values must not be encoded")
	}
}

func TestNewConfigJSON(t *testing.T) {
	c := NewConfig(CorpTicket(vecTicket), "wwcorp", "http://mp.weixin.qq.com?params=value#frag", vecNonce, vecTimestamp, "chooseImage", "scanQRCode")
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"beta":true,"debug":false,"appId":"wwcorp","timestamp":1414587457,"nonceStr":"Wm3WZYTPz0wzccnW","signature":"0f9de62fce790f9a083d5c99e95740ceb90c27ed","jsApiList":["chooseImage","scanQRCode"]}`
	if string(b) != want {
		t.Errorf("json:\n got %s\nwant %s", b, want)
	}
}

func TestNewAgentConfigJSON(t *testing.T) {
	c := NewAgentConfig(AgentConfigTicket(vecTicket), "wwcorp", 1000002, "http://mp.weixin.qq.com", vecNonce, vecTimestamp)
	b, err := json.Marshal(c)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"corpid":"wwcorp","agentid":"1000002","timestamp":1414587457,"nonceStr":"Wm3WZYTPz0wzccnW","signature":"f4d90daf4b3bca3078ab155816175ba34c443a7b","jsApiList":[]}`
	if string(b) != want {
		t.Errorf("json:\n got %s\nwant %s", b, want)
	}
	var back AgentConfig
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if back.AgentID != 1000002 || back.Signature != c.Signature {
		t.Errorf("round trip: %+v", back)
	}
}

func TestAgentConfigUsesItsOwnTicket(t *testing.T) {
	const url, nonce, ts = "https://app.example/", "abc", 1700000000
	corp := NewConfig("corp-ticket", "ww1", url, nonce, ts)
	agent := NewAgentConfig("agent-ticket", "ww1", 1, url, nonce, ts)
	if corp.Signature == agent.Signature {
		t.Fatal("corp and agent signatures equal with different tickets")
	}
	if agent.Signature != Sign("agent-ticket", nonce, ts, url) {
		t.Fatal("agentConfig not signed with the agent_config ticket")
	}
}

func TestNewNonce(t *testing.T) {
	seen := map[string]bool{}
	for range 200 {
		n := NewNonce()
		if len(n) != 16 {
			t.Fatalf("len(%q) = %d", n, len(n))
		}
		for _, c := range []byte(n) {
			if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
				t.Fatalf("nonce %q has non-alphanumeric %q", n, c)
			}
		}
		if seen[n] {
			t.Fatalf("duplicate nonce %q", n)
		}
		seen[n] = true
	}
}

func BenchmarkSign(b *testing.B) {
	for b.Loop() {
		Sign(vecTicket, vecNonce, vecTimestamp, "http://mp.weixin.qq.com?params=value#frag")
	}
}
