package mockserver_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// fetch is a goroutine-safe GET that reports failures as errors instead of
// failing the test (t.Fatal must not be called off the test goroutine).
func fetch(rawURL string, v any) error {
	res, err := testkit.HTTPClient.Get(rawURL)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("HTTP %d %s", res.StatusCode, body)
	}
	if v != nil {
		if err := json.Unmarshal(body, v); err != nil {
			return fmt.Errorf("%v: %s", err, body)
		}
	}
	return nil
}

func TestConcurrentGetTokenSameToken(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	const n = 100
	tokens := make([]string, n)
	errs := make([]error, n)
	u := testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.AppSecret)
	var start, wg sync.WaitGroup
	start.Add(1)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			start.Wait()
			var tb testkit.TokenBody
			if errs[i] = fetch(u, &tb); errs[i] == nil {
				if tb.ErrCode != 0 {
					errs[i] = fmt.Errorf("errcode %d %s", tb.ErrCode, tb.ErrMsg)
				}
				tokens[i] = tb.AccessToken
			}
		}()
	}
	start.Done()
	testwait.Group(t, &wg)
	for i := range n {
		if errs[i] != nil {
			t.Fatalf("call %d: %v", i, errs[i])
		}
		if tokens[i] == "" || tokens[i] != tokens[0] {
			t.Fatalf("call %d got token %.8q…, call 0 got %.8q…", i, tokens[i], tokens[0])
		}
	}
	if st := srv.State(); st.Runtime.Tokens != 1 {
		t.Errorf("%d tokens issued, want 1", st.Runtime.Tokens)
	}
}

// TestConcurrentMixedLoad runs every kind of call at once, so -race sees the
// store, journal, faults and clock under contention.
func TestConcurrentMixedLoad(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t, mockserver.WithJournalSize(50))
	tok := testkit.AppToken(t, srv)
	const workers = 16
	var wg sync.WaitGroup
	errc := make(chan error, workers*40)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 20 {
				var body map[string]any
				switch (w + i) % 6 {
				case 0:
					errc <- fetch(testkit.URL(srv, "/cgi-bin/gettoken", "corpid", testkit.Corp1, "corpsecret", testkit.ContactsSecret), &body)
				case 1:
					errc <- fetch(testkit.UserGetURL(srv, tok, "zhangsan"), &body)
				case 2:
					c, err := srv.MintCode(mockserver.CodeRequest{CorpID: testkit.Corp1, AgentID: testkit.AgentID, UserID: "lisi"})
					if err != nil {
						errc <- err
						continue
					}
					errc <- fetch(testkit.SessionURL(srv, tok, c.Code), &body)
				case 3:
					f, err := srv.AddFault(mockserver.Fault{Path: "/cgi-bin/nope", ErrCode: -1, Times: 1})
					if err == nil {
						srv.RemoveFault(f.ID)
					}
					errc <- err
				case 4:
					errc <- fetch(srv.URL()+"/_mock/requests", &body)
					_ = srv.Requests(mockserver.RequestFilter{Path: "/cgi-bin/user/get"})
				case 5:
					srv.Advance(time.Millisecond)
					_ = srv.State()
					errc <- fetch(srv.URL()+"/_mock/state", nil)
				}
				if body != nil {
					if ec, ok := body["errcode"].(float64); ok && ec != 0 {
						errc <- fmt.Errorf("errcode %v: %v", ec, body["errmsg"])
					}
				}
			}
		}()
	}
	testwait.Group(t, &wg)
	close(errc)
	for err := range errc {
		if err != nil {
			t.Error(err)
		}
	}
}

// Many servers in one process share nothing: tokens, clocks, faults, worlds
// and journals are per server.
func TestParallelServersAreIsolated(t *testing.T) {
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	ref := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
	refTok := testkit.AppToken(t, ref)

	t.Run("group", func(t *testing.T) {
		for i := range 24 {
			t.Run(fmt.Sprint(i), func(t *testing.T) {
				t.Parallel()
				srv := mockserver.NewTest(t, mockserver.WithFrozenClock(), mockserver.WithClockStart(start))
				tok := testkit.AppToken(t, srv)
				if tok == refTok {
					t.Fatal("two servers issued the same token")
				}
				testkit.GetWeComError(t, testkit.UserGetURL(srv, refTok, "zhangsan"), errcode.InvalidAccessToken)

				srv.Advance(time.Duration(i+1) * time.Hour)
				if _, err := srv.AddFault(mockserver.Fault{Path: "*", ErrCode: 45009, Times: 0, CorpID: testkit.Corp2}); err != nil {
					t.Fatal(err)
				}
				if i%2 == 0 {
					if err := srv.LoadFixtures(testkit.ParseWorld(t, testkit.InsensitiveWorld)); err != nil {
						t.Fatal(err)
					}
					testkit.GetOK(t, testkit.UserGetURL(srv, testkit.Token(t, srv, "wwtestcorp", "new-app"), "alice"))
				} else {
					code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
					if s := testkit.Redeem(t, srv, testkit.AppToken(t, srv), code); s.UserID != "zhangsan" {
						t.Errorf("session %+v", s)
					}
				}
				// Only this server's clock moved, by exactly its own amount.
				if want := start.Add(time.Duration(i+1) * time.Hour); !srv.Now().Equal(want) {
					t.Errorf("clock %v, want %v", srv.Now(), want)
				}
				if n := len(srv.Faults()); n != 1 {
					t.Errorf("%d faults, want only this server's one", n)
				}
			})
		}
	})

	// The reference server saw none of it.
	if !ref.Now().Equal(start) {
		t.Errorf("reference clock moved to %v", ref.Now())
	}
	if f := ref.Faults(); len(f) != 0 {
		t.Errorf("reference server has faults %+v", f)
	}
	testkit.GetOK(t, testkit.UserGetURL(ref, refTok, "zhangsan"))
	testkit.GetOK(t, testkit.URL(ref, "/cgi-bin/gettoken", "corpid", testkit.Corp2, "corpsecret", testkit.AppSecret2))
	if n := len(ref.Requests(mockserver.RequestFilter{})); n != 3 {
		t.Errorf("reference journal has %d entries, want its own 3", n)
	}
}
