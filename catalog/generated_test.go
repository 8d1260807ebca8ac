package catalog_test

import (
	"bytes"
	"os"
	"reflect"
	"testing"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/catalog/internal/gosource"
)

// catalog_gen.go is the data files, checked and written as Go: a data file
// changed without `go generate ./catalog` (make catalog) fails here.
func TestGeneratedIsCurrent(t *testing.T) {
	t.Parallel()
	c, err := catalog.Load(os.DirFS("."), "data")
	if err != nil {
		t.Fatal(err)
	}
	want, err := gosource.Write(c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("catalog_gen.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("catalog_gen.go is not the catalog of data/*.yaml: run `go generate ./catalog` (make catalog)")
	}
}

// Default holds exactly what decoding the JSON snapshot of the data files
// gave before the catalog was compiled in: the same endpoints in the same
// order, the same fields, examples of the same types (json.Number for
// numbers), the same compact answers.
func TestDefaultIsTheDecodedSnapshot(t *testing.T) {
	t.Parallel()
	c, err := catalog.Load(os.DirFS("."), "data")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	want, err := catalog.Decode(snap)
	if err != nil {
		t.Fatal(err)
	}
	got := catalog.Default()
	if len(got.Families) != len(want.Families) || len(got.Endpoints()) != len(want.Endpoints()) {
		t.Fatalf("Default has %d families and %d endpoints, the snapshot %d and %d",
			len(got.Families), len(got.Endpoints()), len(want.Families), len(want.Endpoints()))
	}
	for i, f := range want.Families {
		g := got.Families[i]
		if g.Name != f.Name || g.Title != f.Title || len(g.Endpoints) != len(f.Endpoints) {
			t.Fatalf("family %d: got %s (%d endpoints), want %s (%d)", i, g.Name, len(g.Endpoints), f.Name, len(f.Endpoints))
		}
		for j, e := range f.Endpoints {
			if ge := g.Endpoints[j]; !reflect.DeepEqual(ge, e) {
				t.Errorf("%s differs from the decoded snapshot:\n got %+v\nwant %+v", e.Path, ge, e)
			}
		}
	}
	for i, e := range want.Endpoints() {
		if got.Endpoints()[i].Path != e.Path {
			t.Fatalf("Endpoints()[%d] is %s, want %s", i, got.Endpoints()[i].Path, e.Path)
		}
		if ge, ok := got.Lookup(e.Path); !ok || ge != got.Endpoints()[i] {
			t.Errorf("Lookup(%s) does not find the endpoint", e.Path)
		}
	}
}
