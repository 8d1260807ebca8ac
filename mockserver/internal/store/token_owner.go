package store

// TokenOwner returns the corp and, for an app's token, the agentid of an
// access token, valid or not; "" and 0 if it is unknown. The request
// journal names each call's corp and app with it.
func (s *Store) TokenOwner(value string) (corpID string, agentID int) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if t, ok := s.tokens[value]; ok {
		return t.CorpID, t.AgentID
	}
	return "", 0
}
