/**
 * Nelder–Mead downhill simplex: minimises `f` from `start`, the first simplex spanning
 * `scale` along each axis, for at most `iterations` steps. Derivative-free, so it
 * suits an objective computed by simulation (smooth only because the draws are reused).
 * Returns the best point found; no convergence guarantee beyond that.
 */
export function nelderMead(f: (x: number[]) => number, start: number[], scale: number[], iterations: number): number[] {
  const n = start.length;
  let simplex = [start, ...start.map((_, i) => start.map((v, j) => (i === j ? v + scale[i] : v)))].map((x) => ({ x, y: f(x) }));
  const along = (a: number[], b: number[], t: number): number[] => a.map((v, i) => v + t * (b[i] - v));
  for (let it = 0; it < iterations; it++) {
    simplex.sort((p, q) => p.y - q.y);
    const best = simplex[0];
    const worst = simplex[n];
    if (Math.abs(worst.y - best.y) <= 1e-9 * (Math.abs(best.y) + 1e-9)) break;
    const centroid = start.map((_, i) => simplex.slice(0, n).reduce((s, p) => s + p.x[i], 0) / n);
    const reflected = along(centroid, worst.x, -1);
    const yr = f(reflected);
    if (yr < best.y) {
      const expanded = along(centroid, worst.x, -2);
      const ye = f(expanded);
      simplex[n] = ye < yr ? { x: expanded, y: ye } : { x: reflected, y: yr };
    } else if (yr < simplex[n - 1].y) {
      simplex[n] = { x: reflected, y: yr };
    } else {
      const contracted = along(centroid, worst.x, yr < worst.y ? -0.5 : 0.5);
      const yc = f(contracted);
      if (yc < Math.min(yr, worst.y)) simplex[n] = { x: contracted, y: yc };
      else simplex = simplex.map((p, i) => (i === 0 ? p : { x: along(best.x, p.x, 0.5), y: f(along(best.x, p.x, 0.5)) }));
    }
  }
  simplex.sort((p, q) => p.y - q.y);
  return simplex[0].x;
}
