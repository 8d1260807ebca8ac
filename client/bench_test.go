package client_test

import (
	"context"
	"testing"
)

// BenchmarkGetUser measures one user/get round trip through the client with
// a warm token against the in-process mock over loopback HTTP.
func BenchmarkGetUser(b *testing.B) {
	srv := newServer(b)
	c := newClient(b, srv, appSecret)
	ctx := context.Background()
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil { // warm the token
		b.Fatal(err)
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkGetUserParallel is the same with concurrent callers sharing the
// client and its token.
func BenchmarkGetUserParallel(b *testing.B) {
	srv := newServer(b)
	c := newClient(b, srv, appSecret)
	ctx := context.Background()
	if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if _, err := c.GetUser(ctx, "zhangsan"); err != nil {
				b.Error(err)
				return
			}
		}
	})
}
