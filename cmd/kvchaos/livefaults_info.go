package main

import (
	"encoding/json"
	"fmt"
	"strings"
	"sync"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/internal/report"
)

// faultsOf returns the --faults record of a store opened by openStore,
// nil for one without faults.
func faultsOf(s *backends.Store) *faultsInfo {
	if lf, ok := s.Quiescer.(*liveFaults); ok {
		return lf.info
	}
	return nil
}

// faultsInfo is run.json's record of --faults. It is updated by the fault
// schedule while the run goes on, hence the lock.
type faultsInfo struct {
	mu sync.Mutex
	faultsFields
}

// faultsFields are faultsInfo's JSON fields.
type faultsFields struct {
	// Setting is the flag's value; Interval the schedule's interval.
	Setting  string `json:"setting"`
	Interval string `json:"interval"`
	// Targets are the servers' host:port the proxies stood in front of.
	Targets []string `json:"targets"`
	// Injected counts the faults applied.
	Injected int `json:"injected"`
	// HealedBeforeFinalReads is set when every fault was healed before
	// the runner's final reads (an interrupted run makes none).
	HealedBeforeFinalReads bool `json:"healed_before_final_reads"`
}

func (fi *faultsInfo) injected() { fi.mu.Lock(); fi.Injected++; fi.mu.Unlock() }

func (fi *faultsInfo) healed() { fi.mu.Lock(); fi.HealedBeforeFinalReads = true; fi.mu.Unlock() }

// MarshalJSON writes the fields under the lock.
func (fi *faultsInfo) MarshalJSON() ([]byte, error) {
	fi.mu.Lock()
	defer fi.mu.Unlock()
	return json.Marshal(fi.faultsFields)
}

// UnmarshalJSON reads the fields (for tests and tools reading run.json).
func (fi *faultsInfo) UnmarshalJSON(b []byte) error {
	return json.Unmarshal(b, &fi.faultsFields)
}

// facts describes the faults for the report's header; none without.
func (fi *faultsInfo) facts() []report.Fact {
	if fi == nil {
		return nil
	}
	fi.mu.Lock()
	defer fi.mu.Unlock()
	healed := "healed before the final reads"
	if !fi.HealedBeforeFinalReads {
		healed = "healed at the end (no final reads)"
	}
	return []report.Fact{{Name: "faults", Value: fmt.Sprintf("%s: %d network faults through proxies in front of %s, shaded in the timeline; %s",
		fi.Setting, fi.Injected, strings.Join(fi.Targets, ", "), healed)}}
}
