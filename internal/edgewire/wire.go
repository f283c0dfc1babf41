package edgewire

import (
	"net/url"

	"github.com/kvchaos/kvchaos/edge"
)

// Headers and paths that belong to the kvchaos emulator, not to either
// service.
const (
	// RegionHeader names the region whose backend serves a request.
	RegionHeader = "X-Kvchaos-Region"
	// ClientHeader carries the integer identity of the logical client, for
	// recording.
	ClientHeader = "X-Kvchaos-Client"
	// RegionsPath answers the emulator's Info as JSON.
	RegionsPath = "/__kvchaos/regions"
	// QuiescePath, POSTed to, brings the emulator's store to rest (204 No
	// Content once it is at rest; 501 when the emulator cannot quiesce).
	QuiescePath = "/__kvchaos/quiesce"
)

// Fastly's headers for versioned writes (HTTP header names are
// case-insensitive).
const (
	// GenerationHeader carries a key's generation (its version) on the
	// answer to a read or a write.
	GenerationHeader = "Generation"
	// IfGenerationMatchHeader makes a write conditional on the key's
	// current generation (412 Precondition Failed on a mismatch).
	IfGenerationMatchHeader = "If-Generation-Match"
)

// Cloudflare error codes both the emulator and the adapter rely on. 10009
// is documented by Cloudflare; the others are what the emulator answers
// (docs/edge-stores.md) and what the adapter maps to kv sentinels.
const (
	// CodeNotFound is a missing key (HTTP 404).
	CodeNotFound = 10009
	// CodeValueTooLarge is a value over the size limit.
	CodeValueTooLarge = 10011
	// CodeInvalidKey is a key the API refuses.
	CodeInvalidKey = 10019
	// CodeInvalidTTL is an expiration the API refuses.
	CodeInvalidTTL = 10033
)

// CloudflareNamespacePath is the path, below the API base URL, of a Workers
// KV namespace; values live under /values/{key} and listings at /keys.
func CloudflareNamespacePath(account, namespace string) string {
	return "/accounts/" + url.PathEscape(account) + "/storage/kv/namespaces/" + url.PathEscape(namespace)
}

// FastlyStorePath is the path, below the API base URL, of a Fastly KV
// Store; keys live under /keys/{key} and listings at /keys.
func FastlyStorePath(store string) string {
	return "/resources/stores/kv/" + url.PathEscape(store)
}

// Info is what an emulator answers at RegionsPath.
type Info struct {
	Dialect edge.Dialect `json:"dialect"`
	Regions []string     `json:"regions"`
	Default string       `json:"default"`
	// Quiesce reports that POST QuiescePath is served.
	Quiesce bool `json:"quiesce,omitempty"`
}
