package mockctl

import (
	"context"
	"net/http"
)

// CatalogEndpoint is one row of GET /_mock/catalog: an endpoint of the WeCom
// API the mock serves, and how.
type CatalogEndpoint struct {
	Path   string `json:"path"`
	Method string `json:"method"`
	Name   string `json:"name"`
	Family string `json:"family"`
	// Auth lists the credential kinds that may call it (app, contacts,
	// externalcontact, kf, checkin, approval, msgaudit, suite, provider,
	// robot, none).
	Auth []string `json:"auth"`
	// Status is "stateful" for endpoints the mock models with state, and
	// "shaped" for those answered from the catalog's example.
	Status string `json:"status"`
	// Doc is the official document's URL.
	Doc string `json:"doc,omitempty"`
}

// The endpoint statuses.
const (
	StatusStateful = "stateful"
	StatusShaped   = "shaped"
)

// Catalog is the answer of GET /_mock/catalog.
type Catalog struct {
	Endpoints []CatalogEndpoint `json:"endpoints"`
	// Counts are the numbers of endpoints by status.
	Counts map[string]int `json:"counts"`
}

// Catalog lists every endpoint the mock serves.
func (c *Client) Catalog(ctx context.Context) (Catalog, error) {
	var out Catalog
	err := c.do(ctx, http.MethodGet, "/_mock/catalog", nil, &out)
	return out, err
}
