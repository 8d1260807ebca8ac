package mockserver

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/gorilla/mux"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Control API of callbacks (/_mock/callbacks...): the deliveries journal
// and waiting on it, callback configuration, triggers and the probe.

// deliveryFilterOf reads a DeliveryFilter from the query.
func deliveryFilterOf(r *http.Request) (DeliveryFilter, error) {
	q := r.URL.Query()
	f := DeliveryFilter{
		ID: q.Get("id"), CorpID: q.Get("corpid"), SuiteID: q.Get("suiteid"),
		Receiver: q.Get("receiver"), Kind: q.Get("kind"), Status: q.Get("status"),
	}
	if a := q.Get("agentid"); a != "" {
		n, err := strconv.Atoi(a)
		if err != nil {
			return f, badRequest(`"agentid" must be a number`)
		}
		f.AgentID = n
	}
	return f, nil
}

// GET /_mock/callbacks?corpid=&agentid=&suiteid=&receiver=&kind=&status=
func (s *Server) ctlDeliveries(r *http.Request) (any, error) {
	f, err := deliveryFilterOf(r)
	if err != nil {
		return nil, err
	}
	return streamedList("callbacks", s.Deliveries(f)), nil
}

// DELETE /_mock/callbacks
func (s *Server) ctlClearDeliveries(*http.Request) (any, error) {
	s.ClearDeliveries()
	return mockctl.DeliveryList{Callbacks: []Delivery{}}, nil
}

// GET /_mock/callbacks/{id}
func (s *Server) ctlDelivery(r *http.Request) (any, error) {
	d, err := s.Delivery(mux.Vars(r)["id"])
	if errors.Is(err, ErrDeliveryNotFound) {
		return nil, notFoundErr("%v", err)
	}
	return d, err
}

const (
	defaultWaitTimeout = 10 * time.Second
	maxWaitTimeout     = 5 * time.Minute
)

// POST /_mock/callbacks/wait {"id"|"corpid"|"agentid"|"kind"|..., "timeout_ms"}
// answers once every selected delivery is done: 200 with them, or 504 with
// the ones still pending named.
func (s *Server) ctlWaitDeliveries(r *http.Request) (any, error) {
	var req mockctl.WaitRequest
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	timeout := defaultWaitTimeout
	if req.TimeoutMS != nil {
		// Compared in milliseconds: a huge value would overflow a Duration.
		if *req.TimeoutMS < 0 || *req.TimeoutMS > maxWaitTimeout.Milliseconds() {
			return nil, badRequest(`"timeout_ms" must be between 0 and %d`, maxWaitTimeout.Milliseconds())
		}
		timeout = time.Duration(*req.TimeoutMS) * time.Millisecond
	}
	allowSlowAnswer(r, timeout)
	ctx, cancel := context.WithTimeout(r.Context(), timeout)
	defer cancel()
	if req.ID != "" {
		d, err := s.WaitDelivery(ctx, req.ID)
		switch {
		case errors.Is(err, ErrDeliveryNotFound):
			return nil, notFoundErr("%v", err)
		case err != nil:
			return nil, statusErr(http.StatusGatewayTimeout, "delivery %s still pending after %v", req.ID, timeout)
		}
		return mockctl.DeliveryList{Callbacks: []Delivery{d}}, nil
	}
	ds, err := s.WaitDeliveries(ctx, req.DeliveryFilter)
	if err != nil {
		var pending []string
		for _, d := range ds {
			if !d.Done() {
				pending = append(pending, d.ID)
			}
		}
		return nil, statusErr(http.StatusGatewayTimeout, "still pending after %v: %s", timeout, strings.Join(pending, ", "))
	}
	return mockctl.DeliveryList{Callbacks: ds}, nil
}

// GET /_mock/callbacks/config
func (s *Server) ctlCallbackConfigs(*http.Request) (any, error) {
	return mockctl.CallbackConfigList{Callbacks: s.CallbackConfigs()}, nil
}

// PUT /_mock/callbacks/config {"corpid","agentid","url","token","encoding_aes_key","skip_verify"}
// saves after the verification GET succeeds: 200 with the verification, or
// 422 saying why it failed (nothing saved).
func (s *Server) ctlSetCallback(r *http.Request) (any, error) {
	var cfg CallbackConfig
	if err := decodeControl(r, &cfg); err != nil {
		return nil, err
	}
	v, err := s.SetCallback(r.Context(), cfg)
	if errors.Is(err, ErrCallbackNotVerified) {
		detail := v.Error
		if v.Request != "" {
			detail += " (GET " + v.Request + ")"
		}
		return nil, statusErr(http.StatusUnprocessableEntity, "URL verification failed, configuration not saved: %s", detail)
	}
	if err != nil {
		return nil, err
	}
	return mockctl.CallbackSaved{Saved: true, Verification: v}, nil
}

// DELETE /_mock/callbacks/config?corpid=&agentid=
func (s *Server) ctlRemoveCallback(r *http.Request) (any, error) {
	q := r.URL.Query()
	agentID, err := strconv.Atoi(q.Get("agentid"))
	if q.Get("agentid") == "" {
		agentID, err = ContactsAgentID, nil
	}
	if err != nil {
		return nil, badRequest(`"agentid" must be a number`)
	}
	if q.Get("corpid") == "" {
		return nil, badRequest(`"corpid" is required`)
	}
	if err := s.RemoveCallback(q.Get("corpid"), agentID); err != nil {
		return nil, err
	}
	return mockctl.CallbackRemoved{Removed: true, CorpID: q.Get("corpid"), AgentID: agentID}, nil
}

// POST /_mock/callbacks/trigger {"corpid","agentid","kind","from","content","event_key","xml"}
func (s *Server) ctlTriggerCallback(r *http.Request) (any, error) {
	var req CallbackTrigger
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	out, err := s.TriggerCallback(req)
	if err != nil {
		return nil, err
	}
	return out, nil
}

// POST /_mock/callbacks/probe {"url","token","encoding_aes_key","corpid","agentid","timeout_ms","verify_timeout_ms"}
// (or just corpid and agentid to grade a configured callback): 200 with the
// report; "passed" says whether the receiver passed every check.
func (s *Server) ctlProbeCallback(r *http.Request) (any, error) {
	var req mockctl.ProbeRequest
	if err := decodeControl(r, &req); err != nil {
		return nil, err
	}
	if req.TimeoutMS < 0 || req.VerifyTimeoutMS < 0 || req.TimeoutMS > 60000 || req.VerifyTimeoutMS > 60000 {
		return nil, badRequest(`"timeout_ms" and "verify_timeout_ms" must be between 0 and 60000`)
	}
	p := ProbeRequest{
		URL: req.URL, Token: req.Token, EncodingAESKey: req.EncodingAESKey, CorpID: req.CorpID, AgentID: req.AgentID,
		Timeout:       time.Duration(req.TimeoutMS) * time.Millisecond,
		VerifyTimeout: time.Duration(req.VerifyTimeoutMS) * time.Millisecond,
	}
	// Seven requests at most, each bounded by one of the timeouts.
	allowSlowAnswer(r, 7*max(p.Timeout, p.VerifyTimeout))
	rep, err := s.ProbeCallback(r.Context(), p)
	if err != nil {
		return nil, err
	}
	return rep, nil
}
