package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/history"
)

// served is a running `kvchaos serve`.
type served struct {
	cmd            *exec.Cmd
	base           string // http://127.0.0.1:PORT
	banner         string
	mu             sync.Mutex
	stdout, stderr bytes.Buffer
	copied         chan struct{}
}

// startServe starts `kvchaos serve args...` in dir on a free port and
// returns once it listens. It is stopped with Interrupt when the test ends
// unless stop was called.
func startServe(t *testing.T, dir string, args ...string) *served {
	t.Helper()
	s := &served{copied: make(chan struct{})}
	s.cmd = exec.Command(bin, append([]string{"serve", "--addr", "127.0.0.1:0"}, args...)...)
	s.cmd.Dir = dir
	s.cmd.Stderr = &lockedWriter{mu: &s.mu, w: &s.stderr}
	out, err := s.cmd.StdoutPipe()
	require.NoError(t, err)
	require.NoError(t, s.cmd.Start())
	r := bufio.NewReader(out)
	s.banner, err = r.ReadString('\n')
	if err != nil {
		_ = s.cmd.Process.Kill()
		_ = s.cmd.Wait()
		t.Fatalf("kvchaos serve %v: %v; stderr: %s", args, err, s.stderr.String())
	}
	go func() {
		_, _ = io.Copy(&lockedWriter{mu: &s.mu, w: &s.stdout}, r)
		close(s.copied)
	}()
	s.base = regexp.MustCompile(`http://127\.0\.0\.1:\d+`).FindString(s.banner)
	require.NotEmpty(t, s.base, "no address in the banner %q", s.banner)
	t.Cleanup(func() {
		if s.cmd.ProcessState == nil {
			_ = s.cmd.Process.Kill()
			_ = s.cmd.Wait()
		}
	})
	return s
}

// stop interrupts the server, as Ctrl-C does, and returns everything it
// printed.
func (s *served) stop(t *testing.T) (stdout, stderr string) {
	t.Helper()
	require.NoError(t, s.cmd.Process.Signal(os.Interrupt))
	<-s.copied
	require.NoError(t, s.cmd.Wait(), "serve exited badly: %s", s.stderr.String())
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.banner + s.stdout.String(), s.stderr.String()
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l *lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// loadHistory reads a JSONL history file.
func loadHistory(t *testing.T, path string) history.History {
	t.Helper()
	h, err := readHistory(path, "jsonl", io.Discard)
	require.NoError(t, err)
	return h
}

// regionsOf counts the ops of h per region.
func regionsOf(h history.History) map[string]int {
	n := map[string]int{}
	for _, op := range h.Ops {
		n[op.Region]++
	}
	return n
}

// requireCounterExact checks a counter history: for every key, the last
// read returns exactly the number of acknowledged increments.
func requireCounterExact(t *testing.T, h history.History) {
	t.Helper()
	incs := map[string]int{}
	last := map[string]history.Op{}
	for _, op := range h.Ops {
		switch {
		case op.Func == history.FuncUpdate && op.Outcome == history.OutcomeOK:
			incs[op.Key]++
		case op.Func == history.FuncGet && op.Outcome == history.OutcomeOK:
			if l, ok := last[op.Key]; !ok || op.Call > l.Call {
				last[op.Key] = op
			}
		}
	}
	require.NotEmpty(t, incs, "no acknowledged increments")
	for k, n := range incs {
		require.Contains(t, last, k, "no final read of counter %q", k)
		assert.Equal(t, strconv.Itoa(n), last[k].Output.Value, "counter %q: %d acknowledged increments", k, n)
	}
}

// TestRunAgainstServeFastlyCounters runs the visit counter through the
// fastly:// adapter against `kvchaos serve --dialect fastly`:
// UpdateAtomic (generation CAS) is exact, Update loses updates, and the
// clients are spread over the emulator's regions.
func TestRunAgainstServeFastlyCounters(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := startServe(t, dir, "--dialect", "fastly", "--preset", "linearizable", "--record", "served.jsonl")
	store := "fastly://S?endpoint=" + srv.base

	r := kvchaos(t, dir, "run", "--store", store, "--workload", "counter-atomic", "--ops", "60", "--out", "atomic")
	t.Log(r.stdout)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "verdict: valid")
	assert.Contains(t, r.stdout, "lost-updates: ok")
	h := loadHistory(t, filepath.Join(dir, "atomic", historyFile))
	requireCounterExact(t, h)
	regions := regionsOf(h)
	assert.GreaterOrEqual(t, len(regions), 3, "clients not spread over the emulator's regions: %v", regions)
	for _, name := range []string{"us-east", "eu-west", "ap-south"} {
		assert.Positive(t, regions[name], "no op in region %s: %v", name, regions)
	}

	r = kvchaos(t, dir, "run", "--store", store, "--workload", "counter", "--ops", "60", "--out", "plain")
	t.Log(r.stdout)
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "lost-updates: violated")
	assert.Regexp(t, `\[lost-update\] key "k\d": get\+put op \d+ \(client \d\) read .* overwriting it unseen`, r.stdout)
	assert.Regexp(t, `(?m)^client code: lost \d+ of 60 acknowledged increments \(the client code's read-modify-write is a separate get and put`, r.stdout)
	assert.Regexp(t, `\[counter-bounds\] counter "k\d" ends at \d+ but \d+ acknowledged increments`, r.stdout)

	srv.stop(t)
	// The emulator saw the requests in every region too, from the region
	// header the adapter sent.
	served := regionsOf(loadHistory(t, filepath.Join(dir, "served.jsonl")))
	for _, name := range []string{"us-east", "eu-west", "ap-south"} {
		assert.Positive(t, served[name], "the emulator served no request in %s: %v", name, served)
	}
}

