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
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/kvchaos/kvchaos/backends/cloudflare"
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/internal/adaptertest"
	"github.com/kvchaos/kvchaos/kv"
)

// bridgeDir holds the bridge Worker and its pinned miniflare.
var bridgeDir = filepath.Join("..", "..", "emulator", "worker")

// startMiniflare runs the bridge Worker under miniflare on a free loopback
// port with the planted token and returns its base URL. A missing node or
// miniflare fails the test in CI and skips it elsewhere, naming the
// install command.
func startMiniflare(t *testing.T) string {
	t.Helper()
	node, err := exec.LookPath("node")
	if err == nil {
		_, err = os.Stat(filepath.Join(bridgeDir, "node_modules", "miniflare", "package.json"))
	}
	if err != nil {
		msg := fmt.Sprintf("miniflare is not installed (%v): run `cd emulator/worker && npm ci`", err)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	cmd := exec.Command(node, "serve.mjs")
	cmd.Dir = bridgeDir
	cmd.Env = append(os.Environ(), "KVCHAOS_BRIDGE_TOKEN="+token)
	stdin, err := cmd.StdinPipe()
	require.NoError(t, err)
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	var stderr strings.Builder
	cmd.Stderr = &stderr
	require.NoError(t, cmd.Start())
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	t.Cleanup(func() {
		_ = stdin.Close() // serve.mjs disposes miniflare and exits
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
	})

	line := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stdout)
		if sc.Scan() {
			line <- sc.Text()
		}
		close(line)
	}()
	select {
	case l, ok := <-line:
		require.True(t, ok, "miniflare exited before it was ready: %s", stderr.String())
		var ready struct{ URL string }
		require.NoError(t, json.Unmarshal([]byte(l), &ready), "first line %q", l)
		require.True(t, strings.HasPrefix(ready.URL, "http://127.0.0.1:"), "miniflare must listen on loopback, got %q", ready.URL)
		return strings.TrimRight(ready.URL, "/")
	case <-time.After(60 * time.Second):
		t.Fatalf("miniflare did not start within 60 s: %s", stderr.String())
		return ""
	}
}

// TestMiniflare runs the adapter against Cloudflare's own KV
// implementation (workerd, under miniflare) through the bridge Worker.
func TestMiniflare(t *testing.T) {
	base := startMiniflare(t)
	b := newBackend(t, base+"/client/v4")
	ctx := t.Context()

	t.Run("CRUD", func(t *testing.T) {
		for _, k := range []string{"plain", "with/slash", "sp ace", "ü日本"} {
			require.NoError(t, b.Put(ctx, "crud/"+k, []byte("v:"+k), kv.PutOptions{}), k)
			it, err := b.Get(ctx, "crud/"+k)
			require.NoError(t, err, k)
			assert.Equal(t, "v:"+k, string(it.Value))
		}
		bin := []byte{0, 1, 2, 255, 254}
		require.NoError(t, b.Put(ctx, "crud/bin", bin, kv.PutOptions{}))
		it, err := b.Get(ctx, "crud/bin")
		require.NoError(t, err)
		assert.Equal(t, bin, it.Value)
		require.NoError(t, b.Delete(ctx, "crud/plain"))
		require.NoError(t, b.Delete(ctx, "crud/plain"))
		_, err = b.Get(ctx, "crud/plain")
		requireKind(t, err, kv.ErrNotFound)
	})

	t.Run("Validation", func(t *testing.T) {
		requireKind(t, b.Put(ctx, "ttl", []byte("x"), kv.PutOptions{TTL: 30 * time.Second}), kv.ErrInvalidTTL)
		require.NoError(t, b.Put(ctx, "ttl", []byte("x"), kv.PutOptions{TTL: time.Minute}))
		requireKind(t, b.Put(ctx, strings.Repeat("k", 513), []byte("x"), kv.PutOptions{}), kv.ErrInvalidKey)
	})

	t.Run("List", func(t *testing.T) {
		var want []string
		for i := range 23 {
			k := fmt.Sprintf("list/%02d", (i*7)%23)
			want = append(want, k)
			require.NoError(t, b.Put(ctx, k, []byte("x"), kv.PutOptions{}))
		}
		slices.Sort(want)
		for _, limit := range []int{3, 10, 1000} {
			assert.Equal(t, want, adaptertest.ListAll(t, b, "list/", limit), "pages of %d", limit)
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
