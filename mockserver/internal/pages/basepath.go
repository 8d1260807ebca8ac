package pages

import (
	"context"
	"net/http"
)

type basePathKey struct{}

// WithBasePath marks a request as served under a path prefix (a sandbox's
// /sandboxes/<id>): BaseURL includes it, so the links the pages build with
// it (the QR code's phone page) stay inside the prefix.
func WithBasePath(r *http.Request, prefix string) *http.Request {
	return r.WithContext(context.WithValue(r.Context(), basePathKey{}, prefix))
}

// BasePath is the path prefix the request is served under, "" for none.
func BasePath(r *http.Request) string {
	p, _ := r.Context().Value(basePathKey{}).(string)
	return p
}
