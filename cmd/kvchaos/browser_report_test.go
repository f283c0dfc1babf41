package main

import (
	"encoding/json"
	"fmt"
	"image"
	"image/draw"
	"image/png"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// lostCounterHistory: clients 0 and 1 increment counter "c" in pairs that
// read the same value, so each pair loses one of its two acknowledged
// increments; six overlapping faults shade the workload; quiescence comes
// 60 s later and client 2 reads the final value.
func lostCounterHistory(t *testing.T, dir string, pairs int) string {
	t.Helper()
	const ms = 1_000_000
	var lines []string
	id := 0
	for p := 0; p < pairs; p++ {
		base := int64(p) * 10 * ms
		for c := 0; c < 2; c++ {
			lines = append(lines, fmt.Sprintf(`{"type":"op","id":%d,"client":%d,"region":"r%d","f":"update","key":"c","in":{"value":"%d"},"out":{"value":"%d","found":%t},"status":"ok","call":%d,"return":%d}`,
				id, c, c, p+1, p, p > 0, base+int64(c)*ms, base+int64(c+6)*ms))
			id++
		}
	}
	for f := 0; f < 6; f++ {
		lines = append(lines, fmt.Sprintf(`{"type":"annotation","kind":"fault","text":"partition number %d of the regions","start":%d,"end":%d}`, f, int64(f)*ms, int64(f+20)*ms))
	}
	end := int64(pairs) * 10 * ms
	lines = append(lines, fmt.Sprintf(`{"type":"annotation","kind":"quiescent","text":"quiescent","start":%d,"end":%d}`, end+60_000*ms, end+60_000*ms))
	lines = append(lines, fmt.Sprintf(`{"type":"op","id":%d,"client":2,"f":"get","key":"c","out":{"value":"%d","found":true},"status":"ok","call":%d,"return":%d}`,
		id, pairs, end+60_001*ms, end+60_002*ms))
	path := filepath.Join(dir, "counter.jsonl")
	require.NoError(t, os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644))
	return path
}

// checkedPage checks hist into an HTML report and returns its path.
func checkedPage(t *testing.T, dir, hist string) string {
	t.Helper()
	page := filepath.Join(dir, "report.html")
	r := kvchaos(t, dir, "check", "--html", page, hist)
	require.Equal(t, 1, r.code, r.stdout+r.stderr)
	return page
}

// probe runs script in a copy of page once the timeline is drawn; the
// script fills the object r, which probe returns. The copy drops any
// Content-Security-Policy so the probe may run; the page's own script is
// unchanged.
func probe(t *testing.T, page, script string) map[string]any {
	t.Helper()
	src, err := os.ReadFile(page)
	require.NoError(t, err)
	html := regexp.MustCompile(`(?i)<meta http-equiv="Content-Security-Policy"[^>]*>`).ReplaceAllString(string(src), "")
	inject := `<script>(function(){var r={};function wait(){var tl=document.getElementById("tl");
if(!tl||!tl.hasAttribute("data-window")){setTimeout(wait,20);return;}
try{` + script + `}catch(e){r.error=String(e);}
var pre=document.createElement("pre");pre.id="probe";pre.textContent=JSON.stringify(r);document.body.appendChild(pre);}
wait();})();</script></body>`
	html = strings.Replace(html, "</body>", inject, 1)
	copyPath := filepath.Join(filepath.Dir(page), "probe.html")
	require.NoError(t, os.WriteFile(copyPath, []byte(html), 0o644))
	dom, logs := browser(t, copyPath, "--dump-dom", "--virtual-time-budget=10000", "--window-size=1280,900")
	for _, line := range strings.Split(logs, "\n") {
		if strings.Contains(line, ":CONSOLE") {
			t.Errorf("the page logged to the console: %s", line)
		}
	}
	m := regexp.MustCompile(`<pre id="probe">(.*?)</pre>`).FindStringSubmatch(dom)
	require.NotNil(t, m, "the probe did not run: the timeline was never drawn")
	var r map[string]any
	require.NoError(t, json.Unmarshal([]byte(unescapeHTML(m[1])), &r))
	require.Nil(t, r["error"], "the probe failed")
	return r
}

func atoi(t *testing.T, s string) int {
	t.Helper()
	var n int
	_, err := fmt.Sscan(s, &n)
	require.NoError(t, err)
	return n
}

func unescapeHTML(s string) string {
	return strings.NewReplacer("&quot;", `"`, "&lt;", "<", "&gt;", ">", "&#39;", "'", "&amp;", "&").Replace(s)
}

