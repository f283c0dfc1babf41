package report

import (
	"fmt"
	"strings"
	"time"

	"github.com/kvchaos/kvchaos/history"
)

// The standalone SVG timeline (TimelineSVG, for the demo pages and the
// docs): small histories laid out in Go. The report's own timeline is
// drawn by page.js from timelineData.

// Timeline geometry, in SVG user units.
const (
	plotLeft   = 90.0
	plotWidth  = 900.0
	laneHeight = 22.0
	axisHeight = 24.0
	maxDrawn   = 4000 // ops drawn on the timeline; the rest are counted
)

type timeline struct {
	Width, Height float64
	Lanes         []lane
	Ops           []opBox
	Faults        []band
	Ticks         []tick
	Hidden        int // ops not drawn (beyond maxDrawn)
}

type lane struct {
	Label string
	Y     float64
}

type opBox struct {
	ID             int
	X, Y, W        float64
	Class          string // f-get, f-put, ... plus status and anomaly classes
	Label, Tooltip string
}

type band struct {
	X, W  float64
	Text  string
	Class string
	// LabelX and Anchor place the label: from the band's start, or, near
	// the right edge, ending at the band's end.
	LabelX float64
	Anchor string
}

// xScale maps a time to an x coordinate.
type xScale struct{ t0, t1 int64 }

func (s xScale) x(t int64) float64 {
	return plotLeft + plotWidth*float64(t-s.t0)/float64(s.t1-s.t0)
}

func (s xScale) ticks(n int) []tick {
	out := make([]tick, 0, n+1)
	for i := 0; i <= n; i++ {
		t := s.t0 + (s.t1-s.t0)*int64(i)/int64(n)
		out = append(out, tick{X: s.x(t), Label: fmtTick(t-s.t0, s.t1-s.t0), Anchor: anchor(i, n+1)})
	}
	return out
}

// buildSVGTimeline lays out h for TimelineSVG: every op a box in SVG units.
func buildSVGTimeline(h history.History, bad map[int]bool) timeline {
	t0, t1 := span(h)
	sc := xScale{t0, t1}
	cs := clients(h)
	laneOf := make(map[int]int, len(cs))
	tl := timeline{Width: plotLeft + plotWidth + 40, Ticks: sc.ticks(5)}
	for i, c := range cs {
		laneOf[c] = i
		tl.Lanes = append(tl.Lanes, lane{Label: fmt.Sprintf("client %d", c), Y: axisHeight + float64(i)*laneHeight})
	}
	regionOf := map[int]string{}
	for _, op := range h.Ops {
		if op.Region != "" {
			regionOf[op.Client] = op.Region
		}
	}
	for i, c := range cs {
		if r := regionOf[c]; r != "" {
			tl.Lanes[i].Label = fmt.Sprintf("c%d %s", c, r)
		}
	}
	tl.Height = axisHeight + float64(len(cs))*laneHeight + 8
	for _, a := range h.Annotations {
		end := a.End
		if end < a.Start {
			end = a.Start
		}
		x0, x1 := sc.x(a.Start), sc.x(end)
		text := a.Text
		if len(a.Regions) > 0 {
			text += " [" + strings.Join(a.Regions, " ") + "]"
		}
		b := band{X: x0, W: max(x1-x0, 2), Text: text, Class: "ann-" + string(a.Kind), LabelX: x0, Anchor: "start"}
		if x0 > plotLeft+plotWidth*0.7 {
			b.LabelX, b.Anchor = x0+b.W, "end"
		}
		tl.Faults = append(tl.Faults, b)
	}
	for _, op := range h.Ops {
		if len(tl.Ops) >= maxDrawn {
			tl.Hidden++
			continue
		}
		ret := op.Return
		if !returned(op) {
			ret = t1
		}
		x0, x1 := sc.x(op.Call), sc.x(ret)
		cls := "op f-" + string(op.Func) + " s-" + string(op.Outcome)
		if bad[op.ID] {
			cls += " bad"
		}
		tl.Ops = append(tl.Ops, opBox{ID: op.ID, X: x0, W: max(x1-x0, 1.5),
			Y: axisHeight + float64(laneOf[op.Client])*laneHeight + 3, Class: cls,
			Label: short(op), Tooltip: describe(op, t0)})
	}
	return tl
}

// describe is the op's full description, shown as a tooltip; times are
// since t0, the history's first call.
func describe(op history.Op, t0 int64) string {
	var b strings.Builder
	fmt.Fprintf(&b, "op %d: client %d", op.ID, op.Client)
	if op.Region != "" {
		fmt.Fprintf(&b, " (%s)", op.Region)
	}
	fmt.Fprintf(&b, ": %s [%s]", short(op), op.Outcome)
	if op.Output.Version != "" {
		fmt.Fprintf(&b, " version %s", op.Output.Version)
	}
	if op.Error != "" {
		fmt.Fprintf(&b, " error: %s", op.Error)
	}
	if returned(op) {
		fmt.Fprintf(&b, " (%s .. %s)", fmtDur(op.Call-t0), fmtDur(op.Return-t0))
	} else {
		fmt.Fprintf(&b, " (from %s, never returned)", fmtDur(op.Call-t0))
	}
	return b.String()
}

// fmtTick formats an axis label of a span of spanNS, with three
// significant digits at most.
func fmtTick(ns, spanNS int64) string {
	unit := time.Duration(1)
	for unit*1000 < time.Duration(spanNS) {
		unit *= 10
	}
	return time.Duration(ns).Round(unit).String()
}
