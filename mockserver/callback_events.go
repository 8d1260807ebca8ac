package mockserver

import "github.com/wecom-mock/wecom-mock/mockserver/internal/store"

// What causes deliveries besides suites: member activity made up through
// the control API, and contact changes (internal/callbacks builds the XML).

// TriggerCallback builds the message or event req asks for, with the
// virtual time as CreateTime, and delivers it to the app's callback. It
// returns once the delivery is queued (see WaitDelivery).
func (s *Server) TriggerCallback(req CallbackTrigger) (TriggeredCallback, error) {
	out, err := s.cb.Trigger(req)
	if err != nil {
		return TriggeredCallback{}, callbackError(err, subject{corpID: req.CorpID, agentID: req.AgentID, userID: req.From})
	}
	return out, nil
}

// publishContactChange delivers ch as change_contact events to its
// receivers (the contact-sync assistant and the apps that see the change)
// and returns the delivery ids.
func (s *Server) publishContactChange(ch store.ContactChange) []string {
	return s.cb.PublishContactChange(ch)
}
