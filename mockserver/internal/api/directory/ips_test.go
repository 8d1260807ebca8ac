package directory_test

import (
	"net/netip"
	"strings"
	"testing"

	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/testkit"
)

type ipAnswer struct {
	ErrCode int      `json:"errcode"`
	ErrMsg  string   `json:"errmsg"`
	IPList  []string `json:"ip_list"`
}

// Every access token may read the lists: addresses or CIDR blocks, public
// IPv4, no duplicates; the API host's are single addresses.
func TestIPLists(t *testing.T) {
	t.Parallel()
	srv, tok := newServer(t)
	ec := testkit.ECToken(t, srv)
	for _, path := range []string{"/cgi-bin/getcallbackip", "/cgi-bin/get_api_domain_ip"} {
		for _, k := range []string{tok.app, tok.contacts, ec} {
			r := get(t, srv, k, path)
			testkit.OK(t, r)
			ips := testkit.DecodeStrict[ipAnswer](t, r.Body).IPList
			if len(ips) < 20 {
				t.Fatalf("%s: %d entries, want a few dozen", path, len(ips))
			}
			seen := map[string]bool{}
			for _, s := range ips {
				if seen[s] {
					t.Errorf("%s: %s twice", path, s)
				}
				seen[s] = true
				var addr netip.Addr
				if p, err := netip.ParsePrefix(s); err == nil {
					if path == "/cgi-bin/get_api_domain_ip" {
						t.Errorf("%s: %s is a block, want an address", path, s)
					}
					if p.Masked() != p {
						t.Errorf("%s: %s has host bits set", path, s)
					}
					addr = p.Addr()
				} else if addr, err = netip.ParseAddr(s); err != nil {
					t.Errorf("%s: %q is no address or block", path, s)
					continue
				}
				if !addr.Is4() || addr.IsPrivate() || addr.IsLoopback() {
					t.Errorf("%s: %s is not a public IPv4 address", path, s)
				}
			}
		}
	}
}

// Their error bodies keep an empty ip_list, as the docs' example shows.
func TestIPListErrorsKeepEmptyList(t *testing.T) {
	t.Parallel()
	srv, _ := newServer(t)
	for _, path := range []string{"/cgi-bin/getcallbackip", "/cgi-bin/get_api_domain_ip"} {
		for _, tc := range []struct {
			tok  string
			code errcode.Code
		}{{"", errcode.AccessTokenMissing}, {"nosuchtoken", errcode.InvalidAccessToken}} {
			u := srv.URL() + path
			if tc.tok != "" {
				u += "?access_token=" + tc.tok
			}
			r := testkit.Get(t, u)
			testkit.WeComError(t, r, tc.code)
			if !strings.HasPrefix(string(r.Body), `{"errcode":`) || !strings.HasSuffix(string(r.Body), `,"ip_list":[]}`) {
				t.Errorf("%s: body %s, want an empty ip_list", path, r.Body)
			}
		}
	}
}
