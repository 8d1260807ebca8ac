package client_test

import (
	"context"
	"fmt"
	"reflect"
	"testing"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

// GetAgent reads the default world's app with its visible range; another
// app's id is refused.
func TestGetAgent(t *testing.T) {
	t.Parallel()
	srv := newServer(t)
	app := newClient(t, srv, appSecret)
	ctx := context.Background()

	a, err := app.GetAgent(ctx, agentID)
	if err != nil {
		t.Fatal(err)
	}
	if a.AgentID != agentID || a.Name != "模拟应用" {
		t.Errorf("GetAgent = %d %q, want %d 模拟应用", a.AgentID, a.Name, agentID)
	}
	if !reflect.DeepEqual(a.AllowParties.PartyID, []int{2}) || !reflect.DeepEqual(a.AllowTags.TagID, []int{1}) {
		t.Errorf("range = parties %v tags %v, want [2] [1]", a.AllowParties.PartyID, a.AllowTags.TagID)
	}
	if got := a.VisibleUsers(); len(got) != 0 {
		t.Errorf("VisibleUsers = %v, want none", got)
	}
	_, err = app.GetAgent(ctx, agentID+8)
	wantAPIError(t, err, errcode.AnotherAgent, "/cgi-bin/agent/get")
}

func ExampleClient_GetAgent() {
	srv := startMock()
	defer srv.Close()
	c := client.New("wwmockcorp000001", "mock-app-secret", client.WithBaseURL(srv.URL()))

	a, err := c.GetAgent(context.Background(), 1000002)
	if err != nil {
		fmt.Println(err)
		return
	}
	// The visible range: members named directly, department subtrees, tags.
	fmt.Println(a.Name, a.VisibleUsers(), a.AllowParties.PartyID, a.AllowTags.TagID)
	// Output: 模拟应用 [] [2] [1]
}
