package report

import (
	"fmt"

	"github.com/kvchaos/kvchaos/checker"
	"github.com/kvchaos/kvchaos/history"
)

const (
	chartWidth  = 900.0
	chartHeight = 200.0
	chartLeft   = 70.0
	chartTop    = 10.0
)

type scatter struct {
	Width, Height  float64
	Points         []point
	XTicks, YTicks []tick
	Empty          bool
}

type point struct {
	X, Y    float64
	Class   string
	Tooltip string
}

// buildLatency plots each completed op's latency against its call time.
func buildLatency(h history.History, bad map[int]bool) scatter {
	s := scatter{Width: chartLeft + chartWidth + 20, Height: chartTop + chartHeight + 30}
	t0, t1 := span(h)
	var maxLat int64 = 1
	for _, op := range h.Ops {
		if returned(op) {
			maxLat = max(maxLat, op.Return-op.Call)
		}
	}
	xs := xScale{t0, t1}
	for _, op := range h.Ops {
		if !returned(op) || len(s.Points) >= maxDrawn {
			continue
		}
		lat := op.Return - op.Call
		cls := "pt f-" + string(op.Func)
		if bad[op.ID] {
			cls += " bad"
		}
		s.Points = append(s.Points, point{
			X:     chartLeft + (xs.x(op.Call)-plotLeft)*chartWidth/plotWidth,
			Y:     chartTop + chartHeight*(1-float64(lat)/float64(maxLat)),
			Class: cls, Tooltip: fmt.Sprintf("%s: %s", fmtDur(lat), describe(op, t0)),
		})
	}
	s.Empty = len(s.Points) == 0
	for i := 0; i <= 4; i++ {
		t := t0 + (t1-t0)*int64(i)/4
		s.XTicks = append(s.XTicks, tick{X: chartLeft + chartWidth*float64(i)/4, Label: fmtTick(t-t0, t1-t0), Anchor: anchor(i, 5)})
		s.YTicks = append(s.YTicks, tick{X: chartTop + chartHeight*(1-float64(i)/4), Label: fmtTick(maxLat*int64(i)/4, maxLat)})
	}
	return s
}

type cdf struct {
	scatter
	Path string
	Rows []cdfRow
	// Stale counts stale reads; Reads is the number of reads judged.
	Stale int
}

type cdfRow struct {
	Delta       string
	Probability string
	Reads       int
}

// buildCDF draws the t-visibility curve of the staleness check.
func buildCDF(r checker.Report) cdf {
	c := cdf{scatter: scatter{Width: chartLeft + chartWidth + 20, Height: chartTop + chartHeight + 30}}
	res, ok := r.Result(checker.Staleness)
	if !ok || res.Staleness == nil || len(res.Staleness.TVisibility) == 0 {
		c.Empty = true
		return c
	}
	pts := res.Staleness.TVisibility
	c.Stale = res.AnomalyCount
	n := len(pts)
	for i, p := range pts {
		x := chartLeft + chartWidth*float64(i)/float64(max(n-1, 1))
		y := chartTop + chartHeight*(1-p.Probability)
		cmd := "L"
		if i == 0 {
			cmd = "M"
		}
		c.Path += fmt.Sprintf("%s%.1f %.1f ", cmd, x, y)
		c.Points = append(c.Points, point{X: x, Y: y, Class: "pt cdf",
			Tooltip: fmt.Sprintf("Δ ≥ %s: %.4f of %d reads", p.Delta, p.Probability, p.Reads)})
		c.XTicks = append(c.XTicks, tick{X: x, Label: fmt.Sprint(p.Delta), Anchor: anchor(i, n)})
		c.Rows = append(c.Rows, cdfRow{Delta: fmt.Sprint(p.Delta), Probability: fmt.Sprintf("%.4f", p.Probability), Reads: p.Reads})
	}
	for i := 0; i <= 4; i++ {
		c.YTicks = append(c.YTicks, tick{X: chartTop + chartHeight*(1-float64(i)/4), Label: fmt.Sprintf("%.2f", float64(i)/4)})
	}
	return c
}

// visualizations returns porcupine's pages from the linearizability check.
func visualizations(r checker.Report) []viz {
	res, ok := r.Result(checker.Linearizable)
	if !ok || res.Linearizability == nil || len(res.Linearizability.Visualization) == 0 {
		return nil
	}
	l := res.Linearizability
	return []viz{{Keys: l.IllegalKeys, HTML: string(l.Visualization), Note: l.VisualizationNote}}
}
