package report

import "github.com/kvchaos/kvchaos/history"

// buildTimeline returns the timeline data of h's ops with the ops in bad
// marked and at most limit ops drawn, as Write picks them.
func buildTimeline(h history.History, bad map[int]bool, clock string, limit int) timelineData {
	src := opSource{held: h.Ops}
	sv := surveyOps(src, nil, h.Annotations, bad, nil)
	p := &timelinePick{src: src, sv: sv, order: sv.callOrder(src)}
	kept, omitted := p.pick(limit)
	return timelineFrom(sv, h.Annotations, kept, omitted, src.fetch(sv, kept), bad, clock)
}

// fitHistoryTimeline is fitTimeline of h's ops.
func fitHistoryTimeline(h history.History, bad map[int]bool, clock string) (timelineData, string, error) {
	src := opSource{held: h.Ops}
	return fitTimeline(src, surveyOps(src, nil, h.Annotations, bad, nil), h.Annotations, bad, clock)
}
