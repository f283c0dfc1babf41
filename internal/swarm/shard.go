package swarm

import (
	"fmt"
	"strconv"
	"strings"
)

// Shard is one of Count disjoint parts of the seed space: the seeds k
// with k mod Count = Index−1. Shards 1/n … n/n together run every seed
// once, with no coordinator: a CI matrix or a Kubernetes Indexed Job
// gives each machine its index.
type Shard struct {
	Index, Count int
}

// ParseShard reads "i/n" (1 ≤ i ≤ n).
func ParseShard(s string) (Shard, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(a)
	n, err2 := strconv.Atoi(b)
	if !ok || err1 != nil || err2 != nil {
		return Shard{}, fmt.Errorf("--shard: %q is not i/n (e.g. 2/8)", s)
	}
	sh := Shard{Index: i, Count: n}
	return sh, sh.validate()
}

func (sh Shard) validate() error {
	if sh == (Shard{}) {
		return nil
	}
	if sh.Count < 1 || sh.Index < 1 || sh.Index > sh.Count {
		return fmt.Errorf("--shard: %d/%d: need 1 <= i <= n", sh.Index, sh.Count)
	}
	return nil
}

// String is "i/n".
func (sh Shard) String() string { return fmt.Sprintf("%d/%d", sh.Index, sh.Count) }

// MarshalText writes "i/n".
func (sh Shard) MarshalText() ([]byte, error) { return []byte(sh.String()), nil }

// UnmarshalText reads "i/n".
func (sh *Shard) UnmarshalText(b []byte) error {
	v, err := ParseShard(string(b))
	if err != nil {
		return err
	}
	*sh = v
	return nil
}

// seed is the shard's j-th seed (j from 0): the j-th k ≥ 1 with
// k mod Count = Index−1.
func (sh Shard) seed(j int64) uint64 {
	first := uint64(sh.Index - 1)
	if first == 0 {
		first = uint64(sh.Count)
	}
	return first + uint64(j)*uint64(sh.Count)
}

// SeedRange is the seeds k in [First, Last] with k mod Shard.Count =
// Shard.Index−1.
type SeedRange struct {
	First uint64 `json:"first"`
	Last  uint64 `json:"last"`
	Shard Shard  `json:"shard"`
}

// Len is the number of seeds in the range.
func (r SeedRange) Len() uint64 {
	if r.Last < r.First {
		return 0
	}
	return (r.Last-r.First)/uint64(r.Shard.Count) + 1
}

// Contains reports whether seed k is in the range.
func (r SeedRange) Contains(k uint64) bool {
	return k >= r.First && k <= r.Last && k%uint64(r.Shard.Count) == uint64(r.Shard.Index-1)
}

// String is "1..100" or "2..100 (shard 1/2)".
func (r SeedRange) String() string {
	if r.Shard.Count <= 1 {
		return fmt.Sprintf("%d..%d", r.First, r.Last)
	}
	return fmt.Sprintf("%d..%d (shard %s)", r.First, r.Last, r.Shard)
}
