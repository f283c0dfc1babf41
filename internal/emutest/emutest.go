package emutest

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/sim"
)

// epoch is the wall-clock instant virtual time 0 maps to, for the
// emulator's absolute expirations and write-rate limit.
var epoch = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// Server is an emulator over a simulator cluster, listening on loopback.
type Server struct {
	// URL is the emulator's base URL (http://127.0.0.1:PORT).
	URL string
	// Cluster is the simulated store behind it, one region per emulator
	// region: Advance moves its clock, Quiesce settles it.
	Cluster *sim.Cluster
	// Emulator is the handler serving URL.
	Emulator *emulator.Server

	ts *httptest.Server
}

// New builds a cluster from cfg and serves dialect over its regions on a
// loopback listener, requiring token on every request ("" accepts any).
// cfg.Speed > 0 makes virtual time follow the wall clock, as under `kvchaos
// serve`; leave it 0 to move time with Cluster.Advance. Close stops it.
func New(dialect edge.Dialect, cfg sim.Config, token string) (*Server, error) {
	c, err := sim.New(cfg)
	if err != nil {
		return nil, fmt.Errorf("emutest: %w", err)
	}
	srv, err := emulator.New(emulator.Config{
		Dialect: dialect,
		Regions: c.Regions(),
		Backend: c.Region,
		Token:   token,
		Now:     func() time.Time { return epoch.Add(c.Now()) },
	})
	if err != nil {
		return nil, fmt.Errorf("emutest: %w", err)
	}
	ts := httptest.NewServer(srv)
	return &Server{URL: ts.URL, Cluster: c, Emulator: srv, ts: ts}, nil
}

// Close stops the server and waits for its requests to finish.
func (s *Server) Close() { s.ts.Close() }

// Start is New for a test: it fails t on an error and closes the server
// when the test ends.
func Start(t testing.TB, dialect edge.Dialect, cfg sim.Config, token string) *Server {
	t.Helper()
	s, err := New(dialect, cfg, token)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}
