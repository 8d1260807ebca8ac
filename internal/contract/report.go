package contract

import (
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
)

// WriteTable prints one row per check, then each difference.
func (r *Report) WriteTable(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "API\tREAL\tMOCK\tRESULT\n")
	for _, res := range r.Results {
		result := "match"
		switch {
		case res.Skipped != "":
			result = "skipped: " + res.Skipped
		case len(res.Differences) == 1:
			result = "1 difference"
		case len(res.Differences) > 1:
			result = strconv.Itoa(len(res.Differences)) + " differences"
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", res.API, code(res.RealErrcode), code(res.MockErrcode), result)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	for _, res := range r.Results {
		for _, d := range res.Differences {
			if _, err := fmt.Fprintf(w, "%s: %s\n", res.API, d); err != nil {
				return err
			}
		}
	}
	return nil
}

// WriteJSON prints the report as one JSON document.
func (r *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	return enc.Encode(r)
}

func code(p *int) string {
	if p == nil {
		return "-"
	}
	return strconv.Itoa(*p)
}
