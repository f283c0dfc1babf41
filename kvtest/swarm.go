package kvtest

import (
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"

	"github.com/kvchaos/kvchaos/internal/swarm"
	"github.com/kvchaos/kvchaos/sim"
)

// SwarmCase is one run of a Swarm property: a simulated cluster whose
// preset, regions, latencies and nemesis the run's seed drew.
type SwarmCase struct {
	// Config is the drawn configuration (Config.Seed is the run's seed).
	Config swarm.Config
	// Cluster is the configuration's cluster. It records every call; start
	// clients with Cluster.Go and run them with Cluster.Run.
	Cluster *sim.Cluster
	// Rand is seeded from the run's seed, for the property's own choices.
	Rand *rand.Rand
}

// swarmRuns is the number of seeds Swarm checks in a plain go test.
const swarmRuns = 20

// swarmRegressionDir holds the regression entries Swarm replays in a plain
// go test, relative to the test's package: kvchaos swarm --go-test PKG
// --run TEST --regressions PKG/testdata/kvchaos-swarm writes them.
const swarmRegressionDir = "testdata/kvchaos-swarm"

// Swarm checks prop on many simulated clusters, the way kvchaos swarm
// checks its workloads: run k uses seed k, which draws the preset,
// regions, latencies and nemesis (swarm.Draw), and the cluster's
// schedule. prop drives the cluster with the code under test and returns
// an error when the property does not hold; it must draw every choice
// from c.Rand or the cluster, so that a seed replays byte for byte.
//
// In a plain go test, Swarm checks swarmRuns seeds on every core and
// fails t once per failing seed, with its replay token. Under kvchaos
// swarm --go-test PKG --run TEST (which sets swarm.EnvSwarm) it runs the swarm
// the command asks for — any number of runs, a shard, a directory per
// failure — and under kvchaos replay (swarm.EnvReplay) the one run of a token.
//
//	func TestCartSwarm(t *testing.T) {
//		kvtest.Swarm(t, func(c *kvtest.SwarmCase) error { ... })
//	}
func Swarm(t *testing.T, prop func(c *SwarmCase) error) {
	t.Helper()
	ref := &swarm.PropertyRef{Package: callerPackage(), Test: t.Name()}
	var check swarm.CheckOptions
	exec := func(_ context.Context, c swarm.Config) (swarm.Result, error) { return runSwarmCase(c, prop, check) }
	switch {
	case os.Getenv(swarm.EnvReplay) != "":
		replaySwarmCase(t, os.Getenv(swarm.EnvReplay), ref, prop)
	case os.Getenv(swarm.EnvSwarm) != "":
		var req swarm.GoTestRequest
		if err := json.Unmarshal([]byte(os.Getenv(swarm.EnvSwarm)), &req); err != nil {
			t.Fatalf("kvtest.Swarm: %s: %v", swarm.EnvSwarm, err)
		}
		if req.Package != "" {
			ref.Package = req.Package
		}
		check.Timeout = req.Timeout
		s, err := swarm.New(swarm.Options{Runs: req.Runs, Duration: req.Duration, Shard: req.Shard, Space: req.Space, Workers: req.Workers,
			Out: req.Out, Version: req.Version, CheckDeterminism: req.CheckDeterminism, Property: ref, Exec: exec})
		if err != nil {
			t.Fatalf("kvtest.Swarm: %v", err)
		}
		if _, err := s.Run(t.Context()); err != nil {
			t.Fatalf("kvtest.Swarm: %v", err)
		}
	default:
		s, err := swarm.New(swarm.Options{Runs: swarmRuns, Version: "go test", Property: ref, Exec: exec})
		if err != nil {
			t.Fatalf("kvtest.Swarm: %v", err)
		}
		sum, err := s.Run(t.Context())
		if err != nil {
			t.Fatalf("kvtest.Swarm: %v", err)
		}
		for _, msg := range swarmRegressions(ref, prop) {
			t.Errorf("kvtest.Swarm: %s", msg)
		}
		for _, c := range sum.Cases {
			t.Errorf("seed %d (%s): %s %s\nreplay: %s=%s go test %s -run '%s'", c.Seed, c.Config, strings.Join(c.Kinds, ", "), c.Reason,
				swarm.EnvReplay, c.Replay, ref.Package, swarm.RunPattern(ref.Test))
		}
	}
}

