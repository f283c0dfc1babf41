package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

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

// convertHistory writes h to w in format to (jsonl or edn).
func convertHistory(w io.Writer, h history.History, to string) error {
	switch to {
	case "jsonl":
		return history.WriteJSONL(w, h)
	case "edn":
		return history.WriteEDN(w, h)
	}
	return fmt.Errorf("--to: unknown format %q (want jsonl or edn)", to)
}

// readJepsenLog reads a Jepsen text log (its jepsen.util event lines).
func readJepsenLog(r io.Reader) (history.History, error) {
	var edn bytes.Buffer
	if err := history.ConvertJepsenLog(r, &edn); err != nil {
		return history.History{}, err
	}
	return history.ReadEDN(&edn)
}

// formatOf is the history format of path: --format when given, else
// guessed from the name (.edn Jepsen EDN, .log a Jepsen text log, anything
// else JSONL).
func formatOf(path, format string) string {
	if format != "" {
		return format
	}
	switch strings.ToLower(filepath.Ext(path)) {
	case ".edn":
		return "edn"
	case ".log":
		return "jepsen-log"
	}
	return "jsonl"
}

// readHistory reads a history file in format "jsonl", "edn" or
// "jepsen-log".
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
	case "jepsen-log":
		h, err = readJepsenLog(f)
	default:
		return h, fmt.Errorf("--format: unknown format %q (want jsonl, edn or jepsen-log)", format)
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
