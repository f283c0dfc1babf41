package main

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/history"
)

// withSimParam adds name=value to a sim:// URL that does not set name.
// Other URLs are returned unchanged with ok false.
func withSimParam(raw, name, value string) (_ string, ok bool) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme != "sim" {
		return raw, false
	}
	if u.Query().Has(name) {
		return raw, true
	}
	sep := "?"
	if strings.Contains(raw, "?") {
		sep = "&"
	}
	return raw + sep + name + "=" + url.QueryEscape(value), true
}

// withNemesis turns --nemesis into the sim:// URL's nemesis= parameter (a
// nemesis= already in the URL wins). Only the simulator injects faults.
func withNemesis(raw, nemesis string) (string, error) {
	if nemesis == "" {
		return raw, nil
	}
	out, ok := withSimParam(raw, "nemesis", nemesis)
	if !ok {
		return "", fmt.Errorf("--nemesis: fault injection needs a sim:// store, not %q", backends.Redact(raw))
	}
	return out, nil
}

// faultRecorder is a scheduler (the simulator's) or a live store's
// Quiescer (--faults) that can record its fault annotations into the
// run's recorder.
type faultRecorder interface {
	RecordFaults(rec *history.Recorder) error
}

// recordFaults has a simulated store record its faults into rec, so they
// appear in the history and the report, while the runner records the
// clients' operations itself. Stores without faults do nothing.
func recordFaults(s *backends.Store, rec *history.Recorder) error {
	if fr, ok := s.Quiescer.(faultRecorder); ok { // --faults on a live store
		return fr.RecordFaults(rec)
	}
	sch := s.Scheduler
	for sch != nil {
		if fr, ok := sch.(faultRecorder); ok {
			return fr.RecordFaults(rec)
		}
		u, ok := sch.(interface{ Unwrap() backends.Scheduler })
		if !ok {
			return nil
		}
		sch = u.Unwrap()
	}
	return nil
}
