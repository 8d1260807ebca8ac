package main

import (
	"testing"
	"time"
)

// The soak's verdict: a plateau after start-up passes, steady growth fails.
func TestJudgeSoak(t *testing.T) {
	t.Parallel()
	var flat, growing []float64
	for i := range 40 {
		flat = append(flat, 30+min(float64(i), 10)+float64(i%3)) // fills, then holds
		growing = append(growing, 30+2*float64(i))
	}
	if err := judgeSoak(flat, 3*time.Second); err != nil {
		t.Errorf("a plateau failed: %v", err)
	}
	if err := judgeSoak(growing, 3*time.Second); err == nil {
		t.Error("steady growth passed")
	}
	if err := judgeSoak(flat[:5], 3*time.Second); err == nil {
		t.Error("5 samples passed")
	}
}
