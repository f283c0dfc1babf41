package swarm

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/sim"
	"github.com/kvchaos/kvchaos/workload"
)

// Config is one simulated run: everything that decides its history. Draw
// makes one from a seed; a replay token carries one. The same Config (and
// the same kvchaos version) gives the same history, byte for byte.
type Config struct {
	// Seed seeds the simulator's schedule and the clients' choices.
	Seed uint64 `json:"seed"`
	// Preset is the simulated store (sim.PresetNames).
	Preset string `json:"preset"`
	// Regions is the number of regions (1 to sim's 64).
	Regions int `json:"regions"`
	// Latency is the one-way delay between regions; LocalLatency between a
	// client and its own region.
	Latency      Dist `json:"latency"`
	LocalLatency Dist `json:"local_latency"`
	// Nemesis is the fault interval of a random fault schedule drawn from
	// the seed (as sim://?nemesis=): each fault follows a quiet time uniform
	// in [Nemesis/5, Nemesis] and lasts uniform in [Nemesis/5, 2·Nemesis].
	// 0 = no faults.
	Nemesis Duration `json:"nemesis,omitempty"`
	// Workload names the workload (workload.Names).
	Workload string `json:"workload"`
	// Clients, Keys and Ops size the run as kvchaos run's flags do.
	Clients int `json:"clients"`
	Keys    int `json:"keys"`
	Ops     int `json:"ops"`
	// Property, when set, names the Go test (kvtest.Swarm) whose own
	// property the run checked instead of the workload; the cluster is
	// still the one the fields above describe.
	Property *PropertyRef `json:"property,omitempty"`
}

// Validate reports the first bad field by its JSON name.
func (c Config) Validate() error {
	if _, err := sim.PresetByName(c.Preset); err != nil {
		return fmt.Errorf("preset: %w", err)
	}
	if p := c.Property; p != nil && (p.Package == "" || p.Test == "") {
		return fmt.Errorf("property: need both package and test, got %+v", *p)
	}
	if c.Regions < 1 || c.Regions > 64 {
		return fmt.Errorf("regions: %d is not between 1 and 64", c.Regions)
	}
	if _, err := c.Latency.Sim(); err != nil {
		return fmt.Errorf("latency: %w", err)
	}
	if _, err := c.LocalLatency.Sim(); err != nil {
		return fmt.Errorf("local_latency: %w", err)
	}
	if c.Nemesis != 0 && time.Duration(c.Nemesis) < 5*time.Millisecond {
		return fmt.Errorf("nemesis: %s is below 5ms (0 means no faults)", time.Duration(c.Nemesis))
	}
	if _, err := workload.Lookup(c.Workload); err != nil {
		return fmt.Errorf("workload: %w", err)
	}
	if c.Workload == "counter-atomic" && !presetHasCAS(c.Preset) {
		return fmt.Errorf("workload: counter-atomic needs compare-and-set, which preset %s does not offer", c.Preset)
	}
	switch {
	case c.Clients < 1 || c.Clients > 1000:
		return fmt.Errorf("clients: %d is not between 1 and 1000", c.Clients)
	case c.Keys < 1 || c.Keys > 100000:
		return fmt.Errorf("keys: %d is not between 1 and 100000", c.Keys)
	case c.Ops < 1 || c.Ops > 10000000:
		return fmt.Errorf("ops: %d is not between 1 and 10000000", c.Ops)
	}
	return nil
}

// Promise is the guarantee the preset makes, which its runs are held to:
// linearizability for the linearizable preset, eventual consistency
// (convergence after the faults heal) for the others.
func (c Config) Promise() checker.Expect { return PresetPromise(c.Preset) }

// PresetPromise is the guarantee a simulator preset makes.
func PresetPromise(preset string) checker.Expect {
	if preset == "linearizable" {
		return checker.ExpectLinearizable
	}
	return checker.ExpectEventual
}

// presetHasCAS reports whether the preset offers kv.CAS.
func presetHasCAS(preset string) bool { return preset == "linearizable" || preset == "replicated" }

