package faultproxy

import (
	"fmt"
	"time"
)

// Kind names a fault.
type Kind string

// The faults a Proxy can inject.
const (
	// Latency delays every chunk of bytes by Fault.Delay, plus or minus a
	// uniform jitter of up to Fault.Jitter, keeping their order.
	Latency Kind = "latency"
	// Blackhole stops forwarding bytes in Fault.Direction while keeping
	// the connections open: requests (or their replies) hang until the
	// heal, when the held bytes are delivered in order.
	Blackhole Kind = "blackhole"
	// Reset closes every open connection at once (with a TCP reset). It is
	// instantaneous: there is nothing to heal.
	Reset Kind = "reset"
	// Refuse closes every new connection as soon as it is accepted, until
	// the heal; open connections are left alone.
	Refuse Kind = "refuse"
	// Down is Reset and Refuse together: the server looks crashed until
	// the heal.
	Down Kind = "down"
)

// kinds lists every Kind, in the order a Schedule draws from by default.
func kinds() []Kind { return []Kind{Latency, Blackhole, Reset, Refuse, Down} }

// Direction is the way bytes flow through a proxy.
type Direction int

const (
	// Both directions (the zero value).
	Both Direction = iota
	// Upstream is client to server: requests.
	Upstream
	// Downstream is server to client: replies.
	Downstream
)

// String names the direction.
func (d Direction) String() string {
	switch d {
	case Both:
		return "both ways"
	case Upstream:
		return "client→server"
	case Downstream:
		return "server→client"
	}
	return fmt.Sprintf("Direction(%d)", int(d))
}

// has reports whether d covers the single direction one (Upstream or
// Downstream).
func (d Direction) has(one Direction) bool { return d == Both || d == one }

// Fault is one fault to apply to a Proxy.
type Fault struct {
	Kind Kind
	// Direction is the way Latency and Blackhole act; ignored by the others.
	Direction Direction
	// Delay and Jitter are Latency's: each chunk waits Delay plus a
	// uniform amount in [-Jitter, +Jitter] (never less than zero).
	Delay, Jitter time.Duration
}

// validate reports a fault that cannot be applied, naming the field.
func (f Fault) validate() error {
	switch f.Kind {
	case Latency:
		if f.Delay < 0 || f.Jitter < 0 {
			return fmt.Errorf("faultproxy: latency: Delay (%v) and Jitter (%v) must not be negative", f.Delay, f.Jitter)
		}
	case Blackhole, Reset, Refuse, Down:
	default:
		return fmt.Errorf("faultproxy: Kind %q: want one of %v", f.Kind, kinds())
	}
	if f.Direction < Both || f.Direction > Downstream {
		return fmt.Errorf("faultproxy: Direction %d: want Both, Upstream or Downstream", int(f.Direction))
	}
	return nil
}

// String describes the fault for people and annotations.
func (f Fault) String() string {
	switch f.Kind {
	case Latency:
		s := fmt.Sprintf("latency +%v", f.Delay)
		if f.Jitter > 0 {
			s += fmt.Sprintf(" ±%v", f.Jitter)
		}
		return s + " " + f.Direction.String()
	case Blackhole:
		switch f.Direction {
		case Upstream:
			return "blackhole client→server (requests held)"
		case Downstream:
			return "blackhole server→client (replies held)"
		}
		return "blackhole both ways"
	case Reset:
		return "reset every connection"
	case Refuse:
		return "refuse new connections"
	case Down:
		return "down (connections reset, new ones refused)"
	}
	return string(f.Kind)
}