// window parses the timeline's data-window ("a b", in data units).
func window(t *testing.T, v any) [2]float64 {
	t.Helper()
	var a, b float64
	_, err := fmt.Sscanf(v.(string), "%g %g", &a, &b)
	require.NoError(t, err, v)
	return [2]float64{a, b}
}

func TestReportAnswersLossAndPromiseFirst(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := checkedPage(t, dir, lostCounterHistory(t, dir, 5))
	r := probe(t, page, `
r.loss=document.getElementById("answer-loss").textContent.replace(/\s+/g," ").trim();
r.promise=document.getElementById("answer-promise").textContent.replace(/\s+/g," ").trim();
var all=document.body.innerHTML;
r.order=[all.indexOf('id="answer-loss"'),all.indexOf('id="answer-promise"'),all.indexOf('id="checks"')];
r.scrollWidth=document.documentElement.scrollWidth;`)
	assert.Regexp(t, `^Did the code lose acknowledged writes\? Yes lost 5 of 10 acknowledged increments \(1 counter\); \d+ acknowledged writes? overwritten unseen by a write that read the same state findings$`, r["loss"])
	assert.Contains(t, r["promise"], "Did the store keep its promise (linearizable)? No 1 key not linearizable")
	order := r["order"].([]any)
	assert.True(t, order[0].(float64) < order[1].(float64) && order[1].(float64) < order[2].(float64), "loss, then promise, then the checks: %v", order)
	assert.LessOrEqual(t, r["scrollWidth"], 1280.0, "readable at 1280 px without scrolling sideways")
}

func TestTimelineShowsTheWorkloadAndZoomsByKeyboardAndMouse(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := checkedPage(t, dir, lostCounterHistory(t, dir, 5))
	r := probe(t, page, `
var tl=document.getElementById("tl");
function key(k){tl.dispatchEvent(new KeyboardEvent("keydown",{key:k,bubbles:true,cancelable:true}));return tl.dataset.window;}
r.initial=tl.dataset.window; r.labels=JSON.parse(tl.dataset.bandLabels); r.bands=tl.dataset.bands;
r.status=document.getElementById("tl-status").hidden; r.drawn=tl.dataset.drawn;
var w0=tl.dataset.window.split(" ").map(Number), bx=tl.getBoundingClientRect(), pw=bx.width-118-12;
tl.dispatchEvent(new MouseEvent("mousemove",{clientX:bx.left+118+(3000-w0[0])*pw/(w0[1]-w0[0]),clientY:bx.top+75,bubbles:true}));
var tip=document.getElementById("tl-tip"); r.tip=tip.hidden?"":tip.textContent;
r.zoomIn=key("+"); r.right=key("ArrowRight"); r.zoomOut=key("-"); r.reset=key("0"); r.final=key("End"); key("0");
var box=tl.getBoundingClientRect();
tl.dispatchEvent(new WheelEvent("wheel",{deltaY:-100,clientX:box.left+400,clientY:box.top+80,bubbles:true,cancelable:true}));
r.wheel=tl.dataset.window;
tl.dispatchEvent(new MouseEvent("mousedown",{clientX:box.left+500,clientY:box.top+80,bubbles:true}));
window.dispatchEvent(new MouseEvent("mousemove",{clientX:box.left+400,clientY:box.top+80,bubbles:true}));
window.dispatchEvent(new MouseEvent("mouseup",{clientX:box.left+400,clientY:box.top+80,bubbles:true}));
r.dragged=tl.dataset.window;
document.querySelector('#timeline button[data-view="all"]').click(); r.all=tl.dataset.window;`)
	// The data's unit is 1µs for this 60 s history.
	w := window(t, r["initial"])
	assert.InDelta(t, 0, w[0], 2000, "the workload window starts at the first call")
	assert.InDelta(t, 47_000, w[1], 2000, "and ends at the workload's last return (47 ms), not after the 60 s quiet wait")
	assert.Equal(t, true, r["status"], "the timeline drew")
	assert.Equal(t, "6", r["bands"])
	labels := r["labels"].([]any)
	assert.NotEmpty(t, labels)
	for i, a := range labels {
		for _, b := range labels[i+1:] {
			la, lb := a.([]any), b.([]any)
			if la[2] == lb[2] { // same row
				assert.True(t, la[1].(float64) <= lb[0].(float64) || lb[1].(float64) <= la[0].(float64), "fault labels overlap: %v %v", la, lb)
			}
		}
	}
	assert.Contains(t, r["tip"], "op 0 · c0 r0 · update c ∅→1 · ok · called 0, returned 6ms (took 6ms)", "hovering an op describes it")
	assert.Contains(t, r["tip"], "history time", "and names the clock")
	in := window(t, r["zoomIn"])
	assert.Less(t, in[1]-in[0], w[1]-w[0], "+ zooms in")
	right := window(t, r["right"])
	assert.Greater(t, right[0], in[0], "→ pans right")
	out := window(t, r["zoomOut"])
	assert.Greater(t, out[1]-out[0], right[1]-right[0], "− zooms out")
	assert.Equal(t, r["initial"], r["reset"], "0 returns to the workload")
	fin := window(t, r["final"])
	assert.Greater(t, fin[0], 60_000_000.0, "End shows the final reads after the quiet wait")
	wheel := window(t, r["wheel"])
	assert.Less(t, wheel[1]-wheel[0], w[1]-w[0], "the wheel zooms in")
	drag := window(t, r["dragged"])
	assert.Greater(t, drag[0], wheel[0], "dragging left moves the window later")
	assert.InDelta(t, drag[1]-drag[0], wheel[1]-wheel[0], 1e-6, "dragging keeps the zoom")
	all := window(t, r["all"])
	assert.Greater(t, all[1], 60_052_000.0, "the whole run includes the final read")
}

