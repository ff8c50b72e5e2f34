import { suite } from 'uvu';
import * as assert from 'uvu/assert';
import { scenario } from './helpers';
import { collectReport } from '../src/report/collect';
import { incidentRegions, timelineChart } from '../src/report/charts/timeCharts';
import { loadFactorCurve } from '../src/report/series';
import { scenarioView } from '../src/report/html/scenarioView';

// The report draws what the scenario schedules: the stages' load factor on the timeline and
// in the scenario view, and a scale incident as a shaded, captioned window.

const report = suite('report: stages and lag schedule');

function staged(stages?: unknown[], incidents: unknown[] = []) {
  return scenario({
    name: 'staged', seed: 2, duration: '30s',
    cluster: { followers: [{ name: 'f1', lag: '50ms', incidents }] },
    workload: { keys: 5, sessions: 10, writeRate: '2/s', readRate: '10/s', ...(stages === undefined ? {} : { stages }) },
    strategies: ['all-follower'],
  });
}

const STAGES = [{ duration: '10s', factor: 1 }, { duration: '5s', factor: 3, shape: 'ramp' }, { duration: '5s', factor: 0.5 }];

report('load factor curve: flat steady stages, straight ramps, a step between stages, the last factor to the end', () => {
  assert.equal(loadFactorCurve(staged(STAGES), 30), [
    { x: 0, y: 1 }, { x: 10, y: 1 }, { x: 10, y: 1 }, { x: 15, y: 3 }, { x: 15, y: 0.5 }, { x: 20, y: 0.5 }, { x: 30, y: 0.5 },
  ]);
  assert.equal(loadFactorCurve(staged(), 30), []);
});

report('timeline: a load panel only with stages; scale windows shaded and captioned in both languages', () => {
  const sc = staged(STAGES, [{ at: '12s', duration: '4s', type: 'scale', factor: 2 }]);
  const spec = timelineChart(sc, collectReport(sc), 'en');
  const config = spec.config as { data: { datasets: Array<{ yAxisID: string }> }; options: { scales: Record<string, unknown> } };
  assert.ok('y3' in config.options.scales);
  assert.equal(config.data.datasets.filter((d) => d.yAxisID === 'y3').length, 1);
  const plain = staged();
  const plainConfig = timelineChart(plain, collectReport(plain), 'en').config as typeof config;
  assert.not.ok('y3' in plainConfig.options.scales);
  assert.equal(incidentRegions(sc, 'en').map((r) => [r.x0, r.x1, r.caption]), [[12, 16, 'f1: lag ×2']]);
  assert.equal(incidentRegions(sc, 'ko')[0].caption, 'f1: 복제 지연 ×2');
});

report('scenario view lists the stages and the scale incident', () => {
  const sc = staged(STAGES, [{ at: '12s', duration: '4s', type: 'scale', factor: 2 }]);
  const en = scenarioView(sc, 'en', 1);
  assert.ok(en.includes('10s at ×1; 5s ramp to ×3; 5s at ×0.5; then ×0.5 until the end'), 'stages (en)');
  assert.ok(en.includes('shipping delay ×2 for writes committed at 12s for 4s'), 'incident (en)');
  const ko = scenarioView(sc, 'ko', 1);
  assert.ok(ko.includes('10s 동안 ×1; 5s에 걸쳐 ×3까지 선형 변화; 5s 동안 ×0.5; 이후 끝까지 ×0.5'), 'stages (ko)');
  assert.not.ok(scenarioView(staged(), 'en', 1).includes('stages'), 'no stages row without stages');
});

report.run();
