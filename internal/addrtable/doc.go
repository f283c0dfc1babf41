// Package addrtable is a small map from a string to a value, found by the
// address and length of the string's bytes instead of by hashing them: a
// hot path that sees the very same strings over and over (a workload's
// table of key names, a client's region) looks them up without reading
// their bytes. Two equal strings with different bytes are different
// entries, so a caller keeps whatever an entry stands for valid for any
// string of the same content.
package addrtable
