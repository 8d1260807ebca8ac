package login_test

import (
	"encoding/json"
	"net/http"
	"regexp"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/fixtures"
	"github.com/wecom-mock/wecom-mock/mockserver"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"

	"github.com/wecom-mock/wecom-mock/internal/testwait"
)

// One mini program bound to apps of several corps
// (https://developer.work.weixin.qq.com/document/path/91507): any bound
// corp's app token redeems a wx.qy.login code, the answer's corpid is the
// member's own corp, and "如果用户所在企业并没有安装此小程序应用，则返回加密的userid".
// The default world binds wxmockminiprogram1 to app 1000002 of both corps,
// and the 代开发 template's wxmockdkminiprogram to its install in corp 1 only.

const (
	sharedMP = "wxmockminiprogram1"
	dkMP     = "wxmockdkminiprogram" // bound in corp 1 only, through the 代开发 install
	dkSecret = "mock-permanent-code"
)

// encryptedUserID is the documented shape of the mock's encrypted userid.
var encryptedUserID = regexp.MustCompile(`^wo[0-9a-f]{30}$`)

// errcodeOf GETs rawURL and returns the answer's errcode; safe to call
// from any goroutine.
func errcodeOf(rawURL string) (int, error) {
	r, err := testkit.HTTPClient.Get(rawURL)
	if err != nil {
		return 0, err
	}
	defer r.Body.Close()
	var body struct {
		ErrCode int `json:"errcode"`
	}
	err = json.NewDecoder(r.Body).Decode(&body)
	return body.ErrCode, err
}

// mintMP mints a mini program code over the control API.
func mintMP(t *testing.T, srv *mockserver.Server, body string) string {
	t.Helper()
	r := testkit.SendJSON(t, http.MethodPost, srv.URL()+"/_mock/codes", body)
	return testkit.Str(t, testkit.ControlJSON(t, r, http.StatusOK), "code")
}

func TestJSCode2SessionCodeOfAnotherBoundCorp(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	tok1 := testkit.AppToken(t, srv)
	tok2 := testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)
	code := testkit.Mint(t, srv, testkit.Corp2, testkit.AgentID, "zhaoliu")

	// Corp 1's token redeems corp 2's member's code: the member's corpid and
	// plain userid, since corp 2 has bound the mini program too.
	s := testkit.Redeem(t, srv, tok1, code)
	if s.CorpID != testkit.Corp2 || s.UserID != "zhaoliu" {
		t.Errorf("session = %+v, want zhaoliu of %s", s, testkit.Corp2)
	}
	assertSessionKey(t, s.SessionKey)
	// Single use across corps: spent for corp 2's own token as well.
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok2, code), errcode.InvalidCode)
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok1, code), errcode.InvalidCode)
}

func TestJSCode2SessionMintedByAppID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	// appid instead of agentid: corp 2's app bound to it.
	code := mintMP(t, srv, `{"kind":"miniprogram","appid":"`+sharedMP+`","corpid":"`+testkit.Corp2+`","userid":"zhaoliu"}`)
	if s := testkit.Redeem(t, srv, testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2), code); s.CorpID != testkit.Corp2 || s.UserID != "zhaoliu" {
		t.Errorf("session = %+v, want zhaoliu of %s", s, testkit.Corp2)
	}
}

func TestJSCode2SessionOtherMiniProgramsCode(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	code := mintMP(t, srv, `{"kind":"miniprogram","appid":"`+dkMP+`","corpid":"`+testkit.Corp1+`","userid":"zhangsan"}`)
	// The self-built apps of both corps are bound to another mini program.
	tok1 := testkit.AppToken(t, srv)
	tok2 := testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok1, code), errcode.InvalidCode)
	testkit.GetWeComError(t, testkit.SessionURL(srv, tok2, code), errcode.InvalidCode)
	// The refusals did not spend it: the 代开发 app bound to it redeems it.
	s := testkit.Redeem(t, srv, testkit.Token(t, srv, testkit.Corp1, dkSecret), code)
	if s.CorpID != testkit.Corp1 || s.UserID != "zhangsan" {
		t.Errorf("session = %+v, want zhangsan of %s", s, testkit.Corp1)
	}
}

