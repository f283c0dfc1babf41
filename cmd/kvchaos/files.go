package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/report"
	"github.com/kvchaos/kvchaos/internal/streamfile"
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
	f    *streamfile.File
}

func createHistoryFile(path string) (*streamFile, error) {
	f, err := streamfile.Create(path)
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
// With o.OnOp set it converts and reads at once, through a pipe, so the
// log's EDN is never held whole; an error of the conversion comes first.
func readJepsenLog(r io.Reader, o history.ReadOptions) (history.History, error) {
	if o.OnOp != nil {
		pr, pw := io.Pipe()
		converted := make(chan error, 1)
		go func() {
			err := history.ConvertJepsenLog(r, pw)
			pw.CloseWithError(err) // nil: the reader sees the end
			converted <- err
		}()
		h, err := history.ReadEDN(pr, o)
		pr.CloseWithError(errStopped) // a conversion still writing stops
		if cerr := <-converted; cerr != nil && !errors.Is(cerr, errStopped) {
			return history.History{}, cerr
		}
		return h, err
	}
	var edn bytes.Buffer
	if err := history.ConvertJepsenLog(r, &edn); err != nil {
		return history.History{}, err
	}
	return history.ReadEDN(&edn, o)
}

// errStopped stops a Jepsen log's conversion whose reader has returned.
var errStopped = errors.New("reading stopped")

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
// "jepsen-log" with the
// default limits. Warnings (a torn last line) are printed to warn.
func readHistory(path, format string, warn io.Writer) (history.History, error) {
	return readHistoryWith(path, format, warn, 0)
}

// maxLineFlag is the flag that raises the longest line a history may have.
const maxLineFlag = "max-line-bytes"

// registerMaxLine adds --max-line-bytes to cmd.
func registerMaxLine(cmd *cobra.Command, p *int) {
	cmd.Flags().IntVar(p, maxLineFlag, history.DefaultMaxLineBytes,
		"longest line (JSONL) or form (EDN) a history file may have, in bytes; a longer one is an error")
}

// readHistoryWith is readHistory with the longest line (JSONL) or form
// (EDN) set to maxLine bytes (0: the default). Every error names the file
// and, when the content is at fault, the line.
func readHistoryWith(path, format string, warn io.Writer, maxLine int) (history.History, error) {
	return readHistoryOpts(path, format, warn, history.ReadOptions{MaxLineBytes: maxLine})
}

// readHistoryOpts is readHistoryWith with every read option: with
// o.OnOp set the ops are streamed to it and the history returned holds
// only the annotations.
func readHistoryOpts(path, format string, warn io.Writer, o history.ReadOptions) (history.History, error) {
	if o.MaxLineBytes < 0 {
		return history.History{}, fmt.Errorf("--%s: %d is negative", maxLineFlag, o.MaxLineBytes)
	}
	if err := notAURL(path); err != nil {
		return history.History{}, err
	}
	f, err := os.Open(path)
	if err != nil {
		return history.History{}, err
	}
	defer f.Close()
	var h history.History
	switch format {
	case "jsonl":
		var ws []history.Warning
		h, ws, err = history.ReadJSONL(f, o)
		for _, w := range ws {
			fmt.Fprintf(warn, "kvchaos: %s: warning: %s\n", path, w)
		}
	case "edn":
		h, err = history.ReadEDN(f, o)
	case "jepsen-log":
		h, err = readJepsenLog(f, o)
	default:
		return h, fmt.Errorf("--format: unknown format %q (want jsonl, edn or jepsen-log)", format)
	}
	var long *history.LineTooLongError
	if errors.As(err, &long) {
		return h, fmt.Errorf("%s: %w (raise it with --%s)", path, err, maxLineFlag)
	}
	if err != nil {
		return h, fmt.Errorf("%s: %w", path, err)
	}
	return h, nil
}

// checkOutDir refuses a run directory that already holds files, unless
// force: a second run would overwrite the first one's history.
func checkOutDir(dir string, force bool) error {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) || force {
		return nil
	}
	if err != nil {
		return fmt.Errorf("--out: %w", err)
	}
	if len(entries) > 0 {
		return fmt.Errorf("--out: %s is not empty (it holds %s): choose another directory, or pass --force to overwrite it", dir, entries[0].Name())
	}
	return nil
}

// notAURL refuses a file argument that is a URL (a store URL given to
// check or report by mistake), without echoing it: it may hold a password.
func notAURL(path string) error {
	if strings.Contains(path, "://") {
		return fmt.Errorf("%s: this is a URL; a file or directory is expected", backends.Redact(path))
	}
	return nil
}

func writeReport(path, title string, facts []report.Fact, clock report.Clock, h history.History, rep checker.Report) error {
	var buf bytes.Buffer
	if err := report.Write(&buf, report.Data{Title: title, Facts: facts, History: h, Report: rep, Clock: clock}); err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}
