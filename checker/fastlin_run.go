package checker

// fastSplit separates the partitions the fast path decided: the illegal
// ones (by index into parts, in order) and the rest, still to search,
// with a map back to the original index.
func fastSplit(res []fastResult) (illegal, rest []int, legal int) {
	for p, r := range res {
		switch r.verdict {
		case fastIllegal:
			illegal = append(illegal, p)
		case fastLegal:
			legal++
		default:
			rest = append(rest, p)
		}
	}
	return illegal, rest, legal
}
