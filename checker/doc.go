// Package checker checks a recorded history and explains what it found.
//
// Check runs, over one history.History, the checks that apply:
//
//   - Linearizable: porcupine with the typed models of package model,
//     partitioned per key, under a timeout. The result is ok, illegal or
//     unknown (timed out); unknown is never reported as ok. On illegal the
//     report names the offending keys and carries porcupine's HTML
//     visualization, with the history's annotations (faults) on it.
//   - LostUpdates: read-modify-write chains (update ops, or a client's get
//     followed by its put of the same key) that fork: two acknowledged
//     writes that read the same state, so one overwrote the other unseen;
//     when the final state's chain reaches its root, every acknowledged
//     read-modify-write off it (with the chain write that overwrote its
//     branch); and, for integer counters, the final value against the
//     acknowledged increments (Jepsen's counter bounds).
//   - Sessions: per client read-your-writes and monotonic reads (per key),
//     monotonic writes and writes-follow-reads (across keys, as seen by
//     another client).
//   - Staleness: for every read, the newest write that completed before the
//     read began against what it returned; t-visibility as CDF points.
//   - Convergence: after the last quiescence annotation, reads of each key
//     agree in every region, on a value some write explains; writes of
//     unknown outcome called before the marker count as settled.
//
// Writes are told apart by their values, and where a value was written
// more than once, by the version a get returned (the write that recorded
// it, or the only write that can have produced it) or by real time (the
// only writer that had begun); reads none of this attributes are skipped.
// A failed cas observed a mismatch when it carries history.Output.Conflict
// (by its error text in histories that predate the flag).
// "Older" always means real-time order: write a is older than b when a
// completed before b began. An op with status unknown never completed, so
// it is never older than anything, never counts as acknowledged, and a read
// with status unknown or fail is ignored: unknown ops are never called
// violations. docs/checks.md explains what each check proves and cannot.
package checker
