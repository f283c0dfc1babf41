package sim

import "github.com/kvchaos/kvchaos/history"

// openFault is a fault in force, waiting for its end to be recorded.
type openFault struct {
	name string // what ends it: "partition", "crash eu", "skew eu", "loss", "delay"
	ann  history.Annotation
}

// openFaults are the faults in force, in the order they began. A fault is
// recorded as one annotation spanning its start to its end.
type openFaults struct{ list []openFault }

// open starts the named fault (ending an earlier one of the same name).
func (o *openFaults) open(c *Cluster, name string, f Fault, regions []string, now int64) {
	o.close(c, name, now)
	o.list = append(o.list, openFault{name: name, ann: history.Annotation{
		Kind: history.AnnotationFault, Regions: regions, Text: f.String(), Start: now, End: now}})
}

// close ends the named fault and records its annotation.
func (o *openFaults) close(c *Cluster, name string, now int64) {
	for i, of := range o.list {
		if of.name != name {
			continue
		}
		of.ann.End = now
		if c.records(RecordFaults) {
			c.rec.Annotate(of.ann)
		}
		o.list = append(o.list[:i], o.list[i+1:]...)
		return
	}
}

// snapshot returns the open faults as annotations ending now.
func (o *openFaults) snapshot(now int64) []history.Annotation {
	out := make([]history.Annotation, len(o.list))
	for i, of := range o.list {
		out[i] = of.ann
		out[i].End = now
	}
	return out
}
