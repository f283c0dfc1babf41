package emulator

import (
	"context"
	"crypto/subtle"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/edge"
	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/edgewire"
	"github.com/kvchaos/kvchaos/kv"
)

// StrongLister is an optional backend capability: a listing that reads the
// primary copy rather than a local replica. The Fastly dialect uses it for
// consistency=strong (the service's default); backends without it serve
// every listing with List.
type StrongLister interface {
	ListStrong(ctx context.Context, prefix, cursor string, limit int) (kv.Page, error)
}

// Config configures an emulator.
type Config struct {
	// Dialect is the REST API spoken; required.
	Dialect edge.Dialect
	// Regions lists the region names clients may ask for, in order. Empty
	// means one region, named DefaultRegion (or "default").
	Regions []string
	// Backend returns the backend serving clients located in region; it is
	// called once per region, in New. Required. sim.Cluster's Region method
	// fits as is.
	Backend func(region string) kv.Backend
	// DefaultRegion serves requests without a region header; default
	// Regions[0].
	DefaultRegion string
	// Token, when set, is the credential every request must present
	// (Cloudflare: "Authorization: Bearer TOKEN"; Fastly: "Fastly-Key").
	// Empty accepts any request.
	Token string
	// Recorder, when set, records every data request as a history.Op.
	Recorder *history.Recorder
	// WithClient, when set, derives the context handed to the backend from
	// the request's client identity and region, so a backend that records
	// calls itself can attribute them.
	WithClient func(ctx context.Context, client int, region string) context.Context
	// MinWriteInterval, when positive, rejects a write to a key less than
	// this long after the previous accepted write to it with 429, as
	// Cloudflare does for more than one write per second to one key.
	MinWriteInterval time.Duration
	// Now is the clock for MinWriteInterval and absolute expirations;
	// default time.Now.
	Now func() time.Time
	// Quiesce, when set, brings the store behind every region to rest:
	// faults healed, replication delivered, caches expired, so that every
	// region answers the same. POST edgewire.QuiescePath calls it, which lets a
	// client that reaches the emulator only over HTTP take its final reads
	// from a settled store. sim.Cluster's Quiesce method fits as is.
	Quiesce func() error
}

// Server is the emulator's http.Handler. It is safe for concurrent use.
type Server struct {
	cfg      Config
	backends map[string]kv.Backend
	limiter  *writeLimiter
	pinned   string // region forced by RegionHandler; "" = header or default
}

// New validates cfg and returns the emulator.
func New(cfg Config) (*Server, error) {
	if cfg.Dialect != edge.Cloudflare && cfg.Dialect != edge.Fastly {
		return nil, fmt.Errorf("emulator: Config.Dialect %q: want %q or %q", cfg.Dialect, edge.Cloudflare, edge.Fastly)
	}
	if cfg.Backend == nil {
		return nil, fmt.Errorf("emulator: Config.Backend is nil")
	}
	if len(cfg.Regions) == 0 {
		name := cfg.DefaultRegion
		if name == "" {
			name = "default"
		}
		cfg.Regions = []string{name}
	}
	cfg.Regions = slices.Clone(cfg.Regions)
	if cfg.DefaultRegion == "" {
		cfg.DefaultRegion = cfg.Regions[0]
	}
	if !slices.Contains(cfg.Regions, cfg.DefaultRegion) {
		return nil, fmt.Errorf("emulator: Config.DefaultRegion %q is not one of Config.Regions %q", cfg.DefaultRegion, cfg.Regions)
	}
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	s := &Server{cfg: cfg, backends: make(map[string]kv.Backend, len(cfg.Regions))}
	for _, r := range cfg.Regions {
		if r == "" {
			return nil, fmt.Errorf("emulator: Config.Regions contains an empty name")
		}
		if _, dup := s.backends[r]; dup {
			return nil, fmt.Errorf("emulator: Config.Regions names %q twice", r)
		}
		b := cfg.Backend(r)
		if b == nil {
			return nil, fmt.Errorf("emulator: Config.Backend(%q) returned nil", r)
		}
		s.backends[r] = b
	}
	if cfg.MinWriteInterval > 0 {
		s.limiter = newWriteLimiter(cfg.MinWriteInterval, cfg.Now)
	}
	return s, nil
}

