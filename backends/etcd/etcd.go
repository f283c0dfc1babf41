package etcd

import (
	"context"
	"fmt"
	"strconv"
	"time"

	clientv3 "go.etcd.io/etcd/client/v3"

	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

const storeName = "etcd"

// maxValueBytes is the largest value the adapter declares: etcd's default
// request limit is 1.5 MiB.
const maxValueBytes = 1 << 20

// backend is a kv.Backend and kv.CAS over an etcd cluster.
type backend struct {
	cli     *clientv3.Client
	ns      string
	timeout time.Duration
	largest adapterkit.LargestValue // reads get time for the largest value written
}

var (
	_ kv.Backend        = (*backend)(nil)
	_ kv.CAS            = (*backend)(nil)
	_ kv.LimitedBackend = (*backend)(nil)
)

// New returns a kv.Backend (a kv.CAS too) over cli with every key stored under namespace
// (may be ""). Each call is bounded by opTimeout (0 = only by the caller's
// context). Closing cli is the caller's business.
func New(cli *clientv3.Client, namespace string, opTimeout time.Duration) kv.Backend {
	return newBackend(cli, namespace, opTimeout)
}

// newBackend is New with the concrete type, for this package and its tests.
func newBackend(cli *clientv3.Client, namespace string, opTimeout time.Duration) *backend {
	return &backend{cli: cli, ns: namespace, timeout: opTimeout}
}

// Limits are the kv defaults with etcd's smaller value limit.
func (b *backend) Limits() kv.Limits {
	l := kv.DefaultLimits()
	l.MaxValueBytes = maxValueBytes
	return l
}

// Get returns key's value with its ModRevision as the version.
func (b *backend) Get(ctx context.Context, key string) (kv.Item, error) {
	ctx, cancel := b.largest.BoundRead(ctx, b.timeout)
	defer cancel()
	if err := adapterkit.CheckKey(storeName, "get", key); err != nil {
		return kv.Item{}, err
	}
	resp, err := b.cli.Get(ctx, b.ns+key)
	if err != nil {
		return kv.Item{}, wrap("get", key, err)
	}
	if len(resp.Kvs) == 0 {
		return kv.Item{}, adapterkit.Wrap(storeName, "get", key, kv.ErrNotFound, nil)
	}
	kvp := resp.Kvs[0]
	return kv.Item{Value: kvp.Value, Version: version(kvp.ModRevision)}, nil
}

func version(rev int64) kv.Version { return kv.Version(strconv.FormatInt(rev, 10)) }

// Put stores value at key, attached to a new lease when o.TTL is set.
func (b *backend) Put(ctx context.Context, key string, value []byte, o kv.PutOptions) error {
	_, err := b.PutVersion(ctx, key, value, o)
	return err
}

// PutVersion is Put, returning the key's new ModRevision (kv.VersionedPut).
func (b *backend) PutVersion(ctx context.Context, key string, value []byte, o kv.PutOptions) (kv.Version, error) {
	ctx, cancel := adapterkit.BoundWrite(ctx, b.timeout, len(value))
	b.largest.Wrote(len(value))
	defer cancel()
	lease, err := b.checkWrite(ctx, "put", key, o)
	if err != nil {
		return "", err
	}
	resp, err := b.cli.Put(ctx, b.ns+key, string(value), leaseOpts(lease)...)
	if err != nil {
		return "", wrap("put", key, err)
	}
	return version(resp.Header.Revision), nil
}

// PutIf stores value only if key's ModRevision is expected ("" = absent).
func (b *backend) PutIf(ctx context.Context, key string, value []byte, expected kv.Version, o kv.PutOptions) (kv.Version, error) {
	ctx, cancel := adapterkit.BoundWrite(ctx, b.timeout, len(value))
	b.largest.Wrote(len(value))
	defer cancel()
	var cmp clientv3.Cmp
	k := b.ns + key
	if expected == "" {
		cmp = clientv3.Compare(clientv3.CreateRevision(k), "=", 0)
	} else {
		rev, err := strconv.ParseInt(string(expected), 10, 64)
		if err != nil || rev <= 0 {
			return "", adapterkit.Wrap(storeName, "putif", key, kv.ErrConflict,
				fmt.Errorf("expected version %q is not an etcd revision", expected))
		}
		cmp = clientv3.Compare(clientv3.ModRevision(k), "=", rev)
	}
	lease, err := b.checkWrite(ctx, "putif", key, o)
	if err != nil {
		return "", err
	}
	resp, err := b.cli.Txn(ctx).If(cmp).Then(clientv3.OpPut(k, string(value), leaseOpts(lease)...)).Commit()
	if err != nil {
		return "", wrap("putif", key, err)
	}
	if !resp.Succeeded {
		if lease != clientv3.NoLease {
			b.revokeLater(lease)
		}
		return "", adapterkit.Wrap(storeName, "putif", key, kv.ErrConflict,
			fmt.Errorf("expected version %q did not match", expected))
	}
	// A transaction's single put has the transaction's revision.
	return version(resp.Header.Revision), nil
}

// checkWrite validates a write and grants its lease when it has a TTL
// (NoLease otherwise).
func (b *backend) checkWrite(ctx context.Context, op, key string, o kv.PutOptions) (clientv3.LeaseID, error) {
	if err := adapterkit.CheckKey(storeName, op, key); err != nil {
		return clientv3.NoLease, err
	}
	if err := adapterkit.CheckTTL(storeName, op, key, o); err != nil {
		return clientv3.NoLease, err
	}
	if o.TTL == 0 {
		return clientv3.NoLease, nil
	}
	secs := int64((o.TTL + time.Second - 1) / time.Second)
	lease, err := b.cli.Grant(ctx, secs)
	if err != nil {
		return clientv3.NoLease, wrap(op, key, err)
	}
	return lease.ID, nil
}

func leaseOpts(lease clientv3.LeaseID) []clientv3.OpOption {
	if lease == clientv3.NoLease {
		return nil
	}
	return []clientv3.OpOption{clientv3.WithLease(lease)}
}

// revokeLater drops the lease of a write that did not happen, best effort.
func (b *backend) revokeLater(lease clientv3.LeaseID) {
	go func() {
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = b.cli.Revoke(ctx, lease)
	}()
}

// Delete removes key; an absent key is not an error.
func (b *backend) Delete(ctx context.Context, key string) error {
	ctx, cancel := adapterkit.Bound(ctx, b.timeout)
	defer cancel()
	if err := adapterkit.CheckKey(storeName, "delete", key); err != nil {
		return err
	}
	_, err := b.cli.Delete(ctx, b.ns+key)
	return wrap("delete", key, err)
}

// List returns up to limit keys with prefix after cursor, in key order,
// with one linearizable range read.
func (b *backend) List(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error) {
	ctx, cancel := adapterkit.Bound(ctx, b.timeout)
	defer cancel()
	last, err := adapterkit.ListStart(storeName, prefix, cursor, limit)
	if err != nil {
		return kv.Page{}, err
	}
	start := b.ns + prefix
	if last != "" {
		start = b.ns + last + "\x00"
	}
	end := clientv3.GetPrefixRangeEnd(b.ns + prefix)
	if b.ns+prefix == "" {
		start, end = "\x00", "\x00" // "\x00" as range end: every key >= start
		if last != "" {
			start = last + "\x00"
		}
	}
	resp, err := b.cli.Get(ctx, start, clientv3.WithRange(end), clientv3.WithLimit(int64(limit)+1),
		clientv3.WithKeysOnly(), clientv3.WithSort(clientv3.SortByKey, clientv3.SortAscend))
	if err != nil {
		return kv.Page{}, wrap("list", prefix, err)
	}
	page := kv.Page{Keys: make([]string, 0, min(len(resp.Kvs), limit))}
	for _, kvp := range resp.Kvs {
		if len(page.Keys) == limit {
			page.Cursor = adapterkit.EncodeCursor(page.Keys[limit-1])
			break
		}
		k, _ := adapterkit.Prefix(b.ns).Strip(string(kvp.Key))
		page.Keys = append(page.Keys, k)
	}
	return page, nil
}
