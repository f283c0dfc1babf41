package sim

import "time"

// proc is the execution of one operation: who runs it and in which mode.
// A deterministic client (cl != nil) spends virtual time on each message;
// a free-running caller (cl == nil) does the operation's synchronous part
// instantly and leaves only asynchronous work (replication) for later.
type proc struct {
	c      *Cluster
	cl     *client
	region int
	legs   []leg // the quorum preset's legs of the current operation
}

// sleep spends d of virtual time (nothing in free-running mode).
func (p *proc) sleep(d time.Duration) {
	if p.cl != nil && d > 0 {
		p.c.sleep(p.cl, d)
	}
}

// sleepUntil spends virtual time until t (ns).
func (p *proc) sleepUntil(t int64) {
	p.sleep(time.Duration(t - p.c.now.Load()))
}

// hop carries a request or reply from region a to region b. When b cannot
// be reached (partition, crash) or the message is lost, the caller waits
// out Config.Timeout and gets kv.ErrUnavailable.
func (p *proc) hop(a, b int) error {
	c := p.c
	if !c.reachable(a, b) || c.lost(a, b) {
		p.sleep(c.cfg.Timeout)
		return c.unavailable(a, b)
	}
	if p.cl != nil {
		p.sleep(c.delay(a, b))
	}
	return nil
}
