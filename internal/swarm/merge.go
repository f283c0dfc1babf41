package swarm

import (
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
)

// Merge combines the summaries of swarm directories (the shards of one
// swarm, run anywhere) into one, written to out with the failed runs'
// directories copied under it. The shards must come from one kvchaos
// version and cover disjoint seeds; when they are the n shards of the
// same range, the merged summary equals that of one unsharded swarm over
// the range (Timing aside).
func Merge(out string, dirs ...string) (Summary, error) {
	if len(dirs) == 0 {
		return Summary{}, errors.New("swarm merge: name at least one swarm directory")
	}
	var (
		sum  Summary
		from []string // the directory of each of sum.Seeds
	)
	for i, dir := range dirs {
		s, err := ReadSummary(dir)
		if err != nil {
			return sum, err
		}
		if i == 0 {
			sum = newSummary(s.Version)
			sum.Space = s.Space
		} else if !slices.Equal(s.Space.Presets, sum.Space.Presets) || !slices.Equal(s.Space.Workloads, sum.Space.Workloads) {
			return sum, fmt.Errorf("swarm merge: %s drew from presets %v and workloads %v, %s from %v and %v: the same seed is another run in each", dir, s.Space.Presets, s.Space.Workloads, dirs[0], sum.Space.Presets, sum.Space.Workloads)
		} else if s.Version != sum.Version {
			return sum, fmt.Errorf("swarm merge: %s was run by kvchaos %s, %s by %s: the same seed draws a different run in each", dir, s.Version, dirs[0], sum.Version)
		}
		for _, r := range s.Seeds {
			for j, q := range sum.Seeds {
				if overlap(r, q) {
					return sum, fmt.Errorf("swarm merge: %s covers seeds %s, which overlap seeds %s of %s: merge each shard once", dir, r, q, from[j])
				}
			}
		}
		sum.Seeds = append(sum.Seeds, s.Seeds...)
		for range s.Seeds {
			from = append(from, dir)
		}
		sum.addAll(&s)
		if err := copyCases(out, dir, s.Cases); err != nil {
			return sum, err
		}
	}
	sum.Seeds = joinShards(sum.Seeds)
	sum.sortCases()
	return sum, writeSummary(out, &sum)
}

// overlap reports whether two seed ranges share a seed.
func overlap(a, b SeedRange) bool {
	lo, hi := max(a.First, b.First), min(a.Last, b.Last)
	if lo > hi {
		return false
	}
	if a.Shard.Count == b.Shard.Count {
		return a.Shard.Index == b.Shard.Index
	}
	for k := lo; k <= hi; k++ { // different shard counts: look (bounded by the ranges)
		if a.Contains(k) && b.Contains(k) {
			return true
		}
	}
	return false
}

// joinShards replaces the n shards 1/n … n/n of one range by the range
// itself, as an unsharded swarm would record it. The shards of a range
// [1, N] end at different seeds (shard i's last seed is the largest k ≤ N
// in it), so a range is complete when every shard is present and their
// last seeds are consecutive.
func joinShards(rs []SeedRange) []SeedRange {
	if len(rs) < 2 {
		return rs
	}
	n := rs[0].Shard.Count
	if len(rs) != n {
		return sortRanges(rs)
	}
	seen := make([]bool, n+1)
	lo, hi := rs[0].First, rs[0].Last
	for _, r := range rs {
		if r.Shard.Count != n || seen[r.Shard.Index] || r.First > uint64(n) {
			return sortRanges(rs)
		}
		seen[r.Shard.Index] = true
		lo, hi = min(lo, r.First), max(hi, r.Last)
	}
	for _, r := range rs { // every shard reaches within n of the end
		if r.Last+uint64(n) <= hi {
			return sortRanges(rs)
		}
	}
	return []SeedRange{{First: lo, Last: hi, Shard: Shard{Index: 1, Count: 1}}}
}

func sortRanges(rs []SeedRange) []SeedRange {
	slices.SortFunc(rs, func(a, b SeedRange) int {
		if a.Shard.Index != b.Shard.Index {
			return a.Shard.Index - b.Shard.Index
		}
		return int(a.First) - int(b.First)
	})
	return rs
}

// copyCases copies the failed runs' directories of a swarm directory into
// out, so that the merged report's links work.
func copyCases(out, dir string, cases []Case) error {
	for _, c := range cases {
		src, dst := filepath.Join(dir, c.Dir), filepath.Join(out, c.Dir)
		if filepath.Clean(src) == filepath.Clean(dst) {
			continue
		}
		if filepath.IsAbs(c.Dir) || !filepath.IsLocal(c.Dir) {
			return fmt.Errorf("swarm merge: %s: case directory %q is not inside the swarm directory", dir, c.Dir)
		}
		entries, err := os.ReadDir(src)
		if err != nil {
			return fmt.Errorf("swarm merge: %w", err)
		}
		if err := os.MkdirAll(dst, 0o755); err != nil {
			return err
		}
		for _, e := range entries {
			if !e.Type().IsRegular() {
				continue
			}
			b, err := os.ReadFile(filepath.Join(src, e.Name()))
			if err != nil {
				return fmt.Errorf("swarm merge: %w", err)
			}
			if err := os.WriteFile(filepath.Join(dst, e.Name()), b, 0o644); err != nil {
				return err
			}
		}
	}
	return nil
}
