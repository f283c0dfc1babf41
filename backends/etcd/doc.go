// Package etcd is the kvchaos adapter for etcd v3, using the official
// go.etcd.io/etcd/client/v3. It registers the etcd:// URL scheme:
//
//	etcd://[user:password@]host:port[,host:port...][?dial_timeout=2s&prefix=app/]
//
// A key's version is its ModRevision. PutIf is a transaction comparing the
// ModRevision (or CreateRevision == 0 for "must be absent"); TTLs are
// leases, granted per write in whole seconds (rounded up). Listing is a
// range read from the prefix (or just after the cursor's key) to the
// prefix's range end, in key order, limit+1 keys to know whether more
// follow. Reads are linearizable (etcd's default, not serializable), so a
// single etcd cluster is linearizable per key — and across keys.
package etcd