func TestSelectingAFindingDrawsItsRelation(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := checkedPage(t, dir, lostCounterHistory(t, dir, 5))
	r := probe(t, page, `
var tl=document.getElementById("tl");
var li=document.querySelector('li.finding[data-kind="lost-update"]');
li.click();
r.selected=tl.dataset.selected; r.relations=tl.dataset.relations; r.ops=li.dataset.ops;
r.pressed=li.getAttribute("aria-pressed"); r.caption=document.getElementById("tl-caption").textContent;
var stale=document.querySelector('li.finding[data-kind="counter-bounds"]');
stale.dispatchEvent(new KeyboardEvent("keydown",{key:"Enter",bubbles:true}));
r.counter=tl.dataset.relations; r.counterOps=tl.dataset.selected;
var nl=document.querySelector('li.finding[data-kind="not-linearizable"]'); nl.click();
r.lin=tl.dataset.relations; r.linOps=tl.dataset.selected.split(" ").length;
tl.dispatchEvent(new KeyboardEvent("keydown",{key:"Escape",bubbles:true}));
r.cleared=tl.dataset.selected;
r.witness=document.querySelector("#witness tr.blocked")?document.querySelector("#witness tr.blocked").textContent:"";
r.state=document.querySelector("#witness tr.state")?document.querySelector("#witness tr.state").textContent:"";`)
	ops := strings.Fields(r["ops"].(string))
	require.Len(t, ops, 2, "a lost update names the lost write, then the one that overwrote it")
	assert.Equal(t, r["ops"], r["selected"])
	assert.Equal(t, fmt.Sprintf("op %s's write was overwritten by op %s, which read the same state", ops[0], ops[1]), r["relations"])
	assert.Equal(t, "true", r["pressed"])
	assert.Contains(t, r["caption"], "lost-update")
	lost := regexp.MustCompile(`^final read op 10; (\d+) lost writes outlined$`).FindStringSubmatch(r["counter"].(string))
	require.NotNil(t, lost, "the counter's finding outlines every lost write: %v", r["counter"])
	assert.Len(t, strings.Fields(r["counterOps"].(string)), 1+atoi(t, lost[1]), "the final read and every lost write")
	assert.Contains(t, r["lin"], "cannot be placed")
	assert.Equal(t, 11.0, r["linOps"], "every op of the key, the witness first")
	assert.Equal(t, "", r["cleared"], "Esc clears the selection")
	assert.NotEmpty(t, r["witness"], "the page's own witness view marks the op that cannot be placed")
	assert.Contains(t, r["state"], "state of c after step")
}

