package main

import (
	"fmt"
	"io"
	"os"
	"slices"
	"time"
)

// compareStartups starts the binary and the bare baseline n times each,
// alternately so that the machine's load drifts over both alike, and prints
// the median start-up (exec to the first 200 on /_mock/healthz) of each. One
// start varies by milliseconds with the load; the median of several does not.
func compareStartups(bin string, n int) error {
	if n <= 0 {
		return nil
	}
	self, err := os.Executable()
	if err != nil {
		return err
	}
	empty, err := os.MkdirTemp("", "loadrun-empty")
	if err != nil {
		return err
	}
	defer os.RemoveAll(empty)
	var mock, bare []time.Duration
	for range n {
		for _, side := range []struct {
			times *[]time.Duration
			bin   string
			args  []string
		}{
			{&bare, self, []string{"--bodies", empty, "--serve-bare"}},
			{&mock, bin, []string{"serve", "--addr"}},
		} {
			p, err := startProcessLogging(io.Discard, side.bin, side.args...)
			if err != nil {
				return err
			}
			*side.times = append(*side.times, p.startup)
			p.stop()
		}
	}
	m, b := median(mock), median(bare)
	fmt.Printf("start-up to first healthy response, median of %d alternating starts: bare net/http %v, wecom-mock %v (%+v)\n",
		n, b.Round(100*time.Microsecond), m.Round(100*time.Microsecond), (m - b).Round(100*time.Microsecond))
	return nil
}

func median(d []time.Duration) time.Duration {
	s := slices.Clone(d)
	slices.Sort(s)
	return s[len(s)/2]
}
