/**
 * English strings of `lagsim live`: the terminal output, its progress lines and the live
 * report page. Spread into the catalogue's `en` table; live.ko.ts must have every key.
 */
export const liveEn = {
  // The scripted story as it happened on the real pair.
  'live.story.write': '{at} {who} write {key} @master → {row} (v{version}, GTID {gtid})',
  'live.story.apply': '{at}   {follower} (the real replica) applied GTID {gtid}: {key} v{version} — lag {lag}',
  'live.pg.story.write': '{at} {who} write {key} @master → {row} (v{version}, commit LSN {gtid})',
  'live.pg.story.apply': '{at}   {follower} (the real standby) replayed LSN {gtid}: {key} v{version} — lag {lag}',
  // Measured vs simulated: the headings the run table does not have, and the verdicts.
  'live.col.lag': 'lag mean/p99 ms',
  'live.col.model': 'lag model (fitted)',
  'live.col.stale': 'stale live/sim',
  'live.col.deltaPp': 'Δ pp ± tol',
  'live.col.master': 'master reads live/sim',
  'live.col.latency': 'read ms live/sim',
  'live.col.deltaMs': 'Δ ms ± tol',
  'live.verdict.ok': 'ok',
  'live.verdict.differs': 'DIFFERS',
  'live.verdict.na': 'n/a',
  'live.headline': '{title} — live on MariaDB {version}: primary {primary}, replica {replica} (= {follower}), MASTER_DELAY {delay}s, time scale {scale}',
  'live.harness': 'harness: operations issued at most {slip} ms late; applies seen within ±{err} ms ({polls} polls of @@gtid_slave_pos)',
  'live.pg.headline': '{title} — live on {version}: primary {primary}, standby {replica} (= {follower}), recovery_min_apply_delay {delay} ms, time scale {scale}',
  'live.pg.harness': 'harness: operations issued at most {slip} ms late; applies seen within ±{err} ms ({polls} polls of pg_last_wal_replay_lsn())',
  'live.compareIntro': 'measured (live) vs simulated (lag model fitted to each run\'s measured apply lags; Δ = live − sim, ± the 95% tolerance)',
  'live.method.judged': 'Each strategy ran on the real pair; every read was judged stale or fresh against the version the primary had acknowledged when the read was sent.',
  'live.method.fitted': 'The replica\'s apply lag was measured for every write (first poll of @@gtid_slave_pos that showed its GTID), and the simulator\'s lag model fitted to that run\'s lags.',
  'live.method.replayed': 'The simulator then replayed the same operations at the moments they really happened, {n} times with fresh lag draws.',
  'live.method.tolerance': 'Tolerance: {z} × √(SE_live² + SE_sim²) — SE_live clustered by (key, primary version), since reads waiting on the same apply are stale together; SE_sim from the replications\' spread; latencies get {resolution} ms more for the harness\'s timer resolution.',
  // Progress and the pair held by `lagsim live --start-pair` (stderr).
  'live.log.starting': 'starting a MariaDB primary and replica on 127.0.0.1 (MASTER_DELAY={delay}s)…',
  'live.pg.log.starting': 'starting a PostgreSQL primary and streaming standby on 127.0.0.1 (recovery_min_apply_delay={delay}ms)…',
  'live.log.pairUp': 'pair up in {dir}: primary 127.0.0.1:{primary}, replica 127.0.0.1:{replica}',
  'live.log.run': 'live: {strategy} ({ops} operations over {seconds}s)…',
  'live.log.stopping': 'stopping the pair…',
  'live.hold': 'pair up in {dir} (MASTER_DELAY={delay}s); Ctrl-C stops it and removes the folder.',
  'live.pg.hold': 'pair up in {dir} (recovery_min_apply_delay={delay}ms); Ctrl-C stops it and removes the folder.',
  'live.hold.byHand': '  by hand:   mariadb --defaults-file={primary}   (replica: {replica})',
  'live.hold.scenario': '  a scenario: LAGSIM_PASSWORD=$(cat {password}) lagsim live SCENARIO --primary {primaryUrl} --replica {replicaUrl}',
  'live.pg.hold.byHand': '  by hand:   PGPASSFILE={primary} psql -h 127.0.0.1 -p {pport} -U lagsim lagsim   (standby: PGPASSFILE={replica}, port {rport})',
  'live.pg.hold.scenario': '  a scenario: LAGSIM_PASSWORD=$(cat {password}) lagsim live SCENARIO --engine postgres --primary {primaryUrl} --replica {replicaUrl}',
  'live.failed': 'live run failed: {message}',
  // The report page (index.html).
  'live.page.title': '{title} — live',
  'live.page.nav.comparison': 'measured vs simulated',
  'live.page.nav.story': 'the story, live',
  'live.page.nav.calibration': 'lag calibration',
  'live.page.nav.method': 'method',
  'live.page.comparison': 'Measured vs simulated',
  'live.page.comparisonNote': 'Δ = live − simulated; “{ok}” when within the 95% tolerance (± shown), “{differs}” when not.',
  'live.page.calibrationNote': 'The lag each run measured and the model fitted to it are under {link}.',
  'live.page.story': 'The story, live',
  'live.page.storyNote': 'The scenario\'s scripted events as they happened on the real primary and replica (“master” is the primary).',
  'live.page.calibration': 'Lag calibration',
  'live.page.calibrationText': 'The simulator applies event i at {formula}. The shipping delay d is fitted so that the model\'s lags on this run\'s commit times match the measured ones quantile by quantile; the family (constant, uniform, normal, lognormal) with the smallest distance wins.',
  'live.page.method': 'Method',
  'live.page.fit': '{strategy}: {n} writes, measured lag mean {mean} ms, p99 {p99} ms;\nfitted shipping delay {dist}, whose lags (after queueing behind earlier events) have mean {modelMean} ms, p99 {modelP99} ms;\n{ks}Dots: measured quantiles; line: the model\'s.',
  'live.page.ks': 'KS distance {ks}. ',
  'live.page.chartLabel': '{strategy}: measured vs fitted lag quantiles',
  'live.page.axis': 'apply lag, ms (y: share of writes applied within)',
} as const;

export type LiveKey = keyof typeof liveEn;
