// The report's only script: draws the timeline, its overview strip and
// the latency plot from the compact data in #tl-data, and makes each
// finding selectable. No network, no inline handlers (CSP-friendly).
(function () {
  "use strict";
  var FUNCS = ["get", "put", "update", "cas", "list", "delete", "append", "?"];
  var STATUS = ["ok", "fail", "unknown", "?"];
  var LIGHT = { bg: "#ffffff", lane: "#f4f6fa", text: "#333333", dim: "#777777", grid: "#e6e8ee",
    fault: "rgba(230,90,90,0.18)", faultText: "#993333", note: "rgba(90,120,220,0.14)", quiet: "rgba(60,170,100,0.16)",
    dense: "#5b6b8c", bad: "#e00000", sel: "#111111", rel: "#b000b0", labelBg: "rgba(255,255,255,0.9)",
    f: ["#4b7bd1", "#2e9e6b", "#8a57c9", "#c9852b", "#5aa5b5", "#777777", "#b5577a", "#999999"] };
  var DARK = { bg: "#161a22", lane: "#1d222c", text: "#dde3ee", dim: "#9aa3b5", grid: "#2a3040",
    fault: "rgba(240,100,100,0.22)", faultText: "#ff9d9d", note: "rgba(120,150,255,0.18)", quiet: "rgba(80,200,120,0.16)",
    dense: "#8c9bbd", bad: "#ff4d4d", sel: "#ffffff", rel: "#ff7bff", labelBg: "rgba(22,26,34,0.9)",
    f: ["#6b9bf1", "#3ebe8b", "#aa77e9", "#e9a54b", "#7ac5d5", "#999999", "#d5779a", "#aaaaaa"] };
  var dark = window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)");
  function pal() { return dark && dark.matches ? DARK : LIGHT; }

  var LEFT = 118, RIGHT = 12, AXIS = 18, ROWH = 14, MAXROWS = 3;

  function fmtDur(ns) {
    var a = Math.abs(ns), s = ns < 0 ? "-" : "";
    if (a === 0) { return "0"; }
    if (a >= 60e9) { var m = Math.floor(a / 60e9); return s + m + "m" + Number(((a - m * 60e9) / 1e9).toPrecision(3)) + "s"; }
    if (a >= 1e9) { return s + Number((a / 1e9).toPrecision(4)) + "s"; }
    if (a >= 1e6) { return s + Number((a / 1e6).toPrecision(4)) + "ms"; }
    if (a >= 1e3) { return s + Number((a / 1e3).toPrecision(4)) + "µs"; }
    return s + Math.round(a) + "ns";
  }

  function decode(b64) {
    var bin = atob(b64.replace(/-/g, "+").replace(/_/g, "/"));
    var bytes = new Uint8Array(bin.length);
    for (var i = 0; i < bin.length; i++) { bytes[i] = bin.charCodeAt(i); }
    var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream("gzip"));
    return new Response(stream).json();
  }

  // ---- findings are selectable even before the data is decoded ----
  var findings = document.querySelectorAll("li.finding");
  var T = null; // the timeline, once built

  function selectFinding(li) {
    for (var i = 0; i < findings.length; i++) {
      findings[i].classList.toggle("selected", findings[i] === li);
      findings[i].setAttribute("aria-pressed", findings[i] === li ? "true" : "false");
    }
    if (T) { T.select(li); }
  }
  for (var fi = 0; fi < findings.length; fi++) {
    findings[fi].addEventListener("click", function (e) {
      if (e.target.tagName === "A") { return; }
      selectFinding(e.currentTarget);
    });
    findings[fi].addEventListener("keydown", function (e) {
      if (e.key === "Enter" || e.key === " ") { e.preventDefault(); selectFinding(e.currentTarget); }
    });
  }
  var refs = document.querySelectorAll("a.opref");
  for (var ri = 0; ri < refs.length; ri++) {
    refs[ri].addEventListener("mouseenter", function (e) { if (T) { T.hoverID(+e.target.getAttribute("data-op")); } });
    refs[ri].addEventListener("mouseleave", function () { if (T) { T.hoverID(-1); } });
  }

  window.addEventListener("hashchange", function () {
    var m = /^#(finding-\d+)$/.exec(location.hash), li = m && document.getElementById(m[1]);
    if (li) { selectFinding(li); }
  });

  var holder = document.getElementById("tl-data");
  if (!holder) { return; }
  decode(holder.getAttribute("data-z")).then(function (D) {
    T = build(D);
    var sel = document.querySelector("li.finding.selected");
    var m = /^#(finding-\d+)$/.exec(location.hash);
    if (m && document.getElementById(m[1])) { sel = document.getElementById(m[1]); selectFinding(sel); }
    if (sel) { T.select(sel); }
  }).catch(function (err) {
    var msg = document.getElementById("tl-status");
    if (msg) { msg.textContent = "The timeline could not be drawn: " + err; msg.hidden = false; }
  });

  function build(D) {
    var n = D.call.length, U = D.unit;
    var call = new Float64Array(n), dur = new Float64Array(n), id = new Int32Array(n);
    var c = 0, k = -1, byID = new Map();
    for (var i = 0; i < n; i++) {
      c += D.call[i]; k += D.id[i];
      call[i] = c; dur[i] = D.dur[i]; id[i] = k; byID.set(k, i);
    }
    var errOf = new Map();
    for (i = 0; i < D.err.length; i++) { errOf.set(D.err[i][0], D.errs[D.err[i][1]]); }
    var bad = new Uint8Array(n);
    for (i = 0; i < D.bad.length; i++) { var bi = byID.get(D.bad[i]); if (bi !== undefined) { bad[bi] = 1; } }
    var nl = D.lanes.length, laneOps = [], laneMax = new Float64Array(nl);
    for (var l = 0; l < nl; l++) { laneOps.push([]); }
    for (i = 0; i < n; i++) {
      laneOps[D.lane[i]].push(i);
      laneMax[D.lane[i]] = Math.max(laneMax[D.lane[i]], dur[i] < 0 ? D.end - call[i] : dur[i]);
    }
    function end(i) { return dur[i] < 0 ? D.end : call[i] + dur[i]; }
    function fn(i) { return FUNCS[Math.min(D.code[i] >> 2, 7)]; }
    function st(i) { return STATUS[Math.min(D.code[i] & 3, 3)]; }
    function describe(i) {
      var s = "op " + id[i] + " · " + D.lanes[D.lane[i]] + " · " + fn(i) + " " + D.keys[D.key[i]] + " " + D.labels[D.label[i]] +
        " · " + st(i) + " · called " + fmtDur(call[i] * U);
      s += dur[i] < 0 ? ", never returned" : ", returned " + fmtDur(end(i) * U) + " (took " + fmtDur(dur[i] * U) + ")";
      if (errOf.has(i)) { s += " · error: " + errOf.get(i); }
      return s + " — " + D.clock;
    }

    var cv = document.getElementById("tl"), ov = document.getElementById("tl-overview"),
      lat = document.getElementById("latency-plot"), tip = document.getElementById("tl-tip"),
      caption = document.getElementById("tl-caption");
    var laneH = Math.max(5, Math.min(22, Math.floor(520 / Math.max(nl, 1))));
    var minSpan = Math.max(10, D.end / 1e7);
    var view = { a: 0, b: D.workEnd };
    var sel = null, hover = -1, bandHits = [];

    function finalStart() { return D.quiet >= 0 ? D.quiet : D.workEnd; }
    function setView(a, b) {
      var w = Math.max(b - a, minSpan), full = D.end * 1.02 + 1;
      w = Math.min(w, full);
      a = Math.max(-0.02 * w, Math.min(a, full - w));
      view.a = a; view.b = a + w;
      draw();
    }
    function named(which) {
      if (which === "final") {
        var s = finalStart(), span = Math.max(D.end - s, minSpan);
        setView(s - span * 0.03, D.end + span * 0.03);
      } else if (which === "all") {
        setView(-0.01 * D.end, D.end * 1.01);
      } else {
        setView(-0.01 * D.workEnd, D.workEnd * 1.01);
      }
    }
    function zoom(f, at) {
      if (at === undefined) { at = (view.a + view.b) / 2; }
      setView(at - (at - view.a) * f, at + (view.b - at) * f);
    }
    function pan(frac) { var w = view.b - view.a; setView(view.a + w * frac, view.b + w * frac); }

    function size(canvas, h) {
      var dpr = window.devicePixelRatio || 1, w = Math.max(600, canvas.parentNode.clientWidth);
      canvas.style.width = w + "px"; canvas.style.height = h + "px";
      canvas.width = Math.round(w * dpr); canvas.height = Math.round(h * dpr);
      var ctx = canvas.getContext("2d");
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      return { ctx: ctx, w: w, h: h };
    }
    function niceStep(span, count) {
      var raw = span / count, p = Math.pow(10, Math.floor(Math.log10(raw))), m = raw / p;
      return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
    }
    // first index in a lane whose op may reach time t
    function firstIn(ops, t, reach) {
      var lo = 0, hi = ops.length;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (call[ops[mid]] < t - reach) { lo = mid + 1; } else { hi = mid; } }
      return lo;
    }

    var geo = null; // geometry of the last main drawing, for hit tests
    function draw() {
      var P = pal(), rows = 0;
      var top = AXIS + MAXROWS * ROWH + 4, H = top + nl * laneH + 6;
      var m = size(cv, H), ctx = m.ctx, W = m.w - LEFT - RIGHT;
      var sx = W / (view.b - view.a);
      function X(t) { return LEFT + (t - view.a) * sx; }
      geo = { top: top, W: W, sx: sx, X: X };
      ctx.fillStyle = P.bg; ctx.fillRect(0, 0, m.w, H);
      ctx.font = "11px system-ui, sans-serif"; ctx.textBaseline = "middle";
      for (var l = 0; l < nl; l++) {
        if (l % 2 === 0) { ctx.fillStyle = P.lane; ctx.fillRect(LEFT, top + l * laneH, W, laneH); }
      }
      // quiescence wait and final reads
      if (D.quiet >= 0 && D.quiet > D.workEnd) {
        ctx.fillStyle = P.quiet;
        ctx.fillRect(Math.max(LEFT, X(D.workEnd)), top, Math.max(0, Math.min(X(D.quiet), LEFT + W) - Math.max(LEFT, X(D.workEnd))), nl * laneH);
      }
      // fault bands, labels in rows that never overlap
      var rowEnd = [], r, drawnLabels = [];
      bandHits = [];
      ctx.save(); ctx.beginPath(); ctx.rect(LEFT, 0, W, H); ctx.clip();
      for (var j = 0; j < D.anns.length; j++) {
        var an = D.anns[j], x0 = X(an.start), x1 = Math.max(X(an.end), x0 + 2);
        if (x1 < LEFT || x0 > LEFT + W) { continue; }
        var isQ = an.kind === "quiescent";
        ctx.fillStyle = isQ ? P.quiet : an.kind === "fault" ? P.fault : P.note;
        ctx.fillRect(x0, AXIS, x1 - x0, top - AXIS + nl * laneH);
        bandHits.push({ x0: x0, x1: x1, text: an.text });
        var text = isQ ? "quiescent → final reads" : an.text, tw = ctx.measureText(text).width, lx = Math.max(x0, LEFT) + 2;
        if (lx + tw > LEFT + W) { lx = Math.max(LEFT + 2, LEFT + W - tw - 2); } // near the right edge: end there
        for (r = 0; r < MAXROWS; r++) {
          if (rowEnd[r] === undefined || rowEnd[r] + 6 <= lx) { break; }
        }
        if (r < MAXROWS) {
          rowEnd[r] = lx + tw; rows = Math.max(rows, r + 1);
          drawnLabels.push([Math.round(lx), Math.round(lx + tw), r, text]);
          ctx.fillStyle = isQ ? P.text : P.faultText;
          ctx.fillText(text, lx, AXIS + r * ROWH + ROWH / 2);
        }
      }
      ctx.restore();
      cv.setAttribute("data-band-labels", JSON.stringify(drawnLabels));
      cv.setAttribute("data-bands", String(bandHits.length));
      // axis
      var span = (view.b - view.a) * U, step = niceStep(span, Math.max(2, Math.floor(W / 110))) / U;
      ctx.fillStyle = P.dim; ctx.strokeStyle = P.grid; ctx.textAlign = "center";
      for (var t = Math.ceil(view.a / step) * step; t <= view.b; t += step) {
        var gx = X(t);
        ctx.beginPath(); ctx.moveTo(gx, AXIS - 4); ctx.lineTo(gx, H); ctx.stroke();
        ctx.fillText(fmtDur(t * U), Math.min(Math.max(gx, LEFT + 20), LEFT + W - 20), 9);
      }
      ctx.textAlign = "left";
      // lane labels
      ctx.fillStyle = P.text; ctx.font = "600 11px system-ui, sans-serif";
      if (laneH >= 9) {
        for (l = 0; l < nl; l++) { ctx.fillText(D.lanes[l], 4, top + l * laneH + laneH / 2, LEFT - 8); }
      } else {
        ctx.fillText(nl + " clients", 4, top + 8);
      }
      ctx.font = "10px system-ui, sans-serif";
      // ops: exact boxes where they are wide enough, density elsewhere
      ctx.save(); ctx.beginPath(); ctx.rect(LEFT, top, W, nl * laneH); ctx.clip();
      var dens = new Float32Array(Math.ceil(W) + 2), bh = Math.max(3, laneH - 4), exact = 0, dense = 0;
      for (l = 0; l < nl; l++) {
        var ops = laneOps[l], y = top + l * laneH + (laneH - bh) / 2, used = false;
        for (var q = firstIn(ops, view.a, laneMax[l]); q < ops.length; q++) {
          i = ops[q];
          if (call[i] > view.b) { break; }
          var e = end(i);
          if (e < view.a) { continue; }
          var a0 = X(call[i]), a1 = X(e);
          if (a1 - a0 >= 1.5) {
            exact++;
            ctx.globalAlpha = st(i) === "unknown" ? 0.45 : 1;
            ctx.fillStyle = P.f[Math.min(D.code[i] >> 2, 7)];
            ctx.fillRect(a0, y, a1 - a0, bh);
            if (st(i) === "fail") { ctx.fillStyle = P.bg; ctx.fillRect(a0, y + bh / 2 - 1, a1 - a0, 2); }
            ctx.globalAlpha = 1;
            if (a1 - a0 > 60 && bh >= 12) {
              ctx.save(); ctx.beginPath(); ctx.rect(a0, y, a1 - a0 - 2, bh); ctx.clip();
              ctx.fillStyle = "#fff"; ctx.fillText(fn(i) + " " + D.keys[D.key[i]] + " " + D.labels[D.label[i]], Math.max(a0, LEFT) + 3, y + bh / 2);
              ctx.restore();
            }
          } else {
            var c0 = Math.max(0, a0 - LEFT), c1 = Math.max(c0, a1 - LEFT), p0 = Math.floor(c0);
            if (p0 > W) { continue; }
            used = true; dense++;
            for (var px = p0; px <= Math.min(Math.floor(c1), W); px++) {
              dens[px] += Math.max(0.35, Math.min(px + 1, c1 + 0.35) - Math.max(px, c0));
            }
          }
        }
        if (used) {
          ctx.fillStyle = P.dense;
          for (px = 0; px < dens.length; px++) {
            if (dens[px] > 0) { ctx.globalAlpha = Math.min(1, 0.3 + 0.7 * dens[px]); ctx.fillRect(LEFT + px, y, 1, bh); dens[px] = 0; }
          }
          ctx.globalAlpha = 1;
        }
      }
      // every op a finding names, outlined whatever its size
      ctx.strokeStyle = P.bad; ctx.lineWidth = 2;
      for (i = 0; i < n; i++) {
        if (bad[i] && call[i] <= view.b && end(i) >= view.a) { box(ctx, i, X, top, bh, 0); }
      }
      ctx.restore();
      relations = [];
      if (sel) { drawSelection(ctx, X, top, bh, P); }
      cv.setAttribute("data-window", view.a + " " + view.b);
      cv.setAttribute("data-drawn", exact + " " + dense); // ops drawn as boxes, and as density
      cv.setAttribute("data-relations", relations.join(" | "));
      cv.setAttribute("data-selected", sel ? sel.ops.map(function (i) { return id[i]; }).join(" ") : "");
      if (hover >= 0) { ctx.strokeStyle = P.sel; ctx.lineWidth = 2; box(ctx, hover, X, top, bh, 2); }
      drawOverview(P);
      drawLatency(P);
      var st0 = document.getElementById("tl-window");
      if (st0) {
        st0.textContent = "Showing " + fmtDur(Math.max(0, view.a) * U) + " – " + fmtDur(view.b * U) + " (" + D.clock + ")" +
          (view.b < D.end ? "; the run goes on to " + fmtDur(D.end * U) : "");
      }
    }
    function rect(i, X, top, bh) {
      var y = top + D.lane[i] * laneH + (laneH - bh) / 2, x0 = X(call[i]), x1 = Math.max(X(end(i)), x0 + 3);
      return { x: x0, y: y, w: x1 - x0, h: bh, cx: (x0 + x1) / 2 };
    }
    function box(ctx, i, X, top, bh, grow) {
      var b = rect(i, X, top, bh);
      ctx.strokeRect(b.x - 1 - grow, b.y - 1 - grow, b.w + 2 + 2 * grow, b.h + 2 + 2 * grow);
    }
    var relations = [];
    function label(ctx, text, x, y, P) {
      relations.push(text);
      ctx.font = "600 11px system-ui, sans-serif";
      var w = ctx.measureText(text).width + 8;
      x = Math.max(LEFT, Math.min(x - w / 2, LEFT + geo.W - w));
      ctx.fillStyle = P.labelBg; ctx.fillRect(x, y - 8, w, 16);
      ctx.strokeStyle = P.rel; ctx.lineWidth = 1; ctx.strokeRect(x, y - 8, w, 16);
      ctx.fillStyle = P.rel; ctx.fillText(text, x + 4, y);
    }
    function arrow(ctx, x0, y0, x1, y1, P) {
      var lift = Math.min(60, 14 + Math.abs(x1 - x0) / 4), mx = (x0 + x1) / 2, my = Math.min(y0, y1) - lift;
      ctx.strokeStyle = P.rel; ctx.lineWidth = 2;
      ctx.beginPath(); ctx.moveTo(x0, y0); ctx.quadraticCurveTo(mx, my, x1, y1); ctx.stroke();
      var ang = Math.atan2(y1 - my, x1 - mx);
      ctx.fillStyle = P.rel; ctx.beginPath(); ctx.moveTo(x1, y1);
      ctx.lineTo(x1 - 9 * Math.cos(ang - 0.4), y1 - 9 * Math.sin(ang - 0.4));
      ctx.lineTo(x1 - 9 * Math.cos(ang + 0.4), y1 - 9 * Math.sin(ang + 0.4)); ctx.fill();
      return { x: mx, y: (Math.min(y0, y1) + my) / 2 };
    }
    function drawSelection(ctx, X, top, bh, P) {
      var L = sel.ops, kind = sel.kind;
      ctx.strokeStyle = P.sel; ctx.lineWidth = 2.5;
      for (var j = 0; j < L.length; j++) { box(ctx, L[j], X, top, bh, 2); }
      if (L.length === 0) { return; }
      var b0 = rect(L[0], X, top, bh), b1 = L.length > 1 ? rect(L[1], X, top, bh) : null, at;
      if (kind === "lost-update" && b1) {
        at = arrow(ctx, b0.cx, b0.y - 3, b1.cx, b1.y - 3, P);
        label(ctx, "op " + id[L[0]] + "'s write was overwritten by op " + id[L[1]] + ", which read the same state", at.x, top - 9, P);
        if (L.length >= 4) {
          ctx.setLineDash([4, 3]);
          for (j = 2; j < 4; j++) {
            var rb = rect(L[j], X, top, bh), wb = rect(L[j - 2], X, top, bh);
            ctx.beginPath(); ctx.moveTo(rb.x + rb.w, rb.y + rb.h / 2); ctx.lineTo(wb.x, wb.y + wb.h / 2); ctx.stroke();
          }
          ctx.setLineDash([]);
        }
      } else if (kind === "stale-read" && b1) {
        var xr = X(end(L[0]));
        ctx.strokeStyle = P.rel; ctx.lineWidth = 2; ctx.setLineDash([5, 4]);
        ctx.beginPath(); ctx.moveTo(xr, top); ctx.lineTo(xr, top + nl * laneH); ctx.stroke(); ctx.setLineDash([]);
        label(ctx, "newer write op " + id[L[0]] + " completed here", xr, top - 9, P);
        at = arrow(ctx, xr, b0.y + b0.h / 2, b1.x, b1.y - 2, P);
        label(ctx, "op " + id[L[1]] + " read an older value: stale", b1.cx, top - 27, P);
      } else if (kind === "counter-bounds") {
        label(ctx, "final read op " + id[L[0]] + (L.length > 1 ? "; " + (L.length - 1) + " lost writes outlined" : ""), b0.cx, top - 9, P);
      } else if (kind === "not-linearizable") {
        ctx.strokeStyle = P.bad; ctx.lineWidth = 3; box(ctx, L[0], X, top, bh, 4);
        label(ctx, sel.witness ? "op " + id[L[0]] + " cannot be placed" : "ops of key " + D.keys[D.key[L[0]]], b0.cx, top - 9, P);
      } else if (b1) {
        at = arrow(ctx, b0.cx, b0.y - 3, b1.cx, b1.y - 3, P);
        label(ctx, kind + ": op " + id[L[0]] + " → op " + id[L[1]], at.x, top - 9, P);
      }
    }

    // ---- overview: the whole run, the quiet wait squeezed ----
    var oseg = null;
    function omap(w) {
      var gapOK = D.quiet >= 0 && D.quiet - D.workEnd > 0.2 * D.end;
      if (!gapOK) { return { t2x: function (t) { return t / (D.end || 1) * w; }, x2t: function (x) { return x / w * D.end; }, gap: null }; }
      var p1 = 0.8 * w, p2 = 0.86 * w, e = D.end;
      return {
        gap: [p1, p2],
        t2x: function (t) {
          if (t <= D.workEnd) { return t / D.workEnd * p1; }
          if (t <= D.quiet) { return p1 + (t - D.workEnd) / (D.quiet - D.workEnd) * (p2 - p1); }
          return p2 + (t - D.quiet) / Math.max(e - D.quiet, 1) * (w - p2);
        },
        x2t: function (x) {
          if (x <= p1) { return x / p1 * D.workEnd; }
          if (x <= p2) { return D.workEnd + (x - p1) / (p2 - p1) * (D.quiet - D.workEnd); }
          return D.quiet + (x - p2) / (w - p2) * (e - D.quiet);
        }
      };
    }
    function drawOverview(P) {
      var m = size(ov, 46), ctx = m.ctx, w = m.w - LEFT - RIGHT, h = 34;
      oseg = omap(w);
      ctx.fillStyle = P.bg; ctx.fillRect(0, 0, m.w, m.h);
      ctx.fillStyle = P.lane; ctx.fillRect(LEFT, 2, w, h);
      ctx.font = "600 11px system-ui, sans-serif"; ctx.fillStyle = P.text; ctx.textBaseline = "middle";
      ctx.fillText("whole run", 4, 2 + h / 2);
      for (var j = 0; j < D.anns.length; j++) {
        var an = D.anns[j], x0 = oseg.t2x(an.start), x1 = Math.max(oseg.t2x(an.end), x0 + 1.5);
        ctx.fillStyle = an.kind === "fault" ? P.fault : an.kind === "quiescent" ? P.quiet : P.note;
        ctx.fillRect(LEFT + x0, 2, x1 - x0, h);
      }
      var cols = new Float32Array(Math.ceil(w) + 1), mx = 0, i;
      for (i = 0; i < n; i++) { var cx = Math.min(cols.length - 1, Math.max(0, Math.floor(oseg.t2x(call[i])))); cols[cx]++; }
      for (i = 0; i < cols.length; i++) { mx = Math.max(mx, cols[i]); }
      ctx.fillStyle = P.dense;
      for (i = 0; i < cols.length; i++) {
        if (cols[i] > 0) { var bh = Math.max(1, (h - 4) * Math.sqrt(cols[i] / mx)); ctx.fillRect(LEFT + i, 2 + h - bh, 1, bh); }
      }
      ctx.fillStyle = P.bad;
      for (i = 0; i < n; i++) { if (bad[i]) { ctx.fillRect(LEFT + oseg.t2x(call[i]) - 0.5, 2, 1.5, 5); } }
      if (oseg.gap) {
        ctx.fillStyle = P.quiet; ctx.fillRect(LEFT + oseg.gap[0], 2, oseg.gap[1] - oseg.gap[0], h);
        ctx.fillStyle = P.dim; ctx.font = "10px system-ui, sans-serif"; ctx.textAlign = "center";
        ctx.fillText("quiet " + fmtDur((D.quiet - D.workEnd) * U), LEFT + (oseg.gap[0] + oseg.gap[1]) / 2, 2 + h / 2, oseg.gap[1] - oseg.gap[0] + 30);
        ctx.textAlign = "left";
      }
      var b0 = LEFT + oseg.t2x(Math.max(0, view.a)), b1 = LEFT + oseg.t2x(Math.min(D.end, view.b));
      ctx.strokeStyle = P.sel; ctx.lineWidth = 2; ctx.strokeRect(b0, 1, Math.max(3, b1 - b0), h + 2);
      ctx.fillStyle = P.dim; ctx.font = "10px system-ui, sans-serif";
      ctx.fillText("0", LEFT, h + 9); ctx.textAlign = "right"; ctx.fillText(fmtDur(D.end * U), LEFT + w, h + 9); ctx.textAlign = "left";
    }

    // ---- latency over the same window ----
    function drawLatency(P) {
      if (!lat) { return; }
      var m = size(lat, 200), ctx = m.ctx, W = m.w - LEFT - RIGHT, top = 8, h = 170, mx = 1, i;
      var lo = 0, hi = n;
      while (lo < hi) { var mid = (lo + hi) >> 1; if (call[mid] < view.a) { lo = mid + 1; } else { hi = mid; } }
      var first = lo;
      for (i = first; i < n && call[i] <= view.b; i++) { if (dur[i] >= 0) { mx = Math.max(mx, dur[i]); } }
      ctx.fillStyle = P.bg; ctx.fillRect(0, 0, m.w, m.h);
      ctx.strokeStyle = P.grid; ctx.fillStyle = P.dim; ctx.font = "10px system-ui, sans-serif"; ctx.textBaseline = "middle"; ctx.textAlign = "right";
      for (var g = 0; g <= 4; g++) {
        var gy = top + h * (1 - g / 4);
        ctx.beginPath(); ctx.moveTo(LEFT, gy); ctx.lineTo(LEFT + W, gy); ctx.stroke();
        ctx.fillText(fmtDur(mx * U * g / 4), LEFT - 6, gy);
      }
      ctx.textAlign = "left";
      ctx.fillText("latency (" + D.clock + ")", 4, top + h + 14);
      var sx = W / (view.b - view.a);
      for (i = first; i < n && call[i] <= view.b; i++) {
        if (dur[i] < 0) { continue; }
        var x = LEFT + (call[i] - view.a) * sx, y = top + h * (1 - dur[i] / mx);
        ctx.fillStyle = P.f[Math.min(D.code[i] >> 2, 7)];
        ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
        if (bad[i]) { ctx.strokeStyle = P.bad; ctx.lineWidth = 1.5; ctx.strokeRect(x - 3, y - 3, 6, 6); }
      }
    }

    // ---- interaction ----
    function timeAt(clientX) {
      var r = cv.getBoundingClientRect();
      return view.a + (clientX - r.left - LEFT) / geo.sx;
    }
    function opAt(ev) {
      var r = cv.getBoundingClientRect(), x = ev.clientX - r.left, y = ev.clientY - r.top;
      var l = Math.floor((y - geo.top) / laneH);
      if (l < 0 || l >= nl || x < LEFT) { return -1; }
      var t = view.a + (x - LEFT) / geo.sx, slack = 3 / geo.sx, ops = laneOps[l], best = -1;
      for (var q = firstIn(ops, t - slack, laneMax[l]); q < ops.length && call[ops[q]] <= t + slack; q++) {
        var i = ops[q];
        if (end(i) >= t - slack) { best = i; }
      }
      return best;
    }
    var drag = null;
    cv.addEventListener("wheel", function (e) {
      e.preventDefault();
      zoom(e.deltaY > 0 ? 1.25 : 0.8, timeAt(e.clientX));
    }, { passive: false });
    cv.addEventListener("mousedown", function (e) { drag = { x: e.clientX, a: view.a, b: view.b, moved: false }; });
    window.addEventListener("mouseup", function (e) {
      if (drag && !drag.moved && e.target === cv) {
        var i = opAt(e);
        if (i >= 0) { selectOps([i], "op", describe(i)); }
      }
      drag = null;
    });
    window.addEventListener("mousemove", function (e) {
      if (drag) {
        var dx = e.clientX - drag.x;
        if (Math.abs(dx) > 3) { drag.moved = true; }
        if (drag.moved) { var dt = dx / geo.sx; setView(drag.a - dt, drag.b - dt); }
        return;
      }
      if (e.target !== cv) { return; }
      var i = opAt(e), r = cv.getBoundingClientRect();
      var text = i >= 0 ? describe(i) : "";
      if (i < 0) {
        var x = e.clientX - r.left;
        for (var j = 0; j < bandHits.length; j++) { if (x >= bandHits[j].x0 && x <= bandHits[j].x1) { text = bandHits[j].text; } }
      }
      if (i !== hover) { hover = i; draw(); }
      if (text) {
        tip.textContent = text; tip.hidden = false;
        tip.style.left = Math.min(e.clientX - r.left + 12, r.width - 320) + "px";
        tip.style.top = (e.clientY - r.top + 14) + "px";
      } else { tip.hidden = true; }
    });
    cv.addEventListener("mouseleave", function () { tip.hidden = true; if (hover >= 0) { hover = -1; draw(); } });
    cv.addEventListener("keydown", function (e) {
      var k = e.key, done = true;
      if (k === "+" || k === "=") { zoom(0.8); } else if (k === "-" || k === "_") { zoom(1.25); }
      else if (k === "ArrowLeft") { pan(-0.2); } else if (k === "ArrowRight") { pan(0.2); }
      else if (k === "0" || k === "Home") { named("work"); } else if (k === "End") { named("final"); }
      else if (k === "Escape") { clear(); } else { done = false; }
      if (done) { e.preventDefault(); }
    });
    var odrag = null;
    function otime(e) { var r = ov.getBoundingClientRect(); return oseg.x2t(Math.max(0, e.clientX - r.left - LEFT)); }
    ov.addEventListener("mousedown", function (e) { odrag = { x: e.clientX, t: otime(e) }; e.preventDefault(); });
    window.addEventListener("mouseup", function (e) {
      if (!odrag) { return; }
      var t = otime(e);
      if (Math.abs(e.clientX - odrag.x) < 4) { var w = view.b - view.a; setView(t - w / 2, t + w / 2); }
      else { setView(Math.min(t, odrag.t), Math.max(t, odrag.t)); }
      odrag = null;
    });
    var buttons = document.querySelectorAll("#timeline button");
    for (var bi2 = 0; bi2 < buttons.length; bi2++) {
      buttons[bi2].addEventListener("click", function (e) {
        var b = e.currentTarget;
        if (b.getAttribute("data-view")) { named(b.getAttribute("data-view")); }
        else if (b.getAttribute("data-zoom")) { zoom(b.getAttribute("data-zoom") === "in" ? 0.8 : 1.25); }
        else if (b.getAttribute("data-pan")) { pan(0.2 * +b.getAttribute("data-pan")); }
      });
    }
    window.addEventListener("resize", draw);
    if (dark && dark.addEventListener) { dark.addEventListener("change", draw); }

    function clear() {
      sel = null; caption.textContent = ""; caption.hidden = true;
      for (var i = 0; i < findings.length; i++) { findings[i].classList.remove("selected"); findings[i].setAttribute("aria-pressed", "false"); }
      draw();
    }
    function selectOps(list, kind, text, witness) {
      sel = { ops: list, kind: kind, witness: witness };
      caption.textContent = text + " (Esc clears)"; caption.hidden = false;
      var a = Infinity, b = -Infinity;
      for (var j = 0; j < list.length; j++) { a = Math.min(a, call[list[j]]); b = Math.max(b, end(list[j])); }
      var w = view.b - view.a;
      if (a < view.a || b > view.b || (b - a) < w / 50) {
        var pad = Math.max((b - a) * 0.3, minSpan * 20, (b - a) < w / 50 ? (b - a) * 4 : 0);
        setView(a - pad, b + pad);
      } else { draw(); }
    }
    var api = {
      select: function (li) {
        var ids = (li.getAttribute("data-ops") || "").split(" "), list = [];
        for (var j = 0; j < ids.length; j++) { var i = byID.get(+ids[j]); if (ids[j] !== "" && i !== undefined) { list.push(i); } }
        if (li.getAttribute("data-kind") === "not-linearizable") { // every op of the key, the witness first
          var key = li.getAttribute("data-key"), ki = D.keys.indexOf(key);
          for (i = 0; i < n && ki >= 0 && list.length < 5000; i++) { if (D.key[i] === ki && i !== list[0]) { list.push(i); } }
        }
        var copy = li.cloneNode(true), drop = copy.querySelectorAll("a.opref, span.note");
        for (j = 0; j < drop.length; j++) { drop[j].remove(); }
        selectOps(list, li.getAttribute("data-kind"), copy.textContent.replace(/\s+/g, " ").trim(), li.hasAttribute("data-witness"));
        document.getElementById("timeline").scrollIntoView({ block: "nearest" });
        cv.focus({ preventScroll: true });
      },
      hoverID: function (opID) { var i = byID.get(opID); hover = i === undefined ? -1 : i; draw(); }
    };
    document.getElementById("tl-status").hidden = true;
    named("work");
    return api;
  }
})();
