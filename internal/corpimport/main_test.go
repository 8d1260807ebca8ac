package corpimport_test

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/fixtures/generate"
	"github.com/wecom-mock/wecom-mock/internal/corpimport"
	"github.com/wecom-mock/wecom-mock/mockserver"
)

// The package's tests share one "real" corp — a mock serving a generated
// world of 5,000 members with customers and groups — imported once with
// its ids kept, so that each member can be compared with their fake, and
// a mock serving the imported world.
var (
	realWorld *fixtures.World
	realSrv   *mockserver.Server
	imported  *fixtures.World
	mockSrv   *mockserver.Server
	importLog string
)

const realMembers = 5000

func TestMain(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	realWorld = generate.World(generate.Options{Corps: 1, Members: realMembers, Seed: 11, Customers: 300, Groups: 40})
	var err error
	if realSrv, err = serve(realWorld); err != nil {
		fmt.Fprintln(os.Stderr, "starting the real corp:", err)
		return 1
	}
	defer realSrv.Close()
	var log logBuffer
	imported, err = corpimport.Import(context.Background(), realOptions(&log))
	if err != nil {
		fmt.Fprintln(os.Stderr, "importing the real corp:", err)
		return 1
	}
	importLog = log.String()
	if mockSrv, err = serve(imported); err != nil {
		fmt.Fprintln(os.Stderr, "serving the imported world:", err)
		return 1
	}
	defer mockSrv.Close()
	return m.Run()
}

// serve starts a mock serving w on loopback.
func serve(w *fixtures.World) (*mockserver.Server, error) {
	srv, err := mockserver.New(mockserver.WithFixtures(w))
	if err == nil {
		err = srv.Start("127.0.0.1:0")
	}
	return srv, err
}

// realOptions import the real corp with all its secrets, unpaced.
func realOptions(progress io.Writer) corpimport.Options {
	c := &realWorld.Corps[0]
	apps := map[int]string{}
	for _, a := range c.Apps {
		apps[a.AgentID] = a.Secret
	}
	return corpimport.Options{
		BaseURL: realSrv.URL(), CorpID: c.CorpID, ContactsSecret: c.ContactsSecret, AppSecrets: apps,
		ExternalContactSecret: apps[c.ExternalContact.Apps[0]],
		Seed:                  5, KeepIDs: true, Interval: -1, Progress: progress,
		HTTPClient: &http.Client{Timeout: time.Minute},
	}
}

func mustJSON(t *testing.T, w *fixtures.World) []byte {
	t.Helper()
	data, err := json.Marshal(w)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
