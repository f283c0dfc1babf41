package main

// The stores kvchaos can open by URL: each package registers its scheme.
import (
	"context"

	goredis "github.com/redis/go-redis/v9"

	_ "github.com/kvchaos/kvchaos/backends/cloudflare"
	_ "github.com/kvchaos/kvchaos/backends/etcd"
	_ "github.com/kvchaos/kvchaos/backends/fastly"
	_ "github.com/kvchaos/kvchaos/backends/mem"
	_ "github.com/kvchaos/kvchaos/backends/nats"
	_ "github.com/kvchaos/kvchaos/backends/postgres"
	_ "github.com/kvchaos/kvchaos/backends/redis"
	_ "github.com/kvchaos/kvchaos/backends/sim"
)

// quietLogger drops go-redis's own log lines ("failed to dial after 5
// attempts"): every failure they describe already reaches the run as an
// operation's error, recorded in the history, and the lines would break
// the progress display and the summary under --faults.
type quietLogger struct{}

func (quietLogger) Printf(context.Context, string, ...any) {}

func init() { goredis.SetLogger(quietLogger{}) }
