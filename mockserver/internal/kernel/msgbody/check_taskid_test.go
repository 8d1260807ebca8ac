package msgbody

import (
	"regexp"
	"strings"
	"testing"
)

// validTaskID accepts exactly what the regexp it replaces accepted: digits,
// letters and _-@, 1 to 128 of them (template_card task_id,
// https://developer.work.weixin.qq.com/document/path/90236).
func TestValidTaskIDIsThePattern(t *testing.T) {
	t.Parallel()
	pattern := regexp.MustCompile(`^[0-9A-Za-z_\-@]{1,128}$`)
	for _, id := range []string{
		"", "a", "task_1-@X", strings.Repeat("a", 128), strings.Repeat("a", 129),
		"a b", "a.b", "a\n", "任务", "a\xff", "\x00", "@@", "-", strings.Repeat("Z9", 64), strings.Repeat("Z9", 64) + "!",
	} {
		if got, want := validTaskID(id), pattern.MatchString(id); got != want {
			t.Errorf("validTaskID(%q) = %v, the pattern says %v", id, got, want)
		}
	}
}

func FuzzValidTaskID(f *testing.F) {
	pattern := regexp.MustCompile(`^[0-9A-Za-z_\-@]{1,128}$`)
	f.Add("task_1")
	f.Add(strings.Repeat("a", 129))
	f.Fuzz(func(t *testing.T, id string) {
		if got, want := validTaskID(id), pattern.MatchString(id); got != want {
			t.Errorf("validTaskID(%q) = %v, the pattern says %v", id, got, want)
		}
	})
}
