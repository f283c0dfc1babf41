package checker

import (
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/model"
)

// Name names a check.
type Name string

// The checks.
const (
	Linearizable Name = "linearizable"
	LostUpdates  Name = "lost-updates"
	Sessions     Name = "sessions"
	Staleness    Name = "staleness"
	Convergence  Name = "convergence"
)

// allChecks lists every check in report order.
var allChecks = []Name{Linearizable, LostUpdates, Sessions, Staleness, Convergence}

// Expect is the guarantee the store claims; it decides the verdict. Every
// check still runs and reports; only the anomalies the guarantee forbids
// make the verdict invalid.
type Expect string

// The guarantees, strongest first.
const (
	// ExpectLinearizable: every anomaly (except lost updates made by
	// non-atomic get-then-put pairs, which a linearizable store allows)
	// decides, and a linearizability timeout makes the verdict unknown.
	ExpectLinearizable Expect = "linearizable"
	// ExpectSessions: the four session guarantees and convergence.
	ExpectSessions Expect = "sessions"
	// ExpectReadYourWrites: read-your-writes and convergence.
	ExpectReadYourWrites Expect = "read-your-writes"
	// ExpectEventual: convergence only.
	ExpectEventual Expect = "eventual"
)

// Options configures Check. The zero value runs every check with the kv
// model, a 10 s linearizability timeout, expecting linearizability.
type Options struct {
	// Checks to run; empty means all.
	Checks []Name
	// Model for linearizability: register, cas-register or kv ("" = kv).
	Model model.Kind
	// Timeout bounds the linearizability search (0 = 10 s, <0 = none).
	Timeout time.Duration
	// Expect decides the verdict ("" = linearizable).
	Expect Expect
	// MaxAnomalies caps the anomalies kept per check (0 = 50); the count is
	// always exact.
	MaxAnomalies int
	// FailedCASNoOp reads every failed op as "had no effect and says
	// nothing", as Knossos does: failed cas ops are dropped. By default a
	// failed cas whose failure was a compare mismatch observed the state
	// (the key did not hold what it required), and the model must place it
	// where the compare fails; which failures were mismatches is decided
	// per op (see docs/checks.md).
	FailedCASNoOp bool
	// Initial, when set, is the value every key holds before the history
	// (nil = absent), as Knossos's (cas-register 0): every check, lost
	// updates included, sees a setup write of it before the first op.
	Initial *string
	// MaxVisualizedKeys caps the illegal keys drawn in the visualization
	// (0 = 5; <0 = no visualization).
	MaxVisualizedKeys int
	// NoFastPath sends every key to porcupine's search, even those the
	// fast path for unique-value histories could decide (for comparing
	// the two).
	NoFastPath bool
	// Progress, when set, is told what is being checked as the checks go
	// (one short line each: the check, and for linearizability how many
	// keys the fast path decided and how many porcupine searches). It is
	// called from the goroutine that called Check.
	Progress func(msg string)
}

func (o Options) progress(format string, args ...any) {
	if o.Progress != nil {
		o.Progress(fmt.Sprintf(format, args...))
	}
}

func (o Options) withDefaults() (Options, error) {
	if len(o.Checks) == 0 {
		o.Checks = allChecks
	}
	for _, c := range o.Checks {
		if !knownCheck(c) {
			return o, fmt.Errorf("checker: Options.Checks: unknown check %q", string(c))
		}
	}
	if o.Model == "" {
		o.Model = model.KindKV
	}
	if _, err := o.Model.Porcupine(); err != nil {
		return o, fmt.Errorf("checker: Options.Model: %w", err)
	}
	if o.Timeout == 0 {
		o.Timeout = 10 * time.Second
	}
	switch o.Expect {
	case "":
		o.Expect = ExpectLinearizable
	case ExpectLinearizable, ExpectSessions, ExpectReadYourWrites, ExpectEventual:
	default:
		return o, fmt.Errorf("checker: Options.Expect: unknown guarantee %q (want linearizable, sessions, read-your-writes or eventual)", string(o.Expect))
	}
	if o.MaxAnomalies <= 0 {
		o.MaxAnomalies = 50
	}
	if o.MaxVisualizedKeys == 0 {
		o.MaxVisualizedKeys = 5
	}
	return o, nil
}

func knownCheck(c Name) bool {
	for _, k := range allChecks {
		if k == c {
			return true
		}
	}
	return false
}

func (o Options) runs(c Name) bool {
	for _, k := range o.Checks {
		if k == c {
			return true
		}
	}
	return false
}
