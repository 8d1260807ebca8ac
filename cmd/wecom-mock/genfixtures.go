package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/fixtures/generate"
)

func runGenFixtures(args []string, stdout, stderr io.Writer) error {
	c := newCommand("gen-fixtures", "--corps N --members M --seed S [--customers C --groups G] [--out FILE] [--format yaml|json]",
		`Writes a generated world: N corps of M members each (N×M in all), with
apps, departments and tags, and with --customers or --groups C customers
and G customer groups of 客户联系 in each corp. The same flags always
give byte-identical output. Serve it with "wecom-mock serve --fixtures
FILE".`, false, stdout)
	corps := c.fs.Int("corps", 1, "number of corps (at least 1)")
	members := c.fs.Int("members", 100, "members in each corp, not in all (at least 1)")
	seed := c.fs.Int64("seed", 1, "generator seed; the same seed gives the same world")
	customers := c.fs.Int("customers", 0, "客户联系 customers per corp")
	groups := c.fs.Int("groups", 0, "客户联系 customer groups per corp")
	out := c.fs.String("out", "", "write to `file` instead of stdout")
	format := c.fs.String("format", "", "output `format`, yaml or json (default: from the --out extension, else yaml)")
	if err := c.parse(args, nil); err != nil {
		return err
	}
	switch {
	case c.fs.NArg() > 0:
		return c.usageErrorf("unexpected argument %q", c.fs.Arg(0))
	case *corps < 1:
		return c.usageErrorf("--corps must be at least 1, got %d", *corps)
	case *members < 1:
		return c.usageErrorf("--members must be at least 1, got %d", *members)
	case *customers < 0 || *groups < 0:
		return c.usageErrorf("--customers and --groups must not be negative")
	}
	f, err := outputFormat(*format, *out)
	if err != nil {
		return c.usageErrorf("%v", err)
	}

	w := generate.World(generate.Options{Corps: *corps, Members: *members, Seed: *seed, Customers: *customers, Groups: *groups})
	if err := w.Validate(); err != nil {
		return fmt.Errorf("wecom-mock gen-fixtures: generated an invalid world (a bug, please report it): %w", err)
	}
	data, err := encodeWorld(w, f)
	if err != nil {
		return fmt.Errorf("wecom-mock gen-fixtures: %w", err)
	}
	if *out == "" {
		_, err := stdout.Write(data)
		return err
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("wecom-mock gen-fixtures: %w", err)
	}
	n := w.Count()
	fmt.Fprintf(stderr, "wrote %s (%s): %s, %s, %s, seed %d\n", *out, f,
		plural(n.Corps, "corp"), plural(n.Apps, "app"), plural(n.Members, "member"), *seed)
	return nil
}

// outputFormat is --format if given, else what the --out extension says,
// else yaml.
func outputFormat(format, out string) (string, error) {
	switch strings.ToLower(format) {
	case "yaml", "yml":
		return "yaml", nil
	case "json":
		return "json", nil
	case "":
	default:
		return "", fmt.Errorf("--format %q: want yaml or json", format)
	}
	if strings.EqualFold(filepath.Ext(out), ".json") {
		return "json", nil
	}
	return "yaml", nil
}

func encodeWorld(w *fixtures.World, format string) ([]byte, error) {
	if format == "yaml" {
		return w.YAML()
	}
	var buf bytes.Buffer
	// Compact on purpose: generated worlds are large and read by machines
	// (indenting doubles the bytes to decode); YAML is the readable format.
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false) // keep "R&D" readable
	if err := enc.Encode(w); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}
