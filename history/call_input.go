package history

// EndWithInput completes the call like End and also replaces the input it
// was begun with, for operations whose input is known only when they end:
// the value an update writes depends on the value it read.
func (c Call) EndWithInput(in Input, out Output, status Status, err error) {
	c.r.mu.Lock()
	c.r.ops[c.id].Input = in
	c.r.mu.Unlock()
	c.End(out, status, err)
}
