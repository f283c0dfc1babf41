package adapterkit

// QuiesceFunc adapts a function to backends.Quiescer.
type QuiesceFunc func() error

// Quiesce calls f.
func (f QuiesceFunc) Quiesce() error { return f() }
