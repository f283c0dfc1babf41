// Package cloudflare is the kvchaos adapter for Cloudflare Workers KV, over
// its REST API (api.cloudflare.com/client/v4): values are read, written
// (with expiration_ttl) and deleted one key at a time, and keys are listed
// with prefix, limit and cursor. It speaks plain net/http: the official Go
// SDK (github.com/cloudflare/cloudflare-go) does not resolve cleanly at a
// pinned version in this module's build environment, and five endpoints do
// not need it.
//
// Import it for its side effect to register the cloudflare:// scheme:
//
//	cloudflare://ACCOUNT_ID/NAMESPACE_ID[?endpoint=URL][&region=NAME][&timeout=30s]
//
// The API token comes from the CLOUDFLARE_API_TOKEN environment variable
// and is sent as "Authorization: Bearer …"; it never appears in errors,
// URLs, histories or logs. endpoint overrides the API base URL (default
// defaultEndpoint), for instance to point at `kvchaos serve --dialect
// cloudflare` or at the miniflare bridge Worker. When the endpoint is a
// kvchaos emulator (the emulator's discovery endpoint), the opened store lists the
// emulator's regions and places each client in its region with the
// emulator's region header; region= picks the region of the store's
// default backend.
//
// Workers KV has no compare-and-set, so Backend does not implement kv.CAS:
// Store.UpdateAtomic returns kv.ErrUnsupported, and Store.Update is a plain
// read-modify-write that loses concurrent updates — on the real service
// even more often than elsewhere, because a read may be served from an
// edge cache up to 60 s old. HTTP 429 (more than one write per second to a
// key) maps to kv.ErrRateLimited; other errors map to the kv sentinels as
// documented on edge.APIError, and network failures and timeouts to
// kv.ErrUnavailable.
//
// Beyond kv.Backend, PutBulk and DeleteBulk use the bulk endpoints, up to
// maxBulk pairs or keys per request: many fewer requests (and a smaller
// bill) for seeding or cleaning up a namespace. A bulk write's pairs may
// carry metadata; reading metadata back is not part of the adapter.
//
// The REST API lists at least 10 keys per page; for smaller pages the
// adapter fetches 10 and continues from the last key it returned, with a
// cursor of its own that wraps the service's.
package cloudflare