// String is a one-line description of the configuration.
func (c Config) String() string {
	nem := "no faults"
	if c.Nemesis != 0 {
		nem = "nemesis every ~" + time.Duration(c.Nemesis).String()
	}
	return fmt.Sprintf("seed %d: %s, %d region(s), latency %s (local %s), %s, %s with %d client(s) on %d key(s), %d ops",
		c.Seed, c.Preset, c.Regions, c.Latency, c.LocalLatency, nem, c.Workload, c.Clients, c.Keys, c.Ops)
}

// drawSalt separates the draw of a configuration from the simulator's and
// the clients' use of the same seed.
const drawSalt = 0x5357_4152_4d00_0001 // "SWARM" 1

// Draw returns the configuration of the run with the given seed, drawn
// from the whole space (Space{}.Draw).
func Draw(seed uint64) Config { return Space{}.Draw(seed) }

// drawLatency draws an inter-region latency distribution.
func drawLatency(r *rand.Rand) Dist {
	median := time.Duration(1+r.IntN(120)) * time.Millisecond
	switch r.IntN(5) {
	case 0:
		return Dist{Kind: "constant", A: Duration(median)}
	case 1:
		return Dist{Kind: "uniform", A: Duration(median / 2), B: Duration(median * 2)}
	case 2:
		return Dist{Kind: "exponential", A: Duration(median)}
	case 3:
		// alpha from 1.5 to 5: a heavy tail with a finite mean. Below 1 the
		// draws reach delays of years, beyond what virtual time can hold.
		return Dist{Kind: "pareto", A: Duration(median / 2), Shape: float64(15+r.IntN(36)) / 10}
	default:
		return Dist{Kind: "lognormal", A: Duration(median), Shape: float64(r.IntN(9)) / 10}
	}
}

// Dist is a delay distribution that a token can carry: Kind is constant
// (A), uniform (A to B), exponential (mean A), lognormal (median A, sigma
// Shape) or pareto (minimum A, alpha Shape).
type Dist struct {
	Kind  string   `json:"kind"`
	A     Duration `json:"a"`
	B     Duration `json:"b,omitempty"`
	Shape float64  `json:"shape,omitempty"`
}

var distKinds = []string{"constant", "uniform", "exponential", "lognormal", "pareto"}

// Sim returns the simulator's distribution, or an error naming the bad
// parameter.
func (d Dist) Sim() (sim.Dist, error) {
	a, b := time.Duration(d.A), time.Duration(d.B)
	if a < 0 || b < 0 {
		return nil, errors.New("delays must not be negative")
	}
	switch d.Kind {
	case "constant":
		return sim.Constant(a), nil
	case "uniform":
		if b < a {
			return nil, fmt.Errorf("uniform: b (%s) is below a (%s)", b, a)
		}
		return sim.Uniform(a, b), nil
	case "exponential":
		return sim.Exponential(a), nil
	case "lognormal":
		if d.Shape < 0 {
			return nil, fmt.Errorf("lognormal: shape (sigma) %g is negative", d.Shape)
		}
		return sim.LogNormal(a, d.Shape), nil
	case "pareto":
		if d.Shape <= 0 {
			return nil, fmt.Errorf("pareto: shape (alpha) %g is not positive", d.Shape)
		}
		return sim.Pareto(a, d.Shape), nil
	}
	return nil, fmt.Errorf("unknown kind %q (known: %v)", d.Kind, distKinds)
}

// String describes the distribution as the simulator does.
func (d Dist) String() string {
	s, err := d.Sim()
	if err != nil {
		return fmt.Sprintf("invalid(%s: %v)", d.Kind, err)
	}
	return s.String()
}

// Duration is a time.Duration written in JSON as a string ("40ms").
type Duration time.Duration

// MarshalText writes the duration as time.Duration.String does.
func (d Duration) MarshalText() ([]byte, error) { return []byte(time.Duration(d).String()), nil }

// UnmarshalText reads a duration such as "40ms".
func (d *Duration) UnmarshalText(b []byte) error {
	v, err := time.ParseDuration(string(b))
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}
