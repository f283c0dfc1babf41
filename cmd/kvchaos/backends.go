package main

// The stores kvchaos can open by URL: each package registers its scheme.
import (
	_ "github.com/kvchaos/kvchaos/backends/cloudflare"
	_ "github.com/kvchaos/kvchaos/backends/etcd"
	_ "github.com/kvchaos/kvchaos/backends/fastly"
	_ "github.com/kvchaos/kvchaos/backends/mem"
	_ "github.com/kvchaos/kvchaos/backends/nats"
	_ "github.com/kvchaos/kvchaos/backends/postgres"
	_ "github.com/kvchaos/kvchaos/backends/redis"
	_ "github.com/kvchaos/kvchaos/backends/sim"
)
