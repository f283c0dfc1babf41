package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"

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

func (s *streamFile) option() history.RecorderOption { return history.WithStream(s.f) }

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

func writeReport(path, title string, facts []report.Fact, clock report.Clock, h history.History, rep checker.Report) error {
	var buf bytes.Buffer
	if err := report.Write(&buf, report.Data{Title: title, Facts: facts, History: h, Report: rep, Clock: clock}); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
