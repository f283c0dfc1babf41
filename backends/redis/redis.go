package redis

import (
	"context"
	"errors"
	"fmt"
	"net"
	"time"

	goredis "github.com/redis/go-redis/v9"

	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

const storeName = "redis"

// defaultNamespace is the Redis key namespace used when none is given.
const defaultNamespace = "kvchaos:"

// Options configure a backend.
type Options struct {
	// Client serves writes, PutIf and (without Reader) reads.
	Client goredis.UniversalClient
	// Reader, when set, serves Get and List (a replica).
	Reader goredis.UniversalClient
	// Namespace prefixes every Redis key the adapter uses (data hashes,
	// index, version counter); "" means defaultNamespace.
	Namespace string
	// Timeout, when not 0, bounds each call through its context, plus
	// 1 s per MiB (adapterkit.ScaleTimeout): a write by its own value, a
	// read by the largest value this backend has written, so that a
	// 25 MiB value is not given up as unavailable while a hung server is
	// still noticed after Timeout. A context bounds a command only on a
	// client made with ContextTimeoutEnabled, and never beyond the
	// client's own ReadTimeout and WriteTimeout: set those to -1 (none)
	// and let Timeout bound the calls, as Open does.
	Timeout time.Duration
}

// backend is a kv.Backend and kv.CAS over Redis.
type backend struct {
	client, reader goredis.UniversalClient
	replicaReads   bool
	dataPrefix     string
	index, counter string
	versions       versionSource
	noRetries      bool // the clients never retry a command
	timeout        time.Duration
	largest        adapterkit.LargestValue // reads get time for the largest value written
}

var (
	_ kv.Backend = (*backend)(nil)
	_ kv.CAS     = (*backend)(nil)
)

// New returns a kv.Backend (a kv.CAS too) over the given clients. Closing them is the
// caller's business.
func New(o Options) kv.Backend { return newBackend(o) }

// newBackend is New with the concrete type, for this package and its tests.
func newBackend(o Options) *backend {
	p := o.Namespace
	if p == "" {
		p = defaultNamespace
	}
	b := &backend{client: o.Client, reader: o.Reader, replicaReads: o.Reader != nil,
		dataPrefix: p + "k:", index: p + "idx", counter: p + "ver", versions: newVersionSource(),
		timeout: o.Timeout}
	if b.reader == nil {
		b.reader = o.Client
	}
	b.noRetries = neverRetries(b.client) && neverRetries(b.reader)
	return b
}

// neverRetries reports whether c is a client configured not to retry.
func neverRetries(c goredis.UniversalClient) bool {
	cl, ok := c.(*goredis.Client)
	return ok && cl.Options().MaxRetries <= 0 // go-redis turns -1 (never) into 0, and 0 (default) into 3
}

func (b *backend) dataKey(key string) string { return b.dataPrefix + key }

// Get returns the value and version of key.
func (b *backend) Get(ctx context.Context, key string) (kv.Item, error) {
	if err := adapterkit.CheckKey(storeName, "get", key); err != nil {
		return kv.Item{}, err
	}
	ctx = b.largest.SocketDeadlineRead(ctx, b.timeout)
	vals, err := b.reader.HMGet(ctx, b.dataKey(key), "v", "r").Result()
	if err != nil {
		return kv.Item{}, b.wrap("get", key, err)
	}
	v, okV := vals[0].(string)
	r, okR := vals[1].(string)
	if !okV || !okR {
		return kv.Item{}, adapterkit.Wrap(storeName, "get", key, kv.ErrNotFound, nil)
	}
	return kv.Item{Value: []byte(v), Version: kv.Version(r)}, nil
}

// Put stores value at key; a TTL sets the hash's expiry, no TTL clears it.
// It is one script call (HSET, PEXPIRE or PERSIST, ZADD: see putScript),
// or for a value over 64 KiB a MULTI/EXEC of the same commands, with a
// version made by the client.
func (b *backend) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	_, err := b.PutVersion(ctx, key, value, o)
	return err
}

// PutVersion is Put, returning the version it wrote (kv.VersionedPut).
func (b *backend) PutVersion(ctx context.Context, key string, value []byte, o kv.PutOptions) (kv.Version, error) {
	if err := b.checkWrite("put", key, o); err != nil {
		return "", err
	}
	ctx = adapterkit.SocketDeadline(ctx, adapterkit.ScaleTimeout(b.timeout, len(value)))
	b.largest.Wrote(len(value))
	ver := b.versions.next()
	dk := b.dataKey(key)
	var err error
	if len(value) <= maxScriptValue {
		err = putScript.Run(ctx, b.client, []string{dk, b.index}, value, ver, ttlMillis(o), key).Err()
	} else {
		_, err = b.client.TxPipelined(ctx, func(p goredis.Pipeliner) error {
			p.HSet(ctx, dk, "v", value, "r", ver)
			if o.TTL > 0 {
				p.PExpire(ctx, dk, time.Duration(ttlMillis(o))*time.Millisecond)
			} else {
				p.Persist(ctx, dk)
			}
			p.ZAdd(ctx, b.index, goredis.Z{Member: key})
			return nil
		})
	}
	if err != nil {
		return "", b.wrap("put", key, err)
	}
	return kv.Version(ver), nil
}

// maxScriptValue is the largest value Put writes through putScript. A
// larger one goes as a MULTI/EXEC of the same commands: Lua copies the
// value twice more on the server (a 25 MiB put took about twice as long),
// while for small values the one script call saves the client four
// command round trips' worth of work.
const maxScriptValue = 64 << 10

