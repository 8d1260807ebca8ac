package jssdk_test

import (
	"encoding/json"
	"fmt"

	"github.com/wecom-mock/wecom-mock/client/jssdk"
)

func ExampleSign() {
	sig := jssdk.Sign(
		"sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg",
		"Wm3WZYTPz0wzccnW",
		1414587457,
		"http://mp.weixin.qq.com?params=value#top", // the fragment is not signed
	)
	fmt.Println(sig)
	// Output: 0f9de62fce790f9a083d5c99e95740ceb90c27ed
}

func ExampleNewConfig() {
	// ticket comes from GET /cgi-bin/get_jsapi_ticket (cache it: 7200 s).
	ticket := jssdk.CorpTicket("sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg")
	cfg := jssdk.NewConfig(ticket, "ww5823bf96d3bd56c7", "http://mp.weixin.qq.com?params=value",
		"Wm3WZYTPz0wzccnW", 1414587457, "scanQRCode")
	b, _ := json.Marshal(cfg)
	fmt.Println(string(b))
	// Output: {"beta":true,"debug":false,"appId":"ww5823bf96d3bd56c7","timestamp":1414587457,"nonceStr":"Wm3WZYTPz0wzccnW","signature":"0f9de62fce790f9a083d5c99e95740ceb90c27ed","jsApiList":["scanQRCode"]}
}

func ExampleNewAgentConfig() {
	// ticket comes from GET /cgi-bin/ticket/get?type=agent_config — the app
	// ticket, not the corp jsapi_ticket.
	ticket := jssdk.AgentConfigTicket("sM4AOVdWfPE4DxkXGEs8VMCPGGVi4C3VM0P37wVUCFvkVAy_90u5h9nbSlYy3-Sl-HhTdfl2fzFy1AOcHKP7qg")
	cfg := jssdk.NewAgentConfig(ticket, "ww5823bf96d3bd56c7", 1000002, "http://mp.weixin.qq.com",
		"Wm3WZYTPz0wzccnW", 1414587457, "selectExternalContact")
	b, _ := json.Marshal(cfg)
	fmt.Println(string(b))
	// Output: {"corpid":"ww5823bf96d3bd56c7","agentid":"1000002","timestamp":1414587457,"nonceStr":"Wm3WZYTPz0wzccnW","signature":"f4d90daf4b3bca3078ab155816175ba34c443a7b","jsApiList":["selectExternalContact"]}
}

func ExampleNewNonce() {
	nonce := jssdk.NewNonce() // 16 random alphanumerics
	fmt.Println(len(nonce))
	// Output: 16
}
