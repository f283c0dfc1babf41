package checker

import "github.com/kvchaos/kvchaos/history"

// keyWrites attributes values read from a key to the writes that wrote
// them: by value when one write wrote it, else by the version the read
// returned, else by real time.
type keyWrites struct {
	key    string
	writer map[string]int32 // value -> the first op that wrote it
	// byValue lists, for values written more than once, every op that
	// wrote the value, in call order.
	byValue map[string][]int32
	// byVersion maps the version an ok write returned to the write; -1
	// when two writes returned the same version (versions are then not
	// trusted).
	byVersion map[string]int32
	// readVersion maps a version that reads returned, but no write
	// recorded, to the one write that can have produced it (see
	// resolveReadVersions).
	readVersion map[string]int32
	// lastDelete is the latest effective return of a delete, or never when
	// the key may expire (TTL) or be deleted at any time; math.MinInt64 when
	// no delete exists.
	lastDelete int64
	// appends: values are concatenations and cannot be attributed.
	appends bool
}

func (kw *keyWrites) note(i int32, op *history.Op) {
	if op.Status == history.StatusFail || !isWrite(op.Func) {
		return
	}
	if op.Input.TTLMillis > 0 {
		kw.lastDelete = never
	}
	switch op.Func {
	case history.FuncDelete:
		kw.lastDelete = max(kw.lastDelete, effReturn(op))
		return
	case history.FuncAppend:
		kw.appends = true
		return
	}
	if ver := op.Output.Version; ver != "" && op.Status == history.StatusOK {
		if kw.byVersion == nil {
			kw.byVersion = map[string]int32{}
		}
		w := i
		if _, dup := kw.byVersion[ver]; dup {
			w = -1
		}
		kw.byVersion[ver] = w
	}
	v := op.Input.Value
	first, dup := kw.writer[v]
	if !dup {
		kw.writer[v] = i
		return
	}
	if kw.byValue == nil {
		kw.byValue = map[string][]int32{}
	}
	if len(kw.byValue[v]) == 0 {
		kw.byValue[v] = append(kw.byValue[v], first)
	}
	kw.byValue[v] = append(kw.byValue[v], i)
}

// source returns which write a read of key saw: a write position,
// srcAbsent, or srcUnknown. A value one write wrote is that write's. A
// value written more than once is told apart, for a get, by the version it
// returned: the write that returned that version (puts whose versions were
// recorded), or the one write resolveReadVersions found for it; failing
// that, by real time: the only write of the value that began before the
// read returned.
func (ix *index) source(op *history.Op) int32 {
	kw := ix.writes[op.Key]
	if kw == nil || kw.appends {
		return srcUnknown
	}
	v := op.Output.Value
	w, written := kw.writer[v]
	if !op.Output.Found || (!written && v == "") {
		return srcAbsent // Jepsen's "" for an absent key
	}
	if !written {
		return srcUnknown
	}
	ws, dup := kw.byValue[v]
	if !dup {
		return w
	}
	if ver := op.Output.Version; op.Func == history.FuncGet && ver != "" {
		if w, ok := kw.byVersion[ver]; ok && w >= 0 && ix.ops[w].Input.Value == v {
			return w
		}
		if w, ok := kw.readVersion[ver]; ok {
			return w
		}
	}
	if ix.ops[ws[1]].Call > op.Return {
		return ws[0]
	}
	return srcUnknown
}

// maxVersionWork bounds, per value, classes × writers in
// resolveReadVersions.
const maxVersionWork = 1 << 14

// resolveReadVersions attributes versions that gets returned for a value
// written more than once, when no write recorded that version (stores
// whose puts return no version). Every get returning one version read the
// same write; that write wrote the value, began before the earliest of
// those gets returned, recorded no other version, and produced no other
// version read. Where that leaves one write, it is the version's; each
// attribution removes its write from the other versions' candidates.
func (ix *index) resolveReadVersions(kw *keyWrites) {
	type class struct {
		ver, value string
		by         int64 // the earliest return of a get that saw it
		bad        bool  // read with two values: versions are not trusted
	}
	classes := map[string]*class{}
	perValue := map[string][]*class{}
	for _, i := range ix.byKey[kw.key] {
		op := &ix.ops[i]
		ver := op.Output.Version
		if op.Func != history.FuncGet || op.Status != history.StatusOK || !op.Output.Found || ver == "" {
			continue
		}
		if _, dup := kw.byValue[op.Output.Value]; !dup {
			continue
		}
		if _, recorded := kw.byVersion[ver]; recorded {
			continue
		}
		c := classes[ver]
		if c == nil {
			c = &class{ver: ver, value: op.Output.Value, by: op.Return}
			classes[ver] = c
			perValue[c.value] = append(perValue[c.value], c)
		}
		c.bad = c.bad || c.value != op.Output.Value
		c.by = min(c.by, op.Return)
	}
	for v, cs := range perValue {
		ws := kw.byValue[v]
		if len(cs)*len(ws) > maxVersionWork {
			continue
		}
		taken := map[int32]bool{}
		for _, w := range ws {
			if ver := ix.ops[w].Output.Version; ver != "" && ix.ops[w].Status == history.StatusOK {
				taken[w] = true // it produced its own, recorded version
			}
		}
		for changed := true; changed; {
			changed = false
			for _, c := range cs {
				if c.bad {
					continue
				}
				if _, done := kw.readVersion[c.ver]; done {
					continue
				}
				cand, n := int32(-1), 0
				for _, w := range ws {
					if ix.ops[w].Call > c.by {
						break
					}
					if !taken[w] {
						cand, n = w, n+1
					}
				}
				if n == 1 {
					if kw.readVersion == nil {
						kw.readVersion = map[string]int32{}
					}
					kw.readVersion[c.ver], taken[cand] = cand, true
					changed = true
				}
			}
		}
	}
}
