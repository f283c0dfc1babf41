// Package fastly is the kvchaos adapter for the Fastly KV Store, over its
// REST API (api.fastly.com/resources/stores/kv): items are read with their
// generation marker, inserted (optionally only if the generation still
// matches, or only if the key is absent), deleted, and listed with cursor,
// prefix and consistency=strong|eventual. It speaks plain net/http:
// github.com/fastly/go-fastly resolves in this module's build environment
// only at one exact version, and four endpoints with a handful of headers
// (generation, if-generation-match, time_to_live_sec) do not need it.
//
// Import it for its side effect to register the fastly:// scheme:
//
//	fastly://STORE_ID[?endpoint=URL][&consistency=strong|eventual][&escape_keys=true][&region=NAME][&timeout=30s]
//
// The API token comes from the FASTLY_API_TOKEN environment variable and is
// sent in the Fastly-Key header; it never appears in errors, URLs,
// histories or logs. endpoint overrides the API base URL (default
// defaultEndpoint), for instance to point at `kvchaos serve --dialect
// fastly`; when the endpoint is a kvchaos emulator (the emulator's discovery endpoint)
// the opened store lists the emulator's regions and places each client in
// its region with the emulator's region header.
//
// backend implements kv.CAS: Item.Version is the item's generation, and
// PutIf sends if-generation-match (or add=true when the key must be
// absent), so Store.UpdateAtomic is a real compare-and-set loop. HTTP 412
// maps to kv.ErrConflict, 429 to kv.ErrRateLimited, network failures and
// timeouts to kv.ErrUnavailable; see edge.APIError for the rest. Keys may be up
// to 1024 bytes (Limits) and may not contain any of "#;?^|" or a line
// break, unless Config.EscapeKeys (escape_keys=true) percent-encodes them.
package fastly
