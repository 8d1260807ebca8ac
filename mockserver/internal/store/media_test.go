package store

import (
	"errors"
	"testing"
	"time"
)

func TestMediaPutAndGet(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	m := s.PutMedia(msgCorp, "file", "a.txt", "text/plain", []byte("hello!"))
	if len(m.ID) != 44 || !m.CreatedAt.Equal(s.Now()) || !m.ExpiresAt.Equal(s.Now().Add(MediaTTL)) {
		t.Fatalf("PutMedia = %+v", m)
	}
	got, err := s.Media(msgCorp, m.ID)
	if err != nil || string(got.Data) != "hello!" || got.Filename != "a.txt" || got.Type != "file" {
		t.Fatalf("Media = %+v, %v", got, err)
	}
	if _, err := s.Media(msgCorp2, m.ID); !errors.Is(err, ErrMediaNotFound) {
		t.Errorf("other corp: %v", err)
	}
	if _, err := s.Media(msgCorp, "nope"); !errors.Is(err, ErrMediaNotFound) {
		t.Errorf("unknown id: %v", err)
	}
	s.Clock().Advance(MediaTTL - time.Nanosecond)
	if _, err := s.Media(msgCorp, m.ID); err != nil {
		t.Errorf("just before expiry: %v", err)
	}
	s.Clock().Advance(time.Nanosecond)
	if _, err := s.Media(msgCorp, m.ID); !errors.Is(err, ErrMediaNotFound) {
		t.Errorf("at expiry: %v", err)
	}
	// The next upload sweeps the expired one.
	s.PutMedia(msgCorp, "file", "b.txt", "text/plain", []byte("second"))
	if files, bytes := s.MediaBytes(); files != 1 || bytes != 6 {
		t.Errorf("after sweep: %d files, %d bytes", files, bytes)
	}
}

func TestMediaBudgetEvictsOldest(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	s.mu.Lock()
	s.media.limit = 100
	s.mu.Unlock()
	data := make([]byte, 40)
	a := s.PutMedia(msgCorp, "file", "a", "", data)
	b := s.PutMedia(msgCorp, "file", "b", "", data)
	c := s.PutMedia(msgCorp2, "file", "c", "", data) // 120 bytes > 100: a goes
	if _, err := s.Media(msgCorp, a.ID); !errors.Is(err, ErrMediaNotFound) {
		t.Errorf("oldest upload kept: %v", err)
	}
	if _, err := s.Media(msgCorp, b.ID); err != nil {
		t.Errorf("b dropped: %v", err)
	}
	if _, err := s.Media(msgCorp2, c.ID); err != nil {
		t.Errorf("c dropped: %v", err)
	}
	if files, bytes := s.MediaBytes(); files != 2 || bytes != 80 {
		t.Errorf("%d files, %d bytes; want 2, 80", files, bytes)
	}
	// One upload larger than the budget is still kept, alone.
	big := s.PutMedia(msgCorp, "file", "big", "", make([]byte, 150))
	if _, err := s.Media(msgCorp, big.ID); err != nil {
		t.Errorf("big upload: %v", err)
	}
	if files, _ := s.MediaBytes(); files != 1 {
		t.Errorf("%d files after a budget-sized upload, want 1", files)
	}
	// Reset keeps the budget but drops the uploads.
	s.Reset()
	if files, bytes := s.MediaBytes(); files != 0 || bytes != 0 || s.media.limit != 100 {
		t.Errorf("after Reset: %d files, %d bytes, limit %d", files, bytes, s.media.limit)
	}
}
