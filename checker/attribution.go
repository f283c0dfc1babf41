package checker

// keyWrites attributes values read from a key to the writes that wrote
// them: by value when one write wrote it, else by the version the read
// returned, else by real time.
type keyWrites struct {
	key    int32            // key number
	writer map[uint32]int32 // value -> the first op that wrote it
	// byValue lists, for values written more than once, every op that
	// wrote the value, in call order.
	byValue map[uint32][]int32
	// byVersion maps the version an ok write returned to the write; -1
	// when two writes returned the same version (versions are then not
	// trusted).
	byVersion map[uint32]int32
	// readVersion maps a version that reads returned, but no write
	// recorded, to the one write that can have produced it (see
	// resolveReadVersions).
	readVersion map[uint32]int32
	// lastDelete is the latest effective return of a delete, or never when
	// the key may expire (TTL) or be deleted at any time; math.MinInt64 when
	// no delete exists.
	lastDelete int64
	// appends: values are concatenations and cannot be attributed.
	appends bool
	// sizeHint is how many writes the key has, to size byVersion.
	sizeHint int
}

func (kw *keyWrites) note(i int32, op *rop) {
	if op.st == stFail || !op.writes() {
		return
	}
	if op.fl&flTTL != 0 {
		kw.lastDelete = never
	}
	switch op.f {
	case fDelete:
		kw.lastDelete = max(kw.lastDelete, op.effRet())
		return
	case fAppend:
		kw.appends = true
		return
	}
	if ver := op.ver; ver != 0 && op.st == stOK {
		if kw.byVersion == nil {
			kw.byVersion = make(map[uint32]int32, kw.sizeHint)
		}
		w := i
		if _, dup := kw.byVersion[ver]; dup {
			w = -1
		}
		kw.byVersion[ver] = w
	}
	v := op.in
	first, dup := kw.writer[v]
	if !dup {
		kw.writer[v] = i
		return
	}
	if kw.byValue == nil {
		kw.byValue = map[uint32][]int32{}
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
func (ix *index) source(op *rop) int32 {
	kw := ix.writes[op.key]
	if kw == nil || kw.appends {
		return srcUnknown
	}
	v := op.out
	w, written := kw.writer[v]
	if !op.found() || (!written && v == 0) {
		return srcAbsent // Jepsen's "" for an absent key
	}
	if !written {
		return srcUnknown
	}
	ws, dup := kw.byValue[v]
	if !dup {
		return w
	}
	if ver := op.ver; op.f == fGet && ver != 0 {
		if w, ok := kw.byVersion[ver]; ok && w >= 0 && ix.at(w).in == v {
			return w
		}
		if w, ok := kw.readVersion[ver]; ok {
			return w
		}
	}
	if ix.at(ws[1]).call > op.ret {
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
		ver, value uint32
		by         int64 // the earliest return of a get that saw it
		bad        bool  // read with two values: versions are not trusted
	}
	classes := map[uint32]*class{}
	perValue := map[uint32][]*class{}
	for _, i := range ix.byKey[kw.key] {
		op := ix.at(i)
		ver := op.ver
		if op.f != fGet || op.st != stOK || !op.found() || ver == 0 {
			continue
		}
		if _, dup := kw.byValue[op.out]; !dup {
			continue
		}
		if _, recorded := kw.byVersion[ver]; recorded {
			continue
		}
		c := classes[ver]
		if c == nil {
			c = &class{ver: ver, value: op.out, by: op.ret}
			classes[ver] = c
			perValue[c.value] = append(perValue[c.value], c)
		}
		c.bad = c.bad || c.value != op.out
		c.by = min(c.by, op.ret)
	}
	for v, cs := range perValue {
		ws := kw.byValue[v]
		if len(cs)*len(ws) > maxVersionWork {
			continue
		}
		taken := map[int32]bool{}
		for _, w := range ws {
			if ver := ix.at(w).ver; ver != 0 && ix.at(w).st == stOK {
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
					if ix.at(w).call > c.by {
						break
					}
					if !taken[w] {
						cand, n = w, n+1
					}
				}
				if n == 1 {
					if kw.readVersion == nil {
						kw.readVersion = map[uint32]int32{}
					}
					kw.readVersion[c.ver], taken[cand] = cand, true
					changed = true
				}
			}
		}
	}
}
