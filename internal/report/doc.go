// Package report renders a checked run as one self-contained HTML file: no
// network access, CSS and JavaScript inline. It shows, in order:
//
//   - two answers, one line each with counts: did the client code lose
//     acknowledged writes (lost updates, counter bounds), and did the
//     store keep its promise (the expected guarantee);
//   - each check's findings, each selectable (click, Enter, or
//     report.html#finding-N): the timeline outlines its ops and draws the
//     relation (the lost write and the write that overwrote it, the stale
//     read and where the newer write completed);
//   - a per-client timeline drawn by the page's one script on a canvas,
//     from compact gzipped columns (a few bytes per op): the workload
//     window first, the quiescence wait and final reads as their own
//     segment, an overview strip, zoom and pan by mouse and keyboard, every
//     op drawn (density where ops share a pixel, boxes when zoomed), faults
//     as bands whose labels never overlap; latency over the same window;
//   - the staleness (t-visibility) CDF;
//   - for a key that is not linearizable, the project's own account (a
//     legal order, its state, the op that cannot be placed), then
//     porcupine's visualization.
//
// Every time is labelled with its clock (Data.Clock: virtual on the
// simulator, wall on a live store). Dark mode follows the system.
// TimelineSVG draws a small history as a standalone SVG for the demos.
//
// Every key and value in a history comes from a store and is untrusted:
// the page is produced with html/template, which escapes them in every
// context; the timeline's data is JSON read by the script and drawn as
// canvas text, never as markup; and porcupine's own page is embedded in a
// sandboxed iframe (scripts allowed, same-origin not), so nothing in it
// can reach the report. The script uses no inline event handlers and sits
// in one script element, so a Content-Security-Policy can allow it by hash.
// The labels porcupine inserts as HTML are escaped by the checker. Both
// pages carry a Content-Security-Policy that allows no network access at
// all and runs only the pages' own scripts, by hash, so no inline event
// handler or javascript: URL can run. Bidi control characters (U+202E and
// the like), which would reorder the text around them, are shown by name
// (⟨U+202E⟩).
package report
