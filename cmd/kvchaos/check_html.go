package main

import (
	"fmt"
	"io"
	"iter"
	"os"
	"slices"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/report"
)

// streamCheckHTML is streamCheck for --html: the ops are also tallied for
// the report as they are read, and the report reads the file again for
// the ops its findings name, so a history of millions of ops is never
// held as history.Op values. The file must be a regular file (it is read
// more than once): after writing the page, the caller asks reads whether
// the file read back as it was checked. The error is streamCheck's.
func streamCheckHTML(path, format string, stderr io.Writer, maxLine int, opts checker.Options, say func(string, ...any)) (checker.Report, report.Data, *fileReads, error) {
	tally := new(report.Tally)
	n := 0
	order := idOrder{yield: func(op *history.Op) bool {
		tally.Add(op)
		n++
		return true
	}}
	var anns []history.Annotation
	rep, err := streamCheckWith(path, format, stderr, maxLine, opts, say, func(op history.Op) { order.add(op) },
		func(a []history.Annotation) { anns = a })
	order.flush()
	reads := &fileReads{path: path, n: n}
	d := report.Data{History: history.History{Annotations: anns}, Tally: tally, Report: rep,
		Ops: reads.ops(format, maxLine)}
	return rep, d, reads, err
}

// fileReads are the report's reads of a history file already checked:
// each pass reads the file again, and the first that finds it changed (a
// read error, or fewer than the n ops the check read) is kept.
type fileReads struct {
	path string
	n    int
	err  error
}

// ops passes over the first n ops of the file, in ID order (the order of
// a whole read's Ops), reading it again each time.
func (r *fileReads) ops(format string, maxLine int) iter.Seq[*history.Op] {
	return func(yield func(*history.Op) bool) {
		seen, stopped := 0, false
		order := idOrder{yield: func(op *history.Op) bool {
			if seen == r.n || !yield(op) {
				stopped = true
				return false
			}
			seen++
			return true
		}}
		_, err := readHistoryOpts(r.path, format, io.Discard, history.ReadOptions{MaxLineBytes: maxLine, OnOp: order.add})
		order.flush()
		switch {
		case r.err != nil:
		case err != nil:
			r.err = fmt.Errorf("reading %s again for the report: %w", r.path, err)
		case !stopped && seen < r.n:
			r.err = fmt.Errorf("%s changed while it was read: %d ops when checked, %d when read again for the report", r.path, r.n, seen)
		}
	}
}

// check returns the first change the report's reads found: the page
// written from them may then not match the checks.
func (r *fileReads) check() error { return r.err }

// idOrder hands the ops it is given, in any order, to yield in ID order:
// a history reader numbers ops 0, 1, 2, ... as they are invoked and
// hands each over when it completes, so only the ops of calls in progress
// wait. After yield returns false it drops the rest.
type idOrder struct {
	yield   func(*history.Op) bool
	next    int
	pending map[int]history.Op
	stopped bool
}

func (o *idOrder) add(op history.Op) {
	if o.stopped {
		return
	}
	if op.ID != o.next {
		if o.pending == nil {
			o.pending = map[int]history.Op{}
		}
		o.pending[op.ID] = op
		return
	}
	o.emit(&op)
	for !o.stopped {
		p, ok := o.pending[o.next]
		if !ok {
			return
		}
		delete(o.pending, o.next)
		o.emit(&p)
	}
}

func (o *idOrder) emit(op *history.Op) {
	o.next = op.ID + 1
	o.stopped = !o.yield(op)
}

// flush hands over the ops still waiting (IDs with gaps), in ID order.
func (o *idOrder) flush() {
	for _, id := range slices.Sorted(func(yield func(int) bool) {
		for id := range o.pending {
			if !yield(id) {
				return
			}
		}
	}) {
		if o.stopped {
			return
		}
		p := o.pending[id]
		o.emit(&p)
	}
	o.pending = nil
}

// isRegularFile reports whether path names a regular file (which can be
// read again, unlike a pipe).
func isRegularFile(path string) bool {
	fi, err := os.Stat(path)
	return err == nil && fi.Mode().IsRegular()
}
