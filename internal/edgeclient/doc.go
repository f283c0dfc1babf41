// Package edgeclient is the HTTP plumbing the Cloudflare and Fastly
// adapters (backends/cloudflare, backends/fastly) share: one request with
// the credential and the emulator's region and client headers, a bounded
// body read, failed exchanges as kv.ErrUnavailable, the token scrubbed
// from every error, and the backends.Store an adapter's URL opener
// returns — with the emulator's regions when the endpoint is a kvchaos
// emulator. Adapters for other REST stores can use it the same way.
package edgeclient
