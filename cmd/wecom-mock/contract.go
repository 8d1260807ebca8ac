package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/internal/contract"
)

// runContract compares a real host's answers with those of a mock serving
// the imported world (internal/contract).
func runContract(args []string, stdout, stderr io.Writer, getenv func(string) string, sig signalFunc) error {
	c := newCommand("contract", "--corpid ID --contacts-secret S --app-secret AGENTID=SECRET --fixtures FILE [flags]",
		`Calls read-only APIs on the real host (with the given credentials) and on an
in-process mock serving the --fixtures world (with its own), and compares
errcode, the keys at every level, each value's JSON type and, with
--lengths, list lengths. Prints a table (or JSON) and exits 1 on any
difference. Only APIs the endpoint catalog marks read-only are called;
any other is refused. See docs/import.md.`, false, stdout)
	creds := addCorpCredentials(c.fs)
	world := c.fs.String("fixtures", "", "the imported world `file` (required)")
	apis := c.fs.String("apis", strings.Join(contract.DefaultAPIs, ","), "comma-separated `checks`: the defaults, or read-only GET APIs without required parameters")
	agentID := c.fs.Int("agentid", 0, "the app whose token the app calls use (default: the lowest agentid with a secret on both sides)")
	lengths := c.fs.Bool("lengths", true, "compare list lengths (set false for a --sample import)")
	asJSON := c.fs.Bool("json", false, "print the report as JSON")
	maxSize := fixtures.DefaultMaxSize
	c.fs.Var((*sizeValue)(&maxSize), "max-fixtures-size", "size `limit` of the --fixtures file, e.g. 64MiB")
	if err := c.parse(args, nil); err != nil {
		return err
	}
	if c.fs.NArg() > 0 {
		return c.usageErrorf("unexpected argument %q", c.fs.Arg(0))
	}
	if err := creds.fill(c.explicit, getenv); err != nil {
		return c.usageErrorf("%v", err)
	}
	if *world == "" {
		return c.usageErrorf("--fixtures is required")
	}
	if err := contract.CheckAPIs(strings.Split(*apis, ",")); err != nil {
		return c.usageErrorf("--apis: %v", err)
	}
	w, _, err := loadWorld(*world, maxSize)
	if err != nil {
		return fmt.Errorf("wecom-mock contract: %w", err)
	}
	mock, stop, err := contract.ServeWorld(w)
	if err != nil {
		return fmt.Errorf("wecom-mock %w", err)
	}
	defer stop()
	real := contract.Target{BaseURL: creds.baseURL, CorpID: creds.corpID, ContactsSecret: creds.contacts, AppSecrets: creds.apps.m}
	ctx, cancel := sig(context.Background())
	defer cancel()
	rep, err := contract.Compare(ctx, real, mock, contract.Options{
		APIs: strings.Split(*apis, ","), Lengths: *lengths, AgentID: *agentID,
	})
	if err != nil {
		return fmt.Errorf("wecom-mock %w", err)
	}
	if *asJSON {
		err = rep.WriteJSON(stdout)
	} else {
		err = rep.WriteTable(stdout)
	}
	if err != nil {
		return err
	}
	if !rep.OK() {
		return errReported
	}
	return nil
}
