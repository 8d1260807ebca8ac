package contract

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
)

// Options choose what Compare checks.
type Options struct {
	// APIs are the checks by name (DefaultAPIs when empty): the names of
	// DefaultAPIs, or any read-only GET API without required parameters.
	APIs []string
	// Lengths compares list lengths: set it when the mock serves a whole
	// import of the real corp (not a --sample).
	Lengths bool
	// AgentID is the app whose token the app calls use; 0 takes the
	// lowest agentid both targets have a secret for.
	AgentID int
}

// Result is one check's outcome.
type Result struct {
	API         string   `json:"api"`
	RealErrcode *int     `json:"real_errcode,omitempty"`
	MockErrcode *int     `json:"mock_errcode,omitempty"`
	Differences []string `json:"differences,omitempty"`
	// Skipped says why the check did not apply (no member outside the
	// app's range in either world).
	Skipped string `json:"skipped,omitempty"`
}

// Report is every check's outcome.
type Report struct {
	AgentID int      `json:"agentid"`
	Results []Result `json:"results"`
}

// OK reports whether no check found a difference.
func (r *Report) OK() bool {
	for _, res := range r.Results {
		if len(res.Differences) > 0 {
			return false
		}
	}
	return true
}

// Compare runs the checks on both targets and compares their answers.
func Compare(ctx context.Context, real, mock Target, o Options) (*Report, error) {
	names := o.APIs
	if len(names) == 0 {
		names = DefaultAPIs
	}
	checks, err := resolve(names)
	if err != nil {
		return nil, fmt.Errorf("contract: %w", err)
	}
	agentID := o.AgentID
	if agentID == 0 {
		id, ok := commonApp(real, mock)
		if !ok {
			return nil, errors.New("contract: no app with a secret on both sides (give --app-secret AGENTID=SECRET for an imported app)")
		}
		agentID = id
	}
	rs, ms := newSession(real, agentID), newSession(mock, agentID)
	defer rs.close()
	defer ms.close()
	rep := &Report{AgentID: agentID}
	for _, c := range checks {
		res := Result{API: c.name}
		rd, rerr := c.call(ctx, rs)
		md, merr := c.call(ctx, ms)
		switch {
		case errors.Is(rerr, errSkip) && errors.Is(merr, errSkip):
			res.Skipped = "no such member in either world"
		case errors.Is(rerr, errSkip) != errors.Is(merr, errSkip):
			res.Differences = []string{fmt.Sprintf("a member outside app %d's range exists in one world only", agentID)}
		case rerr != nil:
			return nil, fmt.Errorf("contract: %s on the real host: %w", c.name, rerr)
		case merr != nil:
			return nil, fmt.Errorf("contract: %s on the mock: %w", c.name, merr)
		default:
			res.RealErrcode, res.MockErrcode = errcodeOf(rd), errcodeOf(md)
			res.Differences = compareAnswers(rd, md, o.Lengths && c.lengths)
		}
		rep.Results = append(rep.Results, res)
	}
	return rep, nil
}

func compareAnswers(real, mock []byte, lengths bool) []string {
	rs, err := shapeOf(real)
	if err != nil {
		return []string{"the real answer is not JSON"}
	}
	ms, err := shapeOf(mock)
	if err != nil {
		return []string{"the mock's answer is not JSON"}
	}
	var out []string
	if r, m := errcodeOf(real), errcodeOf(mock); intOr(r, -2) != intOr(m, -2) {
		out = append(out, fmt.Sprintf("errcode %d (real) vs %d (mock)", intOr(r, -2), intOr(m, -2)))
	}
	return append(out, diff("", rs, ms, lengths)...)
}

func errcodeOf(data []byte) *int {
	var env struct {
		ErrCode *int `json:"errcode"`
	}
	if json.Unmarshal(data, &env) != nil {
		return nil
	}
	return env.ErrCode
}

func intOr(p *int, def int) int {
	if p == nil {
		return def
	}
	return *p
}
