package main

import (
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

func getJSON(t *testing.T, u string, v any) int {
	t.Helper()
	resp, err := testHTTP.Get(u)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if err := json.Unmarshal(body, v); err != nil {
		t.Fatalf("GET %s: %v in %q", u, err, body)
	}
	return resp.StatusCode
}

func postJSON(t *testing.T, u, body string, v any) int {
	t.Helper()
	resp, err := testHTTP.Post(u, "application/json", strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(resp.Body)
	if v != nil {
		if err := json.Unmarshal(data, v); err != nil {
			t.Fatalf("POST %s: %v in %q", u, err, data)
		}
	}
	return resp.StatusCode
}

type tokenAnswer struct {
	ErrCode     int    `json:"errcode"`
	ErrMsg      string `json:"errmsg"`
	AccessToken string `json:"access_token"`
	ExpiresIn   int    `json:"expires_in"`
}

// curlRE finds the printed curl commands: the URL, and for POSTs the body.
var (
	gettokenCurlRE = regexp.MustCompile(`(?m)^  curl '(http://[^']+/cgi-bin/gettoken\?[^']+)'$`)
	codesCurlRE    = regexp.MustCompile(`(?m)^  curl -X POST '(http://[^']+/_mock/codes)' -H 'Content-Type: application/json' -d '([^']+)'$`)
)

func TestServeDefaultWorld(t *testing.T) {
	t.Parallel()
	r := startRun(t, []string{"serve", "--addr", "127.0.0.1:0"}, nil)

	// The printed URL is the bound address, not the :0 asked for.
	u, err := url.Parse(r.url)
	if err != nil {
		t.Fatal(err)
	}
	if host, port, _ := net.SplitHostPort(u.Host); host != "127.0.0.1" || port == "0" || port == "" {
		t.Errorf("banner URL %s is not the bound loopback address", r.url)
	}
	banner := r.stdout.String()
	w := fixtures.Default()
	corp := w.Corps[0]
	n := w.Count()
	for _, want := range []string{
		"listening on " + r.url + "\n",
		fmt.Sprintf("embedded default world: %s, %s, %s", plural(n.Corps, "corp"), plural(n.Apps, "app"), plural(n.Members, "member")),
		"corpid           " + corp.CorpID,
		fmt.Sprintf("agentid %-8d secret %s", corp.Apps[0].AgentID, corp.Apps[0].Secret),
		"contacts secret  " + corp.ContactsSecret,
		"curl '" + r.url + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret'",
		"curl -X POST '" + r.url + "/_mock/codes'",
		r.url + "/_mock/state",
	} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}

	// The printed commands work as printed.
	m := gettokenCurlRE.FindStringSubmatch(banner)
	if m == nil {
		t.Fatalf("no gettoken curl in banner:\n%s", banner)
	}
	var tok tokenAnswer
	getJSON(t, m[1], &tok)
	if tok.ErrCode != 0 || tok.AccessToken == "" || tok.ExpiresIn != 7200 {
		t.Errorf("printed gettoken answered %+v", tok)
	}
	m = codesCurlRE.FindStringSubmatch(banner)
	if m == nil {
		t.Fatalf("no codes curl in banner:\n%s", banner)
	}
	var code struct {
		Code      string `json:"code"`
		ExpiresIn int    `json:"expires_in"`
	}
	if st := postJSON(t, m[1], m[2], &code); st != http.StatusOK || code.Code == "" || code.ExpiresIn != 300 {
		t.Errorf("printed codes curl: HTTP %d, %+v", st, code)
	}

	// Cancelling the context (SIGTERM) shuts down gracefully with exit 0.
	r.stop()
	if c := r.wait(t); c != exitOK {
		t.Fatalf("exit %d after shutdown, stderr:\n%s", c, r.stderr)
	}
	for _, want := range []string{"level=INFO msg=listening", `msg="shutting down"`, "msg=stopped"} {
		if !strings.Contains(r.stderr.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, r.stderr)
		}
	}
	if _, err := testHTTP.Get(r.url + "/_mock/healthz"); err == nil {
		t.Errorf("server still answers after shutdown")
	}
}

func TestServeIsTheDefaultCommand(t *testing.T) {
	t.Parallel()
	r := startRun(t, []string{"--addr", "127.0.0.1:0"}, nil)
	if !strings.Contains(r.stdout.String(), "wwmockcorp000001") {
		t.Errorf("banner:\n%s", r.stdout)
	}
	r.stop()
	if c := r.wait(t); c != exitOK {
		t.Errorf("exit %d", c)
	}
}

