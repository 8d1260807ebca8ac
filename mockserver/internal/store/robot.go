package store

import "github.com/wecom-mock/wecom-mock/fixtures"

// Robot is a group robot of the world.
type Robot struct {
	CorpID string
	Key    string
	Name   string
}

func indexRobots(w *fixtures.World) map[string]Robot {
	robots := map[string]Robot{}
	for _, c := range w.Corps {
		for _, r := range c.Robots {
			robots[r.Key] = Robot{CorpID: c.CorpID, Key: r.Key, Name: r.Name}
		}
	}
	return robots
}

// LookupRobot finds a group robot by its webhook key.
func (s *Store) LookupRobot(key string) (Robot, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	r, ok := s.robots[key]
	return r, ok
}
