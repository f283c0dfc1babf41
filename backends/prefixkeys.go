package backends

import "github.com/kvchaos/kvchaos/internal/addrtable"

// prefixedKeys remembers prefix+key for the keys one client passes again
// and again (a workload's table of key names), found by the address of
// the key's bytes rather than by hashing them, so a call on such a key
// neither concatenates nor allocates. It is not safe for concurrent use:
// the clients of a scheduler that runs one client at a time (the
// simulator's) share one. Past addrtable.MaxSlots keys it starts over, so
// keys built per call keep no more than that alive.
type prefixedKeys struct{ full addrtable.Table[string] }

// get returns prefix+key, from the table when key (the very same string)
// was seen before.
func (t *prefixedKeys) get(prefix, key string) string {
	if key == "" {
		return prefix
	}
	full, found := t.full.Lookup(key)
	if !found {
		*full = prefix + key
	}
	return *full
}