// --limits real turns WeCom's limits on: the banner says so and
// GET /_mock/limits shows them enabled; without it they are off.
func TestServeLimits(t *testing.T) {
	t.Parallel()
	for _, tt := range []struct {
		args []string
		want bool
	}{
		{[]string{"--addr", "127.0.0.1:0", "--limits", "real"}, true},
		{[]string{"--addr", "127.0.0.1:0"}, false},
	} {
		r := startRun(t, tt.args, nil)
		var limits struct {
			Enabled bool `json:"enabled"`
		}
		getJSON(t, r.url+"/_mock/limits", &limits)
		if limits.Enabled != tt.want || strings.Contains(r.stdout.String(), "limits    ") != tt.want {
			t.Errorf("%v: enabled %v, banner:\n%s", tt.args, limits.Enabled, r.stdout)
		}
		r.stop()
		if c := r.wait(t); c != exitOK {
			t.Errorf("exit %d", c)
		}
	}
}

func TestServeConfiguredByEnv(t *testing.T) {
	t.Parallel()
	r := startRun(t, nil, map[string]string{
		"WECOM_MOCK_ADDR":         "127.0.0.1:0",
		"WECOM_MOCK_FROZEN_CLOCK": "true",
		"WECOM_MOCK_PLAIN_ERRMSG": "true",
		"WECOM_MOCK_LOG_LEVEL":    "debug",
		"WECOM_MOCK_JOURNAL_SIZE": "2",
	})
	if !strings.Contains(r.stdout.String(), "clock     frozen") {
		t.Errorf("banner does not mention the frozen clock:\n%s", r.stdout)
	}
	var clock struct {
		Frozen bool `json:"frozen"`
	}
	getJSON(t, r.url+"/_mock/clock", &clock)
	if !clock.Frozen {
		t.Errorf("WECOM_MOCK_FROZEN_CLOCK=true did not freeze the clock")
	}
	var tok tokenAnswer
	for range 3 {
		getJSON(t, r.url+"/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=wrong", &tok)
	}
	if tok.ErrCode != 40001 || strings.Contains(tok.ErrMsg, "hint") {
		t.Errorf("WECOM_MOCK_PLAIN_ERRMSG=true: got %+v, want errcode 40001 without hint", tok)
	}
	var journal struct {
		Kept     int               `json:"kept"`
		Requests []json.RawMessage `json:"requests"`
	}
	getJSON(t, r.url+"/_mock/requests", &journal)
	if journal.Kept != 2 || len(journal.Requests) != 2 {
		t.Errorf("WECOM_MOCK_JOURNAL_SIZE=2: journal keeps %d requests", len(journal.Requests))
	}
	if !strings.Contains(r.stderr.String(), "level=DEBUG msg=config addr=127.0.0.1:0") {
		t.Errorf("WECOM_MOCK_LOG_LEVEL=debug: no debug lines in\n%s", r.stderr)
	}
}

const smallWorld = `corps:
  - corpid: wwtestcorp
    name: 测试公司
    contacts_secret: test-contacts
    apps:
      - agentid: 1000005
        name: 测试应用
        secret: test-app-secret
        visible: {departments: [1]}
        miniprogram: {appid: wxtestmp}
      - agentid: 1000006
        name: 第二个应用
        secret: second-secret
        visible: {users: [alice]}
    departments:
      - {id: 1, name: 测试公司, parentid: 0}
    members:
      - {userid: alice, name: 爱丽丝, department: [1]}
      - {userid: bob, name: 鲍勃, department: [1]}
`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestServeFixturesFile(t *testing.T) {
	t.Parallel()
	path := writeFile(t, "world.yaml", smallWorld)
	r := startRun(t, []string{"serve", "--addr", "127.0.0.1:0", "--fixtures", path}, nil)
	banner := r.stdout.String()
	for _, want := range []string{
		"fixtures  " + path + ": 1 corp, 2 apps, 2 members",
		`corp "测试公司"`,
		"corpid           wwtestcorp",
		"agentid 1000005  secret test-app-secret  (测试应用, mini program wxtestmp)",
		"agentid 1000006  secret second-secret  (第二个应用)",
		"contacts secret  test-contacts",
		"gettoken?corpid=wwtestcorp&corpsecret=test-app-secret'",
		`-d '{"corpid":"wwtestcorp","agentid":1000005,"userid":"alice"}'`,
	} {
		if !strings.Contains(banner, want) {
			t.Errorf("banner lacks %q:\n%s", want, banner)
		}
	}
	if strings.Contains(banner, "wwmockcorp000001") {
		t.Errorf("banner shows the default world:\n%s", banner)
	}
	var tok tokenAnswer
	getJSON(t, gettokenCurlRE.FindStringSubmatch(banner)[1], &tok)
	if tok.ErrCode != 0 {
		t.Errorf("gettoken with the file's secret: %+v", tok)
	}
}