// runSwarmCase runs prop on c's cluster. A panic in prop is a failure of
// the property, with the panic's value.
func runSwarmCase(c swarm.Config, prop func(*SwarmCase) error, o swarm.CheckOptions) (swarm.Result, error) {
	cl, err := swarm.NewCluster(c, true)
	if err != nil {
		return swarm.Result{Config: c}, err
	}
	sc := &SwarmCase{Config: c, Cluster: cl, Rand: rand.New(rand.NewPCG(c.Seed, swarmRandSalt))}
	failure := func() (msg string) {
		defer func() {
			if r := recover(); r != nil {
				msg = fmt.Sprintf("panic: %v", r)
			}
		}()
		if err := prop(sc); err != nil {
			return err.Error()
		}
		return ""
	}()
	return swarm.PropertyResult(c, cl.History(), failure, o)
}

// swarmRandSalt separates SwarmCase.Rand from the simulator's use of the
// seed.
const swarmRandSalt = 0x6b76_7465_7374 // "kvtest"

// replaySwarmCase runs the one configuration of a replay token when it
// names this test, writes its directory to swarm.EnvReplayOut and fails t when
// the property still fails. A token of another test skips t: go test -run
// may select several.
func replaySwarmCase(t *testing.T, token string, ref *swarm.PropertyRef, prop func(*SwarmCase) error) {
	t.Helper()
	tok, err := swarm.DecodeToken(token)
	if err != nil {
		t.Fatalf("kvtest.Swarm: %s: %v", swarm.EnvReplay, err)
	}
	if tok.Config.Property == nil || tok.Config.Property.Test != ref.Test {
		t.Skipf("kvtest.Swarm: %s replays another test's run", swarm.EnvReplay)
	}
	res, err := runSwarmCase(tok.Config, prop, swarm.CheckOptions{})
	if err != nil {
		t.Fatalf("kvtest.Swarm: %v", err)
	}
	if out := os.Getenv(swarm.EnvReplayOut); out != "" {
		if err := swarm.WriteRun(out, &res, tok.Version); err != nil {
			t.Fatalf("kvtest.Swarm: %s: %v", swarm.EnvReplayOut, err)
		}
	}
	if res.Outcome.Status == swarm.Fail {
		t.Errorf("seed %d (%s): the property fails: %s", tok.Config.Seed, tok.Config, res.Outcome.Reason)
	}
}

// callerPackage is the import path of the package whose test called
// Swarm, from the name of the calling function ("example.com/cart.TestX"
// or, for an external test package, "example.com/cart_test.TestX").
func callerPackage() string {
	pc, _, _, ok := runtime.Caller(2)
	if !ok {
		return ""
	}
	name := runtime.FuncForPC(pc).Name()
	slash := strings.LastIndex(name, "/")
	dot := strings.Index(name[slash+1:], ".")
	if dot < 0 {
		return ""
	}
	return strings.TrimSuffix(name[:slash+1+dot], "_test")
}

// swarmRegressions replays the entries of swarmRegressionDir that belong
// to this test and returns a message for each whose property still fails
// (or that cannot be read).
func swarmRegressions(ref *swarm.PropertyRef, prop func(*SwarmCase) error) []string {
	names, _ := filepath.Glob(filepath.Join(swarmRegressionDir, "*"+swarm.RegressionExt))
	var fails []string
	for _, name := range names {
		b, err := os.ReadFile(name)
		if err != nil {
			fails = append(fails, err.Error())
			continue
		}
		tok, err := swarm.DecodeToken(string(b))
		if err != nil {
			fails = append(fails, fmt.Sprintf("%s: %v", name, err))
			continue
		}
		if tok.Config.Property == nil || tok.Config.Property.Test != ref.Test {
			continue
		}
		res, err := runSwarmCase(tok.Config, prop, swarm.CheckOptions{})
		switch {
		case err != nil:
			fails = append(fails, fmt.Sprintf("%s: %v", name, err))
		case res.Outcome.Status == swarm.Fail:
			fails = append(fails, fmt.Sprintf("regression %s: seed %d still fails: %s", name, tok.Config.Seed, res.Outcome.Reason))
		}
	}
	return fails
}
