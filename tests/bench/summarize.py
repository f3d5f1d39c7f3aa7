#!/usr/bin/env python3
"""Prints the rows of docs/BENCHMARKS.md's results table from JMH JSON results.

    tests/bench/summarize.py tests/bench/results/<time>-*.json

Why not JMH's own summary: its score is the mean of every measured iteration and its error
assumes a normal distribution, while anything that parks and wakes threads on 2 cores is
bimodal. So this takes the median of the measured iterations of all forks, with their min and
max, and compares each contender with the baseline of the same run (never across runs).
"speed" is how many times faster than the baseline a contender is: baseline time / time, or
throughput / baseline throughput; above 1 is faster.
"""
import json
import statistics
import sys

# benchmark -> (baseline impl, jobs per operation, or None when the score is already per job)
BASELINES = {
    "UnorderedJobsBench": ("forkjoin-pool", 1000),
    "RecursiveTreeBench": ("recursive-action", None),
    "SerialQueueBench": ("single-thread-executor", None),
    "MainQueueRoundTripBench": ("parked-handoff", None),
    "AllocationBench": ("lambda-only", 1000),
    "BioPostBench": ("thr-serial-queue", None),
    "BioBurstBench": ("redis-bio", None),
    "BlockedClientRoundTripBench": ("completable-future", None),
    "BlockedClientFootprintBench": ("api-blocked-client", None),
    "ReplyLatencyBench": ("selector-wakeup", None),
}


def number(value):
    # JMH writes "NaN" (a string) for the error of a single iteration.
    return f"{value:.1f}" if isinstance(value, (int, float)) else str(value)


def flat(raw):
    return [value for fork in raw for value in fork]


def stats(metric):
    if "rawData" not in metric:
        # Sample-time mode keeps a histogram, not iterations: report its percentiles instead.
        p = metric["scorePercentiles"]
        return p["50.0"], p["0.0"], p["100.0"]
    values = flat(metric["rawData"])
    return statistics.median(values), min(values), max(values)


def main(paths):
    rows = []
    for path in paths:
        with open(path, encoding="utf-8") as file:
            rows.extend(json.load(file))
    medians = {}
    for row in rows:
        name = row["benchmark"].split(".")[-2]
        medians[(name, row["params"]["impl"])] = stats(row["primaryMetric"])[0]
    print("| benchmark | contender | median | min | max | JMH score ± error | unit"
          " | per job | speed vs baseline | alloc B/job (beyond lambda) |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        name = row["benchmark"].split(".")[-2]
        impl = row["params"]["impl"]
        primary = row["primaryMetric"]
        median, low, high = stats(primary)
        baseline_impl, jobs = BASELINES.get(name, (None, None))
        per_job = f"{median / jobs:.1f}" if jobs and name != "AllocationBench" else ""
        speed = ""
        baseline = medians.get((name, baseline_impl))
        if baseline and impl != baseline_impl and name != "AllocationBench":
            faster = median / baseline if row["mode"] == "thrpt" else baseline / median
            speed = f"{faster:.2f}x"
        alloc = ""
        norm = row.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
        if norm and jobs:
            bytes_per_job = stats(norm)[0] / jobs
            alloc = f"{bytes_per_job:.1f}"
            lambda_norm = next((r["secondaryMetrics"]["gc.alloc.rate.norm"] for r in rows
                                if r["benchmark"] == row["benchmark"]
                                and r["params"]["impl"] == baseline_impl
                                and "gc.alloc.rate.norm" in r.get("secondaryMetrics", {})), None)
            if lambda_norm and impl != baseline_impl:
                alloc += f" ({bytes_per_job - stats(lambda_norm)[0] / jobs:.1f})"
        print(f"| {name} | {impl} | {median:.1f} | {low:.1f} | {high:.1f}"
              f" | {number(primary['score'])} ± {number(primary['scoreError'])} | {primary['scoreUnit']}"
              f" | {per_job} | {speed} | {alloc} |")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    main(sys.argv[1:])