func TestJSCode2SessionUnboundCorpEncryptsUserID(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	dk := testkit.Token(t, srv, testkit.Corp1, dkSecret)
	// Corp 2 has no app bound to the 代开发 mini program.
	body := `{"kind":"miniprogram","appid":"` + dkMP + `","corpid":"` + testkit.Corp2 + `","userid":"zhaoliu"}`
	first := testkit.Redeem(t, srv, dk, mintMP(t, srv, body))
	if first.CorpID != testkit.Corp2 || !encryptedUserID.MatchString(first.UserID) {
		t.Fatalf("session = %+v, want corpid %s and an encrypted userid (wo + 30 hex)", first, testkit.Corp2)
	}
	// Stable for the member; not the plain userid, not another member's.
	if again := testkit.Redeem(t, srv, dk, mintMP(t, srv, body)); again.UserID != first.UserID {
		t.Errorf("encrypted userid changed: %q then %q", first.UserID, again.UserID)
	}
	other := testkit.Redeem(t, srv, dk, mintMP(t, srv, `{"kind":"miniprogram","appid":"`+dkMP+`","corpid":"`+testkit.Corp1+`","userid":"zhangsan"}`))
	if other.UserID != "zhangsan" {
		t.Errorf("a bound corp's member: userid %q, want zhangsan", other.UserID)
	}
}

// TestJSCode2SessionUnboundCorpSelfBuilt: the same with self-built apps —
// a world where only corp 1 binds the mini program.
func TestJSCode2SessionUnboundCorpSelfBuilt(t *testing.T) {
	t.Parallel()
	w := fixtures.Default()
	w.Corps[1].Apps[0].MiniProgram.AppID = "wxcorp2own"
	srv := mockserver.NewTest(t, mockserver.WithFixtures(w))
	code := mintMP(t, srv, `{"kind":"miniprogram","appid":"`+sharedMP+`","corpid":"`+testkit.Corp2+`","userid":"zhaoliu"}`)
	testkit.GetWeComError(t, testkit.SessionURL(srv, testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2), code), errcode.InvalidCode)
	s := testkit.Redeem(t, srv, testkit.AppToken(t, srv), code)
	if s.CorpID != testkit.Corp2 || s.UserID == "zhaoliu" || !encryptedUserID.MatchString(s.UserID) {
		t.Errorf("session = %+v, want corpid %s and an encrypted userid", s, testkit.Corp2)
	}
}

// Exactly one of many concurrent jscode2session calls, by both corps'
// tokens, spends a code.
func TestJSCode2SessionOnceAcrossCorps(t *testing.T) {
	t.Parallel()
	srv := mockserver.NewTest(t)
	toks := []string{testkit.AppToken(t, srv), testkit.Token(t, srv, testkit.Corp2, testkit.AppSecret2)}
	for range 5 {
		code := testkit.Mint(t, srv, testkit.Corp1, testkit.AgentID, "zhangsan")
		var wins, refusals atomic.Int32
		var wg sync.WaitGroup
		for i := range 12 {
			wg.Go(func() {
				switch n, err := errcodeOf(testkit.SessionURL(srv, toks[i%2], code)); {
				case err != nil:
					t.Error(err)
				case n == 0:
					wins.Add(1)
				case n == int(errcode.InvalidCode):
					refusals.Add(1)
				default:
					t.Errorf("errcode %d", n)
				}
			})
		}
		testwait.Group(t, &wg)
		if wins.Load() != 1 || refusals.Load() != 11 {
			t.Fatalf("%d redeems succeeded and %d were refused, want 1 and 11", wins.Load(), refusals.Load())
		}
	}
}
