package main

import (
	"fmt"
	"runtime"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/internal/report"
	"github.com/kvchaos/kvchaos/workload"
)

// runInfo is DIR/run.json: how the run was made and how it went. The store
// URL is redacted; nothing secret is written. Elapsed is the run's time on
// the store's clock (virtual on sim://, the wall clock elsewhere); RunWall
// is the wall-clock time of the client phase, recording included, RunCPU
// the process's CPU time (user and system) in it, and CheckWall the
// wall-clock time of the checks and the report.
type runInfo struct {
	Store       string        `json:"store"`
	Prefix      string        `json:"prefix"`
	Regions     []string      `json:"regions,omitempty"`
	Simulated   bool          `json:"simulated"`
	Workload    string        `json:"workload"`
	Clients     int           `json:"clients"`
	Keys        int           `json:"keys"`
	Ops         int           `json:"ops,omitempty"`
	Duration    string        `json:"duration,omitempty"`
	Rate        float64       `json:"rate,omitempty"`
	Seed        int64         `json:"seed"`
	Nemesis     string        `json:"nemesis,omitempty"`
	Faults      *faultsInfo   `json:"faults,omitempty"`
	Expect      string        `json:"expect"`
	Model       string        `json:"model,omitempty"`
	Version     string        `json:"kvchaos_version"`
	GoVersion   string        `json:"go_version"`
	Started     time.Time     `json:"started"`
	Steps       int64         `json:"steps"`
	Errors      int64         `json:"errors"`
	Elapsed     time.Duration `json:"elapsed_ns"`
	RunWall     time.Duration `json:"run_wall_ns"`
	RunCPU      time.Duration `json:"run_cpu_ns,omitempty"`
	CheckWall   time.Duration `json:"check_wall_ns"`
	Interrupted bool          `json:"interrupted,omitempty"`
	Verdict     string        `json:"verdict"`
	// Error is set when the history has nothing to judge (for example, no
	// operation succeeded: the run could not talk to the store), and its
	// verdict is unknown. Warning is set when a large share of the
	// operations failed. Both name the first error, redacted.
	Error   string `json:"error,omitempty"`
	Warning string `json:"warning,omitempty"`
	// Note says how the workload adapted to the store (for example, mixed
	// on a store without compare-and-set leaves atomic updates out).
	Note string `json:"note,omitempty"`
}

func newRunInfo(f runFlags, redacted string, s *backends.Store) runInfo {
	ri := runInfo{Store: redacted, Prefix: s.Prefix, Regions: s.Regions, Simulated: s.Scheduler != nil,
		Workload: f.opts.Workload, Clients: f.opts.Clients, Keys: f.opts.Keys, Ops: f.opts.Ops,
		Rate: f.opts.Rate, Seed: f.opts.Seed, Nemesis: f.nemesis, Faults: faultsOf(s), Expect: f.check.expect, Model: f.check.model,
		Version: buildVersion(), GoVersion: runtime.Version(), Started: time.Now().UTC().Round(time.Second)}
	if f.opts.Duration > 0 {
		ri.Duration = f.opts.Duration.String()
	}
	return ri
}

func (ri *runInfo) finish(st workload.Stats) {
	ri.Steps, ri.Errors, ri.Elapsed, ri.Interrupted, ri.Note = st.Steps, st.Errors, st.Elapsed, st.Interrupted, st.Note
}

// clock is what the run's history times measure.
func (ri *runInfo) clock() report.Clock {
	if ri.Simulated {
		return report.ClockVirtual
	}
	return report.ClockWall
}

// facts lists the run for the report's header.
func (ri *runInfo) facts() []report.Fact {
	fs := []report.Fact{
		{Name: "store", Value: backends.Redact(ri.Store)}, // run.json may have been edited
		{Name: "workload", Value: fmt.Sprintf("%s · %d clients · %d keys", ri.Workload, ri.Clients, ri.Keys)},
		{Name: "seed", Value: fmt.Sprint(ri.Seed)},
		{Name: "operations", Value: fmt.Sprintf("%d steps, %d errors, %s; run %s wall", ri.Steps, ri.Errors, ri.timing(), roundWall(ri.RunWall))},
		{Name: "kvchaos", Value: ri.Version + " " + ri.GoVersion},
	}
	if ri.Nemesis != "" {
		fs = append(fs, report.Fact{Name: "nemesis", Value: ri.Nemesis + ": random faults from the seed, shaded in the timeline"})
	}
	fs = append(fs, ri.Faults.facts()...)
	if ri.Prefix != "" {
		fs = append(fs, report.Fact{Name: "key prefix", Value: ri.Prefix})
	}
	if ri.Error != "" {
		fs = append(fs, report.Fact{Name: "error", Value: ri.Error})
	}
	if ri.Note != "" {
		fs = append(fs, report.Fact{Name: "note", Value: ri.Note})
	}
	if ri.Warning != "" {
		fs = append(fs, report.Fact{Name: "warning", Value: ri.Warning})
	}
	if ri.Interrupted {
		fs = append(fs, report.Fact{Name: "interrupted", Value: "yes: the run was stopped; what was recorded was checked"})
	}
	return fs
}

// judge records the checker's verdict, its error (a history with nothing
// to judge, such as a run in which no operation succeeded) and its first
// warning in the run's record.
func (ri *runInfo) judge(rep *checker.Report) {
	ri.Verdict, ri.Error, ri.Warning = string(rep.Verdict), rep.Error, ""
	if len(rep.Warnings) > 0 {
		ri.Warning = strings.Join(rep.Warnings, "; ")
	}
}

// redactReport applies redact to every text of rep that quotes an
// operation's error, so that no secret of the store URL is shown.
func redactReport(rep *checker.Report, redact func(string) string) {
	rep.Error = redact(rep.Error)
	for i, w := range rep.Warnings {
		rep.Warnings[i] = redact(w)
	}
	rep.Evidence.FirstError = redact(rep.Evidence.FirstError)
	rep.Store.Summary = redact(rep.Store.Summary)
	rep.Client.Summary = redact(rep.Client.Summary)
}

// timing says how long the run took on the store's clock, labelled with
// the clock: virtual time on sim://, the wall clock elsewhere.
func (ri *runInfo) timing() string {
	return ri.Elapsed.Round(time.Millisecond).String() + " " + string(ri.clock())
}

// wallSummary says how long kvchaos itself took, on the wall clock: the
// client phase (recording included) with its rate, then the checks and
// the report.
func (ri *runInfo) wallSummary() string {
	s := "run " + roundWall(ri.RunWall).String() + " wall"
	if ri.RunWall > 0 && ri.Steps > 0 {
		s += fmt.Sprintf(" (%.0f ops/s)", float64(ri.Steps)/ri.RunWall.Seconds())
	}
	return s + ", checks and report " + roundWall(ri.CheckWall).String() + " wall"
}

// roundWall rounds a wall-clock duration for people: to the millisecond,
// or the microsecond under one.
func roundWall(d time.Duration) time.Duration {
	if d < time.Millisecond {
		return d.Round(time.Microsecond)
	}
	return d.Round(time.Millisecond)
}
