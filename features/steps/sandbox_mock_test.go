package steps

import (
	"context"
	"testing"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// Each scenario gets its own sandbox, starting from the mock's world as the
// suite found it, deleted when the scenario ends.
func TestSandboxesProvider(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	w.Corps[0].Name = "沙箱企业"
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	p := Sandboxes(srv.URL())
	if !Parallel(p) {
		t.Fatal("scenarios on sandboxes should run in parallel")
	}
	ctx := context.Background()
	a, releaseA, err := p.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	b, releaseB, err := p.Acquire(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if a.URL() == b.URL() || a.URL() == srv.URL() {
		t.Fatalf("scenarios share a mock: %s, %s", a.URL(), b.URL())
	}
	got, err := a.Fixtures(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if got.Corps[0].Name != "沙箱企业" {
		t.Fatalf("the sandbox's world starts from %q, want the mock's", got.Corps[0].Name)
	}
	if _, err := a.Advance(ctx, 3600e9); err != nil {
		t.Fatal(err)
	}
	ta, _ := a.Now(ctx)
	tb, _ := b.Now(ctx)
	if ta.Sub(tb) < 3500e9 {
		t.Fatalf("advancing one scenario's clock moved the other's: %v vs %v", ta, tb)
	}
	releaseA()
	releaseB()
	if n := len(srv.Sandboxes().Sandboxes); n != 0 {
		t.Fatalf("%d sandboxes left after their scenarios", n)
	}
}
