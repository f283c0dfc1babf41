// Package adaptertest holds the checks of the real-store adapters under
// backends/ that the conformance suite, kvtest.Run, cannot make against a
// real server: that keys expire on the server's wall clock (kvtest expires
// keys by advancing a clock, which a real server does not let it do), that
// a cancelled context surfaces as kv.ErrUnavailable (an unknown outcome,
// never a failure), that a listing cursor stays valid while keys are
// written and deleted between pages, and that every error is an
// *adapterkit.Error so errors.As reaches the native one.
//
// Run runs kvtest.Run (the one conformance suite) with the settings every
// adapter here shares, then these extras. For the edge adapters, which are
// tested against the emulator, Emulator starts one over a kv.NewMemory backend and
// RunEdge runs the conformance cases they share: over a Memory, over the
// simulator's linearizable preset and over the preset that models the
// real service. RequireOpenFails and
// RequireUnavailableAfter are the table and the outage check every adapter's
// URL-opener and server-failure tests share.
package adaptertest
