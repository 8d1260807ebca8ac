package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/wecom-mock/wecom-mock/internal/corpimport"
)

// runImport reads a real corp and writes its structure, with fake values
// and new secrets, as a fixtures file (internal/corpimport).
func runImport(args []string, stdout, stderr io.Writer, getenv func(string) string, sig signalFunc) error {
	c := newCommand("import", "--corpid ID --contacts-secret S [--app-secret AGENTID=SECRET]... --out FILE [flags]",
		`Reads a WeCom corp through the official read APIs — departments, members,
tags, the apps whose secrets are given with their visible ranges, and with
--externalcontact-secret its customers and customer groups — and writes a
fixtures file of the same structure in which every personal value is a
seeded fake and every secret a new mock secret. Secrets are best passed in
the WECOM_* environment variables; none is written to the file or printed.
Progress goes to stderr. See docs/import.md.`, false, stdout)
	creds := addCorpCredentials(c.fs)
	out := c.fs.String("out", "", "write the world to `file` (.json or .yaml; required)")
	format := c.fs.String("format", "", "output `format`, yaml or json (default: from the --out extension, else yaml)")
	keepIDs := c.fs.Bool("keep-ids", false, "keep userids and department ids (default: replace them consistently)")
	sample := c.fs.Int("sample", 0, "keep a connected subset of `N` members (0: all)")
	seed := c.fs.Int64("seed", 1, "seed of the fake values; the same corp and seed give the same file")
	interval := c.fs.Duration("interval", 25*time.Millisecond, "least time between two API calls (0: unpaced)")
	if err := c.parse(args, nil); err != nil {
		return err
	}
	if c.fs.NArg() > 0 {
		return c.usageErrorf("unexpected argument %q", c.fs.Arg(0))
	}
	if err := creds.fill(c.explicit, getenv); err != nil {
		return c.usageErrorf("%v", err)
	}
	switch {
	case *out == "":
		return c.usageErrorf("--out is required")
	case *sample < 0:
		return c.usageErrorf("--sample must not be negative")
	case *interval < 0:
		return c.usageErrorf("--interval must not be negative")
	}
	f, err := outputFormat(*format, *out)
	if err != nil {
		return c.usageErrorf("%v", err)
	}
	ctx, cancel := sig(context.Background())
	defer cancel()
	w, err := corpimport.Import(ctx, corpimport.Options{
		BaseURL: creds.baseURL, CorpID: creds.corpID, ContactsSecret: creds.contacts,
		AppSecrets: creds.apps.m, ExternalContactSecret: creds.externalContact,
		KeepIDs: *keepIDs, Sample: *sample, Seed: *seed, Interval: pace(*interval), Progress: stderr,
	})
	if err != nil {
		return fmt.Errorf("wecom-mock %w", err)
	}
	data, err := encodeWorld(w, f)
	if err != nil {
		return fmt.Errorf("wecom-mock import: %w", err)
	}
	if err := os.WriteFile(*out, data, 0o644); err != nil {
		return fmt.Errorf("wecom-mock import: %w", err)
	}
	n := w.Count()
	fmt.Fprintf(stderr, "wrote %s (%s): %s, %s, %s, %s\n", *out, f,
		plural(n.Departments, "department"), plural(n.Members, "member"), plural(n.Tags, "tag"), plural(n.Apps, "app"))
	return nil
}

// pace is --interval as corpimport takes it: there 0 means the default
// and a negative value unpaced.
func pace(d time.Duration) time.Duration {
	if d == 0 {
		return -1
	}
	return d
}
