package testserver

import (
	"fmt"
	"time"

	"github.com/kvchaos/kvchaos/faultproxy"
)

// startLagProxy starts a loopback fault proxy to target that holds back
// every byte flowing from target to the client for lag. Between a Redis
// replica and its primary it makes replication lag by a known amount: the
// replication stream is delayed, the replica's acks are not.
func startLagProxy(target string, lag time.Duration) (*faultproxy.Proxy, error) {
	if lag <= 0 {
		return nil, fmt.Errorf("replication lag %v: must be positive", lag)
	}
	p, err := faultproxy.New(target, faultproxy.Options{})
	if err != nil {
		return nil, fmt.Errorf("lag proxy: %w", err)
	}
	if err := p.Apply(faultproxy.Fault{Kind: faultproxy.Latency, Direction: faultproxy.Downstream, Delay: lag}); err != nil {
		_ = p.Close()
		return nil, fmt.Errorf("lag proxy: %w", err)
	}
	return p, nil
}
