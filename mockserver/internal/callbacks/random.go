package callbacks

import "github.com/wecom-mock/wecom-mock/client/wxcrypt"

// The engine's random stream (seeded, so WithSeed reproduces nonces,
// encryption prefixes and message ids) is guarded by e.mu.

// randomDigits returns n random decimal digits (nonces and echostr
// plaintexts look like that on WeCom).
func (e *Engine) randomDigits(n int) string {
	b := make([]byte, n)
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range b {
		b[i] = '0' + byte(e.rng.Uint64()%10)
	}
	if b[0] == '0' {
		b[0] = '1'
	}
	return string(b)
}

// randomPrefix returns the 16 alphanumerics that start every plaintext.
func (e *Engine) randomPrefix() []byte {
	const alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
	b := make([]byte, wxcrypt.RandomLen)
	e.mu.Lock()
	defer e.mu.Unlock()
	for i := range b {
		b[i] = alphabet[e.rng.Uint64()%uint64(len(alphabet))]
	}
	return b
}

// int63 returns a random positive int64 (message ids).
func (e *Engine) int63() int64 {
	e.mu.Lock()
	defer e.mu.Unlock()
	return int64(e.rng.Uint64()>>1) | 1<<60
}
