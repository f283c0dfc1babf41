package checker

import "sort"

// fenwick counts inserted values greater than a bound; values are drawn
// from a fixed set given up front.
type fenwick struct {
	vals []int64 // sorted distinct
	tree []int
	n    int
}

func newFenwick(values []int64) *fenwick {
	vs := append([]int64{}, values...)
	sort.Slice(vs, func(a, b int) bool { return vs[a] < vs[b] })
	u := vs[:0]
	for i, v := range vs {
		if i == 0 || v != vs[i-1] {
			u = append(u, v)
		}
	}
	return &fenwick{vals: u, tree: make([]int, len(u)+1)}
}

func (f *fenwick) add(v int64) {
	for i := sort.Search(len(f.vals), func(i int) bool { return f.vals[i] >= v }) + 1; i < len(f.tree); i += i & -i {
		f.tree[i]++
	}
	f.n++
}

// countAfter returns how many inserted values are > bound.
func (f *fenwick) countAfter(bound int64) int {
	i := sort.Search(len(f.vals), func(i int) bool { return f.vals[i] > bound }) // values <= bound
	le := 0
	for ; i > 0; i -= i & -i {
		le += f.tree[i]
	}
	return f.n - le
}
