// How far apart a measured and a simulated number may be before they disagree.
//
// A rate such as stale reads / reads is a mean over reads, but reads are not
// independent: every read of key k while the primary holds version v waits on the
// same event's apply, so they are stale together or fresh together. Reads are grouped
// in such clusters (key, primary version at the read) and the standard error is the
// cluster-robust (CR1) one of a ratio estimator: with cluster residuals
// e_c = Σ_{i∈c} (y_i − ȳ), Var(ȳ) = C/(C−1) · Σ_c e_c² / N². With one read per cluster
// it is the plain binomial SE; with perfectly correlated clusters it counts clusters,
// not reads.
//
// The simulated number is the mean of R replications that differ only in their lag
// draws (same operations at the same times), so its SE is their spread / √R. The two
// are independent; a difference is within tolerance when
//   |live − sim| ≤ z · √(SE_live² + SE_sim²) + resolution,   z = 1.96 (95 %),
// resolution 0 for rates and 1 ms for latencies (the harness's timer granularity). A live
// rate of exactly 0 or 1 (SE 0) takes the binomial SE at the simulated rate (rateAgreement).

export const Z95 = 1.96;
/** Latencies measured by the harness are good to about a millisecond (timers, event loop). */
export const LATENCY_RESOLUTION_MS = 1;

export interface Estimate {
  value: number;
  se: number;
  n: number;
  clusters: number;
}

/** Mean of `y` with its cluster-robust SE; `cluster[i]` groups observation i. NaN SE with < 2 clusters. */
export function clusteredMean(y: ArrayLike<number>, cluster: ArrayLike<number>): Estimate {
  const n = y.length;
  if (n === 0) return { value: NaN, se: NaN, n: 0, clusters: 0 };
  let sum = 0;
  for (let i = 0; i < n; i++) sum += y[i];
  const mean = sum / n;
  const resid = new Map<number, number>();
  for (let i = 0; i < n; i++) resid.set(cluster[i], (resid.get(cluster[i]) ?? 0) + y[i] - mean);
  const c = resid.size;
  if (c < 2) return { value: mean, se: NaN, n, clusters: c };
  let ss = 0;
  for (const e of resid.values()) ss += e * e;
  return { value: mean, se: Math.sqrt((c / (c - 1)) * ss) / n, n, clusters: c };
}

/** Mean and SE of the mean of replicated values (NaN SE with one). */
export function replicatedMean(values: number[]): Estimate {
  const r = values.length;
  const mean = values.reduce((a, b) => a + b, 0) / r;
  const sd = r < 2 ? NaN : Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / (r - 1));
  return { value: mean, se: sd / Math.sqrt(r), n: r, clusters: r };
}

export interface Agreement {
  live: number;
  sim: number;
  /** live − sim */
  diff: number;
  /** Allowed |diff|; NaN when too few independent observations to say. */
  tolerance: number;
  /** true / false, or null when it cannot be judged (tolerance NaN and diff ≠ 0). */
  within: boolean | null;
  seLive: number;
  seSim: number;
}

/**
 * Judges live against sim. The live SE needs at least two clusters; without it only an
 * exact match is judged (within), anything else is null — too few independent reads
 * to say. A sim SE that cannot be estimated (one replication) counts as 0.
 */
export function agreement(live: Estimate, sim: Estimate, resolution = 0): Agreement {
  const raw = live.value - sim.value;
  // Rates computed two ways differ in the last bits; that is no difference.
  const diff = Math.abs(raw) < 1e-12 ? 0 : raw;
  const seS = Number.isNaN(sim.se) ? 0 : sim.se;
  const tolerance = Number.isNaN(live.se) ? NaN : Z95 * Math.sqrt(live.se * live.se + seS * seS) + resolution;
  let within: boolean | null;
  if (diff === 0) within = true;
  else within = Number.isNaN(tolerance) ? null : Math.abs(diff) <= tolerance;
  return { live: live.value, sim: sim.value, diff, tolerance, within, seLive: live.se, seSim: sim.se };
}

/**
 * agreement() for a rate (a share of reads). A live rate of exactly 0 or 1 has a cluster SE of
 * 0, which would demand an exact match from the simulation; its SE is then the binomial one at
 * the simulated rate over the live clusters — the SE the live rate would have if the simulated
 * one were true (a score test's).
 */
export function rateAgreement(live: Estimate, sim: Estimate): Agreement {
  const p = sim.value;
  if (live.se !== 0 || live.clusters < 2 || !(p > 0 && p < 1)) return agreement(live, sim);
  return agreement({ ...live, se: Math.sqrt((p * (1 - p)) / live.clusters) }, sim);
}

/** Cluster id of a read: the key and the primary's version when it was judged. */
export function readCluster(key: number, masterVersion: number): number {
  return key * 4_294_967_296 + masterVersion;
}
