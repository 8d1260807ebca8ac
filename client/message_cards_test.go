package client_test

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

const updateCardPath = "/cgi-bin/message/update_template_card"

func TestUpdateTemplateCard(t *testing.T) {
	srv := newServer(t)
	c := newClient(t, srv, appSecret)
	ctx := context.Background()
	card := map[string]any{
		"card_type": "button_interaction", "task_id": "sdk-task", "main_title": map[string]any{"title": "审批"},
		"button_list": []any{map[string]any{"text": "同意", "key": "approve"}},
	}
	sent, err := c.SendMessage(ctx, client.Message{AgentID: agentID, ToUser: []string{"zhangsan", "lisi"},
		Body: client.RawBody{Type: "template_card", Payload: card}})
	if err != nil || sent.ResponseCode == "" {
		t.Fatalf("send = %+v, %v", sent, err)
	}
	invalid, err := c.UpdateTemplateCard(ctx, client.TemplateCardUpdate{
		AgentID: agentID, ResponseCode: sent.ResponseCode, UserIDs: []string{"zhangsan", "ghost"}, ReplaceName: "已同意",
	})
	if err != nil || !slices.Equal(invalid, []string{"ghost"}) {
		t.Fatalf("update = %v, %v; want ghost invalid", invalid, err)
	}
	m := srv.Messages(mockserver.MessageFilter{MsgType: "template_card"})[0]
	if v := m.Card.ViewOf("zhangsan"); v == nil || v.ReplaceName != "已同意" {
		t.Fatalf("card = %+v", m.Card)
	}

	_, err = c.UpdateTemplateCard(ctx, client.TemplateCardUpdate{AgentID: agentID, ResponseCode: sent.ResponseCode, AtAll: true, TemplateCard: card})
	wantAPIError(t, err, errcode.CodeAlreadyUsed, updateCardPath)
	if _, err := c.UpdateTemplateCard(ctx, client.TemplateCardUpdate{AgentID: agentID, ResponseCode: "x", AtAll: true}); err == nil {
		t.Error("an update without ReplaceName or TemplateCard was sent")
	}
}

func TestTemplateCardUpdateJSON(t *testing.T) {
	tests := []struct {
		name string
		u    client.TemplateCardUpdate
		want string
	}{
		{"replace name", client.TemplateCardUpdate{AgentID: 7, ResponseCode: "c", UserIDs: []string{"a"}, PartyIDs: []int{2}, ReplaceName: "已处理 & 归档"},
			`{"agentid":7,"atall":0,"button":{"replace_name":"已处理 & 归档"},"partyids":[2],"response_code":"c","userids":["a"]}`},
		{"new card for all", client.TemplateCardUpdate{AgentID: 7, ResponseCode: "c", AtAll: true, TagIDs: []int{1}, EnableIDTrans: true,
			TemplateCard: map[string]string{"card_type": "text_notice"}},
			`{"agentid":7,"atall":1,"enable_id_trans":1,"response_code":"c","tagids":[1],"template_card":{"card_type":"text_notice"}}`},
	}
	for _, tt := range tests {
		// An encoder without HTML escaping, as the client sends bodies.
		var buf strings.Builder
		enc := json.NewEncoder(&buf)
		enc.SetEscapeHTML(false)
		err := enc.Encode(tt.u)
		if got := strings.TrimSpace(buf.String()); err != nil || got != tt.want {
			t.Errorf("%s: %s, %v\nwant %s", tt.name, buf.String(), err, tt.want)
		}
	}
}
