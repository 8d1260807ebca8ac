package shaped_test

import (
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

// The batch import jobs take a CSV uploaded with media/upload, and a corp
// runs one job at a time: each fix first lets the clock finish the job an
// earlier call started. replaceuser's file lists every member, so its
// valid call deletes no one; replaceparty's the default tree.
func init() {
	const syncCSV = "姓名,帐号,职位\n张三,zhangsan,工程师\n"
	conformanceFixes["/cgi-bin/batch/syncuser"] = func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.body["media_id"] = batchMedia(t, env, syncCSV)
		return ""
	}
	conformanceFixes["/cgi-bin/batch/replaceparty"] = func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		c.body["media_id"] = batchMedia(t, env, "部门名称,部门ID,父部门ID,排序\n模拟科技有限公司,1,0,\n研发部,2,1,\n市场部,3,1,\n平台组,4,2,\n")
		return ""
	}
	conformanceFixes["/cgi-bin/batch/replaceuser"] = func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		m := testkit.GetOK(t, testkit.URL(env.srv, "/cgi-bin/user/simplelist", "access_token", env.creds[catalog.Contacts], "department_id", "1", "fetch_child", "1"))
		var csv strings.Builder
		csv.WriteString("姓名,帐号\n")
		for _, u := range testkit.As[[]any](t, m["userlist"]) {
			u := testkit.As[map[string]any](t, u)
			fmt.Fprintf(&csv, "%s,%s\n", u["name"], u["userid"])
		}
		c.body["media_id"] = batchMedia(t, env, csv.String())
		return ""
	}
	conformanceFixes["/cgi-bin/batch/getresult"] = func(t *testing.T, env *conformanceEnv, c *conformanceCall) string {
		tok := env.creds[catalog.Contacts]
		r := testkit.SendJSON(t, http.MethodPost, testkit.URL(env.srv, "/cgi-bin/batch/syncuser", "access_token", tok),
			map[string]any{"media_id": batchMedia(t, env, syncCSV)})
		c.query.Set("jobid", testkit.Str(t, testkit.OK(t, r), "jobid"))
		return ""
	}
}

// batchMedia finishes any running job and uploads csv as a file.
func batchMedia(t *testing.T, env *conformanceEnv, csv string) string {
	t.Helper()
	env.srv.Advance(time.Second)
	return testkit.MediaUploadOK(t, env.srv, env.creds[catalog.Contacts], "file", "import.csv", "text/csv", []byte(csv)).MediaID
}
