package client_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client"
	"github.com/wecom-mock/wecom-mock/client/errcode"
)

const deptListPath = "/cgi-bin/department/list"

func TestListDepartments(t *testing.T) {
	srv := newServer(t)
	ctx := context.Background()
	rd := client.Department{ID: 2, Name: "研发部", NameEn: "R&D", ParentID: 1, Order: 100000000, DepartmentLeader: []string{"zhangsan"}}
	platform := client.Department{ID: 4, Name: "平台组", NameEn: "Platform", ParentID: 2, Order: 100000000, DepartmentLeader: []string{}}

	app := newClient(t, srv, appSecret)
	got, err := app.ListDepartments(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if want := []client.Department{rd, platform}; !reflect.DeepEqual(got, want) {
		t.Fatalf("app sees %+v, want %+v", got, want)
	}
	if q := lastQuery(t, srv, deptListPath); strings.Contains(q, "&id=") || strings.HasPrefix(q, "id=") {
		t.Fatalf("id 0 must be left out: %q", q)
	}

	sub, err := app.ListDepartments(ctx, 4)
	if err != nil {
		t.Fatal(err)
	}
	if want := []client.Department{platform}; !reflect.DeepEqual(sub, want) {
		t.Fatalf("subtree of 4 = %+v", sub)
	}

	_, err = app.ListDepartments(ctx, 3)
	wantAPIError(t, err, errcode.NoPrivilege, deptListPath)

	contacts := newClient(t, srv, contactsSecret)
	all, err := contacts.ListDepartments(ctx, 0)
	if err != nil {
		t.Fatal(err)
	}
	if len(all) != 4 || all[0].ID != 1 || all[0].ParentID != 0 {
		t.Fatalf("contacts sees %+v", all)
	}
	_, err = contacts.ListDepartments(ctx, 99)
	wantAPIError(t, err, errcode.DepartmentNotFound, deptListPath)
}
