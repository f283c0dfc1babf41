package swarm

import (
	"fmt"
	"maps"
	"slices"
	"strings"
	"time"
)

// Summary is what a swarm (or a merge of several) found. Everything but
// Timing is a pure function of the seeds run and the kvchaos version, so
// two shards merged equal one unsharded swarm over the same seeds.
type Summary struct {
	// Version is the kvchaos version that ran the swarm.
	Version string `json:"version"`
	// Space is the presets and workloads the seeds drew from (empty =
	// all); Seeds says which seeds were run.
	Space Space       `json:"space"`
	Seeds []SeedRange `json:"seeds"`
	// Runs counts finished runs; Ops their recorded operations.
	Runs int   `json:"runs"`
	Ops  int64 `json:"ops"`
	// Passed, Failures and Unknown count runs by status; they add up to
	// Runs.
	Passed   int `json:"passed"`
	Failures int `json:"failures"`
	Unknown  int `json:"unknown"`
	// ByKind counts failed runs by failure kind (a run with two kinds
	// counts in both).
	ByKind map[string]int `json:"by_kind"`
	// Expected counts runs by the anomaly kinds found that their preset
	// does not promise to avoid: findings, not failures.
	Expected map[string]int `json:"expected"`
	// ByPreset breaks the counts down by simulator preset.
	ByPreset map[string]*PresetCounts `json:"by_preset"`
	// Cases lists every failed and unknown run, by seed.
	Cases []Case `json:"cases"`
	// Timing is wall-clock time: the only part of a summary that differs
	// between machines and between runs.
	Timing Timing `json:"timing"`
}

// PresetCounts are a preset's share of a Summary.
type PresetCounts struct {
	Promise  string         `json:"promise"`
	Runs     int            `json:"runs"`
	Ops      int64          `json:"ops"`
	Failures int            `json:"failures"`
	Unknown  int            `json:"unknown"`
	ByKind   map[string]int `json:"by_kind,omitempty"`
	Expected map[string]int `json:"expected,omitempty"`
}

// Case is one failed or unknown run.
type Case struct {
	Seed uint64 `json:"seed"`
	Outcome
	// Config is the run's configuration; Replay its replay token.
	Config Config `json:"config"`
	Replay string `json:"replay"`
	// Dir is the run's directory, relative to the swarm's.
	Dir string `json:"dir"`
}

// Timing is how long a swarm took, by the wall clock.
type Timing struct {
	// Wall is the elapsed time; for a merge, the sum of the shards'.
	Wall time.Duration `json:"wall_ns"`
	// Workers is the number of runs in parallel (summed over shards).
	Workers int `json:"workers"`
}

// OpsPerSecond is the rate at which the swarm recorded operations.
func (s *Summary) OpsPerSecond() float64 {
	if s.Timing.Wall <= 0 {
		return 0
	}
	return float64(s.Ops) / s.Timing.Wall.Seconds()
}

func newSummary(version string) Summary {
	return Summary{Version: version, ByKind: map[string]int{}, Expected: map[string]int{}, ByPreset: map[string]*PresetCounts{}}
}

// add counts one run.
func (s *Summary) add(c Config, ops int, o Outcome) {
	p := s.ByPreset[c.Preset]
	if p == nil {
		p = &PresetCounts{Promise: string(c.Promise())}
		s.ByPreset[c.Preset] = p
	}
	s.Runs++
	p.Runs++
	s.Ops += int64(ops)
	p.Ops += int64(ops)
	switch o.Status {
	case Pass:
		s.Passed++
	case Fail:
		s.Failures++
		p.Failures++
	default:
		s.Unknown++
		p.Unknown++
	}
	countInto(&s.ByKind, o.Kinds, 1)
	countInto(&p.ByKind, o.Kinds, 1)
	countInto(&s.Expected, o.Expected, 1)
	countInto(&p.Expected, o.Expected, 1)
}

func countInto(m *map[string]int, kinds []string, n int) {
	if len(kinds) == 0 {
		return
	}
	if *m == nil {
		*m = map[string]int{}
	}
	for _, k := range kinds {
		(*m)[k] += n
	}
}

// addAll adds every count of o to s (the merge of two summaries).
func (s *Summary) addAll(o *Summary) {
	s.Runs += o.Runs
	s.Ops += o.Ops
	s.Passed += o.Passed
	s.Failures += o.Failures
	s.Unknown += o.Unknown
	for k, n := range o.ByKind {
		s.ByKind[k] += n
	}
	for k, n := range o.Expected {
		s.Expected[k] += n
	}
	for name, op := range o.ByPreset {
		p := s.ByPreset[name]
		if p == nil {
			p = &PresetCounts{Promise: op.Promise}
			s.ByPreset[name] = p
		}
		p.Runs += op.Runs
		p.Ops += op.Ops
		p.Failures += op.Failures
		p.Unknown += op.Unknown
		for k, n := range op.ByKind {
			countInto(&p.ByKind, []string{k}, n)
		}
		for k, n := range op.Expected {
			countInto(&p.Expected, []string{k}, n)
		}
	}
	s.Cases = append(s.Cases, o.Cases...)
	s.Timing.Wall += o.Timing.Wall
	s.Timing.Workers += o.Timing.Workers
}

// sortCases orders the cases by seed.
func (s *Summary) sortCases() {
	slices.SortFunc(s.Cases, func(a, b Case) int {
		switch {
		case a.Seed < b.Seed:
			return -1
		case a.Seed > b.Seed:
			return 1
		}
		return 0
	})
}

// Text is the summary for a person: the totals, failures and expected
// findings by kind, per preset, and where the failed runs are.
func (s *Summary) Text() string {
	b := fmt.Sprintf("swarm: %d runs (%d passed, %d failed, %d unknown), %d ops", s.Runs, s.Passed, s.Failures, s.Unknown, s.Ops)
	if r := s.OpsPerSecond(); r > 0 {
		b += fmt.Sprintf(" in %s (%.0f ops/s, %d workers)", s.Timing.Wall.Round(10*time.Millisecond), r, s.Timing.Workers)
	}
	b += "\n" + countsLine("failures by kind", s.ByKind) + countsLine("expected findings (outside the promise, not failures)", s.Expected)
	for _, name := range slices.Sorted(maps.Keys(s.ByPreset)) {
		p := s.ByPreset[name]
		b += fmt.Sprintf("  %-13s promise %-12s %5d runs %8d ops %4d failed %4d unknown", name, p.Promise, p.Runs, p.Ops, p.Failures, p.Unknown)
		if len(p.ByKind) > 0 {
			b += "  " + kindList(p.ByKind)
		}
		b += "\n"
	}
	for i, c := range s.Cases {
		if i == 10 {
			b += fmt.Sprintf("… and %d more in summary.json\n", len(s.Cases)-10)
			break
		}
		what := strings.Join(c.Kinds, ", ")
		if c.Status == Unknown {
			what = "unknown: " + c.Reason
		}
		b += fmt.Sprintf("seed %d (%s, %s): %s → %s\n", c.Seed, c.Config.Preset, c.Config.Workload, what, c.Dir)
	}
	return b
}

func countsLine(title string, m map[string]int) string {
	if len(m) == 0 {
		return title + ": none\n"
	}
	return title + ": " + kindList(m) + "\n"
}

// kindList is "a 3, b 1" sorted by kind.
func kindList(m map[string]int) string {
	out := ""
	for i, k := range slices.Sorted(maps.Keys(m)) {
		if i > 0 {
			out += ", "
		}
		out += fmt.Sprintf("%s %d", k, m[k])
	}
	return out
}
