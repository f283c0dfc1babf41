// Package mem registers the "mem://" store URL: a fresh in-process
// kv.NewMemory per Open, linearizable and CAS-capable. Import it for its side
// effect:
//
//	import _ "github.com/kvchaos/kvchaos/backends/mem"
//
// It accepts no parameters other than the registry's prefix=.
package mem
