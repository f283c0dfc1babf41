package sim

import (
	"sync"
	"sync/atomic"
	"time"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/byteslab"
)

// Cluster is a simulated multi-region key-value store. Create it with New.
type Cluster struct {
	cfg       Config
	regions   []string
	regionIdx map[string]int
	src       Source
	eng       engine
	rec       *history.Recorder // nil when Config.NoRecording
	recWhat   Recording

	// mu guards everything below. Deterministic clients hold it while they
	// are inside the simulator; free-running callers take it per call.
	mu  sync.Mutex
	now atomic.Int64 // virtual ns since the start

	events  eventQueue
	seq     uint64
	writeID uint64
	vers    byteslab.Slab // the version strings of writes
	net     network
	faults  openFaults
	// nemesisGen is bumped by Quiesce to stop open-ended nemeses.
	nemesisGen uint64

	sched     scheduler
	nextID    int
	readers   []int // client ids of ReadAll's per-region readers
	wallStart time.Time
	virtStart int64
}

// New creates a Cluster from cfg, or returns an error naming the bad field.
func New(cfg Config) (*Cluster, error) {
	cfg, err := cfg.withDefaults()
	if err != nil {
		return nil, err
	}
	c := &Cluster{cfg: cfg, regions: cfg.Regions, src: cfg.Source,
		regionIdx: make(map[string]int, len(cfg.Regions))}
	for i, r := range cfg.Regions {
		c.regionIdx[r] = i
	}
	c.net = newNetwork(cfg, c.regionIdx)
	if !cfg.NoRecording {
		c.rec, c.recWhat = history.NewRecorder(history.WithClock(c.now.Load)), RecordAll
	}
	if c.eng, err = cfg.Preset.newEngine(c); err != nil {
		return nil, err
	}
	c.wallStart = time.Now()
	return c, nil
}

// Regions returns the region names, in configuration order.
func (c *Cluster) Regions() []string { return append([]string(nil), c.regions...) }

// Preset returns the name of the cluster's preset.
func (c *Cluster) Preset() string { return c.cfg.Preset.Name() }

// Now returns the virtual time since the cluster started.
func (c *Cluster) Now() time.Duration { return time.Duration(c.now.Load()) }

// History returns everything recorded so far into the cluster's recorder
// (with RecordInto, everything in that recorder, the caller's own ops
// included). When faults are recorded, faults still in force are included
// as annotations ending now.
func (c *Cluster) History() history.History {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.rec == nil {
		return history.History{}
	}
	h := c.rec.History()
	if c.records(RecordFaults) {
		h.Annotations = append(h.Annotations, c.faults.snapshot(c.now.Load())...)
	}
	return h
}

// newClientID allocates a client id.
func (c *Cluster) newClientID() int {
	id := c.nextID
	c.nextID++
	return id
}
