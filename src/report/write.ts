import * as path from 'path';
import { Summary } from '../metrics/summary';
import { Scenario } from '../scenario/types';
import { summaryCsv } from './csv';
import { writeFileAtomic } from './files';
import { formatTable } from './table';

/** Writes the report folder for a run and returns the paths written. */
export function writeReport(dir: string, sc: Scenario, summary: Summary): string[] {
  const files: Array<[string, string]> = [
    ['summary.json', JSON.stringify(summary, null, 2) + '\n'],
    ['summary.csv', summaryCsv(summary)],
    ['summary.txt', formatTable(summary) + '\n'],
    ['scenario.json', JSON.stringify(sc.input, null, 2) + '\n'],
  ];
  return files.map(([name, data]) => {
    const file = path.join(dir, name);
    writeFileAtomic(file, data);
    return file;
  });
}
