package catalog

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"testing/fstest"
)

func TestDefaultCatalogLoads(t *testing.T) {
	c, err := Load(os.DirFS("."), "data")
	if err != nil {
		t.Fatalf("the embedded catalog does not load: %v", err)
	}
	eps := c.Endpoints()
	if len(eps) < 200 {
		t.Errorf("the catalog describes %d endpoints, want at least 200", len(eps))
	}
	seen := map[string]string{}
	for _, f := range c.Families {
		for _, e := range f.Endpoints {
			if prev, dup := seen[e.Path]; dup {
				t.Errorf("%s is described in %s and %s", e.Path, prev, f.Name)
			}
			seen[e.Path] = f.Name
			if !json.Valid(e.ResponseJSON) {
				t.Errorf("%s: the example response is not valid JSON: %s", e.Path, e.ResponseJSON)
			}
			if got, ok := c.Lookup(e.Path); !ok || got != e {
				t.Errorf("%s: Lookup does not find the endpoint", e.Path)
			}
		}
	}
	if len(seen) != len(eps) {
		t.Errorf("Endpoints lists %d endpoints, the families hold %d", len(eps), len(seen))
	}
}

func TestLoadRejects(t *testing.T) {
	const good = `family: good
title: 测试
endpoints:
  - path: /cgi-bin/good/get
    method: GET
    name: 读取
    auth: [app]
    query:
      - {name: id, type: int, required: true, example: 1}
    response:
      id: 1
`
	endpoint := func(family, path, extra string) string {
		return "family: " + family + "\ntitle: 测试\nendpoints:\n" +
			"  - path: " + path + "\n    method: POST\n    name: 测试接口\n" + extra
	}
	tests := []struct {
		name  string
		files map[string]string
		want  string
	}{
		{
			name: "unknown type",
			files: map[string]string{"bad.yaml": endpoint("bad", "/cgi-bin/bad/add",
				"    auth: [app]\n    body:\n      - {name: count, type: integer, example: 1}\n")},
			want: `unknown type "integer"`,
		},
		{
			name: "unknown credential",
			files: map[string]string{"bad.yaml": endpoint("bad", "/cgi-bin/bad/add",
				"    auth: [app, superuser]\n")},
			want: `unknown credential "superuser"`,
		},
		{
			name: "example of the wrong type",
			files: map[string]string{"bad.yaml": endpoint("bad", "/cgi-bin/bad/add",
				"    auth: [app]\n    body:\n      - {name: tagid, type: int, example: '1'}\n")},
			want: "is not a int",
		},
		{
			name: "duplicate path across two families",
			files: map[string]string{
				"good.yaml":  good,
				"other.yaml": endpoint("other", "/cgi-bin/good/get", "    auth: [app]\n"),
			},
			want: "/cgi-bin/good/get is described twice",
		},
		{
			name:  "family name differs from the file name",
			files: map[string]string{"tags.yaml": endpoint("tag", "/cgi-bin/tag/add", "    auth: [app]\n")},
			want:  `family "tag" must match the file name "tags"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fsys := fstest.MapFS{}
			for name, text := range tt.files {
				fsys["data/"+name] = &fstest.MapFile{Data: []byte(text)}
			}
			_, err := Load(fsys, "data")
			if err == nil {
				t.Fatalf("Load accepted the data, want an error containing %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("Load error = %q, want it to contain %q", err, tt.want)
			}
		})
	}

	t.Run("a good file loads", func(t *testing.T) {
		c, err := Load(fstest.MapFS{"data/good.yaml": &fstest.MapFile{Data: []byte(good)}}, "data")
		if err != nil {
			t.Fatalf("Load: %v", err)
		}
		e, ok := c.Lookup("/cgi-bin/good/get")
		if !ok {
			t.Fatal("the endpoint is not found")
		}
		if string(e.ResponseJSON) != `{"id":1}` || e.Family != "good" {
			t.Errorf("got response %s in family %q", e.ResponseJSON, e.Family)
		}
	})
}

// A JSON snapshot (Encode) decodes (Decode) to what Load read, with
// examples that keep their types.
func TestSnapshotRoundTrip(t *testing.T) {
	c, err := Load(os.DirFS("."), "data")
	if err != nil {
		t.Fatal(err)
	}
	snap, err := c.Encode()
	if err != nil {
		t.Fatal(err)
	}
	d, err := Decode(snap)
	if err != nil {
		t.Fatal(err)
	}
	if len(d.Endpoints()) != len(c.Endpoints()) {
		t.Fatalf("snapshot has %d endpoints, the data %d", len(d.Endpoints()), len(c.Endpoints()))
	}
	for i, e := range c.Endpoints() {
		got := d.Endpoints()[i]
		if got.Path != e.Path || got.Family != e.Family || got.TokenParam() != e.TokenParam() ||
			!bytes.Equal(got.ResponseJSON, e.ResponseJSON) || len(got.Body) != len(e.Body) || len(got.Query) != len(e.Query) {
			t.Errorf("%s: the snapshot differs from the data", e.Path)
		}
		for _, p := range append(append([]Param{}, got.Query...), got.Body...) {
			if p.Example != nil && !p.Type.Accepts(p.Example) {
				t.Errorf("%s: %s example %v (%T) is not a %s after the snapshot", e.Path, p.Name, p.Example, p.Example, p.Type)
			}
		}
	}
}
