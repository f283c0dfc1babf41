package kv

import (
	"context"
	"time"
)

// Version identifies one stored revision of a key. It is opaque: callers
// compare versions only for equality. The empty Version means "unversioned"
// in an Item and "the key must be absent" as the expected version of PutIf.
type Version string

// Item is what a Backend returns for a key: the raw value and its version.
type Item struct {
	// Value is the stored bytes. Backends return a slice the caller may keep.
	Value []byte
	// Version is the revision of the value; "" when the backend is unversioned.
	Version Version
}

// Page is one page of a key listing.
type Page struct {
	// Keys are the keys on this page, in the backend's listing order.
	Keys []string
	// Cursor continues the listing; "" means this was the last page. A page
	// with no keys and a non-empty cursor is legal and must be followed.
	Cursor string
}

// PutOptions are the options of one write: what Store.Put and Store.PutIf
// take (kv.TTL(d) builds them; several are merged, a later non-zero field
// winning) and what a Backend receives.
type PutOptions struct {
	// TTL is how long the key lives; 0 means it never expires.
	TTL time.Duration
}

// Backend is the byte-level contract every store implements. Implementations
// must be safe for concurrent use.
type Backend interface {
	// Get returns the item stored at key, or an error wrapping ErrNotFound.
	Get(ctx context.Context, key string) (Item, error)
	// Put stores value at key unconditionally.
	Put(ctx context.Context, key string, value []byte, o PutOptions) error
	// Delete removes key; it returns nil when the key is already absent.
	Delete(ctx context.Context, key string) error
	// List returns up to limit keys starting with prefix, continuing after
	// cursor ("" for the first page).
	List(ctx context.Context, prefix, cursor string, limit int) (Page, error)
}

// CAS is the optional compare-and-set capability, found by type assertion.
type CAS interface {
	// PutIf stores value only if the key's current version is expected
	// ("" = the key must be absent). It returns the new version, or an error
	// wrapping ErrConflict when the current version differs.
	PutIf(ctx context.Context, key string, value []byte, expected Version, o PutOptions) (Version, error)
}

// VersionedPut is the optional capability of a backend whose unconditional
// put can report the version it produced (found by type assertion). The
// recorder uses it so that a history names the version every put wrote:
// a read of a value written more than once (two counter increments that
// both wrote 6) is then traced to the one put that wrote what it read.
type VersionedPut interface {
	// PutVersion is Put, returning the version the write produced ("" when
	// a wrapper's backend cannot tell it).
	PutVersion(ctx context.Context, key string, value []byte, o PutOptions) (Version, error)
}

// Pacer is an optional capability of backends that run on their own clock,
// such as the simulator. UpdateAtomic's retry backoff waits through Sleep
// instead of the wall clock and draws its jitter from Jitter, so a simulated
// run stays deterministic and a minute of backoff costs no real time.
type Pacer interface {
	// Sleep waits d on the backend's clock, or returns ctx.Err().
	Sleep(ctx context.Context, d time.Duration) error
	// Jitter returns a pseudo-random number in [0, 1).
	Jitter() float64
}
