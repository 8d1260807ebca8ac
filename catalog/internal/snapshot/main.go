// Command snapshot checks the catalog's data/*.yaml and writes
// catalog_gen.go, the catalog as Go data that the catalog package serves
// from. Run it with `go generate ./catalog` (or make catalog) after changing
// a data file.
package main

import (
	"fmt"
	"os"

	"github.com/wecom-mock/wecom-mock/catalog"
	"github.com/wecom-mock/wecom-mock/catalog/internal/gosource"
)

func main() {
	c, err := catalog.Load(os.DirFS("."), "data")
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
	src, err := gosource.Write(c)
	if err == nil {
		err = os.WriteFile("catalog_gen.go", src, 0o644)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "catalog:", err)
		os.Exit(1)
	}
	fmt.Printf("catalog_gen.go: %d endpoints in %d families\n", len(c.Endpoints()), len(c.Families))
}
