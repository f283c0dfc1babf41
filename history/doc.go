// Package history records what clients did to a key-value store: every
// operation with its input, output, status and call and return times, plus
// annotations for faults, notes and the quiescence marker.
//
// # Recording
//
// A Recorder is shared by concurrent clients. Begin takes the call time
// before the operation is issued and Call.End the return time after it
// completed, so an op's [Call, Return] interval contains its real effect.
// Record wraps any kv.Backend so that every call through it is recorded,
// keeping its CAS, Pacer and Limits capabilities. OutcomeOf classifies an
// error: ok, fail (definitely did not take effect) or unknown (may or may
// not have, e.g. a timed-out write).
//
// A Recorder keeps ops compactly (about 80-90 bytes each with small values)
// and materializes them as Op values in History. With WithStream it also
// appends every Begin, End and Annotate to a writer as a JSONL line, one
// Write per line, so a process killed mid-run leaves a file that ReadJSONL
// reads: the calls it was in the middle of come back as unknown ops with
// Return == ReturnNever. WithBuffer batches the lines into fewer writes
// (flushed on an interval, on Flush and on Close), each of whole lines, so
// the file stays a prefix of the stream and a kill loses at most the last
// interval.
//
// # Formats
//
// WriteJSONL and ReadJSONL handle the native JSONL format; ReadJSONL skips a
// torn last line with a Warning and names the line of any other bad line.
// ReadEDN and WriteEDN handle Jepsen histories (:invoke/:ok/:fail/:info,
// jepsen.independent tuples, nemesis events as annotations), and
// ConvertJepsenLog turns old Jepsen logs into EDN. The formats are
// described field by field in docs/history-format.md.
package history
