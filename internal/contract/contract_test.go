package contract_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/internal/contract"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// pair is a "real" host and an in-process mock, both serving the default
// world.
func pair(t *testing.T) (*mockserver.Server, contract.Target, contract.Target) {
	t.Helper()
	srv := mockserver.NewTest(t)
	real, err := contract.WorldTarget(fixtures.Default(), srv.URL())
	if err != nil {
		t.Fatal(err)
	}
	mock, stop, err := contract.ServeWorld(fixtures.Default())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = stop() })
	return srv, real, mock
}

// Two hosts serving the same world answer alike: every default check
// matches, lengths included, and the outside member gets 60011 on both.
func TestCompareSameWorld(t *testing.T) {
	t.Parallel()
	_, real, mock := pair(t)
	rep, err := contract.Compare(context.Background(), real, mock, contract.Options{Lengths: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || len(rep.Results) != len(contract.DefaultAPIs) {
		t.Fatalf("report = %+v, want %d matches", rep, len(contract.DefaultAPIs))
	}
	for _, r := range rep.Results {
		if r.API == "user/get:outside" && (r.RealErrcode == nil || *r.RealErrcode != 60011 || *r.MockErrcode != 60011) {
			t.Errorf("user/get:outside errcodes %v/%v, want 60011 on both", r.RealErrcode, r.MockErrcode)
		}
		if r.API != "user/get:outside" && (r.RealErrcode == nil || *r.RealErrcode != 0) {
			t.Errorf("%s errcode %v, want 0", r.API, r.RealErrcode)
		}
	}
	var table bytes.Buffer
	if err := rep.WriteTable(&table); err != nil {
		t.Fatal(err)
	}
	if strings.Count(table.String(), "match") != len(contract.DefaultAPIs) {
		t.Errorf("table:\n%s", table.String())
	}
}

// A changed type, a missing key and a changed errcode on the "real" host
// are each reported.
func TestCompareReportsDifferences(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, path, answer, api, want string
	}{
		{"type", "/cgi-bin/user/get", `{"userid":"zhangsan","name":"x","department":[2],"status":"1"}`, "user/get", "status: type string (real) vs number (mock)"},
		{"element type", "/cgi-bin/department/list", `{"department":[{"id":"1","name":"x","parentid":0,"order":1,"department_leader":[]}]}`, "department/list", "department[].id: type string (real) vs number (mock)"},
		{"extra key", "/cgi-bin/tag/list", `{"taglist":[{"tagid":1,"tagname":"x","owner":"y"}]}`, "tag/list", "taglist[].owner: key only in real"},
		{"errcode", "/cgi-bin/get_jsapi_ticket", `{"errcode":48002}`, "get_jsapi_ticket", "errcode 48002 (real) vs 0 (mock)"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv, real, mock := pair(t)
			if _, err := srv.AddStub(mockserver.Stub{Path: tc.path, Response: json.RawMessage(tc.answer)}); err != nil {
				t.Fatal(err)
			}
			rep, err := contract.Compare(context.Background(), real, mock, contract.Options{APIs: []string{tc.api}})
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() || len(rep.Results) != 1 || !contains(rep.Results[0].Differences, tc.want) {
				t.Errorf("report = %+v, want a difference %q", rep, tc.want)
			}
		})
	}
}

// An API that writes is refused before any request leaves.
func TestCompareRefusesWrites(t *testing.T) {
	t.Parallel()
	srv, real, mock := pair(t)
	for _, api := range []string{"user/create", "user/delete", "/cgi-bin/message/send", "tag/addtagusers", "no/such/api"} {
		_, err := contract.Compare(context.Background(), real, mock, contract.Options{APIs: []string{"tag/list", api}})
		if !errors.Is(err, contract.ErrRefused) {
			t.Errorf("%s: err = %v, want ErrRefused", api, err)
		}
	}
	if n := len(srv.Requests(mockserver.RequestFilter{})); n != 0 {
		t.Errorf("%d requests reached the real host, want none", n)
	}
}

// A read-only GET API without a recipe is called as is.
func TestCompareGenericReadOnlyAPI(t *testing.T) {
	t.Parallel()
	_, real, mock := pair(t)
	rep, err := contract.Compare(context.Background(), real, mock, contract.Options{APIs: []string{"department/simplelist"}, Lengths: true})
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() || *rep.Results[0].RealErrcode != 0 {
		t.Errorf("report = %+v", rep)
	}
	var out bytes.Buffer
	if err := rep.WriteJSON(&out); err != nil {
		t.Fatal(err)
	}
	var back contract.Report
	if err := json.Unmarshal(out.Bytes(), &back); err != nil || len(back.Results) != 1 || back.Results[0].API != "department/simplelist" {
		t.Errorf("JSON %s: %v", out.String(), err)
	}
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// List lengths count only when asked for (a whole import), and then only
// for the lists the world's structure decides.
func TestCompareLengths(t *testing.T) {
	t.Parallel()
	srv, real, mock := pair(t)
	if _, err := srv.AddStub(mockserver.Stub{Path: "/cgi-bin/tag/list",
		Response: json.RawMessage(`{"taglist":[{"tagid":1,"tagname":"x"},{"tagid":2,"tagname":"y"},{"tagid":3,"tagname":"z"}]}`)}); err != nil {
		t.Fatal(err)
	}
	for _, lengths := range []bool{false, true} {
		rep, err := contract.Compare(context.Background(), real, mock, contract.Options{APIs: []string{"tag/list"}, Lengths: lengths})
		if err != nil {
			t.Fatal(err)
		}
		if got := rep.OK(); got == lengths {
			t.Errorf("Lengths %v: OK = %v, differences %v", lengths, got, rep.Results[0].Differences)
		}
		if lengths && !contains(rep.Results[0].Differences, "taglist: lengths [3] (real) vs [1] (mock)") {
			t.Errorf("differences %v", rep.Results[0].Differences)
		}
	}
}
