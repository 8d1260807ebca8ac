package stubs

import (
	"testing"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// TestPatternAgentAsksOnce: an app pattern asks the call for its app, once
// however many patterns look, and only when some pattern has an app.
func TestPatternAgentAsksOnce(t *testing.T) {
	asked := 0
	c := Call{Path: "/cgi-bin/x", Agent: func() int { asked++; return 1000002 }}
	any, err := NewPattern("", 0, mockctl.StubMatch{})
	if err != nil {
		t.Fatal(err)
	}
	seen := NewSeen(c)
	if !any.Matches(seen) || asked != 0 {
		t.Fatalf("the empty pattern: matched %v, asked %d times", any.Matches(seen), asked)
	}
	mine, _ := NewPattern("", 1000002, mockctl.StubMatch{})
	other, _ := NewPattern("", 1000003, mockctl.StubMatch{})
	if !mine.Matches(seen) || other.Matches(seen) || !mine.Matches(seen) {
		t.Error("app patterns matched the wrong app")
	}
	if asked != 1 {
		t.Errorf("the call was asked for its app %d times, want 1", asked)
	}
	if p, _ := NewPattern("", 7, mockctl.StubMatch{}); p.Matches(NewSeen(Call{Path: "/x"})) {
		t.Error("a call that cannot tell its app matched an app pattern")
	}
}
