package checker

import (
	"strconv"
)

// counterBound applies Jepsen's counter bounds to key k when every write
// of it is an integer read-modify-write and a final read exists.
func counterBound(ix *index, k int32, rs []rmw) (CounterBound, bool) {
	writes := 0
	for _, i := range ix.byKey[k] {
		if op := ix.at(i); op.writes() && op.st != stFail && !isSetup(op) {
			writes++
		}
	}
	f := finalRead(ix, k, rs)
	if writes != len(rs) || f < 0 {
		return CounterBound{}, false
	}
	final, ok := counterValue(ix, ix.at(f))
	if !ok {
		return CounterBound{}, false
	}
	cb := CounterBound{Key: ix.keyName[k], Final: final}
	var pending []int64 // written values of unknown rmws whose read is unknown
	step, steps := int64(0), map[int64]bool{}
	for _, r := range rs {
		w, err := strconv.ParseInt(ix.str(ix.at(r.write).in), 10, 64)
		if err != nil {
			return CounterBound{}, false
		}
		rd := ix.at(r.read)
		if r.read == r.write && !r.ok {
			pending = append(pending, w)
			continue
		}
		base, ok := counterValue(ix, rd)
		if !ok {
			return CounterBound{}, false
		}
		d := w - base
		if r.ok {
			cb.Acknowledged++
			cb.Lower += d
			cb.Upper += d
			step, steps[d] = d, true
		} else {
			cb.Unknown++
			cb.Lower += min(d, 0)
			cb.Upper += max(d, 0)
		}
	}
	if len(pending) > 0 {
		if len(steps) != 1 { // an unknown update's step is unknown
			return CounterBound{}, false
		}
		cb.Unknown += len(pending)
		cb.Lower += int64(len(pending)) * min(step, 0)
		cb.Upper += int64(len(pending)) * max(step, 0)
	}
	if cb.Final < cb.Lower {
		cb.Lost = cb.Lower - cb.Final
	}
	return cb, true
}

// counterValue reads an op's output as a counter: absent is 0.
func counterValue(ix *index, op *rop) (int64, bool) {
	if !op.found() || op.out == 0 {
		return 0, true
	}
	v, err := strconv.ParseInt(ix.str(op.out), 10, 64)
	return v, err == nil
}
