package cloudflare

// The unexported constants the external tests check.
const (
	DefaultEndpoint = defaultEndpoint
	MaxBulk         = maxBulk
)
