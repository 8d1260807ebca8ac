package catalog

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sort"
	"sync"

	"gopkg.in/yaml.v3"
)

//go:generate go run ./internal/snapshot

// Catalog is every described endpoint, grouped by family.
type Catalog struct {
	Families []*Family
	byPath   map[string]*Endpoint
	sorted   []*Endpoint
}

// Family is one API family: the endpoints of one area of the docs
// (通讯录管理, 客户联系, …), kept in one data file.
type Family struct {
	// Name is the family's short key, the file name without .yaml.
	Name string `yaml:"family" json:"family"`
	// Title is the family's heading in the official docs.
	Title     string      `yaml:"title" json:"title"`
	Endpoints []*Endpoint `yaml:"endpoints" json:"endpoints"`
}

// Lookup returns the endpoint served at path, if any.
func (c *Catalog) Lookup(path string) (*Endpoint, bool) {
	e, ok := c.byPath[path]
	return e, ok
}

// Endpoints lists every endpoint, sorted by path. The slice is shared:
// callers must not change it.
func (c *Catalog) Endpoints() []*Endpoint { return c.sorted }

// Default is the catalog of data/*.yaml, compiled into the binary as Go data
// (catalog_gen.go, written by `go generate`, make catalog): nothing is decoded
// at run time, only the index by path is built, once per process. It is
// immutable: callers must not change what it returns.
func Default() *Catalog { return loadDefault() }

var loadDefault = sync.OnceValue(func() *Catalog {
	c := &Catalog{Families: generated, byPath: make(map[string]*Endpoint, 512)}
	if err := c.index(); err != nil {
		// The generated data is checked by this package's tests; a broken
		// file is a build defect, not a runtime condition.
		panic("catalog: " + err.Error())
	}
	return c
})

// Encode is the catalog as a JSON snapshot, which Decode reads back.
func (c *Catalog) Encode() ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", " ")
	if err := enc.Encode(c.Families); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Decode reads a snapshot written by Encode.
func Decode(data []byte) (*Catalog, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber() // examples keep their JSON number's text
	c := &Catalog{byPath: map[string]*Endpoint{}}
	if err := dec.Decode(&c.Families); err != nil {
		return nil, fmt.Errorf("snapshot: %w", err)
	}
	for _, f := range c.Families {
		for _, e := range f.Endpoints {
			e.Family = f.Name
			e.derive()
			// The snapshot is indented for its readers; answers are compact.
			var compact bytes.Buffer
			if err := json.Compact(&compact, e.ResponseJSON); err != nil {
				return nil, fmt.Errorf("snapshot: %s: %w", e.Path, err)
			}
			e.ResponseJSON = compact.Bytes()
		}
	}
	if err := c.index(); err != nil {
		return nil, err
	}
	return c, nil
}

// Load reads every *.yaml file in dir of fsys as one family each and
// checks the result (see Validate).
func Load(fsys fs.FS, dir string) (*Catalog, error) {
	names, err := fs.Glob(fsys, path.Join(dir, "*.yaml"))
	if err != nil {
		return nil, err
	}
	c := &Catalog{byPath: map[string]*Endpoint{}}
	for _, name := range names {
		raw, err := fs.ReadFile(fsys, name)
		if err != nil {
			return nil, err
		}
		f, err := parseFamily(raw)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		if want := path.Base(name[:len(name)-len(".yaml")]); f.Name != want {
			return nil, fmt.Errorf("%s: family %q must match the file name %q", name, f.Name, want)
		}
		c.Families = append(c.Families, f)
	}
	if err := c.index(); err != nil {
		return nil, err
	}
	return c, nil
}

func parseFamily(raw []byte) (*Family, error) {
	var f Family
	if err := yaml.Unmarshal(raw, &f); err != nil {
		return nil, err
	}
	for _, e := range f.Endpoints {
		e.Family = f.Name
		if err := e.prepare(); err != nil {
			return nil, fmt.Errorf("%s: %w", e.Path, err)
		}
	}
	return &f, nil
}

func (c *Catalog) index() error {
	for _, f := range c.Families {
		for _, e := range f.Endpoints {
			if prev, dup := c.byPath[e.Path]; dup {
				return fmt.Errorf("%s is described twice (families %s and %s)", e.Path, prev.Family, e.Family)
			}
			c.byPath[e.Path] = e
			c.sorted = append(c.sorted, e)
		}
	}
	sort.Slice(c.sorted, func(i, j int) bool { return c.sorted[i].Path < c.sorted[j].Path })
	return nil
}
