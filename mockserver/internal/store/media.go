package store

import (
	"errors"
	"time"
)

// MediaTTL is how long a temporary media_id lives
// (https://developer.work.weixin.qq.com/document/path/96484).
const MediaTTL = 3 * 24 * time.Hour

// DefaultMediaBytes bounds the bytes of all uploaded media a store keeps;
// past it the oldest uploads are dropped, so a long run cannot exhaust
// memory.
const DefaultMediaBytes = 256 << 20

// ErrMediaNotFound: no such media_id in this corp, or it has expired or been
// dropped.
var ErrMediaNotFound = errors.New("store: media not found")

// Media is an uploaded temporary media file.
type Media struct {
	ID          string
	CorpID      string
	Type        string // image, voice, video, file
	Filename    string
	ContentType string
	Data        []byte
	CreatedAt   time.Time
	ExpiresAt   time.Time
	// RobotKey is the group robot that uploaded it (webhook/upload_media):
	// only that robot's webhook/send may use it, and no app.
	RobotKey string
}

// mediaStore keeps uploads in upload order, for eviction.
type mediaStore struct {
	// limit overrides DefaultMediaBytes when positive (tests).
	limit int64
	byID  map[string]*Media
	order []*Media
	bytes int64
}

func (ms *mediaStore) clear() {
	ms.byID = map[string]*Media{}
	ms.order = nil
	ms.bytes = 0
}

func (ms *mediaStore) cap() int64 {
	if ms.limit > 0 {
		return ms.limit
	}
	return DefaultMediaBytes
}

// dropFront removes the oldest upload.
func (ms *mediaStore) dropFront() {
	old := ms.order[0]
	ms.order[0] = nil
	ms.order = ms.order[1:]
	ms.bytes -= int64(len(old.Data))
	delete(ms.byID, old.ID)
}

// PutMedia stores an upload of corpID and gives it a media_id valid for
// MediaTTL. The store keeps data: the caller must not modify it. Expired uploads are dropped first, then the
// oldest ones while the total would exceed the store's media budget.
func (s *Store) PutMedia(corpID, typ, filename, contentType string, data []byte) Media {
	return s.putMedia(corpID, "", typ, filename, contentType, data)
}

func (s *Store) putMedia(corpID, robotKey, typ, filename, contentType string, data []byte) Media {
	now := s.Now()
	m := &Media{
		RobotKey:    robotKey,
		CorpID:      corpID,
		Type:        typ,
		Filename:    filename,
		ContentType: contentType,
		Data:        data,
		CreatedAt:   now,
		ExpiresAt:   now.Add(MediaTTL),
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	ms := &s.media
	// Uploads are in time order, so the expired ones are at the front.
	for len(ms.order) > 0 && !now.Before(ms.order[0].ExpiresAt) {
		ms.dropFront()
	}
	for len(ms.order) > 0 && ms.bytes+int64(len(m.Data)) > ms.cap() {
		ms.dropFront()
	}
	m.ID = s.randomString(44)
	ms.byID[m.ID] = m
	ms.order = append(ms.order, m)
	ms.bytes += int64(len(m.Data))
	return *m
}

// Media returns the upload id of corpID: ErrMediaNotFound if there is none,
// it belongs to another corp or to a robot, or it has expired. Data must not be modified.
func (s *Store) Media(corpID, id string) (Media, error) {
	now := s.Now()
	s.mu.RLock()
	defer s.mu.RUnlock()
	m, ok := s.media.byID[id]
	if !ok || m.CorpID != corpID || m.RobotKey != "" || !now.Before(m.ExpiresAt) {
		return Media{}, ErrMediaNotFound
	}
	return *m, nil
}

// MediaBytes reports how many media files and bytes the store keeps.
func (s *Store) MediaBytes() (files int, bytes int64) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.media.order), s.media.bytes
}
