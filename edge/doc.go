// Package edge names the edge key-value stores kvchaos speaks with,
// Cloudflare Workers KV and the Fastly KV Store (Dialect), and their REST
// APIs' error answer (APIError), which the adapters backends/cloudflare
// and backends/fastly return inside their errors and the emulator sends.
//
// The rest of the wire protocol (paths, headers, key rules, the emulator's
// discovery and quiesce endpoints) is kvchaos's own business and lives in
// an internal package that both the adapters and the emulator import, so
// an adapter never links the emulator server. This package depends on the
// standard library and kvchaos's key rules only.
package edge
