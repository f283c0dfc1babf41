package nats

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strings"
	"time"

	natsgo "github.com/nats-io/nats.go"
	"github.com/nats-io/nats.go/jetstream"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/adapterkit"
	"github.com/kvchaos/kvchaos/kv"
)

func init() {
	backends.Register("nats", openURL)
}

// defaultBucket is the bucket used when the URL names none.
const defaultBucket = "kvchaos"

var bucketName = regexp.MustCompile(`\A[a-zA-Z0-9_-]+\z`)

// Open connects to the servers of a nats:// URL (see the package doc),
// opens the bucket, creating it when missing, and returns the store.
func openURL(ctx context.Context, u *url.URL) (*backends.Store, error) {
	redacted := backends.Redact(u.String())
	fail := func(err error) (*backends.Store, error) {
		return nil, fmt.Errorf("store URL %q: %w", redacted, adapterkit.RedactErr(err, u))
	}
	if u.Host == "" {
		return fail(errors.New("no servers (want nats://host:port[,host:port...])"))
	}
	bucket := u.Query().Get("bucket")
	if bucket == "" {
		bucket = defaultBucket
	}
	if !bucketName.MatchString(bucket) {
		return fail(fmt.Errorf("bucket %q: only letters, digits, '-' and '_' are allowed", bucket))
	}
	timeout, err := adapterkit.OpTimeout(u, 5*time.Second)
	if err != nil {
		return fail(err)
	}
	var servers []string
	for _, h := range strings.Split(u.Host, ",") {
		servers = append(servers, "nats://"+h)
	}
	opts := []natsgo.Option{natsgo.Name("kvchaos"), natsgo.Timeout(2 * time.Second), natsgo.MaxReconnects(-1)}
	if u.User != nil {
		pw, _ := u.User.Password()
		opts = append(opts, natsgo.UserInfo(u.User.Username(), pw))
	}
	nc, err := natsgo.Connect(strings.Join(servers, ","), opts...)
	if err != nil {
		return fail(adapterkit.Wrap(storeName, "connect", "", kv.ErrUnavailable, err))
	}
	b, err := openBucket(ctx, nc, bucket, timeout)
	if err != nil {
		nc.Close()
		return fail(err)
	}
	return &backends.Store{Backend: b, Close: func() error { nc.Close(); return nil }}, nil
}

// openBucket opens or creates the bucket; new buckets allow per-message
// TTLs when the server supports them.
func openBucket(ctx context.Context, nc *natsgo.Conn, bucket string, timeout time.Duration) (*backend, error) {
	js, err := jetstream.New(nc)
	if err != nil {
		return nil, wrap("open", bucket, err)
	}
	ctx, cancel := adapterkit.Bound(ctx, timeout)
	defer cancel()
	b, err := js.KeyValue(ctx, bucket)
	if errors.Is(err, jetstream.ErrBucketNotFound) {
		cfg := jetstream.KeyValueConfig{Bucket: bucket, History: 1, LimitMarkerTTL: time.Second}
		b, err = js.CreateKeyValue(ctx, cfg)
		if errors.Is(err, jetstream.ErrLimitMarkerTTLNotSupported) {
			cfg.LimitMarkerTTL = 0
			b, err = js.CreateKeyValue(ctx, cfg)
		}
		if errors.Is(err, jetstream.ErrBucketExists) {
			b, err = js.KeyValue(ctx, bucket) // created concurrently
		}
	}
	if err != nil {
		return nil, wrap("open", bucket, err)
	}
	s, err := js.Stream(ctx, "KV_"+bucket)
	if err != nil {
		return nil, wrap("open", bucket, err)
	}
	info, err := s.Info(ctx)
	if err != nil {
		return nil, wrap("open", bucket, err)
	}
	return newBackend(js, b, info.Config.AllowMsgTTL, timeout), nil
}