// info describes the emulator: its dialect, regions and default region,
// as GET edgewire.RegionsPath answers it.
func (s *Server) info() edgewire.Info {
	return edgewire.Info{Dialect: s.cfg.Dialect, Regions: slices.Clone(s.cfg.Regions), Default: s.cfg.DefaultRegion,
		Quiesce: s.cfg.Quiesce != nil}
}

// RegionHandler returns a handler that serves every request from region,
// whatever its region header says, for one listener per region.
func (s *Server) RegionHandler(region string) (http.Handler, error) {
	if _, ok := s.backends[region]; !ok {
		return nil, fmt.Errorf("emulator: unknown region %q (have %q)", region, s.cfg.Regions)
	}
	pinned := *s
	pinned.pinned = region
	return &pinned, nil
}

// ServeHTTP routes a request to the dialect's handlers.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	segs, err := splitPath(r.URL.EscapedPath())
	if err != nil {
		s.fail(w, http.StatusBadRequest, codeBadRequest, err.Error())
		return
	}
	if len(segs) >= 2 && segs[0] == "client" && segs[1] == "v4" {
		segs = segs[2:]
	}
	if !s.authorized(w, r) {
		return
	}
	if s.control(w, r, segs) {
		return
	}
	rq, ok := s.target(w, r)
	if !ok {
		return
	}
	if s.cfg.Dialect == edge.Cloudflare {
		s.cloudflare(w, r, rq, segs)
	} else {
		s.fastly(w, r, rq, segs)
	}
}

// request is a data request's resolved target: the backend, the context to
// call it with, and who to record the call as.
type request struct {
	ctx     context.Context
	b       kv.Backend
	rec     *history.Recorder
	client  int
	region  string
	limiter *writeLimiter
}

// target resolves the region and client of r.
func (s *Server) target(w http.ResponseWriter, r *http.Request) (request, bool) {
	region := s.pinned
	if region == "" {
		region = r.Header.Get(edgewire.RegionHeader)
	}
	if region == "" {
		region = s.cfg.DefaultRegion
	}
	b, ok := s.backends[region]
	if !ok {
		s.fail(w, http.StatusBadRequest, codeBadRequest,
			fmt.Sprintf("%s %q is not one of %q", edgewire.RegionHeader, region, s.cfg.Regions))
		return request{}, false
	}
	client := 0
	if h := r.Header.Get(edgewire.ClientHeader); h != "" {
		n, err := strconv.Atoi(h)
		if err != nil {
			s.fail(w, http.StatusBadRequest, codeBadRequest, fmt.Sprintf("%s %q is not an integer", edgewire.ClientHeader, h))
			return request{}, false
		}
		client = n
	}
	ctx := r.Context()
	if s.cfg.WithClient != nil {
		ctx = s.cfg.WithClient(ctx, client, region)
	}
	return request{ctx: ctx, b: b, rec: s.cfg.Recorder, client: client, region: region, limiter: s.limiter}, true
}

// authorized checks the dialect's credential header against Config.Token.
func (s *Server) authorized(w http.ResponseWriter, r *http.Request) bool {
	if s.cfg.Token == "" {
		return true
	}
	var got string
	present := false
	if s.cfg.Dialect == edge.Cloudflare {
		h := r.Header.Get("Authorization")
		present = h != ""
		got, _ = strings.CutPrefix(h, "Bearer ")
	} else {
		got = r.Header.Get("Fastly-Key")
		present = got != ""
	}
	if present && subtle.ConstantTimeCompare([]byte(got), []byte(s.cfg.Token)) == 1 {
		return true
	}
	status := http.StatusForbidden
	if !present || s.cfg.Dialect == edge.Fastly {
		status = http.StatusUnauthorized
	}
	s.fail(w, status, codeAuth, "Authentication error")
	return false
}

// splitPath splits an escaped URL path into unescaped segments, so a key
// containing "/" (sent as %2F) stays one segment.
func splitPath(escaped string) ([]string, error) {
	parts := strings.Split(strings.Trim(escaped, "/"), "/")
	out := make([]string, 0, len(parts))
	for _, p := range parts {
		u, err := pathUnescape(p)
		if err != nil {
			return nil, fmt.Errorf("path segment %q: %v", p, err)
		}
		out = append(out, u)
	}
	return out, nil
}