// TestRunAgainstReplicatedServeQuiescesBeforeFinalReads runs the atomic
// visit counter against `kvchaos serve --dialect fastly --preset
// replicated`, whose regions read their own replica: run quiesces the
// emulator before its final reads, so the counter's final value is exact
// (no phantom "lost" increment from a replica the last writes had not
// reached) and every region agrees. The store is held to what it
// promises, eventual consistency (its replica reads are stale by design).
func TestRunAgainstReplicatedServeQuiescesBeforeFinalReads(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := startServe(t, dir, "--dialect", "fastly", "--preset", "replicated", "--record", "served.jsonl")
	r := kvchaos(t, dir, "run", "--store", "fastly://S?endpoint="+srv.base, "--workload", "counter-atomic",
		"--ops", "60", "--expect", "eventual", "--out", "atomic")
	t.Log(r.stdout)
	require.Equal(t, 0, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "verdict: valid")
	assert.Contains(t, r.stdout, "lost-updates: ok")
	assert.NotContains(t, r.stdout, "[counter-bounds]")
	assert.Contains(t, r.stdout, "convergence: ok")
	h := loadHistory(t, filepath.Join(dir, "atomic", historyFile))
	requireCounterExact(t, h)
	require.Len(t, h.Annotations, 1)
	assert.Equal(t, history.AnnotationQuiescent, h.Annotations[0].Kind)
	srv.stop(t)
	served := loadHistory(t, filepath.Join(dir, "served.jsonl"))
	require.Len(t, served.Annotations, 1, "the emulator marks the quiescence point in its own history")
	assert.Equal(t, history.AnnotationQuiescent, served.Annotations[0].Kind)
}

// TestRunAgainstServeCloudflareNamesStaleReads runs the register workload
// through the cloudflare:// adapter against `kvchaos serve --dialect
// cloudflare` over the edgecache preset, its read cache shortened so a
// run of well under a second shows reads going stale: the run exits 1 and
// names the stale reads.
func TestRunAgainstServeCloudflareNamesStaleReads(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	srv := startServe(t, dir, "--dialect", "cloudflare", "--preset", "edgecache", "--cache-ttl", "2s")
	assert.Contains(t, srv.banner, "preset=edgecache")
	assert.Contains(t, srv.banner, "cache-ttl=2s")
	r := kvchaos(t, dir, "run", "--store", "cloudflare://A/N?endpoint="+srv.base, "--workload", "register", "--ops", "150", "--out", "reg")
	t.Log(r.stdout)
	assert.Equal(t, 1, r.code, r.stdout+r.stderr)
	assert.Contains(t, r.stdout, "verdict: invalid")
	assert.Contains(t, r.stdout, "staleness: violated")
	assert.Regexp(t, `\[stale-read\] key "k\d": read op \d+ \(client \d\) returned .* although op \d+ had written`, r.stdout)
	assert.GreaterOrEqual(t, len(regionsOf(loadHistory(t, filepath.Join(dir, "reg", historyFile)))), 3)
	srv.stop(t)
}

// TestServeRejectsConflictingFlags: the simulator flags and --store
// exclude each other, and --cache-ttl needs the edgecache preset.
func TestServeRejectsConflictingFlags(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	for args, want := range map[string][]string{
		"--store and --regions": {"--dialect", "fastly", "--store", "mem://", "--regions", "2"},
		"--cache-ttl":           {"--dialect", "fastly", "--cache-ttl", "2s"},
		"--speed":               {"--dialect", "cloudflare", "--speed", "0"},
		"--preset":              {"--dialect", "cloudflare", "--preset", "dynamo"},
	} {
		r := kvchaos(t, dir, append([]string{"serve"}, want...)...)
		assert.Equal(t, 2, r.code, "%v", want)
		assert.Contains(t, r.stderr, args, "%v", want)
	}
}
