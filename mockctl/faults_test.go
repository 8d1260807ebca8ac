package mockctl_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"reflect"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// TestFaultKindsRoundTrip: every field of a fault goes to the mock and
// comes back as given, listed too; a bad kind is a 400 *mockctl.Error.
func TestFaultKindsRoundTrip(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	ctl := mockctl.New(srv.URL())
	ctx := context.Background()
	want := mockctl.Fault{
		Path: "/cgi-bin/message/send", Kind: mockctl.FaultSlow, BytesPerSecond: 256, Times: 3, DelayMS: 10,
		CorpID: "wwmockcorp000001", AgentID: 1000002, Probability: 0.5, Seed: -9,
		Match: mockctl.StubMatch{Query: map[string]string{"debug": "1"}, Body: json.RawMessage(`{"touser":"lisi"}`)},
	}
	got, err := ctl.AddFault(ctx, want)
	if err != nil {
		t.Fatal(err)
	}
	want.ID, want.Remaining = got.ID, 3
	if got.ID == "" || !reflect.DeepEqual(compactBody(t, got), want) {
		t.Errorf("AddFault = %+v, want %+v", got, want)
	}
	list, err := ctl.Faults(ctx)
	if err != nil || len(list) != 1 || !reflect.DeepEqual(compactBody(t, list[0]), want) {
		t.Errorf("Faults = %+v, %v", list, err)
	}

	_, err = ctl.AddFault(ctx, mockctl.Fault{Path: "*", Kind: mockctl.FaultHTTP, Status: 500})
	var ce *mockctl.Error
	if !errors.As(err, &ce) || ce.Status != http.StatusBadRequest || !strings.Contains(ce.Msg, "502, 503 or 504") {
		t.Errorf("a 500 gateway fault: %v, want a 400 naming the statuses", err)
	}
}

// compactBody drops the layout the control API gives JSON it echoes.
func compactBody(t *testing.T, f mockctl.Fault) mockctl.Fault {
	t.Helper()
	var b bytes.Buffer
	if err := json.Compact(&b, f.Match.Body); err != nil {
		t.Fatalf("match.body %s: %v", f.Match.Body, err)
	}
	f.Match.Body = b.Bytes()
	return f
}
