// Package history records what clients did to a key-value store: every
// operation with its input, output, status (ok, fail, unknown) and call and
// return times, plus annotations for faults. Histories are written as JSONL
// and can be imported from and exported to Jepsen's EDN format.
package history
