package nats

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

const storeName = "nats"

// maxValueBytes is the largest value the adapter declares: NATS's default
// max_payload is 1 MiB, and headers share it.
const maxValueBytes = 1<<20 - 4<<10

// backend is a kv.Backend and kv.CAS over a JetStream key-value bucket.
type backend struct {
	js      jetstream.JetStream
	kv      jetstream.KeyValue
	msgTTL  bool
	timeout time.Duration
	largest adapterkit.LargestValue // reads get time for the largest value written
}

var (
	_ kv.Backend        = (*backend)(nil)
	_ kv.CAS            = (*backend)(nil)
	_ kv.LimitedBackend = (*backend)(nil)
)

// New returns a kv.Backend (a kv.CAS too) over bucket b. msgTTL says whether the bucket's
// stream allows per-message TTLs; each call is bounded by opTimeout (0 =
// the caller's context, or the jetstream default of 5 s).
func New(js jetstream.JetStream, b jetstream.KeyValue, msgTTL bool, opTimeout time.Duration) kv.Backend {
	return newBackend(js, b, msgTTL, opTimeout)
}

// newBackend is New with the concrete type, for this package and its tests.
func newBackend(js jetstream.JetStream, b jetstream.KeyValue, msgTTL bool, opTimeout time.Duration) *backend {
	return &backend{js: js, kv: b, msgTTL: msgTTL, timeout: opTimeout}
}

// Limits are the kv defaults with NATS's smaller value limit.
func (b *backend) Limits() kv.Limits {
	l := kv.DefaultLimits()
	l.MaxValueBytes = maxValueBytes
	return l
}

func revision(r uint64) kv.Version { return kv.Version(strconv.FormatUint(r, 10)) }

// Get returns key's value with its revision as the version.
func (b *backend) Get(ctx context.Context, key string) (kv.Item, error) {
	if err := adapterkit.CheckKey(storeName, "get", key); err != nil {
		return kv.Item{}, err
	}
	ctx, cancel := b.largest.BoundRead(ctx, b.timeout)
	defer cancel()
	e, err := b.kv.Get(ctx, encodeKey(key))
	if errors.Is(err, jetstream.ErrKeyNotFound) || errors.Is(err, jetstream.ErrKeyDeleted) {
		return kv.Item{}, adapterkit.Wrap(storeName, "get", key, kv.ErrNotFound, err)
	}
	if err != nil {
		return kv.Item{}, wrap("get", key, err)
	}
	return kv.Item{Value: e.Value(), Version: revision(e.Revision())}, nil
}

// Put stores value at key.
func (b *backend) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	_, err := b.PutVersion(ctx, key, value, o)
	return err
}

// PutVersion is Put, returning the revision written (kv.VersionedPut).
func (b *backend) PutVersion(ctx context.Context, key string, value []byte, o kv.PutOptions) (kv.Version, error) {
	if err := b.checkWrite("put", key, o); err != nil {
		return "", err
	}
	ctx, cancel := adapterkit.BoundWrite(ctx, b.timeout, len(value))
	b.largest.Wrote(len(value))
	defer cancel()
	var rev uint64
	var err error
	if o.TTL > 0 {
		rev, err = b.publish(ctx, key, value, o.TTL, nil)
	} else {
		rev, err = b.kv.Put(ctx, encodeKey(key), value)
	}
	if err != nil {
		return "", wrap("put", key, err)
	}
	return revision(rev), nil
}

// PutIf stores value only if key's revision is expected ("" = absent).
func (b *backend) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	if err := b.checkWrite("putif", key, o); err != nil {
		return "", err
	}
	ctx, cancel := adapterkit.BoundWrite(ctx, b.timeout, len(value))
	b.largest.Wrote(len(value))
	defer cancel()
	var rev uint64
	var err error
	switch {
	case expected == "":
		rev, err = b.create(ctx, key, value, o)
	default:
		want, perr := strconv.ParseUint(string(expected), 10, 64)
		if perr != nil || want == 0 {
			return "", adapterkit.Wrap(storeName, "putif", key, kv.ErrConflict,
				fmt.Errorf("expected version %q is not a NATS revision", expected))
		}
		if o.TTL > 0 {
			rev, err = b.publish(ctx, key, value, o.TTL, &want)
		} else {
			rev, err = b.kv.Update(ctx, encodeKey(key), value, want)
		}
	}
	if err != nil {
		return "", wrap("putif", key, err)
	}
	return revision(rev), nil
}

