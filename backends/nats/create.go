package nats

import (
	"context"
	"errors"

	"github.com/nats-io/nats.go/jetstream"

	"github.com/kvchaos/kvchaos/kv"
)

// create stores value at key only if the key is absent.
//
// nats.go's Create is not atomic over a deleted key: when the key's last
// entry is a delete marker, it reads that marker's revision and then
// updates against it. A delete of the already-absent key in between writes
// a newer marker, and Create fails with a revision mismatch although the
// key was absent all along — a conflict no other writer caused. So on a
// mismatch create looks again: a key that is present is a real conflict
// (the linearization point is that read); a key that is still absent is
// tried again, until the call's deadline.
func (b *backend) create(ctx context.Context, key string, value []byte, o kv.PutOptions) (uint64, error) {
	var opts []jetstream.KVCreateOpt
	if o.TTL > 0 {
		opts = append(opts, jetstream.KeyTTL(o.TTL))
	}
	ek := encodeKey(key)
	for {
		rev, err := b.kv.Create(ctx, ek, value, opts...)
		if err == nil || !errors.Is(wrap("putif", key, err), kv.ErrConflict) {
			return rev, err
		}
		_, gerr := b.kv.Get(ctx, ek)
		absent := errors.Is(gerr, jetstream.ErrKeyNotFound) || errors.Is(gerr, jetstream.ErrKeyDeleted)
		if !absent || ctx.Err() != nil {
			return 0, err
		}
	}
}
