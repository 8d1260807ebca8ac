package store

// CallerApp returns the app a call comes from, or 0: the app of its access
// token (valid or not) or, for gettoken, of its corp's secret. The fault
// injector uses it to match faults scoped to an app.
func (s *Store) CallerApp(token, corpID, secret string) int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	if t, ok := s.tokens[token]; ok && token != "" {
		return t.AgentID
	}
	if c, ok := s.corps[corpID]; ok && secret != "" {
		if a, ok := c.appsBySecret[secret]; ok {
			return a.AgentID
		}
	}
	return 0
}
