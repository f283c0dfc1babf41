package edge

// Dialect names the REST API of an edge store.
type Dialect string

// The dialects.
const (
	// Cloudflare is the Workers KV REST API (api.cloudflare.com/client/v4).
	Cloudflare Dialect = "cloudflare"
	// Fastly is the KV Store REST API (api.fastly.com).
	Fastly Dialect = "fastly"
)
