package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestServeRefusesExposedAddressWithoutToken(t *testing.T) {
	t.Parallel()
	for _, addr := range []string{"0.0.0.0:8787", ":8787", "[::]:8787"} {
		err := checkExposure(addr, "", false)
		require.Error(t, err, addr)
		assert.Contains(t, err.Error(), "--public", addr)
		assert.Contains(t, err.Error(), tokenEnv, addr)
		assert.NoError(t, checkExposure(addr, "tok", false), "a token protects it")
		assert.NoError(t, checkExposure(addr, "", true), "--public says so")
	}
	for _, addr := range []string{"127.0.0.1:8787", "[::1]:0", "localhost:0"} {
		assert.NoError(t, checkExposure(addr, "", false), addr)
	}
}

func TestServeServerHasTimeouts(t *testing.T) {
	t.Parallel()
	hs := newServeServer(http.NotFoundHandler())
	assert.Positive(t, hs.ReadHeaderTimeout)
	assert.Positive(t, hs.ReadTimeout, "a body trickled a byte at a time is cut off")
	assert.Positive(t, hs.IdleTimeout)
	assert.Positive(t, hs.WriteTimeout)
}

func TestServeRefusesOversizedBodies(t *testing.T) {
	t.Parallel()
	var read int
	h := limitRequests(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, err := io.ReadAll(r.Body)
		read = len(b)
		if err != nil {
			http.Error(w, err.Error(), http.StatusRequestEntityTooLarge)
		}
	}), 100, 2)
	for _, declared := range []bool{true, false} {
		req := httptest.NewRequest(http.MethodPut, "/", strings.NewReader(strings.Repeat("x", 1000)))
		if !declared {
			req.ContentLength = -1 // chunked: the limit applies while reading
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
		assert.LessOrEqual(t, read, 100)
	}
}

// At most slots big bodies are read at once; a request that finds them all
// taken waits, and one whose client gives up never runs.
func TestServeBoundsConcurrentBulkWrites(t *testing.T) {
	t.Parallel()
	entered := make(chan struct{}, 10)
	release := make(chan struct{})
	h := limitRequests(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		entered <- struct{}{}
		<-release
	}), 1<<30, 2)
	big := func(ctx context.Context) *http.Request {
		req := httptest.NewRequest(http.MethodPut, "/", strings.NewReader(strings.Repeat("x", serveBigBody)))
		return req.WithContext(ctx)
	}
	var wg sync.WaitGroup
	for range 2 {
		wg.Go(func() { h.ServeHTTP(httptest.NewRecorder(), big(context.Background())) })
	}
	<-entered
	<-entered
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	h.ServeHTTP(httptest.NewRecorder(), big(ctx)) // both slots taken: gives up
	assert.Empty(t, entered, "a third bulk write ran while two were in")

	small := httptest.NewRequest(http.MethodGet, "/", nil)
	go h.ServeHTTP(httptest.NewRecorder(), small) // small requests need no slot
	<-entered
	close(release)
	wg.Wait()
}
