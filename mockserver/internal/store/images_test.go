package store

import (
	"bytes"
	"errors"
	"testing"
)

func TestImagesAreBoundedOldestFirst(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name             string
		maxCount         int
		maxBytes         int64
		sizes            []int
		wantKept         int
		wantBytes        int64
		wantFirstDropped int // how many of the first uploads are gone
	}{
		{"by count", 3, 1 << 20, []int{10, 10, 10, 10, 10}, 3, 30, 2},
		{"by bytes", 100, 25, []int{10, 10, 10, 10}, 2, 20, 2},
		{"one larger than the budget stays alone", 100, 25, []int{10, 30}, 1, 30, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := msgStore(t, nil)
			s.images.maxCount, s.images.maxBytes = tt.maxCount, tt.maxBytes
			var ids []string
			for i, n := range tt.sizes {
				img, err := s.PutImage(msgCorp, "image/png", bytes.Repeat([]byte{byte(i)}, n))
				if err != nil {
					t.Fatal(err)
				}
				ids = append(ids, img.ID)
			}
			if n, b := s.ImageCounts(); n != tt.wantKept || b != tt.wantBytes {
				t.Fatalf("kept %d images, %d bytes; want %d, %d", n, b, tt.wantKept, tt.wantBytes)
			}
			for i, id := range ids {
				_, err := s.Image(msgCorp, id)
				if gone := i < tt.wantFirstDropped; gone != errors.Is(err, ErrImageNotFound) {
					t.Errorf("image %d: err %v, want dropped=%v", i, err, gone)
				}
			}
		})
	}
}

func TestImagesBelongToTheirCorpAndGoOnReset(t *testing.T) {
	t.Parallel()
	s := msgStore(t, nil)
	img, err := s.PutImage(msgCorp, "image/jpeg", []byte("\xff\xd8\xffabc"))
	if err != nil {
		t.Fatal(err)
	}
	if got, err := s.Image(msgCorp, img.ID); err != nil || got.ContentType != "image/jpeg" || !got.CreatedAt.Equal(s.Now()) {
		t.Fatalf("Image = %+v, %v", got, err)
	}
	if _, err := s.Image(msgCorp2, img.ID); !errors.Is(err, ErrImageNotFound) {
		t.Errorf("another corp: %v", err)
	}
	s.Reset()
	if _, err := s.Image(msgCorp, img.ID); !errors.Is(err, ErrImageNotFound) {
		t.Errorf("after reset: %v", err)
	}
}
