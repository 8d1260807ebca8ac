package catalog

import (
	"cmp"
	"slices"
)

// Nearest returns up to n catalogued paths closest to path by edit
// distance, closest first (ties by path), within a few edits: what a caller
// of an unknown path probably meant ("/cgi-bin/user/gett" →
// "/cgi-bin/user/get"). It is empty when nothing is that close.
func (c *Catalog) Nearest(path string, n int) []string {
	limit := max(2, len(path)/5) // a typo or two; a fifth of a long path
	type near struct {
		path string
		d    int
	}
	var found []near
	for _, e := range c.sorted {
		if abs(len(e.Path)-len(path)) > limit {
			continue // the distance is at least the difference in length
		}
		if d := editDistance(path, e.Path, limit); d <= limit {
			found = append(found, near{e.Path, d})
		}
	}
	slices.SortFunc(found, func(a, b near) int {
		return cmp.Or(cmp.Compare(a.d, b.d), cmp.Compare(a.path, b.path))
	})
	out := make([]string, 0, min(n, len(found)))
	for _, f := range found[:min(n, len(found))] {
		out = append(out, f.path)
	}
	return out
}

// editDistance is the Levenshtein distance of a and b in bytes, or
// limit+1 as soon as it must exceed limit.
func editDistance(a, b string, limit int) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		best := cur[0]
		for j := 1; j <= len(b); j++ {
			sub := prev[j-1]
			if a[i-1] != b[j-1] {
				sub++
			}
			cur[j] = min(sub, prev[j]+1, cur[j-1]+1)
			best = min(best, cur[j])
		}
		if best > limit {
			return limit + 1
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// PathDistance is the edit distance of two paths in bytes, or limit+1 as
// soon as it must exceed limit.
func PathDistance(a, b string, limit int) int {
	if abs(len(a)-len(b)) > limit {
		return limit + 1
	}
	return editDistance(a, b, limit)
}