func TestTimelineDrawsEveryOpOfALargeHistory(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	const n = 20000
	var b strings.Builder
	for i := 0; i < n; i++ {
		call := int64(i) * 50_000
		fmt.Fprintf(&b, `{"type":"op","id":%d,"client":%d,"f":"put","key":"k%d","in":{"value":"v%d"},"status":"ok","call":%d,"return":%d}`+"\n",
			i, i%8, i%20, i, call, call+300_000)
	}
	hist := filepath.Join(dir, "big.jsonl")
	require.NoError(t, os.WriteFile(hist, []byte(b.String()), 0o644))
	page := filepath.Join(dir, "report.html")
	res := kvchaos(t, dir, "check", "--html", page, hist)
	require.Contains(t, []int{0, 1}, res.code, res.stdout+res.stderr)
	st, err := os.Stat(page)
	require.NoError(t, err)
	assert.Less(t, st.Size(), int64(n*20), "the timeline's data costs a few bytes per op")
	r := probe(t, page, `var tl=document.getElementById("tl"); r.drawn=tl.dataset.drawn;
for(var i=0;i<12;i++){tl.dispatchEvent(new KeyboardEvent("keydown",{key:"+",bubbles:true}));}
r.zoomed=tl.dataset.drawn; r.text=document.body.innerText.indexOf("more ops are not drawn");`)
	var exact, dense int
	_, err = fmt.Sscanf(r["drawn"].(string), "%d %d", &exact, &dense)
	require.NoError(t, err)
	assert.Equal(t, n, exact+dense, "every op is drawn, as a box or as density")
	assert.Greater(t, dense, n/2, "sub-pixel ops are aggregated")
	_, err = fmt.Sscanf(r["zoomed"].(string), "%d %d", &exact, &dense)
	require.NoError(t, err)
	assert.Positive(t, exact, "zoomed in, ops are exact boxes")
	assert.Zero(t, dense, "zoomed in, nothing is aggregated")
	assert.Equal(t, -1.0, r["text"], "no op is left out")
}

// pixels counts the pixels of img within tol of colour c in each channel.
func pixels(img *image.RGBA, rect image.Rectangle, c [3]uint8, tol int) int {
	n := 0
	rect = rect.Intersect(img.Bounds())
	for y := rect.Min.Y; y < rect.Max.Y; y++ {
		i := img.PixOffset(rect.Min.X, y)
		for px := range slices.Chunk(img.Pix[i:i+4*rect.Dx()], 4) {
			if abs(int(px[0])-int(c[0])) <= tol && abs(int(px[1])-int(c[1])) <= tol && abs(int(px[2])-int(c[2])) <= tol {
				n++
			}
		}
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func screenshot(t *testing.T, url string, flags ...string) *image.RGBA {
	t.Helper()
	png0 := filepath.Join(t.TempDir(), "shot.png")
	browser(t, url, append([]string{"--screenshot=" + png0, "--window-size=1280,6000", "--virtual-time-budget=10000", "--hide-scrollbars"}, flags...)...)
	f, err := os.Open(png0)
	require.NoError(t, err)
	defer f.Close()
	img, err := png.Decode(f)
	require.NoError(t, err)
	// pixels reads the bytes of an *image.RGBA: Image.At boxes a Color a
	// pixel, and a 1280×6000 shot is 7.7 million of them (a minute under
	// -race).
	if rgba, ok := img.(*image.RGBA); ok {
		return rgba
	}
	rgba := image.NewRGBA(img.Bounds())
	draw.Draw(rgba, rgba.Bounds(), img, img.Bounds().Min, draw.Src)
	return rgba
}

func TestReportScreenshotHasItsStructure(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	page := checkedPage(t, dir, lostCounterHistory(t, dir, 5))
	img := screenshot(t, page+"#finding-2")
	top := image.Rect(0, 0, 1280, 260)
	assert.Greater(t, pixels(img, top, [3]uint8{0xfd, 0xe7, 0xe7}, 3), 20000, "the loss answer is a red box at the top")
	all := img.Bounds()
	assert.Greater(t, pixels(img, all, [3]uint8{0xb0, 0x00, 0xb0}, 30), 100, "the selected finding's relation is drawn")
	assert.Greater(t, pixels(img, all, [3]uint8{0xe0, 0x00, 0x00}, 30), 100, "ops a finding names are outlined in red")
	assert.Greater(t, pixels(img, all, [3]uint8{0x8a, 0x57, 0xc9}, 10), 500, "update ops are drawn")

	dark := screenshot(t, page, "--force-dark-mode")
	assert.Greater(t, pixels(dark, image.Rect(0, 0, 1280, 40), [3]uint8{0x11, 0x14, 0x1a}, 4), 20000, "dark mode follows the system")
	assert.Greater(t, pixels(dark, top, [3]uint8{0x3a, 0x1c, 0x1f}, 4), 20000, "the loss answer stays red in dark mode")
}
