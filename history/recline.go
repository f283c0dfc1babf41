package history

// lineCache keeps a Recorder's callers: each (client, region) pair's id
// in the opStore, used by every Begin, and the "client" and "region"
// fields of its stream lines, encoded once. The bytes are those
// appendInvoke writes; only the work differs. A Recorder's mu guards it.
type lineCache struct {
	callers [256]callerEntry // by client modulo 256
}

// callerEntry is a (client, region) pair a Recorder has seen: its id in
// the opStore's callerTable, the region's JSON string, and the two fields
// of an invoke line that they make.
type callerEntry struct {
	region     string
	regionJSON string
	client     int
	id         uint32
	ok         bool  // the entry is filled
	n          uint8 // len(fields); 0 = they did not fit
	fields     [46]byte
}

// caller returns the entry of (client, region), filling it (and interning
// region) when it holds another pair; callers hold the Recorder's mu.
func (r *Recorder) caller(client int, region string) *callerEntry {
	e := &r.lines.callers[uint(client)%uint(len(r.lines.callers))]
	if e.ok && e.client == client && e.region == region { // the same string, mostly: no bytes compared
		return e
	}
	e.region, e.client, e.ok = region, client, true
	var regionID uint32
	regionID, e.regionJSON = r.ops.names.name(region)
	e.id = r.ops.callers.id(client, regionID)
	e.n = 0
	if r.stream != nil {
		f := appendInt(e.fields[:0], `,"client":`, int64(client))
		f = appendName(f, `,"region":`, region, e.regionJSON)
		if len(f) <= len(e.fields) { // else append moved them elsewhere
			e.n = uint8(len(f))
		}
	}
	return e
}

// appendCaller appends the "client" and "region" fields of e.
func appendCaller(b []byte, e *callerEntry) []byte {
	if e.n != 0 {
		return append(b, e.fields[:e.n]...)
	}
	b = appendInt(b, `,"client":`, int64(e.client))
	return appendName(b, `,"region":`, e.region, e.regionJSON)
}

// appendInvokeLine appends the "invoke" line of op id, the bytes
// appendInvoke writes, from e's fields (fc is f's code, keyJSON key's JSON
// string).
func appendInvokeLine(b []byte, id int, e *callerEntry, fc uint8, f Func, key, keyJSON string, in *Input, call int64) []byte {
	b = append(b, `{"type":"invoke","id":`...)
	b = appendDecimal(b, int64(id))
	b = appendCaller(b, e)
	b = appendWithCode(b, `,"f":`, fc, f, funcFields)
	b = appendName(b, `,"key":`, key, keyJSON)
	if !inputEmpty(in) {
		b = appendInput(b, in)
	}
	b = append(b, `,"call":`...)
	b = appendDecimal(b, call)
	return append(b, "}\n"...)
}

// appendCompleteLine appends the "complete" line of op id: everything
// known at End (sc is status's code). A non-nil in replaces the input of
// the invoke line.
func appendCompleteLine(b []byte, id int, in *Input, out *Output, sc uint8, status Outcome, ret int64, errText string) []byte {
	b = append(b, `{"type":"complete","id":`...)
	b = appendDecimal(b, int64(id))
	if in != nil {
		b = appendInput(b, in)
	}
	b = appendReturnFields(b, out, sc, status, ret, errText)
	return append(b, "}\n"...)
}
