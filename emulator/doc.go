// Package emulator serves the REST dialects of two edge key-value stores,
// Cloudflare Workers KV and the Fastly KV Store, over ordinary kv.Backends,
// one backend per region. Pointed at the simulator's regions it is a local,
// eventually consistent stand-in for those services that the official SDKs,
// kvchaos's own adapters (backends/cloudflare, backends/fastly) or any HTTP
// client can talk to; pointed at a kv.NewMemory backend it is a strongly consistent
// fake for unit tests:
//
//	srv, _ := emulator.New(emulator.Config{Dialect: edge.Fastly, Backend: func(string) kv.Backend { return mem }})
//	ts := httptest.NewServer(srv)
//
// # Regions
//
// A request is served by the backend of the region named in its
// X-Kvchaos-Region header, or by the default region when the header is
// absent. Server.RegionHandler pins a handler to one region, for one
// listener per region. GET /__kvchaos/regions answers
// {"dialect":…,"regions":[…],"default":…}; it is not part of either
// service's API, and adapters use it to discover that they talk to an
// emulator and which regions it offers. POST /__kvchaos/quiesce calls
// Config.Quiesce, bringing the store to rest so every region answers the
// same (501 without Config.Quiesce); the regions answer advertises it
// ("quiesce":true), and the edge adapters call it, so a client that
// reaches the emulator only over HTTP can take final reads from a settled
// store. Both paths require the credential.
//
// The dialects and the API error are package edge's; the rest of the wire
// protocol (key rules and limits, these paths and headers, the client
// calls) is an internal package the edge adapters import too, so they
// never link this server.
//
// # Dialects
//
// Cloudflare: GET/PUT/DELETE /accounts/{account}/storage/kv/namespaces/{ns}/values/{key}
// (PUT takes a raw body or multipart/form-data with "value" and "metadata"
// parts, and expiration_ttl or expiration in the query), GET …/keys with
// prefix, limit (10..1000) and cursor, PUT …/bulk and POST …/bulk/delete.
// Every path may carry the /client/v4 prefix of the real API base URL.
// Auth is "Authorization: Bearer TOKEN". Responses use Cloudflare's
// {"success","errors","messages","result"} envelope; a missing key is 404
// with error code 10009. Account and namespace IDs are accepted but not
// interpreted: the emulator serves one namespace.
//
// Fastly: GET/PUT/DELETE /resources/stores/kv/{store}/keys/{key} and
// GET /resources/stores/kv/{store}/keys with cursor, limit, prefix and
// consistency=strong|eventual. Auth is the Fastly-Key header. GET and PUT
// answer a "generation" header carrying the backend's version; PUT honours
// "if-generation-match" (412 on mismatch) and add=true (the key must be
// absent), which needs a backend implementing kv.CAS. Listing envelopes are
// {"data":[…],"meta":{"limit":…,"next_cursor":…}}. A strong listing uses
// the backend's StrongLister capability when it has one.
//
// docs/edge-stores.md lists where the emulator follows the services'
// documentation and where it had to guess.
//
// # Recording
//
// With Config.Recorder set, every data request is recorded as a
// history.Op, attributed to the client named by the X-Kvchaos-Client header
// (an integer; 0 when absent) and to the request's region.
// Leave it nil when the backends record calls themselves, as the simulator
// does; Config.WithClient then hands the client identity to the backend
// through the request context. Tokens and headers are never recorded.
package emulator
