package mockctl

import (
	"context"
	"net/http"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// World returns the mock's current world (GET /_mock/world): the loaded
// fixtures with every change made since, as a fixtures file that
// LoadFixtures takes back.
func (c *Client) World(ctx context.Context) (*fixtures.World, error) {
	var w fixtures.World
	if err := c.do(ctx, http.MethodGet, "/_mock/world", nil, &w); err != nil {
		return nil, err
	}
	return &w, nil
}

// WorldYAML returns the mock's current world as YAML text
// (GET /_mock/world?format=yaml), ready to save as a fixtures file.
func (c *Client) WorldYAML(ctx context.Context) ([]byte, error) {
	return c.raw(ctx, http.MethodGet, "/_mock/world?format=yaml", nil)
}
