package swarm

import (
	"regexp"
	"strings"
	"time"
)

// The environment through which kvchaos swarm --go-test and kvchaos
// replay drive a kvtest.Swarm test.
const (
	// EnvSwarm holds the swarm to run, as JSON (GoTestRequest).
	EnvSwarm = "KVCHAOS_SWARM"
	// EnvReplay holds a replay token; EnvReplayOut the run directory.
	EnvReplay    = "KVCHAOS_REPLAY"
	EnvReplayOut = "KVCHAOS_REPLAY_OUT"
)

// GoTestRequest is what kvchaos swarm --go-test asks a kvtest.Swarm test
// to run.
type GoTestRequest struct {
	Runs             int           `json:"runs,omitempty"`
	Duration         time.Duration `json:"duration,omitempty"`
	Shard            Shard         `json:"shard"`
	Space            Space         `json:"space"`
	Workers          int           `json:"workers,omitempty"`
	Out              string        `json:"out"`
	Version          string        `json:"version"`
	CheckDeterminism bool          `json:"check_determinism,omitempty"`
	Timeout          time.Duration `json:"timeout,omitempty"`
	// Package is the test's import path (go list's), for replay tokens.
	Package string `json:"package"`
}

// RunPattern is the go test -run pattern that selects exactly the test
// named name (t.Name(): subtests are separated by slashes).
func RunPattern(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}
