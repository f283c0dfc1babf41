package cloudflare_test

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/cloudflare"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/internal/testserver"
	"github.com/kvchaos/kvchaos/kv"
)

// bridgeDir holds the bridge Worker and its pinned miniflare.
var bridgeDir = filepath.Join("..", "..", "emulator", "worker")

// bridge is the one miniflare the package's tests share: started on first
// use (a Node process and workerd cost seconds of CPU each), stopped by
// TestMain. Its KV namespace is shared too: every test keeps to a key
// prefix of its own (Prefix).
var bridge = testserver.NewShared(startMiniflare)

func TestMain(m *testing.M) { bridge.Main(m) }

// miniflare is the bridge Worker running under miniflare.
type miniflare struct {
	// URL is the base URL, http://127.0.0.1:PORT, without a trailing slash.
	URL  string
	stop func() error
	n    atomic.Int64
}

// Prefix returns a key prefix of fixed length no earlier call returned.
func (m *miniflare) Prefix() string { return fmt.Sprintf("t%06d/", m.n.Add(1)) }

// Close stops miniflare: closing its stdin makes serve.mjs dispose of it
// and exit; it is killed after 10 s.
func (m *miniflare) Close() error { return m.stop() }

// startMiniflare runs the bridge Worker under miniflare on a free loopback
// port with the planted token. A missing node or miniflare is
// testserver.ErrNotInstalled (a skip, a failure in CI), naming the install
// command.
func startMiniflare() (*miniflare, error) {
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(bridgeDir, "node_modules", "miniflare", "package.json"))
	}
	if err != nil {
		return nil, fmt.Errorf("%w: miniflare (%v): run `cd emulator/worker && npm ci`", testserver.ErrNotInstalled, err)
	}
	cmd := exec.Command(node, "serve.mjs")
	cmd.Dir = bridgeDir
	cmd.Env = append(os.Environ(), "KVCHAOS_BRIDGE_TOKEN="+token)
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	var stderr strings.Builder
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	stop := func() error {
		_ = stdin.Close()
		select {
		case err := <-done:
			return err
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			return errors.Join(errors.New("miniflare did not stop within 10 s: killed"), <-done)
		}
	}

	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
	}()
	fail := func(format string, args ...any) (*miniflare, error) {
		_ = stop()
		return nil, fmt.Errorf(format, args...)
	}
	select {
	case l, ok := <-line:
		if !ok {
			return fail("miniflare exited before it was ready: %s", stderr.String())
		}
		var ready struct{ URL string }
		if err := json.Unmarshal([]byte(l), &ready); err != nil {
			return fail("miniflare's first line %q: %w", l, err)
		}
		if !strings.HasPrefix(ready.URL, "http://127.0.0.1:") {
			return fail("miniflare must listen on loopback, got %q", ready.URL)
		}
		return &miniflare{URL: strings.TrimRight(ready.URL, "/"), stop: stop}, nil
	case <-time.After(60 * time.Second):
		return fail("miniflare did not start within 60 s: %s", stderr.String())
	}
}

// TestMiniflare runs the adapter against Cloudflare's own KV
// implementation (workerd, under miniflare) through the bridge Worker.
// It shares the package's miniflare, under a key prefix of its own.
func TestMiniflare(t *testing.T) {
	t.Parallel()
	mf := bridge.Get(t)
	base, p := mf.URL, mf.Prefix()
	b := newBackend(t, base+"/client/v4")
	ctx := t.Context()

	t.Run("CRUD", func(t *testing.T) {
		for _, k := range []string{"plain", "with/slash", "sp ace", "ü日本"} {
			require.NoError(t, b.Put(ctx, p+"crud/"+k, []byte("v:"+k), kv.PutOptions{}), k)
			it, err := b.Get(ctx, p+"crud/"+k)
			require.NoError(t, err, k)
			assert.Equal(t, "v:"+k, string(it.Value))
		}
		bin := []byte{0, 1, 2, 255, 254}
		require.NoError(t, b.Put(ctx, p+"crud/bin", bin, kv.PutOptions{}))
		it, err := b.Get(ctx, p+"crud/bin")
		require.NoError(t, err)
		assert.Equal(t, bin, it.Value)
		require.NoError(t, b.Delete(ctx, p+"crud/plain"))
		require.NoError(t, b.Delete(ctx, p+"crud/plain"))
		_, err = b.Get(ctx, p+"crud/plain")
		requireKind(t, err, kv.ErrNotFound)
	})

	t.Run("Validation", func(t *testing.T) {
		requireKind(t, b.Put(ctx, p+"ttl", []byte("x"), kv.PutOptions{TTL: 30 * time.Second}), kv.ErrInvalidTTL)
		require.NoError(t, b.Put(ctx, p+"ttl", []byte("x"), kv.PutOptions{TTL: time.Minute}))
		requireKind(t, b.Put(ctx, strings.Repeat("k", 513), []byte("x"), kv.PutOptions{}), kv.ErrInvalidKey)
	})

	t.Run("List", func(t *testing.T) {
		var want []string
		for i := range 23 {
			k := fmt.Sprintf("%slist/%02d", p, (i*7)%23)
			want = append(want, k)
			require.NoError(t, b.Put(ctx, k, []byte("x"), kv.PutOptions{}))
		}
		slices.Sort(want)
		for _, limit := range []int{3, 10, 1000} {
			assert.Equal(t, want, adaptertest.ListAll(t, b, p+"list/", limit), "pages of %d", limit)
		}
	})

	t.Run("WrongToken", func(t *testing.T) {
		wrong, err := cloudflare.New(cloudflare.Config{AccountID: "a", NamespaceID: "n", Token: "wrong", Endpoint: base})
		require.NoError(t, err)
		_, err = wrong.Get(ctx, "k")
		var api *edge.APIError
		require.True(t, errors.As(err, &api), "%v", err)
		assert.Equal(t, 403, api.Status)
	})
}
