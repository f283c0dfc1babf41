package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/report"
)

// The files of a run directory.
const (
	historyFile = "history.jsonl"
	runFile     = "run.json"
	reportFile  = "report.html"
)

// historyFile streams a run's ops to disk as they complete, so that a
// killed run leaves a checkable file.
type streamFile struct {
	path string
	f    *os.File
}

func createHistoryFile(path string) (*streamFile, error) {
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return &streamFile{path: path, f: f}, nil
}

// Buffering of a run's history stream (history.WithBuffer): a live run
// loses at most 100 ms of lines to SIGKILL; a simulated run, replayable
// from its seed, buffers more.
const (
	liveBufferSize    = 64 << 10
	liveFlushInterval = 100 * time.Millisecond
	simBufferSize     = 1 << 20
	simFlushInterval  = time.Second
)

// options streams the recording to the file, buffered: more when the run
// is simulated.
func (s *streamFile) options(simulated bool) []history.RecorderOption {
	size, every := liveBufferSize, liveFlushInterval
	if simulated {
		size, every = simBufferSize, simFlushInterval
	}
	return []history.RecorderOption{history.WithStream(s.f), history.WithBuffer(size, every)}
}

func (s *streamFile) close() error {
	if err := s.f.Sync(); err != nil {
		s.f.Close()
		return err
	}
	return s.f.Close()
}

// readHistory reads a history file in format "jsonl" or "edn".
// Warnings (a torn last line) are printed to warn.
func readHistory(path, format string, warn io.Writer) (history.History, error) {
	f, err := os.Open(path)
	if err != nil {
		return history.History{}, err
	}
	defer f.Close()
	var h history.History
	switch format {
	case "jsonl":
		var ws []history.Warning
		h, ws, err = history.ReadJSONL(f)
		for _, w := range ws {
			fmt.Fprintf(warn, "kvchaos: %s: warning: %s\n", path, w)
		}
	case "edn":
		h, err = history.ReadEDN(f)
	default:
		return h, fmt.Errorf("--format: unknown format %q (want jsonl or edn)", format)
	}
	if err != nil {
		return h, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

func writeJSONFile(path string, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func writeReport(path, title string, facts []report.Fact, h history.History, rep checker.Report) error {
	var buf bytes.Buffer
	if err := report.Write(&buf, report.Data{Title: title, Facts: facts, History: h, Report: rep}); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
