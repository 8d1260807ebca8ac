package store

import (
	"errors"
	"time"
)

// Permanent images (media/uploadimg,
// https://developer.work.weixin.qq.com/document/path/90256) never expire on
// WeCom. The mock keeps them until Reset or Load, within a budget: past
// DefaultImageCount images or DefaultImageBytes bytes the oldest go first,
// so a long run cannot exhaust memory.
const (
	DefaultImageCount = 3000 // WeCom's monthly upload quota per corp
	DefaultImageBytes = 128 << 20
)

// ErrImageNotFound: no such image in this corp, or it has been dropped.
var ErrImageNotFound = errors.New("store: image not found")

// Image is a permanent image uploaded through media/uploadimg.
type Image struct {
	ID          string
	CorpID      string
	ContentType string // image/jpeg or image/png
	Data        []byte
	CreatedAt   time.Time
}

// imageTable keeps images in upload order, for eviction.
type imageTable struct {
	byID  map[string]*Image
	order []*Image
	bytes int64
	// maxCount and maxBytes override the defaults when positive (tests).
	maxCount int
	maxBytes int64
}

func (t *imageTable) clear() {
	t.byID = map[string]*Image{}
	t.order = nil
	t.bytes = 0
}

func (t *imageTable) caps() (int, int64) {
	count, bytes := DefaultImageCount, int64(DefaultImageBytes)
	if t.maxCount > 0 {
		count = t.maxCount
	}
	if t.maxBytes > 0 {
		bytes = t.maxBytes
	}
	return count, bytes
}

// PutImage keeps a permanent image of corpID and names it; the store keeps
// data, which the caller must not modify. The oldest images are dropped
// while the count or the bytes would exceed the budget. With the limits on,
// past the corp's uploads of the day or the month: ErrFreqLimited.
func (s *Store) PutImage(corpID, contentType string, data []byte) (Image, error) {
	img := &Image{CorpID: corpID, ContentType: contentType, Data: data, CreatedAt: s.Now()}
	s.mu.Lock()
	defer s.mu.Unlock()
	if err := s.admitImageLocked(corpID); err != nil {
		return Image{}, err
	}
	t := &s.images
	maxCount, maxBytes := t.caps()
	for len(t.order) > 0 && (len(t.order)+1 > maxCount || t.bytes+int64(len(data)) > maxBytes) {
		old := t.order[0]
		t.order[0] = nil
		t.order = t.order[1:]
		t.bytes -= int64(len(old.Data))
		delete(t.byID, old.ID)
	}
	img.ID = s.randomString(32)
	t.byID[img.ID] = img
	t.order = append(t.order, img)
	t.bytes += int64(len(data))
	return *img, nil
}

// Image returns image id of corpID, ErrImageNotFound if there is none (or
// it is another corp's). Data must not be modified.
func (s *Store) Image(corpID, id string) (Image, error) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	img, ok := s.images.byID[id]
	if !ok || img.CorpID != corpID {
		return Image{}, ErrImageNotFound
	}
	return *img, nil
}

// ImageCounts reports how many permanent images and bytes the store keeps.
func (s *Store) ImageCounts() (images int, bytes int64) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.images.order), s.images.bytes
}
