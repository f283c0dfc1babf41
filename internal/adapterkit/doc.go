// Package adapterkit holds what the real-store adapters under backends/
// share: an error type that wraps a native client error under a kv sentinel
// so that both errors.Is(err, kv.ErrX) and errors.As(err, &native) work,
// key-prefix handling, and the argument checks every adapter applies.
package adapterkit
