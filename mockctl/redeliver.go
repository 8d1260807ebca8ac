package mockctl

import (
	"context"
	"net/http"
	"net/url"
)

// Redeliver sends delivery id's event again, as a new delivery, to its
// receiver as configured now (POST /_mock/callbacks/{id}/redeliver), and
// returns the new delivery (pending; see WaitDeliveries).
func (c *Client) Redeliver(ctx context.Context, id string) (Delivery, error) {
	var out Delivery
	err := c.do(ctx, http.MethodPost, "/_mock/callbacks/"+url.PathEscape(id)+"/redeliver", nil, &out)
	return out, err
}
