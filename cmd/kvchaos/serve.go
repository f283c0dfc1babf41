package main

import (
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kvchaos/kvchaos/backends"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/kv"
)

// tokenEnv names the environment variable serve reads its token from, so
// that it never appears in a process listing.
const tokenEnv = "KVCHAOS_TOKEN"

func newServeCmd() *cobra.Command {
	var dialect, storeURL, listen, record string
	cmd := &cobra.Command{
		Use:   "serve --dialect cloudflare|fastly",
		Short: "Serve the Cloudflare or Fastly KV REST API over a simulated (or any) store",
		Long: `serve speaks the Workers KV (cloudflare) or KV Store (fastly) REST dialect over
the store named by --store, one backend per region; the region is chosen per
request by the X-Kvchaos-Region header. The official SDKs, kvchaos's own
adapters and curl can talk to it. By default the store is the simulator
following the wall clock (speed=1): edgecache for cloudflare, replicated for
fastly, so caches expire and replication arrives in real time.

Requests must carry the token in $` + tokenEnv + ` when it is set. --record
streams every request as a history that 'kvchaos check' reads. Ctrl-C stops
the server. The store URL's prefix= defaults to none here.`,
		Example: `  kvchaos serve --dialect cloudflare
  kvchaos serve --dialect fastly --listen 127.0.0.1:9090 --record fastly.jsonl
  KVCHAOS_TOKEN=dev kvchaos serve --dialect cloudflare --store 'sim://?preset=edgecache&regions=5&speed=60'`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d := emulator.Dialect(dialect)
			if d != emulator.Cloudflare && d != emulator.Fastly {
				return fmt.Errorf("--dialect: want cloudflare or fastly, got %q", dialect)
			}
			if storeURL == "" {
				storeURL = map[emulator.Dialect]string{emulator.Cloudflare: "sim://?preset=edgecache&speed=1",
					emulator.Fastly: "sim://?preset=replicated&speed=1"}[d]
			}
			if u, err := url.Parse(storeURL); err == nil && !u.Query().Has("prefix") {
				storeURL += map[bool]string{true: "&", false: "?"}[strings.Contains(storeURL, "?")] + "prefix="
			}
			store, err := backends.Open(cmd.Context(), storeURL)
			if err != nil {
				return fmt.Errorf("--store: %w", err)
			}
			if store.Close != nil {
				defer store.Close()
			}
			cfg := emulator.Config{Dialect: d, Regions: store.Regions, Token: os.Getenv(tokenEnv),
				Backend: func(string) kv.Backend { return store.Backend }}
			if store.Region != nil {
				cfg.Backend = store.Region
			}
			if record != "" {
				f, err := os.Create(record)
				if err != nil {
					return fmt.Errorf("--record: %w", err)
				}
				defer f.Close()
				cfg.Recorder = history.NewRecorder(history.WithStream(f))
				defer cfg.Recorder.Close()
			}
			srv, err := emulator.New(cfg)
			if err != nil {
				return err
			}
			ln, err := net.Listen("tcp", listen)
			if err != nil {
				return fmt.Errorf("--listen: %w", err)
			}
			hs := &http.Server{Handler: srv, ReadHeaderTimeout: 10 * time.Second}
			fmt.Fprintf(cmd.OutOrStdout(), "serving the %s dialect on http://%s (store %s, regions %v)\n",
				d, ln.Addr(), backends.Redact(storeURL), srv.Info().Regions)
			done := make(chan error, 1)
			go func() { done <- hs.Serve(ln) }()
			select {
			case err := <-done:
				return err
			case <-cmd.Context().Done():
			}
			if err := hs.Close(); err != nil {
				return err
			}
			if err := <-done; !errors.Is(err, http.ErrServerClosed) {
				return err
			}
			return nil
		},
	}
	fl := cmd.Flags()
	fl.StringVar(&dialect, "dialect", "", "REST dialect: cloudflare or fastly (required)")
	fl.StringVar(&storeURL, "store", "", "store URL (default: the simulator following the wall clock)")
	fl.StringVar(&listen, "listen", "127.0.0.1:8787", "address to listen on")
	fl.StringVar(&record, "record", "", "stream every request to this history file (JSONL)")
	_ = cmd.MarkFlagRequired("dialect")
	return cmd
}
