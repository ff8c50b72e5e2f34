/**
 * The lab's styles: system and CJK fonts only, nothing fetched. Below 900 px the controls
 * stack above the results; every select takes the width of its row, its options short enough
 * to show whole (a chosen option's explanation is a note under it). The story diagram keeps
 * its drawn size (text at 11–13 px; on a phone's screen its narrow rendering, which fits) and
 * the timeline at least 700 px, each scrolling sideways in its own box rather than shrinking.
 * Lines break between words, Korean ones too (keep-all), and split a word only when it cannot
 * fit alone.
 */
export const LAB_CSS = `
[data-lagsim-lab]{font-family:"Noto Sans CJK KR","Noto Sans KR","Apple SD Gothic Neo","Malgun Gothic",system-ui,sans-serif;color:#222;font-size:14px;word-break:keep-all;overflow-wrap:break-word}
[data-lagsim-lab] .lab-head{display:flex;flex-wrap:wrap;gap:4px;justify-content:space-between;align-items:center;border-bottom:1px solid #ccc;margin-bottom:12px}
[data-lagsim-lab] .tabs button,[data-lagsim-lab] .langs button{border:1px solid #bbb;background:#f4f4f4;padding:6px 14px;margin:0 4px -1px 0;cursor:pointer;font:inherit}
[data-lagsim-lab] .tabs button.on{background:#fff;border-bottom-color:#fff;font-weight:600}
[data-lagsim-lab] .langs button{margin-bottom:4px;border-radius:4px}
[data-lagsim-lab] .langs button.on{background:#1e88e5;color:#fff;border-color:#1e88e5}
[data-lagsim-lab] .lab-grid{display:grid;grid-template-columns:300px 1fr;gap:18px;align-items:start}
[data-lagsim-lab] .lab-grid>*{min-width:0}
@media (max-width:900px){[data-lagsim-lab] .lab-grid{grid-template-columns:minmax(0,1fr)}}
[data-lagsim-lab] svg.timeline{width:100%;min-width:700px;height:auto}
[data-lagsim-lab] svg.sequence{max-width:none;height:auto}
[data-lagsim-lab] .controls{background:#fafafa;border:1px solid #e0e0e0;border-radius:6px;padding:8px 12px}
[data-lagsim-lab] .controls h3{margin:4px 0 8px}
[data-lagsim-lab] .ctl{display:grid;grid-template-columns:1fr auto;gap:2px 8px;margin:8px 0}
[data-lagsim-lab] .ctl span{grid-column:1 / -1;font-size:12px;color:#555}
[data-lagsim-lab] .ctl input[type=range]{width:100%;max-width:260px}
[data-lagsim-lab] .ctl select{grid-column:1 / -1;font:inherit;width:100%}
[data-lagsim-lab] .ctl output{font-variant-numeric:tabular-nums;min-width:60px;text-align:right}
[data-lagsim-lab] .ctl.off{opacity:.45}
[data-lagsim-lab] .ctl.check{display:flex;align-items:center;gap:6px}
[data-lagsim-lab] .ctl.check span{font-size:13px;color:#222}
[data-lagsim-lab] .note,[data-lagsim-lab] .hint{font-size:12px;color:#666;margin:4px 0}
[data-lagsim-lab] .metrics{display:flex;flex-wrap:wrap;gap:10px}
[data-lagsim-lab] .metric{border:1px solid #e0e0e0;border-radius:6px;padding:8px 12px;min-width:130px}
[data-lagsim-lab] .metric .label{font-size:12px;color:#555}
[data-lagsim-lab] .metric .value{font-size:22px;font-weight:600;font-variant-numeric:tabular-nums}
[data-lagsim-lab] .metric .sub{font-size:12px;color:#777}
[data-lagsim-lab] .metric.good .value,[data-lagsim-lab] .metric .row.good .value,[data-lagsim-lab] .compare td.good{color:#2e7d32}
[data-lagsim-lab] .metric.bad .value,[data-lagsim-lab] .metric .row.bad .value,[data-lagsim-lab] .compare td.bad{color:#c62828}
[data-lagsim-lab] .metric.latency .row{display:flex;justify-content:space-between;gap:10px;font-size:13px}
[data-lagsim-lab] .metric.latency .row .value{font-weight:600;font-variant-numeric:tabular-nums}
[data-lagsim-lab] .compare{overflow-x:auto;margin:10px 0}
[data-lagsim-lab] .compare table{border-collapse:collapse;font-size:12px}
[data-lagsim-lab] .compare th,[data-lagsim-lab] .compare td{border-bottom:1px solid #e0e0e0;padding:4px 6px;text-align:right;font-variant-numeric:tabular-nums}
[data-lagsim-lab] .compare thead th{font-weight:600;color:#555;vertical-align:bottom}
[data-lagsim-lab] .compare th[scope=row]{text-align:left;font-weight:400}
[data-lagsim-lab] .compare tbody tr{cursor:pointer}
[data-lagsim-lab] .compare tr.focus{background:#e3f2fd}
[data-lagsim-lab] fieldset.strategies{border:0;padding:0;margin:0 0 8px}
[data-lagsim-lab] fieldset.strategies legend{font-weight:600;font-size:13px;padding:0}
[data-lagsim-lab] .strat{position:relative;border:1px solid #e0e0e0;border-radius:6px;padding:2px 8px;margin:6px 0;background:#fff}
[data-lagsim-lab] .strat.focus{border-color:#1e88e5;box-shadow:inset 3px 0 0 #1e88e5}
[data-lagsim-lab] .strat .remove{position:absolute;top:4px;right:4px;border:0;background:none;font-size:16px;line-height:1;cursor:pointer;color:#777}
[data-lagsim-lab] .strategies .add{font:inherit;font-size:13px;padding:4px 10px;cursor:pointer}
[data-lagsim-lab] .diagram,[data-lagsim-lab] .chart{overflow-x:auto;margin:10px 0}
[data-lagsim-lab] pre.doc{max-height:240px;overflow:auto;background:#f6f8fa;padding:8px;font-size:12px}
[data-lagsim-lab] pre.cmd{background:#263238;color:#eceff1;padding:6px 10px}
[data-lagsim-lab] .error{border:1px solid #c62828;background:#ffebee;padding:8px;border-radius:6px}
[data-lagsim-lab] .lesson .question{font-size:16px;background:#fffde7;border-left:4px solid #f9a825;padding:8px 12px}
[data-lagsim-lab] .lesson ul.answers{list-style:none;padding-left:0}
[data-lagsim-lab] .lesson li{margin:10px 0;line-height:1.5}
[data-lagsim-lab] .lesson li .mark{font-weight:700;margin-right:4px}
[data-lagsim-lab] .lesson li.holds .mark{color:#2e7d32}
[data-lagsim-lab] .lesson li.fails .mark,[data-lagsim-lab] .lesson li.fails .check{color:#c62828}
[data-lagsim-lab] .lesson .check{font-size:12px;color:#666}
`;
