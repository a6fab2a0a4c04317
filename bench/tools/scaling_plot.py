#!/usr/bin/env python3
"""Scaling table and plot from benchmark result files (bench --out ...json).

usage: scaling_plot.py OUT.svg RESULT.json [RESULT.json ...]

Prints a Markdown table (one row per run: events, sources, instances, stream threads;
throughput of the app and of the Flink peer, p99 at 10k events/s, restore, peak RSS) and
draws two panels: backfill throughput and peak resident memory against the number of
sources (projects) in the plan year, the app's runs and the Flink peer's. Needs matplotlib
(Debian: apt-get install python3-matplotlib).
"""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def figure(run, key):
    f = run["figures"].get(key)
    return None if f is None else f["value"]


def describe(path):
    run = json.load(open(path))
    ctx = run["context"]
    settings = ctx.get("appSettings", {})
    return {
        "events": ctx["events"],
        "sources": ctx["projects"],
        "instances": ctx.get("instances", 1),
        "threads": int(settings.get("num.stream.threads", 1)),
        "load": "%s–%s" % (ctx["machine"]["loadavg"].split()[0], ctx["loadavgAtEnd"].split()[0]),
        "app": figure(run, "pipeline"),
        "flink": figure(run, "flink_pipeline"),
        "p99": figure(run, "latency_10000_p99"),
        "flink_p99": figure(run, "flink_latency_10000_p99"),
        "restore": figure(run, "restore_serving"),
        "rss": figure(run, "app_peak_rss"),
        "flink_rss": figure(run, "flink_peak_rss"),
        "started": ctx["started"][:16].replace("T", " "),
        "flink_failed": ctx.get("flinkFailed"),
    }


def fmt(v, scale=1.0, digits=0):
    return "–" if v is None else f"{v / scale:,.{digits}f}"


def main():
    out, paths = sys.argv[1], sys.argv[2:]
    runs = [describe(p) for p in paths]
    print("| events | sources | instances × threads | app events/s | Flink events/s | ratio "
          "| p99 @ 10k app / Flink ms | restore s | app / Flink peak RSS MiB | started (UTC), load |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in runs:
        ratio = None if not (r["app"] and r["flink"]) else r["app"] / r["flink"]
        flink = "exited (out of memory)" if r["flink_failed"] else fmt(r["flink"])
        print(f"| {r['events']:,} | {r['sources']:,} | {r['instances']} × {r['threads']} | {fmt(r['app'])} "
              f"| {flink} | {fmt(ratio, digits=2)} | {fmt(r['p99'])} / {fmt(r['flink_p99'])} "
              f"| {fmt(r['restore'], 1000, 1)} | {fmt(r['rss'])} / {fmt(r['flink_rss'])} "
              f"| {r['started']}, {r['load']} |")

    base = sorted((r for r in runs if r["instances"] == 1 and r["threads"] == 1), key=lambda r: r["sources"])
    others = [r for r in runs if r not in base]
    fig, (tp, mem) = plt.subplots(1, 2, figsize=(11, 4.2))
    for ax, app_key, flink_key, label in (
        (tp, "app", "flink", "backfill throughput, events/s"),
        (mem, "rss", "flink_rss", "peak resident memory, MiB"),
    ):
        xs = [r["sources"] for r in base]
        ax.plot(xs, [r[app_key] for r in base], "o-", label="app (1 instance, 1 stream thread)")
        flink = [(r["sources"], r[flink_key]) for r in base if r[flink_key] is not None]
        if flink:
            ax.plot(*zip(*flink), "s--", label="Flink peer")
        for r in others:
            tag = (f"app, {r['instances']} instance{'s' if r['instances'] > 1 else ''} × {r['threads']} "
                   f"thread{'s' if r['threads'] > 1 else ''}, {r['events'] / 1e6:.1f} M events")
            ax.plot([r["sources"]], [r[app_key]], "^", markersize=8, label=tag)
        for r in base:
            ax.annotate(f"{r['events'] / 1e6:.1f} M events", (r["sources"], r[app_key]),
                        textcoords="offset points", xytext=(4, 6), fontsize=8)
        for r in base:
            if r["flink_failed"]:
                ax.plot([r["sources"]], [0], "x", color="C1", markersize=9)
                ax.annotate("Flink peer: out of memory", (r["sources"], 0), textcoords="offset points",
                            xytext=(-120, 8), fontsize=8, color="C1")
        ax.set_xscale("log")
        ax.set_xlabel("sources (projects) in the plan year, log scale")
        ax.set_title(label)
        ax.grid(True, alpha=0.3)
    tp.set_ylim(bottom=0)
    mem.set_ylim(bottom=0, top=1150)
    mem.axhline(1024, color="grey", linestyle=":", linewidth=1)
    mem.annotate("1 GiB", (base[0]["sources"] if base else 1, 1024), textcoords="offset points",
                 xytext=(2, 3), fontsize=8, color="grey")
    tp.legend(fontsize=7, loc="best")
    fig.tight_layout()
    fig.savefig(out)


if __name__ == "__main__":
    main()
