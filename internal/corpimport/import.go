package corpimport

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/wecom-mock/wecom-mock/fixtures"
)

// Import reads the corp o describes and returns its faked world, checked
// by the fixtures loader's validation.
func Import(ctx context.Context, o Options) (*fixtures.World, error) {
	switch {
	case o.CorpID == "":
		return nil, errors.New("import: no corpid")
	case o.ContactsSecret == "":
		return nil, errors.New("import: no contacts secret (通讯录同步 secret)")
	}
	opts := o.withDefaults()
	if opts.HTTPClient == nil {
		tr := http.DefaultTransport.(*http.Transport).Clone()
		defer tr.CloseIdleConnections()
		opts.HTTPClient = &http.Client{Timeout: time.Minute, Transport: tr}
	}
	snap, err := newReader(&opts).read(ctx)
	if err != nil {
		return nil, fmt.Errorf("import: %w", err)
	}
	if len(snap.depts) == 0 {
		return nil, errors.New("import: the contacts secret sees no department")
	}
	snap.sample(opts.Sample)
	w := newFaker(opts.Seed, opts.KeepIDs).world(snap)
	if err := w.Validate(); err != nil {
		return nil, fmt.Errorf("import: the imported world does not validate (please report it): %w", err)
	}
	n := w.Count()
	fmt.Fprintf(opts.Progress, "import: done: %d departments, %d members, %d tags, %d apps, %d customers, %d customer groups\n",
		n.Departments, n.Members, n.Tags, n.Apps, n.Customers, n.CustomerGroups)
	return w, nil
}
