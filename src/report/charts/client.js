/*
 * lagsim chart helpers, shared word for word by the PNG renderer (Node, node-canvas)
 * and the HTML report (inlined into the page), so a PNG and its interactive twin
 * draw the same thing. Chart configs are plain JSON; functions cannot travel in JSON,
 * so configs name them as "$fn:<name>" strings and hydrate() swaps the real ones in.
 * The plugin draws what Chart.js has no built-in for: confidence bands, error bars,
 * point captions, value labels on bars, vertical marks for writes and shaded incidents.
 * Plain ES2017, no dependencies: it must run unchanged in a browser.
 */
(function (root, factory) {
  if (typeof module === 'object' && module.exports) module.exports = factory();
  else root.lagsim = factory();
})(typeof self !== 'undefined' ? self : this, function () {
  'use strict';

  var FONT = "'Noto Sans CJK KR', 'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', 'Noto Sans', 'DejaVu Sans', sans-serif";

  /** 3 significant-ish decimals: 66.67, 12.3, 400. */
  function fmt(v) {
    var a = Math.abs(v);
    return String(Number(v.toFixed(a >= 100 ? 0 : a >= 10 ? 1 : 2)));
  }

  function alpha(color, a) {
    var m = /^#([0-9a-f]{6})$/i.exec(color || '');
    if (!m) return color;
    var n = parseInt(m[1], 16);
    return 'rgba(' + (n >> 16) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }

  function opts(chart) {
    return (chart.options.plugins && chart.options.plugins.lagsim) || {};
  }

  var fns = {
    /** Percent ticks on a 0–100 axis padded beyond both ends: no "−5%" or "105%". */
    pctTick: function (v) { return v < 0 || v > 100 ? '' : fmt(v) + '%'; },
    /** Ticks of a panel with another one right of it: the last is left blank so the two never touch. */
    innerTick: function (v, i, ticks) { return i === ticks.length - 1 ? '' : fmt(v); },
    tooltipLabel: function (ctx) {
      var ds = ctx.dataset;
      var o = opts(ctx.chart).tooltip || {};
      var i = ctx.dataIndex;
      if (ds.lagsimMarks) return ds.lagsimMarks.captions[i] || (o.markName || '') + ' t=' + fmt(ctx.parsed.x) + 's';
      var ci = '';
      var e = ds.lagsimErrors && ds.lagsimErrors[i];
      var band = ds.lagsimBand && ds.lagsimBand.lo[i] !== null && ds.lagsimBand.lo[i] !== undefined ? ds.lagsimBand : null;
      var value = o.mode === 'x' ? ctx.parsed.x : ctx.parsed.y;
      if (o.mode === 'xy') {
        var ex = e && e.xLo !== undefined ? ' ±' + fmt((e.xHi - e.xLo) / 2) : '';
        var ey = e && e.yLo !== undefined ? ' ±' + fmt((e.yHi - e.yLo) / 2) : '';
        var named = ds.lagsimLabels && ds.lagsimLabels[i];
        var cap = !ds.lagsimTitles && named && ds.label.indexOf(named) !== 0 ? ' (' + named + ')' : '';
        return ds.label + cap + ': ' + o.xName + ' ' + fmt(ctx.parsed.x) + (o.xUnit || '') + ex +
          ', ' + o.yName + ' ' + fmt(ctx.parsed.y) + (o.yUnit || '') + ey;
      }
      if (e) ci = ' ±' + fmt(o.mode === 'x' ? (e.xHi - e.xLo) / 2 : (e.yHi - e.yLo) / 2);
      else if (band) ci = ' (95% CI ' + fmt(band.lo[i]) + '–' + fmt(band.hi[i]) + ')';
      var unit = o.mode === 'x' ? o.xUnit || '' : ds.yAxisID === 'y2' ? o.y2Unit || '' : ds.yAxisID === 'y3' ? o.y3Unit || '' : o.yUnit || '';
      return ds.label + ': ' + fmt(value) + unit + ci;
    },
    /** Series drawn only as a guide (the frontier through the points) stay out of tooltips. */
    tooltipFilter: function (item) { return !item.dataset.lagsimNoTooltip; },
    tooltipTitle: function (items) {
      if (!items.length) return '';
      var it = items[0];
      var o = opts(it.chart).tooltip || {};
      if (it.dataset.lagsimTitles) return it.dataset.lagsimTitles[it.dataIndex] || '';
      if (o.mode === 'xy' || o.mode === 'x') return it.label || '';
      return (o.xName ? o.xName + ' ' : '') + fmt(it.parsed.x) + (o.xUnit || '');
    },
  };

  /** Replaces every "$fn:name" string in a config with the function of that name. */
  function hydrate(node) {
    if (typeof node === 'string' && node.indexOf('$fn:') === 0) {
      var f = fns[node.slice(4)];
      if (!f) throw new Error('lagsim: unknown chart function ' + node);
      return f;
    }
    if (Array.isArray(node)) return node.map(hydrate);
    if (node && typeof node === 'object') {
      var out = {};
      Object.keys(node).forEach(function (k) {
        // Data arrays are large and hold no functions; copying them would waste time.
        out[k] = k === 'data' && Array.isArray(node[k]) ? node[k] : hydrate(node[k]);
      });
      return out;
    }
    return node;
  }

  function setup(Chart, fontSize) {
    var d = Chart.defaults;
    d.font.family = FONT;
    d.font.size = fontSize;
    d.color = '#222';
    d.borderColor = '#ccc';
    d.plugins.title.font = { size: Math.round(fontSize * 1.4), weight: 'bold' };
    d.plugins.title.color = '#111';
    d.plugins.subtitle.font = { size: Math.round(fontSize * 0.95) };
    d.plugins.subtitle.color = '#555';
    d.plugins.legend.labels.usePointStyle = true;
    d.plugins.legend.labels.boxHeight = Math.round(fontSize * 0.7);
    d.plugins.tooltip.callbacks.label = fns.tooltipLabel;
    d.plugins.tooltip.callbacks.title = fns.tooltipTitle;
    d.plugins.tooltip.filter = fns.tooltipFilter;
    d.animation = false;
  }

  function visible(chart, cb) {
    chart.data.datasets.forEach(function (ds, i) {
      if (chart.isDatasetVisible(i)) cb(ds, chart.getDatasetMeta(i), i);
    });
  }

  function drawBands(chart) {
    var ctx = chart.ctx;
    visible(chart, function (ds, meta) {
      var b = ds.lagsimBand;
      if (!b) return;
      var xs = chart.scales[meta.xAxisID];
      var ys = chart.scales[meta.yAxisID];
      var run = [];
      var flush = function () {
        if (run.length > 0) {
          ctx.beginPath();
          run.forEach(function (p, j) { ctx[j === 0 ? 'moveTo' : 'lineTo'](p[0], p[1]); });
          for (var j = run.length - 1; j >= 0; j--) ctx.lineTo(run[j][0], run[j][2]);
          ctx.closePath();
          ctx.fill();
        }
        run = [];
      };
      ctx.save();
      // Faint: several strategies' bands overlap, and the lines must stay readable through them.
      ctx.fillStyle = alpha(ds.borderColor, 0.12);
      ds.data.forEach(function (p, i) {
        if (b.lo[i] === null || b.lo[i] === undefined) return flush();
        var x = xs.getPixelForValue(p.x);
        run.push([x, ys.getPixelForValue(b.hi[i]), ys.getPixelForValue(b.lo[i])]);
      });
      flush();
      ctx.restore();
    });
  }

  function drawErrorBars(chart) {
    var ctx = chart.ctx;
    visible(chart, function (ds, meta) {
      if (!ds.lagsimErrors) return;
      var xs = chart.scales[meta.xAxisID];
      var ys = chart.scales[meta.yAxisID];
      ctx.save();
      // On bars the series colour would vanish into the bar; elsewhere it ties the whisker to its point.
      ctx.strokeStyle = meta.type === 'bar' ? '#222' : ds.borderColor || '#222';
      ctx.lineWidth = 1.5;
      meta.data.forEach(function (el, i) {
        var e = ds.lagsimErrors[i];
        if (!e) return;
        var cap = 5;
        ctx.beginPath();
        if (e.xLo !== undefined) {
          var x0 = xs.getPixelForValue(e.xLo), x1 = xs.getPixelForValue(e.xHi);
          ctx.moveTo(x0, el.y); ctx.lineTo(x1, el.y);
          ctx.moveTo(x0, el.y - cap); ctx.lineTo(x0, el.y + cap);
          ctx.moveTo(x1, el.y - cap); ctx.lineTo(x1, el.y + cap);
        }
        if (e.yLo !== undefined) {
          var y0 = ys.getPixelForValue(e.yLo), y1 = ys.getPixelForValue(e.yHi);
          ctx.moveTo(el.x, y0); ctx.lineTo(el.x, y1);
          ctx.moveTo(el.x - cap, y0); ctx.lineTo(el.x + cap, y0);
          ctx.moveTo(el.x - cap, y1); ctx.lineTo(el.x + cap, y1);
        }
        ctx.stroke();
      });
      ctx.restore();
    });
  }

  function overlaps(a, boxes) {
    return boxes.some(function (b) { return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h; });
  }

  /** Directions tried around a point, right first, then left, above, below and the diagonals. */
  var ANGLES = [0, 180, 270, 90, 315, 45, 225, 135, 340, 20, 200, 160, 295, 245, 65, 115];
  /** Distances (px, beyond the marker) tried for each direction: the nearest free place wins. */
  var RINGS = [4, 18, 36, 60, 90, 130, 180, 240, 320];

  /** Air (px) kept around a caption: its white background reaches 2 px past the text sideways, and two backgrounds must not touch. */
  var GAP = 3;

  function widened(b) {
    return { x: b.x - GAP, y: b.y - 1, w: b.w + 2 * GAP, h: b.h + 2 };
  }

  function boxAt(anchor, angle, dist, w, h) {
    var rad = angle * Math.PI / 180;
    var c = Math.cos(rad), s = Math.sin(rad);
    var px = anchor.x + (anchor.r + dist) * c, py = anchor.y + (anchor.r + dist) * s;
    var x = Math.abs(c) < 0.3 ? px - w / 2 : c > 0 ? px : px - w;
    var y = Math.abs(s) < 0.3 ? py - h / 2 : s > 0 ? py : py - h;
    return { x: x, y: y, w: w, h: h };
  }

  /** The point of box b nearest to (x, y): where a leader line from (x, y) ends. */
  function nearestPoint(b, x, y) {
    return { x: Math.max(b.x, Math.min(x, b.x + b.w)), y: Math.max(b.y, Math.min(y, b.y + b.h)) };
  }

  /** How far a caption box is from an anchor's marker. */
  function gapTo(b, a) {
    var p = nearestPoint(b, a.x, a.y);
    return Math.hypot(p.x - a.x, p.y - a.y) - a.r;
  }

  /** True when the segment from (x1, y1) to (x2, y2) runs through the inside of box b (Liang–Barsky clipping). */
  function crosses(x1, y1, x2, y2, b) {
    var dx = x2 - x1, dy = y2 - y1, t0 = 0, t1 = 1;
    var ps = [-dx, dx, -dy, dy], qs = [x1 - b.x, b.x + b.w - x1, y1 - b.y, b.y + b.h - y1];
    for (var i = 0; i < 4; i++) {
      if (ps[i] === 0) {
        if (qs[i] <= 0) return false;
        continue;
      }
      var t = qs[i] / ps[i];
      if (ps[i] < 0) t0 = Math.max(t0, t);
      else t1 = Math.min(t1, t);
    }
    return t0 < t1;
  }

  /** Which side of the line through a and b the point c lies on: −1, 0 or 1. */
  function side(ax, ay, bx, by, cx, cy) {
    return Math.sign((bx - ax) * (cy - ay) - (by - ay) * (cx - ax));
  }

  /** True when two leader lines cross (not merely touch). */
  function linesCross(l, m) {
    return side(l.x1, l.y1, l.x2, l.y2, m.x1, m.y1) * side(l.x1, l.y1, l.x2, l.y2, m.x2, m.y2) < 0
      && side(m.x1, m.y1, m.x2, m.y2, l.x1, l.y1) * side(m.x1, m.y1, m.x2, m.y2, l.x2, l.y2) < 0;
  }

  /**
   * A caption `box` for anchor `a`, judged against what is placed: null when it comes within
   * GAP of another caption or a marker; else whether it needs a leader of its own — when it is
   * not right beside its point (ring > 0) or another point is nearer to it than its own.
   * `strict` also refuses a box a leader crosses, and a box whose straight way to its point
   * (leader or not) crosses a caption, another leader or another point's marker.
   */
  function judge(box, a, ring, placed, strict) {
    var wide = widened(box);
    if (overlaps(wide, placed.markers) || overlaps(wide, placed.boxes)) return null;
    var own = gapTo(box, a);
    var leader = ring > 0 || placed.anchors.some(function (o) { return o !== a && gapTo(box, o) < own; });
    var end = nearestPoint(box, a.x, a.y);
    var line = { x1: a.x, y1: a.y, x2: end.x, y2: end.y };
    if (strict && !clear(box, line, a, placed)) return null;
    return { leader: leader ? line : null };
  }

  /**
   * True when no leader crosses `box` and `line` (from a's centre to box) crosses no caption,
   * leader or other marker — but one a's centre lies under, which no line from it can avoid.
   */
  function clear(box, line, a, placed) {
    var through = function (b) { return crosses(line.x1, line.y1, line.x2, line.y2, b); };
    var under = function (m) { return a.x > m.x && a.x < m.x + m.w && a.y > m.y && a.y < m.y + m.h; };
    return !placed.leaders.some(function (l) { return crosses(l.x1, l.y1, l.x2, l.y2, box) || linesCross(l, line); })
      && !placed.boxes.some(through)
      && !placed.markers.some(function (m, i) { return placed.anchors[i] !== a && !under(m) && through(m); });
  }

  /**
   * Places one caption per anchor ({x, y, r, w, h, shortW, optional}) inside `area`: no caption
   * within GAP px of another caption or of a marker, and a leader line from any caption that
   * is not right beside its point or is nearer another point. Each takes the nearest place
   * around its point where its way to the point crosses no caption, leader or other point,
   * then (when the full caption fits nowhere) its short form; failing both, the nearest place where leaders
   * may cross (they are drawn beneath the captions). An optional caption is placed only beside
   * its point, without a leader, or not at all; the others are placed first. The result is
   * deterministic. Each placement: {box, short, leader} — leader true when a line must join
   * caption and point; null when nothing fits.
   */
  function placeLabels(anchors, area) {
    var placed = {
      anchors: anchors,
      markers: anchors.map(function (a) { return { x: a.x - a.r, y: a.y - a.r, w: 2 * a.r, h: 2 * a.r }; }),
      boxes: [],
      leaders: [],
    };
    var out = anchors.map(function () { return null; });
    var order = anchors.map(function (_, i) { return i; });
    order.sort(function (i, j) { return (anchors[i].optional ? 1 : 0) - (anchors[j].optional ? 1 : 0) || i - j; });
    order.forEach(function (i) {
      var a = anchors[i];
      var p = placeOne(a, area, placed, true) || (a.optional ? null : placeOne(a, area, placed, false));
      if (p === null) return;
      placed.boxes.push(widened(p.box));
      if (p.line !== null) placed.leaders.push(p.line);
      out[i] = { box: p.box, short: p.short, leader: p.line !== null };
    });
    return out;
  }

  /** The nearest place for anchor a's caption, full form first (see placeLabels); null when none. */
  function placeOne(a, area, placed, strict) {
    var forms = [[a.w, false], [a.shortW, true]];
    for (var f = 0; f < forms.length; f++) {
      if (forms[f][0] === undefined) continue;
      for (var d = 0; d < RINGS.length; d++) {
        for (var k = 0; k < ANGLES.length; k++) {
          var box = boxAt(a, ANGLES[k], RINGS[d], forms[f][0], a.h);
          var inside = box.x >= area.left && box.x + box.w <= area.right && box.y >= area.top && box.y + box.h <= area.bottom;
          var fit = inside ? judge(box, a, d, placed, strict) : null;
          if (fit !== null && !(a.optional && fit.leader !== null)) return { box: box, short: forms[f][1], line: fit.leader };
        }
      }
    }
    return null;
  }

  /** Captions beside points (strategy names, swept values), placed by placeLabels; a caption away from its point gets a leader line. */
  function drawPointLabels(chart) {
    var ctx = chart.ctx;
    var size = Math.round(chart.options.font && chart.options.font.size ? chart.options.font.size : 13);
    var font = (Math.max(11, Math.round(size * 0.85))) + 'px ' + FONT;
    var h = Math.round(size * 1.05);
    var anchors = [];
    var texts = [];
    ctx.save();
    ctx.font = font;
    visible(chart, function (ds, meta) {
      meta.data.forEach(function (el, i) {
        var r = (el.options && el.options.radius) || 0;
        if (!isFinite(el.x) || !isFinite(el.y)) return;
        var text = ds.lagsimLabels && ds.lagsimLabels[i];
        var short = ds.lagsimShortLabels && ds.lagsimShortLabels[i];
        // Markers without captions still count as taken space.
        if (!text && r <= 0) return;
        anchors.push({ x: el.x, y: el.y, r: r, h: h, w: text ? ctx.measureText(text).width : undefined, shortW: short ? ctx.measureText(short).width : undefined,
          optional: !!(ds.lagsimOptionalLabels && ds.lagsimOptionalLabels[i]) });
        texts.push(text ? { text: text, short: short, color: ds.borderColor || '#222' } : null);
      });
    });
    // Markers only: give them no caption to place.
    var placed = placeLabels(anchors.map(function (a, i) { return texts[i] ? a : { x: a.x, y: a.y, r: a.r, h: a.h }; }), chart.chartArea);
    // Leaders first, so that one passing beneath a caption (placeLabels allows that only where nothing else fits) hides behind it.
    placed.forEach(function (p, i) {
      if (!p || !p.leader) return;
      var a = anchors[i], end = nearestPoint(p.box, a.x, a.y);
      ctx.strokeStyle = texts[i].color;
      ctx.lineWidth = 1;
      ctx.beginPath();
      ctx.moveTo(a.x, a.y);
      ctx.lineTo(end.x, end.y);
      ctx.stroke();
    });
    ctx.textBaseline = 'middle';
    placed.forEach(function (p, i) {
      if (!p) return;
      var b = p.box, text = p.short ? texts[i].short : texts[i].text;
      ctx.fillStyle = 'rgba(255,255,255,0.85)';
      ctx.fillRect(b.x - 2, b.y, b.w + 4, b.h);
      ctx.fillStyle = texts[i].color;
      ctx.fillText(text, b.x, b.y + b.h / 2);
    });
    chart.$lagsimPlaced = placed;
    ctx.restore();
  }

  /** Values printed at the end of horizontal bars ("66.7%"). */
  function drawValueLabels(chart) {
    var ctx = chart.ctx;
    var o = opts(chart);
    ctx.save();
    ctx.font = Math.round(chart.options.font.size * 0.85) + 'px ' + FONT;
    ctx.fillStyle = '#222';
    ctx.textBaseline = 'middle';
    visible(chart, function (ds, meta) {
      if (!ds.lagsimValueLabels) return;
      meta.data.forEach(function (el, i) {
        var v = ds.data[i];
        var e = ds.lagsimErrors && ds.lagsimErrors[i];
        var end = e && e.xHi !== undefined ? Math.max(el.x, chart.scales[meta.xAxisID].getPixelForValue(e.xHi)) : el.x;
        ctx.fillText(fmt(v) + (o.valueUnit || ''), end + 6, el.y);
      });
    });
    ctx.restore();
  }

  /** Captions along the top of the plot (incidents, writes), stacked downwards so none overlaps another. */
  function topCaption(chart, text, px, color, placed) {
    var ctx = chart.ctx;
    var area = chart.chartArea;
    var size = Math.max(11, Math.round(chart.options.font.size * 0.8));
    ctx.font = size + 'px ' + FONT;
    ctx.textBaseline = 'top';
    var w = ctx.measureText(text).width;
    var left = px + w + 4 > area.right ? Math.max(area.left, px - w - 4) : px + 4;
    var box = { x: left, y: area.top + 2, w: w, h: size + 2 };
    while (overlaps(box, placed)) box.y += size + 3;
    placed.push(box);
    ctx.fillStyle = 'rgba(255,255,255,0.85)';
    ctx.fillRect(box.x - 2, box.y, w + 4, box.h);
    ctx.fillStyle = color;
    ctx.fillText(text, box.x, box.y + 1);
  }

  /** Shaded spans of the x axis (follower incidents), behind the data. */
  function drawRegions(chart) {
    var regions = opts(chart).regions;
    if (!regions || !regions.length) return;
    var ctx = chart.ctx;
    var area = chart.chartArea;
    var xs = chart.scales.x;
    ctx.save();
    regions.forEach(function (r) {
      var x0 = Math.max(area.left, xs.getPixelForValue(r.x0)), x1 = Math.min(area.right, xs.getPixelForValue(r.x1));
      if (x1 <= x0) return;
      ctx.fillStyle = r.color;
      ctx.fillRect(x0, area.top, x1 - x0, area.bottom - area.top);
    });
    ctx.restore();
  }

  /** Incident captions, then write marks: generated writes only while few, scripted ones always with their captions. */
  function drawCaptions(chart) {
    var ctx = chart.ctx;
    var area = chart.chartArea;
    var placed = [];
    ctx.save();
    (opts(chart).regions || []).forEach(function (r) {
      var px = Math.max(area.left, chart.scales.x.getPixelForValue(r.x0));
      if (px < area.right) topCaption(chart, r.caption, px, '#6b3000', placed);
    });
    visible(chart, function (ds, meta) {
      var m = ds.lagsimMarks;
      if (!m) return;
      var xs = chart.scales[meta.xAxisID];
      ctx.strokeStyle = alpha(ds.borderColor, 0.7);
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.5;
      m.xs.forEach(function (x, i) {
        var px = xs.getPixelForValue(x);
        if (px < area.left || px > area.right) return;
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
      });
      ctx.setLineDash([]);
      m.xs.forEach(function (x, i) {
        var px = xs.getPixelForValue(x);
        if (m.captions[i] && px >= area.left && px <= area.right) topCaption(chart, m.captions[i], px, ds.borderColor, placed);
      });
    });
    ctx.restore();
  }

  var plugin = {
    id: 'lagsim',
    beforeDatasetsDraw: function (chart) {
      drawRegions(chart);
      drawBands(chart);
    },
    afterDatasetsDraw: function (chart) {
      drawCaptions(chart);
      drawErrorBars(chart);
      drawValueLabels(chart);
      drawPointLabels(chart);
    },
  };

  return { FONT: FONT, setup: setup, hydrate: hydrate, plugin: plugin, fmt: fmt, placeLabels: placeLabels, overlaps: overlaps, crosses: crosses, linesCross: linesCross, GAP: GAP };
});
