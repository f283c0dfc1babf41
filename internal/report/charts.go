package report

import (
	"fmt"

	"github.com/kvchaos/kvchaos/checker"
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

type tick struct {
	X     float64
	Label string
	// Anchor is the label's text-anchor: the first and last labels of an
	// axis align with its ends, so neither is cut off.
	Anchor string
}

// anchor returns the text-anchor of label i of n along an x axis.
func anchor(i, n int) string {
	switch i {
	case 0:
		return "start"
	case n - 1:
		return "end"
	}
	return "middle"
}

type point struct {
	X, Y    float64
	Class   string
	Tooltip string
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
	html, scripts := securePorcupine(string(l.Visualization))
	return []viz{{Keys: l.IllegalKeys, HTML: html, Note: l.VisualizationNote, scripts: scripts}}
}
