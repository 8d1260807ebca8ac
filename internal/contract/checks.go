package contract

import (
	"context"
	"fmt"
	"net/url"
	"strings"

	"github.com/wecom-mock/wecom-mock/catalog"
)

// DefaultAPIs are the checks run when none are named.
var DefaultAPIs = []string{"gettoken", "user/get", "user/get:outside", "department/list", "user/list", "tag/list", "agent/get", "get_jsapi_ticket"}

// check is one comparison: the call it makes on a session.
type check struct {
	name string
	path string
	// lengths: the answer's list lengths depend only on the world's
	// structure, so they must match when the worlds do.
	lengths bool
	call    func(ctx context.Context, s *session) ([]byte, error)
}

// knownChecks are the checks with a recipe of their own.
func knownChecks() map[string]check {
	user := func(pick func(*session, context.Context) (string, error)) func(context.Context, *session) ([]byte, error) {
		return func(ctx context.Context, s *session) ([]byte, error) {
			id, err := pick(s, ctx)
			if err != nil {
				return nil, err
			}
			if id == "" {
				return nil, errSkip
			}
			return s.call(ctx, "/cgi-bin/user/get", credApp, url.Values{"userid": {id}}, nil)
		}
	}
	return map[string]check{
		"gettoken": {name: "gettoken", path: "/cgi-bin/gettoken", call: func(ctx context.Context, s *session) ([]byte, error) {
			return s.gettoken(ctx, credApp)
		}},
		"user/get":         {name: "user/get", path: "/cgi-bin/user/get", call: user((*session).visibleMember)},
		"user/get:outside": {name: "user/get:outside", path: "/cgi-bin/user/get", call: user((*session).outsideMember)},
		"user/list": {name: "user/list", path: "/cgi-bin/user/list", lengths: true, call: func(ctx context.Context, s *session) ([]byte, error) {
			return s.call(ctx, "/cgi-bin/user/list", credContacts, url.Values{"department_id": {"1"}}, nil)
		}},
		"agent/get": {name: "agent/get", path: "/cgi-bin/agent/get", lengths: true, call: func(ctx context.Context, s *session) ([]byte, error) {
			return s.call(ctx, "/cgi-bin/agent/get", credApp, s.agentQuery(), nil)
		}},
		"get_jsapi_ticket": {name: "get_jsapi_ticket", path: "/cgi-bin/get_jsapi_ticket", call: func(ctx context.Context, s *session) ([]byte, error) {
			return s.call(ctx, "/cgi-bin/get_jsapi_ticket", credApp, nil, nil)
		}},
	}
}

// errSkip: the check does not apply to this world (no member outside the
// app's range).
var errSkip = fmt.Errorf("not applicable")

// CheckAPIs reports whether every name is a check Compare can run, without
// calling anything: ErrRefused for an API not marked read-only.
func CheckAPIs(names []string) error {
	_, err := resolve(names)
	return err
}

// resolve turns the names asked for into checks. A name without a recipe
// is a read-only GET API without required parameters (department/list,
// tag/list…), called with the contacts secret if it may, else the app's.
// Anything not marked read-only is refused before any call is made.
func resolve(names []string) ([]check, error) {
	known := knownChecks()
	out := make([]check, 0, len(names))
	for _, name := range names {
		name = strings.TrimSpace(strings.TrimPrefix(name, "/cgi-bin/"))
		if c, ok := known[name]; ok {
			if err := readOnly(c.path); err != nil {
				return nil, err
			}
			out = append(out, c)
			continue
		}
		path := "/cgi-bin/" + name
		if err := readOnly(path); err != nil {
			return nil, err
		}
		e, _ := catalog.Default().Lookup(path)
		if e.Method != "GET" {
			return nil, fmt.Errorf("%s: no recipe for this POST API (known: %s)", name, strings.Join(DefaultAPIs, ", "))
		}
		for _, p := range e.Query {
			if p.Required {
				return nil, fmt.Errorf("%s: needs parameter %s, which the contract check cannot choose", name, p.Name)
			}
		}
		cred := credApp
		if e.Allows(catalog.Contacts) {
			cred = credContacts
		}
		out = append(out, check{name: name, path: path, lengths: true, call: func(ctx context.Context, s *session) ([]byte, error) {
			return s.call(ctx, path, cred, nil, nil)
		}})
	}
	return out, nil
}
