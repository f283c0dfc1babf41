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
	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/emulator"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/redact"
	"github.com/kvchaos/kvchaos/internal/streamfile"
	"github.com/kvchaos/kvchaos/kv"
)

// tokenEnv names the environment variable serve reads its token from, so
// that it never appears in a process listing.
const tokenEnv = "KVCHAOS_TOKEN"

func newServeCmd() *cobra.Command {
	var dialect, storeURL, listen, record string
	var public bool
	var writeInterval time.Duration
	var simf serveSim
	cmd := &cobra.Command{
		Use:   "serve --dialect cloudflare|fastly",
		Short: "Serve the Cloudflare or Fastly KV REST API over a simulated (or any) store",
		Long: `serve speaks the Workers KV (cloudflare) or KV Store (fastly) REST dialect over
a simulated eventually consistent store, one backend per region; the region
is chosen per request by the X-Kvchaos-Region header (default: the first
region), GET /__kvchaos/regions lists them, and POST /__kvchaos/quiesce
brings the simulator to rest (faults healed, replication delivered, caches
expired). The official SDKs, kvchaos's own adapters and curl can talk to
it; 'kvchaos run' against the endpoint spreads its clients over the regions
and quiesces the emulator before its final reads, as it does on sim://.

The store is the simulator in free-running mode: --preset (edgecache for
cloudflare, replicated for fastly, or linearizable as the control group)
over --regions regions, its virtual clock following the wall clock times
--speed, so caches expire and replication arrives while you watch. The
edgecache read cache holds an answer for 60 s of virtual time, as Cloudflare
does; shrink it with --cache-ttl or speed time up with --speed to see stale
reads turn fresh within a run of a few seconds. --store serves any other
store URL instead (its prefix= defaults to none here).

Requests must carry the token in $` + tokenEnv + ` when it is set (Cloudflare:
"Authorization: Bearer TOKEN"; Fastly: "Fastly-Key: TOKEN"); it is never
taken from a flag, printed or recorded. --record streams every request as a
history that 'kvchaos check' reads. --write-interval 1s refuses a second
write to a key within a (wall-clock) second with Cloudflare's 429 and error
10048, as the service does; sim://?preset=edgecache&write-interval=1s is the
same limit in the simulator's virtual time. Ctrl-C stops the server.

serve listens on loopback by default; an --addr other machines can reach is
refused unless $` + tokenEnv + ` is set or --public is given. A request must
arrive whole within 2 minutes, a body may be at most 110 MiB, and at most 2
bodies over 1 MiB are read at once (bulk writes wait their turn).`,
		Example: `  kvchaos serve --dialect cloudflare --cache-ttl 2s
  kvchaos serve --dialect fastly --preset linearizable --addr 127.0.0.1:9090 --record fastly.jsonl
  kvchaos serve --dialect cloudflare --write-interval 1s
  KVCHAOS_TOKEN=dev kvchaos serve --dialect cloudflare --regions 5 --speed 60
  kvchaos run --store 'fastly://S?endpoint=http://127.0.0.1:9090' --workload counter-atomic`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			d := edge.Dialect(dialect)
			if d != edge.Cloudflare && d != edge.Fastly {
				return fmt.Errorf("--dialect: want cloudflare or fastly, got %q", dialect)
			}
			if err := checkExposure(listen, os.Getenv(tokenEnv), public); err != nil {
				return err
			}
			store, desc, err := openServed(cmd, d, storeURL, &simf)
			if err != nil {
				return err
			}
			if store.Close != nil {
				defer store.Close()
			}
			if writeInterval < 0 {
				return fmt.Errorf("--write-interval: %v is negative", writeInterval)
			}
			cfg := emulator.Config{Dialect: d, Regions: store.Regions, Token: os.Getenv(tokenEnv),
				MinWriteInterval: writeInterval, Backend: func(string) kv.Backend { return store.Backend }}
			if store.Region != nil {
				cfg.Backend = store.Region
			}
			if q := quiescerOf(store); q != nil {
				cfg.Quiesce = q.Quiesce
			}
			if record != "" {
				f, err := streamfile.Create(record)
				if err != nil {
					return fmt.Errorf("--record: %w", err)
				}
				defer f.Close()
				// buffered like a live run's history; Close (at Ctrl-C or
				// SIGTERM) writes the rest
				cfg.Recorder = history.NewRecorder(history.WithStream(f), history.WithBuffer(liveBufferSize, liveFlushInterval))
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
			hs := newServeServer(srv)
			regions := store.Regions
			if len(regions) == 0 {
				regions = []string{"default"} // emulator.Config.Regions' default
			}
			fmt.Fprintf(cmd.OutOrStdout(), "serving the %s dialect on http://%s (store %s, regions %v)\n",
				d, ln.Addr(), desc, regions)
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
	fl.StringVar(&storeURL, "store", "", "store URL instead of the simulator the flags below configure")
	fl.StringVar(&listen, "listen", "127.0.0.1:8787", "address to listen on")
	fl.StringVar(&listen, "addr", "127.0.0.1:8787", "the same as --listen")
	simf.register(cmd)
	fl.StringVar(&record, "record", "", "stream every request to this history file (JSONL)")
	fl.BoolVar(&public, "public", false, "allow an --addr other machines can reach without $"+tokenEnv+" (anyone there can read and write the store)")
	fl.DurationVar(&writeInterval, "write-interval", 0, "refuse a second write to a key within this wall-clock time with a 429 (1s = Cloudflare's limit; 0 = none)")
	_ = cmd.MarkFlagRequired("dialect")
	return cmd
}

// openServed opens the store serve puts behind the emulator: --store when
// given (its prefix= defaulting to none), else the simulator the --preset,
// --regions, --speed, --cache-ttl and --seed flags describe. It returns the
// store and its redacted description.
func openServed(cmd *cobra.Command, d edge.Dialect, storeURL string, simf *serveSim) (*backends.Store, string, error) {
	if storeURL == "" {
		return simf.open(d)
	}
	if set := conflicts(cmd); len(set) > 0 {
		return nil, "", fmt.Errorf("--store and %s: those flags configure the default simulator; put them in the sim:// URL instead", strings.Join(set, ", "))
	}
	if u, err := url.Parse(storeURL); err == nil && !u.Query().Has("prefix") {
		storeURL += map[bool]string{true: "&", false: "?"}[strings.Contains(storeURL, "?")] + "prefix="
	}
	store, err := backends.Open(cmd.Context(), storeURL)
	if err != nil {
		return nil, "", fmt.Errorf("--store: %w", redact.URLError(storeURL, err))
	}
	return store, backends.Redact(storeURL), nil
}

// quiescerOf returns what brings the served store to rest, for POST
// /__kvchaos/quiesce: the store's Quiescer, else its scheduler's (a
// sim:// --store); nil when the store has neither.
func quiescerOf(store *backends.Store) backends.Quiescer {
	if store.Quiescer != nil {
		return store.Quiescer
	}
	if q, ok := store.Scheduler.(backends.Quiescer); ok {
		return q
	}
	return nil
}
