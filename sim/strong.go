package sim

import (
	"context"

	"github.com/kvchaos/kvchaos/kv"
)

// strongLister is the engine capability behind ListStrong: a listing from
// the primary copy, whatever the preset's list mode (replicated).
type strongLister interface {
	listStrong(p *proc, prefix, cursor string, limit int) (kv.Page, error)
}

// strong returns the engine's strongLister, or nil.
func (c *Cluster) strong() strongLister {
	s, _ := c.eng.(strongLister)
	return s
}

// listStrong is ListStrong for the presets that offer it.
func (b *backend) listStrong(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	return b.list(ctx, prefix, cursor, limit, b.c.strong().listStrong)
}

// strongCASBackend is a free-running Backend of the replicated preset:
// kv.CAS, and ListStrong for emulator.StrongLister (Fastly's
// consistency=strong listings).
type strongCASBackend struct{ casBackend }

// ListStrong lists from the primary's replica, whatever
// ReplicatedConfig.List says; List keeps following it.
func (b *strongCASBackend) ListStrong(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	return b.listStrong(ctx, prefix, cursor, limit)
}

// pacedStrongCASBackend is a deterministic client's Backend of the
// replicated preset.
type pacedStrongCASBackend struct{ pacedCASBackend }

// ListStrong lists from the primary's replica, whatever
// ReplicatedConfig.List says; List keeps following it.
func (b *pacedStrongCASBackend) ListStrong(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	return b.listStrong(ctx, prefix, cursor, limit)
}