func TestServeFixturesFileFromEnvJSON(t *testing.T) {
	t.Parallel()
	w, err := fixtures.Parse([]byte(smallWorld))
	if err != nil {
		t.Fatal(err)
	}
	data, _ := json.Marshal(w)
	path := writeFile(t, "world.json", string(data))
	r := startRun(t, nil, map[string]string{"WECOM_MOCK_ADDR": "127.0.0.1:0", "WECOM_MOCK_FIXTURES": path})
	if !strings.Contains(r.stdout.String(), path+": 1 corp, 2 apps, 2 members") {
		t.Errorf("banner:\n%s", r.stdout)
	}
}

func TestServeBadFixtures(t *testing.T) {
	t.Parallel()
	badRef := strings.Replace(smallWorld, "{userid: bob, name: 鲍勃, department: [1]}", "{userid: bob, name: 鲍勃, department: [99]}", 1)
	twoProblems := strings.Replace(badRef, "visible: {users: [alice]}", "visible: {users: [carol]}", 1)
	typo := strings.Replace(smallWorld, "secret: second-secret", "secrte: second-secret", 1)
	tests := []struct {
		name    string
		content string // "" means the file does not exist
		want    []string
	}{
		{"unknown department", badRef, []string{"cannot load fixtures", "corps[0] (wwtestcorp).members[1] (bob)", "99"}},
		{"two problems, one per line", twoProblems, []string{"has 2 problems:", "\n  - fixtures: corps[0] (wwtestcorp).", "members[1] (bob)", "apps[1]"}},
		{"typo in a key", typo, []string{"secrte"}},
		{"not a world", "just: text\n", []string{"just"}},
		{"empty", "  \n", []string{"empty"}},
		{"missing file", "", []string{"cannot load fixtures", "no such file"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			path := filepath.Join(t.TempDir(), "missing.yaml")
			if tt.content != "" {
				path = writeFile(t, "bad.yaml", tt.content)
			}
			code, out, errOut := runCapture([]string{"serve", "--addr", "127.0.0.1:0", "--fixtures", path}, nil)
			if code != exitFail {
				t.Errorf("exit %d, want %d", code, exitFail)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing (no banner)", out)
			}
			for _, w := range append(tt.want, path) {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestServePortInUse(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	addr := ln.Addr().String()
	code, out, errOut := runCapture([]string{"serve", "--addr", addr}, nil)
	if code != exitFail {
		t.Errorf("exit %d, want %d", code, exitFail)
	}
	for _, w := range []string{"cannot listen on " + addr, "already in use", "--addr", "WECOM_MOCK_ADDR"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr lacks %q:\n%s", w, errOut)
		}
	}
	if out != "" {
		t.Errorf("stdout %q", out)
	}
}

// TestServeShutdownWaitsForInFlight holds a request in the server with a
// delay fault, stops the server, and checks the request still gets its answer.
func TestServeShutdownWaitsForInFlight(t *testing.T) {
	t.Parallel()
	r := startRun(t, []string{"--addr", "127.0.0.1:0"}, nil)
	if st := postJSON(t, r.url+"/_mock/faults", `{"path":"/cgi-bin/gettoken","delay_ms":400,"times":1}`, nil); st != http.StatusOK {
		t.Fatalf("adding the fault: HTTP %d", st)
	}
	type result struct {
		tok tokenAnswer
		err error
	}
	got := make(chan result, 1)
	go func() {
		var res result
		resp, err := testHTTP.Get(r.url + "/cgi-bin/gettoken?corpid=wwmockcorp000001&corpsecret=mock-app-secret")
		if err != nil {
			res.err = err
		} else {
			res.err = json.NewDecoder(resp.Body).Decode(&res.tok)
			resp.Body.Close()
		}
		got <- res
	}()
	// The fault is used up (and listed no more) once the request is in it.
	deadline := time.Now().Add(5 * time.Second)
	for {
		var list struct {
			Faults []json.RawMessage `json:"faults"`
		}
		getJSON(t, r.url+"/_mock/faults", &list)
		if len(list.Faults) == 0 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatal("the request never reached the server")
		}
		time.Sleep(2 * time.Millisecond)
	}
	r.stop()
	res := testwait.Recv(t, got)
	if res.err != nil || res.tok.ErrCode != 0 || res.tok.AccessToken == "" {
		t.Errorf("in-flight request: %+v, %v", res.tok, res.err)
	}
	if c := r.wait(t); c != exitOK {
		t.Errorf("exit %d, stderr:\n%s", c, r.stderr)
	}
}

func TestPrintBanner(t *testing.T) {
	w, err := fixtures.Parse([]byte(strings.Replace(smallWorld, "miniprogram: {appid: wxtestmp}", "", 1)))
	if err != nil {
		t.Fatal(err)
	}
	w.Corps[0].Apps[0].Secret = "it's"
	var b strings.Builder
	printBanner(&b, bannerInfo{url: "http://0.0.0.0:8080", source: "x.yaml", world: w, frozen: true, limits: true, endpoints: 447, stateful: 39})
	out := b.String()
	for _, want := range []string{
		"listening on http://127.0.0.1:8080\n",
		"(bound to 0.0.0.0:8080: every interface)",
		"clock     frozen",
		"limits    WeCom's frequency limits and sending quotas are on",
		`curl 'http://127.0.0.1:8080/cgi-bin/gettoken?corpid=wwtestcorp&corpsecret=it%27s'`,
		"WeCom API: 447 endpoints (39 stateful); list them with `wecom-mock endpoints` or http://127.0.0.1:8080/_mock/catalog",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("banner lacks %q:\n%s", want, out)
		}
	}
	if strings.Contains(out, "/_mock/codes") {
		t.Errorf("banner offers to mint a code without a mini program:\n%s", out)
	}
}

func TestLocalURL(t *testing.T) {
	for in, want := range map[string]string{
		"http://127.0.0.1:41234": "http://127.0.0.1:41234",
		"http://0.0.0.0:8080":    "http://127.0.0.1:8080",
		"http://[::]:8080":       "http://127.0.0.1:8080",
		"http://[::1]:8080":      "http://[::1]:8080",
		"http://10.1.2.3:80":     "http://10.1.2.3:80",
	} {
		if got := localURL(in); got != want {
			t.Errorf("localURL(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestShellQuote(t *testing.T) {
	if got, want := shellQuote(`a'b c`), `'a'\''b c'`; got != want {
		t.Errorf("shellQuote = %s, want %s", got, want)
	}
}

// In a container, a wildcard address is the container's: the banner says
// so and points at the published host port instead of claiming
// 127.0.0.1:8080 is reachable as is.
func TestPrintBannerInContainer(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		url       string
		container bool
		want      []string
		not       string
	}{
		{"http://0.0.0.0:8080", true, []string{
			"listening on http://0.0.0.0:8080 inside its container\n",
			"the host port that container port 8080 is published on (`docker port CONTAINER 8080`",
			"the URLs below are for docker run -p 127.0.0.1:8080:8080\n",
		}, "every interface"},
		{"http://0.0.0.0:8080", false, []string{"listening on http://127.0.0.1:8080\n", "(bound to 0.0.0.0:8080: every interface)"}, "container"},
		{"http://127.0.0.1:8080", true, []string{"listening on http://127.0.0.1:8080\n"}, "container"},
	} {
		var b strings.Builder
		printBanner(&b, bannerInfo{url: tc.url, source: "x", world: fixtures.Default(), container: tc.container})
		out := b.String()
		for _, want := range tc.want {
			if !strings.Contains(out, want) {
				t.Errorf("%s container=%v: banner lacks %q:\n%s", tc.url, tc.container, want, out)
			}
		}
		if strings.Contains(out, tc.not) {
			t.Errorf("%s container=%v: banner says %q:\n%s", tc.url, tc.container, tc.not, out)
		}
	}
}
