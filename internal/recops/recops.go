// Package recops hands the kvchaos command a way to read a
// history.Recorder's ops one at a time that is not public API: package
// history sets Replay when it is initialized. A long run is then checked
// and reported from the recorder's compact ops, without History's copy of
// every op as a history.Op (about 300 bytes each).
package recops

// Replay is set by package history to a
//
//	func(r *history.Recorder, yield func(*history.Op) bool) []history.Annotation
//
// that hands yield every op r recorded before the call, in ID order, each
// materialized as r.History() would and valid only during the call (one
// at a time, without r's lock held), until yield returns false, and
// returns r's annotations. Its type cannot be named here:
// this package is below history, which imports it.
var Replay any
