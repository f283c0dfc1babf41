// Package edgewire is the wire protocol kvchaos speaks with the edge
// key-value stores, Cloudflare Workers KV and the Fastly KV Store, and
// with its own emulator of them: each dialect's key rules and limits, the
// paths and headers both sides use, the emulator's own discovery and
// quiesce endpoints with the client calls that reach them. The dialects
// themselves and the error answer of either API (edge.Dialect,
// edge.APIError) are public, in package edge.
//
// Both the emulator (package emulator, the server side) and the edge
// adapters (backends/cloudflare, backends/fastly, the client side) import
// this package, so an adapter never links the emulator server. It
// depends on edge, kv and the standard library only.
//
// # Emulator endpoints
//
// Requests name their region in RegionHeader and their logical client in
// ClientHeader; both are ignored by the real services. GET RegionsPath
// answers an Info as JSON, which Discover reads to learn that a base URL
// is a kvchaos emulator and which regions it serves; POST QuiescePath,
// called by Quiesce, brings the emulator's store to rest.
package edgewire
