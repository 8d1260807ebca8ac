//go:build race

package mockserver

// raceEnabled: the race detector slows encoding about tenfold, so heavy
// tests scale their load down.
const raceEnabled = true
