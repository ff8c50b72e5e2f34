#!/usr/bin/python3
"""SimPy peer of lagsim's "all-follower" baseline, for speed/result comparison.

One master, one follower, keys 0..K-1. Ops arrive as one Poisson process of
rate R = readRate + writeRate; each op is a write with probability writeRate/R.
Writes bump the master's version at commit time c and go into a binlog; the
follower applies binlog events strictly in order at a_i = max(a_{i-1}, c_i + L).
Every read goes to the follower and is stale if its version of the key is
behind the master's.

Written against Debian's python3-simpy, which is SimPy 2.3.1 (package `SimPy`,
the classic object-oriented API: Process subclasses whose generators yield
`hold` / `put` / `get` commands). Run it with /usr/bin/python3.
"""
import argparse
import bisect
import json
import math
import random
import resource
import time

from SimPy.Simulation import Process, Simulation, Store, get, hold, put


class Workload(Process):
    """Generates the Poisson op stream and serves reads from the follower."""

    def run(self, m, n_ops, rate, p_write, pick_key):
        rng, sim = m.rng, self.sim
        for _ in range(n_ops):
            # Superposition: one Poisson stream of rate R, thinned by op type,
            # is the same as independent read and write streams.
            yield hold, self, rng.expovariate(rate)
            is_write = rng.random() < p_write
            k = pick_key()
            if is_write:
                m.writes += 1
                m.master[k] += 1  # visible on the master at commit time
                # Ship the binlog event (commit time, key, version) to the follower.
                yield put, self, m.binlog, [(sim.now(), k, m.master[k])]
            else:
                m.reads += 1
                if m.follower[k] < m.master[k]:
                    m.stale += 1
        # Stop at the N-th op: events still in the binlog don't affect counts.
        sim.stopSimulation()


class Applier(Process):
    """Follower SQL thread: takes binlog events in order, applies each at c + L."""

    def run(self, m, lag):
        sim = self.sim
        while True:
            yield get, self, m.binlog, 1
            commit, k, version = self.got[0]
            # In-order apply: we only reach this event after applying the
            # previous one, so the wait realises max(a_{i-1}, c_i + L).
            wait = commit + lag - sim.now()
            if wait > 0:
                yield hold, self, wait
            m.follower[k] = version


class Model:
    def __init__(self, keys, seed):
        self.rng = random.Random(seed)
        self.master = [0] * keys
        self.follower = [0] * keys
        self.reads = self.writes = self.stale = 0
        self.sim = Simulation()
        self.binlog = Store(name="binlog", capacity="unbounded", sim=self.sim)


def popularity(keys, s):
    """Key probabilities: Zipf over ranks, P(i) ∝ 1/(i+1)^s; s == 0 is uniform."""
    w = [1.0 / (i + 1) ** s for i in range(keys)]
    total = sum(w)
    return [x / total for x in w]


def key_picker(rng, probs, s):
    if s == 0:
        n = len(probs)
        return lambda: rng.randrange(n)
    # Inverse-CDF sampling over a precomputed cumulative table (built before
    # the clock starts, so wallSeconds is only the simulation).
    cum, acc = [], 0.0
    for p in probs:
        acc += p
        cum.append(acc)
    # u < acc == cum[-1], so the index is always a valid key.
    return lambda: bisect.bisect_right(cum, rng.random() * acc)


def theory_stale_rate(probs, write_rate, lag):
    # A read of key i is stale iff some write to i committed in the last L
    # seconds (constant lag + in-order apply => each write is invisible on the
    # follower for exactly L). Writes to i are Poisson(λ_i = W·p_i), so
    # P(stale | key i) = 1 − exp(−λ_i L); reads hit key i with probability p_i.
    return sum(p * -math.expm1(-write_rate * p * lag) for p in probs)


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ops", type=int, required=True)
    ap.add_argument("--keys", type=int, required=True)
    ap.add_argument("--zipf", type=float, default=0.0, help="exponent s; 0 = uniform")
    ap.add_argument("--read-rate", type=float, required=True)
    ap.add_argument("--write-rate", type=float, required=True)
    ap.add_argument("--lag-ms", type=float, required=True)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()

    lag = a.lag_ms / 1000.0
    rate = a.read_rate + a.write_rate
    probs = popularity(a.keys, a.zipf)
    m = Model(a.keys, a.seed)
    pick_key = key_picker(m.rng, probs, a.zipf)

    workload, applier = Workload(name="workload", sim=m.sim), Applier(name="applier", sim=m.sim)
    m.sim.activate(workload, workload.run(m, a.ops, rate, a.write_rate / rate, pick_key))
    m.sim.activate(applier, applier.run(m, lag))

    t0, c0 = time.perf_counter(), time.process_time()
    m.sim.simulate(until=math.inf)
    wall, cpu = time.perf_counter() - t0, time.process_time() - c0

    print(json.dumps({
        "ops": m.reads + m.writes,
        "reads": m.reads,
        "writes": m.writes,
        "staleReads": m.stale,
        "staleRate": m.stale / m.reads if m.reads else 0.0,
        "theoryStaleRate": theory_stale_rate(probs, a.write_rate, lag),
        "wallSeconds": wall,
        "cpuSeconds": cpu,
        "opsPerSec": (m.reads + m.writes) / wall if wall > 0 else None,
        # ru_maxrss is in KiB on Linux.
        "peakRssMB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }))


if __name__ == "__main__":
    main()
