package swarm

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/sim"
	"github.com/kvchaos/kvchaos/workload"
)

// Space narrows what seeds draw: only these presets and workloads (empty
// = all). A CI gate that must stay green runs, for example, the
// linearizable preset with the atomic workloads only. The same seed in
// another Space draws another run; a replay token carries the drawn
// configuration itself, so it replays whatever the Space was.
type Space struct {
	Presets   []string `json:"presets,omitempty"`
	Workloads []string `json:"workloads,omitempty"`
}

// ParseSpace reads the comma-separated lists of --presets and --workloads.
func ParseSpace(presets, workloads string) (Space, error) {
	split := func(s string) []string {
		var out []string
		for _, f := range strings.Split(s, ",") {
			if f = strings.TrimSpace(f); f != "" {
				out = append(out, f)
			}
		}
		return out
	}
	sp := Space{Presets: split(presets), Workloads: split(workloads)}
	return sp, sp.Validate()
}

// Validate names an unknown preset or workload, or a space with no
// preset that can run any of its workloads.
func (sp Space) Validate() error {
	for _, p := range sp.Presets {
		if !slices.Contains(sim.PresetNames(), p) {
			return fmt.Errorf("--presets: unknown preset %q (known: %s)", p, strings.Join(sim.PresetNames(), ", "))
		}
	}
	for _, w := range sp.Workloads {
		if _, err := workload.Lookup(w); err != nil {
			return fmt.Errorf("--workloads: %w", err)
		}
	}
	if len(sp.presets()) == 0 {
		return fmt.Errorf("--presets and --workloads: no preset among %v runs any of %v (counter-atomic needs linearizable or replicated)", sp.Presets, sp.Workloads)
	}
	return nil
}

// presets lists the presets of the space that can run one of its
// workloads, in sim.PresetNames order.
func (sp Space) presets() []string {
	var out []string
	for _, p := range sim.PresetNames() {
		if (len(sp.Presets) == 0 || slices.Contains(sp.Presets, p)) && len(sp.workloads(p)) > 0 {
			out = append(out, p)
		}
	}
	return out
}

// workloads lists the workloads of the space that preset can run, sorted.
func (sp Space) workloads(preset string) []string {
	var out []string
	for _, w := range workload.Names() {
		if w == "counter-atomic" && !presetHasCAS(preset) {
			continue
		}
		if len(sp.Workloads) == 0 || slices.Contains(sp.Workloads, w) {
			out = append(out, w)
		}
	}
	return out
}

// Draw returns the configuration of the run with the given seed in the
// space: a pure function of the seed, the space and the kvchaos version
// (new presets or workloads change the draw). Every preset of the space,
// region count from 1 to 5, latency shape, nemesis intensity, client and
// key count and workload the preset supports can come up. The whole
// space's draw is the package's Draw.
func (sp Space) Draw(seed uint64) Config {
	r := rand.New(rand.NewPCG(seed, drawSalt))
	presets := sp.presets()
	c := Config{Seed: seed, Preset: presets[r.IntN(len(presets))], Regions: 1 + r.IntN(5)}
	c.Latency = drawLatency(r)
	lo := time.Duration(100+r.IntN(900)) * time.Microsecond
	c.LocalLatency = Dist{Kind: "uniform", A: Duration(lo), B: Duration(lo + time.Duration(r.IntN(4000))*time.Microsecond)}
	if r.IntN(10) >= 3 { // 70% of runs have faults
		c.Nemesis = Duration(time.Duration(20+r.IntN(1980)) * time.Millisecond)
	}
	ws := sp.workloads(c.Preset)
	c.Workload = ws[r.IntN(len(ws))]
	c.Clients = 1 + r.IntN(8)
	c.Keys = 1 + r.IntN(5)
	c.Ops = 50 + r.IntN(351)
	return c
}
