package mockserver

import (
	"net/http"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/mockctl"
)

// Catalog lists every WeCom API endpoint the server serves, sorted by path,
// with its family, the credentials that may call it, and whether the mock
// models it with state or answers it from the catalog's example.
func (s *Server) Catalog() mockctl.Catalog {
	eps := catalog.Default().Endpoints()
	out := mockctl.Catalog{
		Endpoints: make([]mockctl.CatalogEndpoint, 0, len(eps)),
		Counts:    map[string]int{mockctl.StatusStateful: 0, mockctl.StatusShaped: 0},
	}
	for _, e := range eps {
		status := mockctl.StatusShaped
		if s.modelled[e.Path] {
			status = mockctl.StatusStateful
		}
		auth := make([]string, len(e.Auth))
		for i, c := range e.Auth {
			auth[i] = string(c)
		}
		out.Endpoints = append(out.Endpoints, mockctl.CatalogEndpoint{
			Path: e.Path, Method: e.Method, Name: e.Name, Family: e.Family,
			Auth: auth, Status: status, Doc: e.DocURL(),
		})
		out.Counts[status]++
	}
	return out
}

func (s *Server) ctlCatalog(*http.Request) (any, error) { return s.Catalog(), nil }
