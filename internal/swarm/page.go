package swarm

import (
	"html/template"
	"maps"
	"slices"
)

// summaryPage is a swarm directory's report.html: the totals, the counts
// by kind and by preset, and a link to every failed run's own report.
var summaryPage = template.Must(template.New("swarm").Funcs(template.FuncMap{
	"sorted":  func(m map[string]int) []string { return slices.Sorted(maps.Keys(m)) },
	"presets": func(m map[string]*PresetCounts) []string { return slices.Sorted(maps.Keys(m)) },
}).Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>kvchaos swarm</title>
<style>body{font:14px/1.4 system-ui,sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin:1em 0}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left}th{background:#f4f4f4}.fail{color:#a00}.unknown{color:#a60}
code{font-size:12px;word-break:break-all}</style></head><body>
<h1>kvchaos swarm</h1>
<p>{{.Runs}} runs ({{.Passed}} passed, <span class="fail">{{.Failures}} failed</span>, <span class="unknown">{{.Unknown}} unknown</span>), {{.Ops}} operations.
kvchaos {{.Version}}. Seeds: {{range $i, $r := .Seeds}}{{if $i}}, {{end}}{{$r}}{{end}}.</p>
<h2>Failures by kind</h2>
{{if .ByKind}}<table><tr><th>kind</th><th>runs</th></tr>{{range sorted .ByKind}}<tr><td>{{.}}</td><td>{{index $.ByKind .}}</td></tr>{{end}}</table>{{else}}<p>None.</p>{{end}}
<h2>Expected findings</h2>
<p>Anomalies a preset does not promise to avoid: reported, not failures.</p>
{{if .Expected}}<table><tr><th>kind</th><th>runs</th></tr>{{range sorted .Expected}}<tr><td>{{.}}</td><td>{{index $.Expected .}}</td></tr>{{end}}</table>{{else}}<p>None.</p>{{end}}
<h2>By preset</h2>
<table><tr><th>preset</th><th>promise</th><th>runs</th><th>ops</th><th>failed</th><th>unknown</th></tr>
{{range $name := presets .ByPreset}}{{with index $.ByPreset $name}}<tr><td>{{$name}}</td><td>{{.Promise}}</td><td>{{.Runs}}</td><td>{{.Ops}}</td><td>{{.Failures}}</td><td>{{.Unknown}}</td></tr>{{end}}{{end}}
</table>
<h2>Failed and unknown runs</h2>
{{if .Cases}}<table><tr><th>seed</th><th>status</th><th>kinds / reason</th><th>configuration</th><th>replay</th></tr>
{{range .Cases}}<tr><td><a href="{{.Dir}}/report.html">{{.Seed}}</a></td><td class="{{.Status}}">{{.Status}}</td>
<td>{{range $i, $k := .Kinds}}{{if $i}}, {{end}}{{$k}}{{end}}{{.Reason}}</td><td>{{.Config}}</td><td><code>kvchaos replay {{.Replay}}</code></td></tr>
{{end}}</table>{{else}}<p>None.</p>{{end}}
</body></html>
`))
