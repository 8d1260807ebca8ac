package mockserver

import (
	"bytes"
	"io"
	"net/http"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/client/errcode"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/api/shaped"
	"github.com/wecom-mock/wecom-mock/mockserver/internal/kernel"
)

// answerShaped serves an endpoint the mock does not model: the request is
// checked against the catalog (required parameters, types, limits) and the
// answer is the catalog's example, so SDKs decode it field for field.
func (s *Server) answerShaped(spec *catalog.Endpoint, r *http.Request, c *call) (any, error) {
	var body []byte
	switch {
	case spec.Upload:
		defer func() { _, _ = io.Copy(io.Discard, r.Body) }()
		data, _, err := kernel.ReadMediaPart(r, kernel.MaxUploadBody)
		if err != nil {
			return nil, err
		}
		if len(data) == 0 {
			return nil, wecomErr(errcode.EmptyMediaData)
		}
	case spec.Method == http.MethodPost:
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return nil, wrongJSON()
		}
	}
	if err := s.checkCatalogParams(spec, c, body); err != nil {
		return nil, err
	}
	if spec.File {
		return shaped.File(), nil
	}
	return rawObject(spec.ResponseJSON), nil
}

// checkCatalogParams checks a call's query and body against the catalog.
func (s *Server) checkCatalogParams(spec *catalog.Endpoint, c *call, body []byte) error {
	query := func(name string) (string, bool) { return c.Query.Lookup(name) }
	if p := shaped.Check(spec, query, body); p != nil {
		if p.WrongJSON {
			return wrongJSON()
		}
		s.cfg.logger.Debug("request refused by the catalog", "path", spec.Path, "why", p.Detail)
		return wecomErr(p.Code)
	}
	return nil
}

// checkModelParams runs the catalog's checks before a model that asks for
// them (kernel.Model.CheckParams) and leaves the body readable again.
func (s *Server) checkModelParams(spec *catalog.Endpoint, r *http.Request, c *call) error {
	var body []byte
	if spec.Method == http.MethodPost && r.Body != nil {
		var err error
		if body, err = io.ReadAll(r.Body); err != nil {
			return wrongJSON()
		}
		r.Body = io.NopCloser(bytes.NewReader(body))
	}
	return s.checkCatalogParams(spec, c, body)
}
