// Package faultproxy is a loopback TCP proxy that injects network faults
// between a client and a server, for testing how a store and the code
// using it behave when the network misbehaves: added latency (per
// direction, with jitter from a seeded source), a blackhole (bytes stop
// flowing but connections stay open, so clients time out with an unknown
// outcome), a reset of every connection, refused new connections, and
// heal.
//
// A Proxy listens on 127.0.0.1 only, on a free port, and forwards each
// connection to its target:
//
//	p, err := faultproxy.New("127.0.0.1:6379", faultproxy.Options{})
//	defer p.Close()
//	client := redis.NewClient(&redis.Options{Addr: p.Addr()})
//	p.Apply(faultproxy.Fault{Kind: faultproxy.Blackhole})
//	... // requests now hang until the client's timeout
//	p.Heal()
//
// StartSchedule applies a random sequence of faults, drawn from a seed, to
// a set of proxies until it is stopped (like the simulator's nemesis), and
// reports each fault's start and end through a callback and, given a
// history.Recorder, as history.Annotation spans on it, so the report
// shades them. `kvchaos run --faults` uses both.
//
// The proxy sits between the client and the server: it cannot cut the
// servers of a cluster off from each other (see docs/faults.md). Held
// bytes are never dropped: like TCP, a blackhole delays them until the
// heal and delivers them in order, so a request the client gave up on may
// still take effect later — which is what an unknown outcome means.
package faultproxy
