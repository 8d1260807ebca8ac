package store

import (
	"errors"
	"testing"
	"time"
)

const robotTestKey = "mock-webhook-key"

func testRobot(t *testing.T, s *Store) Robot {
	t.Helper()
	r, ok := s.LookupRobot(robotTestKey)
	if !ok {
		t.Fatal("the default world has no robot " + robotTestKey)
	}
	return r
}

// The window keeps at most RobotSendLimit times per robot, however many
// sends are refused or how long the robot runs.
func TestRobotSendWindowIsBounded(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	r := testRobot(t, s)
	for i := range 500 {
		_, err := s.SendRobotMessage(RobotSend{Robot: r, MsgType: "text", Body: []byte(`{}`)})
		if err != nil && !errors.Is(err, ErrRobotRateLimited) {
			t.Fatal(err)
		}
		if i%7 == 0 {
			s.Clock().Advance(time.Second)
		}
		s.mu.RLock()
		n := len(s.robotSends[r.Key])
		s.mu.RUnlock()
		if n > RobotSendLimit {
			t.Fatalf("after %d sends the window holds %d times", i+1, n)
		}
	}
}

// Robot uploads share the media budget: the oldest go first, a robot's as
// much as an app's.
func TestRobotMediaSharesTheMediaBudget(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	r := testRobot(t, s)
	s.mu.Lock()
	s.media.limit = 100
	s.mu.Unlock()
	data := make([]byte, 40)
	a := s.PutRobotMedia(r, "file", "a", "", data)
	b := s.PutMedia(msgCorp, "file", "b", "", data)
	c := s.PutRobotMedia(r, "voice", "c", "", data) // 120 bytes > 100: a goes
	if _, err := s.RobotMedia(r.Key, a.ID); !errors.Is(err, ErrMediaNotFound) {
		t.Errorf("oldest robot upload kept: %v", err)
	}
	if _, err := s.Media(msgCorp, b.ID); err != nil {
		t.Errorf("app upload: %v", err)
	}
	if got, err := s.RobotMedia(r.Key, c.ID); err != nil || got.RobotKey != r.Key || got.Type != "voice" {
		t.Errorf("RobotMedia = %+v, %v", got, err)
	}
	if files, bytes := s.MediaBytes(); files != 2 || bytes != 80 {
		t.Errorf("store keeps %d files, %d bytes", files, bytes)
	}
	// Neither kind is the other's.
	if _, err := s.Media(msgCorp, c.ID); !errors.Is(err, ErrMediaNotFound) {
		t.Errorf("an app sees a robot's upload: %v", err)
	}
	if _, err := s.RobotMedia(r.Key, b.ID); !errors.Is(err, ErrMediaNotFound) {
		t.Errorf("a robot sees an app's upload: %v", err)
	}
	if _, err := s.RobotMedia("other-key", c.ID); !errors.Is(err, ErrMediaNotFound) {
		t.Errorf("another robot sees it: %v", err)
	}
}
