// Package report renders a checked run as one self-contained HTML file: no
// network access, CSS and JavaScript inline. It shows, in order, the
// verdict and each check's findings, a per-client timeline of operations
// (SVG) with faults shaded and anomalous operations highlighted, latency
// over time, the staleness (t-visibility) CDF, and porcupine's
// visualization of a key that is not linearizable.
//
// Every key and value in a history comes from a store and is untrusted:
// the page is produced with html/template, which escapes them in every
// context, and porcupine's own page is embedded in a sandboxed iframe
// (scripts allowed, same-origin not), so nothing in it can reach the
// report. The labels porcupine inserts as HTML are escaped by the checker.
// Both pages carry a Content-Security-Policy that allows no network access
// at all and runs only the pages' own scripts, by hash, so no inline event
// handler or javascript: URL can run. Bidi control characters (U+202E and
// the like), which would reorder the text around them, are shown by name
// (⟨U+202E⟩).
package report
