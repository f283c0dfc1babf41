package simstore

import (
	"fmt"
	"net/url"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/sim"
)

// defaultNemesisInterval is the fault interval of nemesis=on.
const defaultNemesisInterval = 250 * time.Millisecond

// Nemesis reads a sim:// URL's nemesis= parameter: nil when it is absent
// or off (0, false, off), an open-ended schedule otherwise. nemesis=on (or
// 1, true) uses defaultNemesisInterval; nemesis=DURATION (e.g. 2s) sets
// the interval d: the quiet time before each fault is uniform in [d/5, d]
// and each fault lasts uniform in [d/5, 2d]. The faults — partitions, an
// isolated region, crash and restart, clock skew, message loss, extra
// delay — come from the simulator's seed and stop when the store is
// quiesced.
func Nemesis(u *url.URL) (*sim.NemesisConfig, error) {
	q := u.Query()
	if !q.Has("nemesis") {
		return nil, nil
	}
	v := q.Get("nemesis")
	d := defaultNemesisInterval
	switch strings.ToLower(v) {
	case "0", "false", "off":
		return nil, nil
	case "", "1", "true", "on":
	default:
		var err error
		if d, err = time.ParseDuration(v); err != nil || d < 5*time.Millisecond {
			return nil, fmt.Errorf("nemesis: %q is not on, off or a duration of at least 5ms", v)
		}
	}
	nc := NemesisEvery(d)
	return &nc, nil
}

// NemesisEvery is the open-ended fault schedule of nemesis=d: the quiet
// time before each fault is uniform in [d/5, d] and each fault lasts
// uniform in [d/5, 2d].
func NemesisEvery(d time.Duration) sim.NemesisConfig {
	return sim.NemesisConfig{Gap: sim.Uniform(d/5, d), Length: sim.Uniform(d/5, 2*d)}
}