// publish writes a key with a per-message TTL (the KeyValue API offers
// TTLs only on Create), optionally conditional on the key's last revision.
func (b *backend) publish(ctx context.Context, key string, value []byte, ttl time.Duration, expect *uint64) (uint64, error) {
	opts := []jetstream.PublishOpt{jetstream.WithMsgTTL(ttl)}
	if expect != nil {
		opts = append(opts, jetstream.WithExpectLastSequencePerSubject(*expect))
	}
	m := &natsgo.Msg{Subject: "$KV." + b.kv.Bucket() + "." + encodeKey(key), Data: value, Header: natsgo.Header{}}
	ack, err := b.js.PublishMsg(ctx, m, opts...)
	if err != nil {
		return 0, err
	}
	return ack.Sequence, nil
}

func (b *backend) checkWrite(op, key string, o kv.PutOptions) error {
	if err := adapterkit.CheckKey(storeName, op, key); err != nil {
		return err
	}
	if err := adapterkit.CheckTTL(storeName, op, key, o); err != nil {
		return err
	}
	if o.TTL > 0 && !b.msgTTL {
		return adapterkit.Wrap(storeName, op, key, kv.ErrUnsupported,
			errors.New("per-key TTL needs a bucket with per-message TTLs (nats-server 2.11+)"))
	}
	return nil
}

// Delete removes key (a delete marker); an absent key is not an error.
func (b *backend) Delete(ctx context.Context, key string) error {
	if err := adapterkit.CheckKey(storeName, "delete", key); err != nil {
		return err
	}
	ctx, cancel := adapterkit.Bound(ctx, b.timeout)
	defer cancel()
	return wrap("delete", key, b.kv.Delete(ctx, encodeKey(key)))
}

// List reads every key of the bucket and returns, in byte order, up to
// limit of those with prefix after cursor.
func (b *backend) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	last, err := adapterkit.ListStart(storeName, prefix, cursor, limit)
	if err != nil {
		return kv.Page{}, err
	}
	ctx, cancel := adapterkit.Bound(ctx, b.timeout)
	defer cancel()
	if err := ctx.Err(); err != nil {
		return kv.Page{}, wrap("list", prefix, err)
	}
	names, err := b.kv.Keys(ctx)
	if err != nil && !errors.Is(err, jetstream.ErrNoKeysFound) {
		return kv.Page{}, wrap("list", prefix, err)
	}
	var keys []string
	for _, n := range names {
		k, derr := decodeKey(n)
		if derr != nil || !strings.HasPrefix(k, prefix) || (last != "" && k <= last) {
			continue // a name another client wrote, or outside the page
		}
		keys = append(keys, k)
	}
	slices.Sort(keys)
	keys = slices.Compact(keys)
	page := kv.Page{Keys: keys}
	if len(keys) > limit {
		page.Keys = keys[:limit:limit]
		page.Cursor = adapterkit.EncodeCursor(keys[limit-1])
	}
	return page, nil
}

// wrap classifies a nats.go error: revision mismatches are kv.ErrConflict;
// timeouts, lost connections and missing responders are kv.ErrUnavailable;
// other server errors keep only the native error.
func wrap(op, key string, err error) error {
	if err == nil {
		return nil
	}
	var api *jetstream.APIError
	if errors.Is(err, jetstream.ErrKeyExists) || errors.Is(err, jetstream.ErrKeyRevisionMismatch) ||
		(errors.As(err, &api) && (api.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequence ||
			api.ErrorCode == jetstream.JSErrCodeStreamWrongLastSequenceConstant)) {
		return adapterkit.Wrap(storeName, op, key, kv.ErrConflict, err)
	}
	if errors.Is(err, natsgo.ErrMaxPayload) {
		return adapterkit.Wrap(storeName, op, key, kv.ErrValueTooLarge, err)
	}
	if adapterkit.IsTransport(err) || errors.Is(err, natsgo.ErrTimeout) || errors.Is(err, natsgo.ErrConnectionClosed) ||
		errors.Is(err, natsgo.ErrNoResponders) || errors.Is(err, jetstream.ErrNoStreamResponse) ||
		errors.Is(err, natsgo.ErrConnectionReconnecting) || errors.Is(err, natsgo.ErrDisconnected) {
		return adapterkit.Wrap(storeName, op, key, kv.ErrUnavailable, err)
	}
	return adapterkit.Wrap(storeName, op, key, nil, err)
}
