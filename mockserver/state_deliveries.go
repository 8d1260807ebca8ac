package mockserver

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/wecom-mock/wecom-mock/mockctl"
)

// The deliveries journal in a state file, as history: each callback
// delivery with its attempts, status, plaintext and the receiver's
// answers, in the wire form of GET /_mock/callbacks. A delivery
// still pending when the state was saved comes back canceled, never sent
// again (docs/control-api.md).

// parseStateDeliveries decodes and checks the "deliveries" part of a state
// file: an error names the delivery at fault.
func parseStateDeliveries(raw json.RawMessage) ([]Delivery, error) {
	var ds []Delivery
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&ds); err != nil {
		return nil, fmt.Errorf("deliveries: %w", err)
	}
	seen := make(map[string]bool, len(ds))
	for i, d := range ds {
		switch {
		case d.ID == "":
			return nil, fmt.Errorf("deliveries[%d]: no id", i)
		case seen[d.ID]:
			return nil, fmt.Errorf("deliveries[%d]: id %q appears twice", i, d.ID)
		}
		seen[d.ID] = true
		switch d.Status {
		case mockctl.DeliveryPending, mockctl.DeliveryDelivered, mockctl.DeliveryFailed, mockctl.DeliveryCanceled:
		default:
			return nil, fmt.Errorf("deliveries[%d] (id %q): unknown status %q", i, d.ID, d.Status)
		}
	}
	return ds, nil
}
