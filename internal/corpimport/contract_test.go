package corpimport_test

import (
	"context"
	"encoding/json"
	"slices"
	"testing"

	"github.com/wecom-mock/wecom-mock/internal/contract"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// The contract check finds no difference between the real corp and a
// mock of its import, lengths included; a field whose type the "real"
// host changes is reported. Not parallel: the stub on the shared real
// corp must not meet the other tests.
func TestContractOfTheImport(t *testing.T) {
	ctx := context.Background()
	real, err := contract.WorldTarget(realWorld, realSrv.URL())
	if err != nil {
		t.Fatal(err)
	}
	mock, err := contract.WorldTarget(imported, mockSrv.URL())
	if err != nil {
		t.Fatal(err)
	}
	// The second app sees part of the corp: user/get:outside gets 60011.
	o := contract.Options{Lengths: true, AgentID: realWorld.Corps[0].Apps[1].AgentID}
	rep, err := contract.Compare(ctx, real, mock, o)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("differences between the real corp and its import: %+v", rep.Results)
	}
	for _, r := range rep.Results {
		if r.Skipped != "" {
			t.Errorf("%s skipped: %s", r.API, r.Skipped)
		}
	}

	stub, err := realSrv.AddStub(mockserver.Stub{Path: "/cgi-bin/get_jsapi_ticket",
		Response: json.RawMessage(`{"ticket":"bxLdikRXVbTPdHSM05e5u5sUoXNKd8-41ZO3MhKoyN5OfkWITDGgnr2fwJ0m9E8NYzWKVZvdVtaUgWvsdshFKA","expires_in":"7200"}`)})
	if err != nil {
		t.Fatal(err)
	}
	defer realSrv.RemoveStub(stub.ID)
	o.APIs = []string{"get_jsapi_ticket"}
	rep, err = contract.Compare(ctx, real, mock, o)
	if err != nil {
		t.Fatal(err)
	}
	if rep.OK() || len(rep.Results) != 1 || !slices.Equal(rep.Results[0].Differences, []string{"expires_in: type string (real) vs number (mock)"}) {
		t.Errorf("with expires_in a string on the real host: %+v", rep.Results)
	}
}
