// Command snapshot checks the catalog's data/*.yaml and writes catalog.json,
// the snapshot the catalog package embeds. Run it with `go generate
// ./catalog` (or make catalog) after changing a data file.
package main

import (
	"fmt"
	"os"

	"github.com/wecom-mock/wecom-mock/catalog"
)

func main() {
	c, err := catalog.Load(os.DirFS("."), "data")
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
	data, err := c.Encode()
	if err == nil {
		err = os.WriteFile("catalog.json", data, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
	fmt.Printf("catalog.json: %d endpoints in %d families\n", len(c.Endpoints()), len(c.Families))
}