// ttlMillis is a write's TTL in whole milliseconds, at least 1 when there
// is one, 0 for none.
func ttlMillis(o kv.PutOptions) int64 {
	if o.TTL <= 0 {
		return 0
	}
	return max(o.TTL.Milliseconds(), 1)
}

// PutIf stores value only if key's version is expected ("" = absent), in
// one Lua script.
func (b *backend) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	if err := b.checkWrite("putif", key, o); err != nil {
		return "", err
	}
	ctx = adapterkit.SocketDeadline(ctx, adapterkit.ScaleTimeout(b.timeout, len(value)))
	b.largest.Wrote(len(value))
	res, err := casScript.Run(ctx, b.client, []string{b.dataKey(key), b.index, b.counter},
		key, value, ttlMillis(o), string(expected)).Slice()
	if err != nil {
		return "", b.wrap("putif", key, err)
	}
	if len(res) != 2 {
		return "", adapterkit.Wrap(storeName, "putif", key, nil, fmt.Errorf("unexpected script reply %v", res))
	}
	ver := fmt.Sprint(res[1])
	if n, _ := res[0].(int64); n != 1 {
		return "", adapterkit.Wrap(storeName, "putif", key, kv.ErrConflict,
			fmt.Errorf("expected version %q, found %q", expected, ver))
	}
	return kv.Version(ver), nil
}

// checkWrite validates a write's key and TTL.
func (b *backend) checkWrite(op, key string, o kv.PutOptions) error {
	if err := adapterkit.CheckKey(storeName, op, key); err != nil {
		return err
	}
	return adapterkit.CheckTTL(storeName, op, key, o)
}

// Delete removes key and its index entry in one MULTI/EXEC; an absent key
// is not an error.
func (b *backend) Delete(ctx context.Context, key string) error {
	if err := adapterkit.CheckKey(storeName, "delete", key); err != nil {
		return err
	}
	ctx = adapterkit.SocketDeadline(ctx, b.timeout)
	_, err := b.client.TxPipelined(ctx, func(p goredis.Pipeliner) error {
		p.Del(ctx, b.dataKey(key))
		p.ZRem(ctx, b.index, key)
		return nil
	})
	return b.wrap("delete", key, err)
}

// List returns up to limit live keys with prefix after cursor, in byte
// order, from the sorted-set index.
func (b *backend) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	last, err := adapterkit.ListStart(storeName, prefix, cursor, limit)
	if err != nil {
		return kv.Page{}, err
	}
	ctx = adapterkit.SocketDeadline(ctx, b.timeout)
	lo, hi := "-", "+"
	switch {
	case last != "":
		lo = "(" + last
	case prefix != "":
		lo = "[" + prefix
	}
	if succ, ok := adapterkit.ByteSuccessor(prefix); ok {
		hi = "(" + succ
	}
	args := []any{lo, hi, limit, b.dataPrefix, "1"}
	var res []any
	if b.replicaReads {
		args[4] = "0"
		res, err = listScript.RunRO(ctx, b.reader, []string{b.index}, args...).Slice()
	} else {
		res, err = listScript.Run(ctx, b.client, []string{b.index}, args...).Slice()
	}
	if err != nil {
		return kv.Page{}, b.wrap("list", prefix, err)
	}
	return parseListReply(prefix, res)
}

func parseListReply(prefix string, res []any) (kv.Page, error) {
	if len(res) != 2 {
		return kv.Page{}, adapterkit.Wrap(storeName, "list", prefix, nil, fmt.Errorf("unexpected script reply %v", res))
	}
	members, _ := res[1].([]any)
	page := kv.Page{Keys: make([]string, 0, len(members))}
	for _, m := range members {
		page.Keys = append(page.Keys, fmt.Sprint(m))
	}
	if more, _ := res[0].(int64); more == 1 && len(page.Keys) > 0 {
		page.Cursor = adapterkit.EncodeCursor(page.Keys[len(page.Keys)-1])
	}
	return page, nil
}

// wrap classifies a go-redis error: error replies from the server keep
// only the native error (the call was refused); everything else — network
// failures, timeouts, a closed or exhausted pool — is kv.ErrUnavailable,
// an unknown outcome.
//
// A failure to connect means nothing was sent: when the client never
// retries a command (MaxRetries -1, as Open sets it), a write that fails
// dialing certainly did not happen and also wraps kv.ErrNotSent.
func (b *backend) wrap(op, key string, err error) error {
	if err == nil {
		return nil
	}
	var reply goredis.Error
	if errors.As(err, &reply) && !adapterkit.IsTransport(err) && !isBusy(reply) {
		return adapterkit.Wrap(storeName, op, key, nil, err)
	}
	var dial *net.OpError
	if b.noRetries && errors.As(err, &dial) && dial.Op == "dial" {
		return adapterkit.Wrap(storeName, op, key, kv.ErrUnavailable, fmt.Errorf("%w: %w", kv.ErrNotSent, err))
	}
	return adapterkit.Wrap(storeName, op, key, kv.ErrUnavailable, err)
}

// isBusy reports server states that mean "try later": the call did not
// run now, but the store is not answering normally either.
func isBusy(err goredis.Error) bool {
	msg := err.Error()
	for _, p := range []string{"LOADING", "BUSY", "MASTERDOWN", "TRYAGAIN", "CLUSTERDOWN"} {
		if len(msg) >= len(p) && msg[:len(p)] == p {
			return true
		}
	}
	return false
}
