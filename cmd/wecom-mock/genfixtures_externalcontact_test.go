package main

import (
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

func TestGenFixturesCustomers(t *testing.T) {
	t.Parallel()
	args := []string{"--corps", "2", "--members", "20", "--seed", "4", "--customers", "30", "--groups", "3", "--format", "json"}
	out, _ := genFixtures(t, args...)
	if again, _ := genFixtures(t, args...); again != out {
		t.Error("the same flags gave different output")
	}
	w, err := fixtures.Parse([]byte(out))
	if err != nil {
		t.Fatal(err)
	}
	for _, corp := range w.Corps {
		if ec := corp.ExternalContact; ec == nil || len(ec.Customers) != 30 || len(ec.CustomerGroups) != 3 {
			t.Errorf("%s: 客户联系 block %+v, want 30 customers and 3 groups", corp.CorpID, ec)
		}
	}
	plain, _ := genFixtures(t, "--corps", "1", "--members", "5", "--seed", "4")
	if strings.Contains(plain, "externalcontact:") {
		t.Error("a world without --customers or --groups has a 客户联系 block")
	}
	for _, bad := range [][]string{{"--customers", "-1"}, {"--groups", "-2"}} {
		code, _, errOut := runCapture(append([]string{"gen-fixtures"}, bad...), nil)
		if code != exitUsage || !strings.Contains(errOut, "must not be negative") {
			t.Errorf("%v: exit %d, stderr %q; want exit 2", bad, code, errOut)
		}
	}
}
