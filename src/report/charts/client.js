/*
 * lagsim chart helpers, shared word for word by the PNG renderer (Node, node-canvas)
 * and the HTML report (inlined into the page), so a PNG and its interactive twin
 * draw the same thing. Chart configs are plain JSON; functions cannot travel in JSON,
 * so configs name them as "$fn:<name>" strings and hydrate() swaps the real ones in.
 * The plugin draws what Chart.js has no built-in for: confidence bands, error bars,
 * point captions, value labels on bars, and vertical marks for writes.
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
        var cap = !ds.lagsimTitles && named && named !== ds.label ? ' (' + named + ')' : '';
        return ds.label + cap + ': ' + o.xName + ' ' + fmt(ctx.parsed.x) + (o.xUnit || '') + ex +
          ', ' + o.yName + ' ' + fmt(ctx.parsed.y) + (o.yUnit || '') + ey;
      }
      if (e) ci = ' ±' + fmt(o.mode === 'x' ? (e.xHi - e.xLo) / 2 : (e.yHi - e.yLo) / 2);
      else if (band) ci = ' (95% CI ' + fmt(band.lo[i]) + '–' + fmt(band.hi[i]) + ')';
      var unit = o.mode === 'x' ? o.xUnit || '' : ds.yAxisID === 'y2' ? o.y2Unit || '' : o.yUnit || '';
      return ds.label + ': ' + fmt(value) + unit + ci;
    },
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

  /** Captions beside points (strategy names, swept values), nudged until none overlap. */
  function drawPointLabels(chart) {
    var ctx = chart.ctx;
    var area = chart.chartArea;
    var size = Math.round(chart.options.font && chart.options.font.size ? chart.options.font.size : 13);
    var font = (Math.max(11, Math.round(size * 0.85))) + 'px ' + FONT;
    var h = Math.round(size * 1.05);
    var placed = [];
    // Markers count as taken space, so a caption never hides another strategy's point.
    visible(chart, function (ds, meta) {
      meta.data.forEach(function (el) {
        var r = (el.options && el.options.radius) || 0;
        if (r > 0 && isFinite(el.x) && isFinite(el.y)) placed.push({ x: el.x - r, y: el.y - r, w: 2 * r, h: 2 * r });
      });
    });
    ctx.save();
    ctx.font = font;
    ctx.textBaseline = 'middle';
    visible(chart, function (ds, meta) {
      if (!ds.lagsimLabels) return;
      meta.data.forEach(function (el, i) {
        var text = ds.lagsimLabels[i];
        if (!text) return;
        var w = ctx.measureText(text).width;
        var r = 10;
        var tries = [[r, 0], [-r - w, 0], [-w / 2, -h], [-w / 2, h]];
        // Only places next to the point: a caption drifting further away would name the wrong one.
        for (var k = 1; k <= 2; k++) tries.push([r, k * h], [r, -k * h], [-r - w, k * h], [-r - w, -k * h]);
        for (var t = 0; t < tries.length; t++) {
          var box = { x: el.x + tries[t][0], y: el.y + tries[t][1] - h / 2, w: w, h: h };
          var inside = box.x >= area.left && box.x + w <= area.right && box.y >= area.top && box.y + h <= area.bottom;
          // A caption with no free place is left out: the legend and tooltip still name the point.
          if (inside && !overlaps(box, placed)) {
            placed.push(box);
            ctx.fillStyle = 'rgba(255,255,255,0.8)';
            ctx.fillRect(box.x - 2, box.y, w + 4, h);
            ctx.fillStyle = ds.borderColor || '#222';
            ctx.fillText(text, box.x, box.y + h / 2);
            break;
          }
        }
      });
    });
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

  /** Dashed vertical lines at writes, captioned when the scenario scripts them. */
  function drawMarks(chart) {
    var ctx = chart.ctx;
    var area = chart.chartArea;
    visible(chart, function (ds, meta) {
      var m = ds.lagsimMarks;
      if (!m || m.xs.length > 40) return;
      var xs = chart.scales[meta.xAxisID];
      var size = Math.max(11, Math.round(chart.options.font.size * 0.8));
      var placed = [];
      ctx.save();
      ctx.strokeStyle = alpha(ds.borderColor, 0.7);
      ctx.setLineDash([6, 4]);
      ctx.lineWidth = 1.5;
      ctx.font = size + 'px ' + FONT;
      ctx.textBaseline = 'top';
      m.xs.forEach(function (x, i) {
        var px = xs.getPixelForValue(x);
        if (px < area.left || px > area.right) return;
        ctx.beginPath();
        ctx.moveTo(px, area.top);
        ctx.lineTo(px, area.bottom);
        ctx.stroke();
        var text = m.captions[i];
        if (!text) return;
        var w = ctx.measureText(text).width;
        var left = px + w + 4 > area.right ? px - w - 4 : px + 4;
        var box = { x: left, y: area.top + 2, w: w, h: size + 2 };
        while (overlaps(box, placed)) box.y += size + 3;
        placed.push(box);
        ctx.fillStyle = 'rgba(255,255,255,0.85)';
        ctx.fillRect(box.x - 2, box.y, w + 4, box.h);
        ctx.fillStyle = ds.borderColor;
        ctx.fillText(text, box.x, box.y + 1);
      });
      ctx.restore();
    });
  }

  var plugin = {
    id: 'lagsim',
    beforeDatasetsDraw: drawBands,
    afterDatasetsDraw: function (chart) {
      drawMarks(chart);
      drawErrorBars(chart);
      drawValueLabels(chart);
      drawPointLabels(chart);
    },
  };

  return { FONT: FONT, setup: setup, hydrate: hydrate, plugin: plugin, fmt: fmt };
});
