package swarm

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/kvchaos/kvchaos/internal/jsonfile"
	"github.com/kvchaos/kvchaos/internal/report"
)

// The files of a swarm's directory and of each failed run's.
const (
	SummaryFile = "summary.json"
	ReportFile  = "report.html"
	HistoryFile = "history.jsonl"
	ReplayFile  = "replay"
	RunFile     = "run.json"
	// RerunFile is the second history of a run that --check-determinism
	// found nondeterministic.
	RerunFile = "history-rerun.jsonl"
)

// caseDir is a failed or unknown run's directory within the swarm's.
func caseDir(seed uint64, st Status) string {
	parent := "failures"
	if st == Unknown {
		parent = "unknown"
	}
	return filepath.Join(parent, fmt.Sprintf("seed-%d", seed))
}

// RunInfo is a run directory's run.json.
type RunInfo struct {
	Version string  `json:"kvchaos_version"`
	Config  Config  `json:"config"`
	Promise string  `json:"promise"`
	Outcome Outcome `json:"outcome"`
	Steps   int64   `json:"steps"`
	Errors  int64   `json:"errors"`
	Ops     int     `json:"ops"`
	Replay  string  `json:"replay"`
}

// WriteRun writes a run's directory: history.jsonl (the bytes the run
// streamed), report.html, run.json and replay (the token, one line).
func WriteRun(dir string, res *Result, version string) error {
	return writeCase(dir, res, Token{Version: version, Config: res.Config}.Encode(), version, nil)
}

func writeCase(dir string, res *Result, token, version string, rerun []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	info := RunInfo{Version: version, Config: res.Config, Promise: string(res.Config.Promise()), Outcome: res.Outcome,
		Steps: res.Steps, Errors: res.Errors, Ops: res.Ops, Replay: token}
	errs := []error{
		os.WriteFile(filepath.Join(dir, HistoryFile), res.History, 0o644),
		os.WriteFile(filepath.Join(dir, ReplayFile), []byte(token+"\n"), 0o644),
		jsonfile.Write(filepath.Join(dir, RunFile), info),
	}
	if rerun != nil {
		errs = append(errs, os.WriteFile(filepath.Join(dir, RerunFile), rerun, 0o644))
	}
	var page bytes.Buffer
	err := report.Write(&page, report.Data{Title: fmt.Sprintf("kvchaos swarm: seed %d", res.Config.Seed),
		Facts: facts(res, version), History: res.hist, Report: res.Report})
	if err == nil {
		err = os.WriteFile(filepath.Join(dir, ReportFile), page.Bytes(), 0o644)
	}
	return errors.Join(append(errs, err)...)
}

// facts describe a run in its report's header.
func facts(res *Result, version string) []report.Fact {
	c := res.Config
	o := res.Outcome
	verdict := string(o.Status)
	if len(o.Kinds) > 0 {
		verdict += ": " + fmt.Sprint(o.Kinds)
	}
	if o.Reason != "" {
		verdict += ": " + o.Reason
	}
	fs := []report.Fact{
		{Name: "swarm verdict", Value: verdict},
		{Name: "store", Value: fmt.Sprintf("sim preset %s (promise: %s), %d region(s)", c.Preset, c.Promise(), c.Regions)},
		{Name: "latency", Value: fmt.Sprintf("%s between regions, %s local", c.Latency, c.LocalLatency)},
		{Name: "workload", Value: fmt.Sprintf("%s · %d clients · %d keys · %d ops", c.Workload, c.Clients, c.Keys, c.Ops)},
		{Name: "seed", Value: fmt.Sprint(c.Seed)},
		{Name: "kvchaos", Value: version},
	}
	if c.Nemesis != 0 {
		fs = append(fs, report.Fact{Name: "nemesis", Value: "a fault about every " + time.Duration(c.Nemesis).String() + ", shaded in the timeline"})
	}
	if len(o.Expected) > 0 {
		fs = append(fs, report.Fact{Name: "expected findings", Value: fmt.Sprint(o.Expected) + " (outside the preset's promise)"})
	}
	return fs
}

// writeSummary writes a swarm directory's summary.json and report.html.
func writeSummary(dir string, s *Summary) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	var page bytes.Buffer
	if err := summaryPage.Execute(&page, s); err != nil {
		return err
	}
	return errors.Join(jsonfile.Write(filepath.Join(dir, SummaryFile), s),
		os.WriteFile(filepath.Join(dir, ReportFile), page.Bytes(), 0o644))
}

// ReadSummary reads a swarm directory's summary.json.
func ReadSummary(dir string) (Summary, error) {
	var s Summary
	b, err := os.ReadFile(filepath.Join(dir, SummaryFile))
	if err != nil {
		return s, fmt.Errorf("%s: not a swarm directory: %w", dir, err)
	}
	if err := json.Unmarshal(b, &s); err != nil {
		return s, fmt.Errorf("%s: %w", filepath.Join(dir, SummaryFile), err)
	}
	if s.ByKind == nil || s.Expected == nil || s.ByPreset == nil {
		return s, fmt.Errorf("%s: missing by_kind, expected or by_preset", filepath.Join(dir, SummaryFile))
	}
	for _, r := range s.Seeds {
		if err := r.Shard.validate(); err != nil || r.Shard.Count == 0 {
			return s, fmt.Errorf("%s: seeds %s: bad shard", filepath.Join(dir, SummaryFile), r)
		}
	}
	return s, nil
}

// ReadRun reads a run directory's run.json.
func ReadRun(dir string) (RunInfo, error) {
	var ri RunInfo
	b, err := os.ReadFile(filepath.Join(dir, RunFile))
	if err != nil {
		return ri, err
	}
	if err := json.Unmarshal(b, &ri); err != nil {
		return ri, fmt.Errorf("%s: %w", filepath.Join(dir, RunFile), err)
	}
	return ri, nil
}
