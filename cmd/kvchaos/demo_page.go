package main

import (
	"bytes"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"strings"

	"github.com/kvchaos/kvchaos/history"
	"github.com/kvchaos/kvchaos/internal/report"
)

// demoPanel is one run drawn for the page or the picture.
type demoPanel struct {
	Heading, Label, Says string
	Findings             []string
	Checked              bool // the demo names checker findings that show it
	SVG                  string
	Width, Height        float64
}

// demoPanels draws both runs of d with report's timeline.
func demoPanels(d demo, runs [2]demoRun) ([2]demoPanel, error) {
	var ps [2]demoPanel
	for i, v := range []variant{d.broken, d.fixed} {
		var b bytes.Buffer
		w, h, err := report.TimelineSVG(&b, actorsOnly(runs[i]), report.TimelineOptions{Marked: runs[i].markedOps(), Names: laneNames(runs[i])})
		if err != nil {
			return ps, err
		}
		p := demoPanel{Heading: [2]string{"BROKEN", "FIXED"}[i], Label: v.label, Says: runs[i].says,
			SVG: b.String(), Width: w, Height: h, Checked: len(runs[i].kinds) > 0}
		for _, a := range runs[i].anomalies() {
			p.Findings = append(p.Findings, fmt.Sprintf("[%s] %s", a.Kind, nameClients(a.Text, runs[i].names)))
		}
		ps[i] = p
	}
	return ps, nil
}

// writeDemoPage writes dir/NAME.html: both runs' timelines side by side,
// the anomaly marked, and returns the file's path.
func writeDemoPage(dir string, d demo, seed uint64, runs [2]demoRun) (string, error) {
	ps, err := demoPanels(d, runs)
	if err != nil {
		return "", err
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return "", fmt.Errorf("--out: %w", err)
	}
	var b bytes.Buffer
	err = demoPage.Execute(&b, map[string]any{"Seed": seed, "Panels": ps,
		"D":   map[string]string{"name": d.name, "summary": d.summary, "story": d.story, "why": d.why, "lesson": d.lesson},
		"SVG": func(s string) template.HTML { return template.HTML(s) }})
	if err != nil {
		return "", fmt.Errorf("demo page: %w", err)
	}
	path := filepath.Join(dir, d.name+".html")
	if err := os.WriteFile(path, b.Bytes(), 0o644); err != nil {
		return "", fmt.Errorf("--out: %w", err)
	}
	return path, nil
}

// demoSVG renders both runs as one picture: the broken run above the
// fixed one, each under a caption. It is a pure function of the runs.
func demoSVG(d demo, runs [2]demoRun) (string, error) {
	ps, err := demoPanels(d, runs)
	if err != nil {
		return "", err
	}
	const caption = 34.0
	width := max(ps[0].Width, ps[1].Width)
	var b strings.Builder
	y := 0.0
	var body strings.Builder
	for _, p := range ps {
		color := "#a22"
		if p.Heading == "FIXED" {
			color = "#282"
		}
		fmt.Fprintf(&body, "<text x=\"4\" y=\"%.1f\" style=\"font:bold 13px sans-serif;fill:%s\">%s: %s</text>\n",
			y+14, color, p.Heading, template.HTMLEscapeString(p.Label))
		fmt.Fprintf(&body, "<text x=\"4\" y=\"%.1f\" style=\"font:12px sans-serif;fill:#333\">%s</text>\n",
			y+29, template.HTMLEscapeString(p.Says))
		fmt.Fprintf(&body, "<svg x=\"0\" y=\"%.1f\">%s</svg>\n", y+caption, strings.TrimSuffix(nestable(p.SVG), "\n"))
		y += caption + p.Height + 10
	}
	fmt.Fprintf(&b, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%.1f\" height=\"%.1f\" viewBox=\"0 0 %.1f %.1f\">\n", width, y, width, y)
	fmt.Fprintf(&b, "<rect width=\"%.1f\" height=\"%.1f\" fill=\"#fff\"/>\n", width, y)
	b.WriteString(body.String())
	b.WriteString("</svg>\n")
	return b.String(), nil
}

// nestable strips the outer element of a standalone SVG, keeping its
// content, so it can be placed inside another at an offset.
func nestable(svg string) string {
	start := strings.Index(svg, ">") + 1
	end := strings.LastIndex(svg, "</svg>")
	if start <= 0 || end < start {
		return svg
	}
	return svg[start:end]
}

// writeDemoSVGFile writes the demo's picture to path.
func writeDemoSVGFile(path string, d demo, runs [2]demoRun) error {
	svg, err := demoSVG(d, runs)
	if err != nil {
		return err
	}
	if err := os.WriteFile(path, []byte(svg), 0o644); err != nil {
		return fmt.Errorf("--svg: %w", err)
	}
	return nil
}

// demoPage is the --out page: the story, the two runs side by side, the
// lesson.
var demoPage = template.Must(template.New("demo").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>kvchaos demo {{.D.name}}</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1900px;padding:16px;color:#1d2330}
pre{white-space:pre-wrap;background:#f4f5f8;padding:8px;border-radius:4px}.runs{display:flex;gap:16px;align-items:flex-start}
.run{flex:1;min-width:0;border:1px solid #dde;border-radius:6px;padding:8px}.run .pic{overflow-x:auto}.run svg{max-width:100%;height:auto}
.BROKEN h2{color:#a22}.FIXED h2{color:#282}.lesson{font-size:16px;font-weight:600;margin-top:16px}li{margin:3px 0}</style></head>
<body><h1>{{.D.name}} <small>(seed {{.Seed}})</small></h1><p>{{.D.summary}}</p><pre>{{.D.story}}</pre>
<div class="runs">{{range .Panels}}<div class="run {{.Heading}}"><h2>{{.Heading}}: {{.Label}}</h2><p><strong>{{.Says}}</strong></p>
<div class="pic">{{call $.SVG .SVG}}</div>
{{if .Findings}}<ul>{{range .Findings}}<li>{{.}}</li>{{end}}</ul>{{else if .Checked}}<p>The checker found nothing of the demo's kind.</p>{{else}}<p>No checker finding shows this pitfall: the demo judges the outcome above.</p>{{end}}
<p style="color:#666;font-size:12px">Red outline: where the pitfall shows. Hover an operation for its details.</p></div>{{end}}</div>
{{with .D.why}}<pre>{{.}}</pre>{{end}}<p class="lesson">Lesson: {{.D.lesson}}</p>
<footer style="color:#888;font-size:12px">Generated by kvchaos demo. Self-contained; no network requests.</footer></body></html>
`))

// laneNames labels a run's lanes with the actors' names.
func laneNames(r demoRun) map[int]string {
	out := map[int]string{}
	for id, n := range r.names {
		out[id] = n
	}
	return out
}

// actorsOnly is the run's history without the reads of the settled store
// and the quiescence that precedes them, which would stretch the time
// axis over the whole cache or replication window: the picture is about
// what the actors did. Op ids are kept.
func actorsOnly(r demoRun) history.History {
	var h history.History
	for _, op := range r.h.Ops {
		if n := r.names[op.Client]; n != "final" && n != "total" {
			h.Ops = append(h.Ops, op)
		}
	}
	for _, a := range r.h.Annotations {
		if a.Kind != history.AnnotationQuiescent {
			h.Annotations = append(h.Annotations, a)
		}
	}
	return h
}
