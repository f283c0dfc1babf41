// Package kv is kvchaos's typed key-value API: Store[T] over pluggable byte
// Backends, with codecs, validation and an atomic UpdateAtomic for backends
// that offer compare-and-set.
package kv
