package report

import (
	"fmt"
	"io"
	"text/template"

	"github.com/kvchaos/kvchaos/history"
)

// TimelineOptions are what TimelineSVG marks and how it names clients.
type TimelineOptions struct {
	// Marked are the IDs of the ops outlined in red.
	Marked map[int]bool
	// Names labels the lanes of these client ids (default "cN region").
	Names map[int]string
}

// TimelineSVG draws h's operations as the report's timeline, one lane per
// client, as a standalone SVG element of its own size (width × height user
// units, returned) with its styles inside: marked ops are outlined in red,
// faults are shaded bands. It is what `kvchaos demo --out` shows side by
// side and what docs/pitfalls.md embeds. The output is a pure function of
// its input.
func TimelineSVG(w io.Writer, h history.History, o TimelineOptions) (width, height float64, err error) {
	tl := buildSVGTimeline(h, o.Marked)
	for i, c := range clients(h) {
		if n, ok := o.Names[c]; ok && i < len(tl.Lanes) {
			tl.Lanes[i].Label = n
		}
	}
	if err := svgPage.Execute(w, tl); err != nil {
		return 0, 0, fmt.Errorf("report: timeline: %w", err)
	}
	return tl.Width, tl.Height, nil
}

// svgStyle is the subset of style.css a standalone timeline needs.
const svgStyle = `text{font:11px sans-serif;fill:#333}.tick{fill:#666}.grid{stroke:#eee}.lane{font-weight:600}
.op rect{stroke:#fff;stroke-width:.5}.op text{font-size:10px;fill:#fff}
.f-get rect{fill:#4b7bd1}.f-put rect{fill:#2e9e6b}.f-update rect{fill:#8a57c9}.f-cas rect{fill:#c9852b}
.f-list rect{fill:#5aa5b5}.f-delete rect{fill:#777}.s-fail rect{fill:url(#hatch)}.s-unknown rect{opacity:.45}
.op.bad rect{stroke:#e00;stroke-width:2.5}.band.ann-fault{fill:#f4c2c2;opacity:.55}.band.ann-note{fill:#dde4f7;opacity:.5}
.band.ann-quiescent{fill:#bde5c8;opacity:.6}.bandlabel{font-size:10px;fill:#933}`

// svgPage is the standalone form of page.html.tmpl's timeline (text/template:
// every text is escaped with the xml function).
var svgPage = template.Must(template.New("svg").Funcs(template.FuncMap{
	"xml":   template.HTMLEscapeString,
	"num":   func(f float64) string { return fmt.Sprintf("%.1f", f) },
	"style": func() string { return svgStyle },
}).Parse(`<svg xmlns="http://www.w3.org/2000/svg" width="{{num .Width}}" height="{{num .Height}}" viewBox="0 0 {{num .Width}} {{num .Height}}">
<style>{{style}}</style>
<defs><pattern id="hatch" width="4" height="4" patternUnits="userSpaceOnUse" patternTransform="rotate(45)"><rect width="2" height="4" fill="#999"/></pattern></defs>
<rect width="{{num .Width}}" height="{{num .Height}}" fill="#fff"/>
{{range .Faults}}<rect class="band {{.Class}}" x="{{num .X}}" y="0" width="{{num .W}}" height="{{num $.Height}}"><title>{{xml .Text}}</title></rect>
<text class="bandlabel" x="{{num .LabelX}}" y="10" text-anchor="{{.Anchor}}">{{xml .Text}}</text>
{{end}}{{range .Ticks}}<line class="grid" x1="{{num .X}}" x2="{{num .X}}" y1="14" y2="{{num $.Height}}"/><text class="tick" x="{{num .X}}" y="22" text-anchor="{{.Anchor}}">{{xml .Label}}</text>
{{end}}{{range .Lanes}}<text class="lane" x="4" y="{{num .Y}}" dy="15">{{xml .Label}}</text>
{{end}}{{range .Ops}}<g class="{{.Class}}"><rect x="{{num .X}}" y="{{num .Y}}" width="{{num .W}}" height="16" rx="2"><title>{{xml .Tooltip}}</title></rect>{{if gt .W 70.0}}<text x="{{num .X}}" y="{{num .Y}}" dx="3" dy="12">{{xml .Label}}</text>{{end}}</g>
{{end}}</svg>
`))
