package mockserver

import (
	"net"
	"net/http"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/store"
)

// WeCom's frequency limits (https://developer.work.weixin.qq.com/document/path/90312)
// are off unless WithRealLimits, `serve --limits real` or the world's
// `limits: real` turns them on; see docs/limits.md. The store keeps the
// counters on the virtual clock.

// uncountedAPIs do not count towards the base frequency: the sending APIs
// have their own limits (发消息频率不计入基础频率: message/send's per member
// and per day, a robot's 20 a minute, app group chats' own), and
// auth/getuserinfo is free with a valid code (the mock frees it always).
var uncountedAPIs = map[string]bool{
	"/cgi-bin/message/send":     true,
	"/cgi-bin/appchat/send":     true,
	"/cgi-bin/webhook/send":     true,
	"/cgi-bin/auth/getuserinfo": true,
}

// limitedCall is the call as the limits count it.
func limitedCall(spec *catalog.Endpoint, r *http.Request, c *call) store.APICall {
	ip, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		ip = r.RemoteAddr
	}
	return store.APICall{
		CorpID:    c.Token.CorpID,
		IP:        ip,
		Path:      spec.Path,
		Provider:  c.Suite != nil || (c.Rare != nil && c.Rare.Provider.Value != ""),
		Uncounted: uncountedAPIs[spec.Path],
	}
}

// admitCall applies the limits to an authorized call: 45033 past the
// concurrency limit, 45009 past the corp's or the IP's frequency. The
// caller ends an admitted call with s.store.EndCall.
func (s *Server) admitCall(lc store.APICall) error {
	if err := s.store.AdmitCall(lc); err != nil {
		return kernel.StoreError(err)
	}
	return nil
}

// Limits reports whether WeCom's frequency limits are on and their live
// counters: API calls per corp and per IP, messages per app and member, the
// apps' daily quotas and the calls in flight.
func (s *Server) Limits() Limits {
	st := s.store.Limits()
	out := Limits{
		Enabled:  st.On,
		Calls:    make([]LimitCounter, len(st.Calls)),
		Members:  make([]LimitCounter, len(st.Members)),
		Quotas:   make([]LimitQuota, len(st.Quotas)),
		InFlight: make([]LimitFlight, len(st.InFlight)),
		Images:   make([]LimitImages, len(st.Images)),
	}
	counter := func(c store.LimitCounter) LimitCounter {
		lc := LimitCounter{
			Scope: c.Scope, CorpID: c.CorpID, IP: c.IP, Path: c.Path, AgentID: c.AgentID, UserID: c.UserID,
			Minute: c.Minute, Hour: c.Hour,
		}
		if !c.BlockedUntil.IsZero() {
			at := c.BlockedUntil
			lc.BlockedUntil = &at
		}
		return lc
	}
	for i, c := range st.Calls {
		out.Calls[i] = counter(c)
	}
	for i, c := range st.Members {
		out.Members[i] = counter(c)
	}
	for i, q := range st.Quotas {
		out.Quotas[i] = LimitQuota(q)
	}
	for i, f := range st.InFlight {
		out.InFlight[i] = LimitFlight(f)
	}
	for i, c := range st.Images {
		out.Images[i] = LimitImages{CorpID: c.CorpID, Today: c.Today, Month: c.Month}
		if !c.BlockedUntil.IsZero() {
			at := c.BlockedUntil
			out.Images[i].BlockedUntil = &at
		}
	}
	return out
}

// ctlLimits is GET /_mock/limits.
func (s *Server) ctlLimits(*http.Request) (any, error) { return s.Limits(), nil }
