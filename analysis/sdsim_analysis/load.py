"""Loaders: a run folder (summary.json and the CSV traces) and a sweep folder."""

import json
import os
from dataclasses import dataclass, field

import pandas as pd

# Units of the framework's CSV columns (models add their own columns; those stay unlabelled).
_REQUEST_UNITS = {"id": "", "start": "s", "end": "s", "latency": "s", "retries": ""}
_SERIES_UNITS = {"time": "s", "throughput": "1/s", "errors": "", "latency_p50": "s", "latency_p99": "s"}
_EVENT_UNITS = {"time": "s"}

# A fault and the event that ends it, as the fault injector logs them in events.csv.
FAULT_PAIRS = {"host_off": "host_on", "link_off": "link_on",
               "partition_start": "partition_heal", "slowdown_start": "slowdown_end"}


def _read_csv(path, dtypes, units):
    if not os.path.exists(path):
        return None
    df = pd.read_csv(path, dtype={k: v for k, v in dtypes.items()}, keep_default_na=False,
                     na_values=[""])
    df.attrs["units"] = {c: u for c, u in units.items() if c in df.columns}
    return df


def _metric_units(run_dir):
    """Units from the enclosing sweep's sweep.json (runs/<name>/ inside a sweep folder)."""
    sweep_json = os.path.join(run_dir, os.pardir, os.pardir, "sweep.json")
    if os.path.exists(sweep_json):
        with open(sweep_json) as f:
            return json.load(f).get("metric_units", {})
    return {}


def load_run(run_dir):
    """One run folder as a dict of pandas objects.

    Keys: ``summary`` (the raw summary.json), ``metrics`` (a float Series indexed by dotted
    metric name; missing values are NaN), ``expectations`` (DataFrame: metric, op, expected,
    actual, ok), ``requests`` (None when the run wrote no requests.csv), ``timeseries``,
    ``events``.
    """
    with open(os.path.join(run_dir, "summary.json")) as f:
        summary = json.load(f)
    metrics = pd.Series(summary["metrics"], dtype="float64", name="value")
    metrics.attrs["units"] = _metric_units(run_dir)
    expectations = pd.DataFrame(summary.get("expectations", []),
                                columns=["metric", "op", "expected", "actual", "ok"])
    expectations["actual"] = expectations["actual"].astype("float64")
    expectations["ok"] = expectations["ok"].astype(bool)
    requests = _read_csv(os.path.join(run_dir, "requests.csv"),
                         {"op": "category", "client": "category", "server": "category",
                          "outcome": "category"}, _REQUEST_UNITS)
    series = _read_csv(os.path.join(run_dir, "timeseries.csv"), {}, _SERIES_UNITS)
    events = _read_csv(os.path.join(run_dir, "events.csv"),
                       {"kind": "category", "target": "string", "detail": "string"}, _EVENT_UNITS)
    return {"summary": summary, "metrics": metrics, "expectations": expectations,
            "requests": requests, "timeseries": series, "events": events}


def fault_windows(events, end=None):
    """Fault intervals from events.csv: DataFrame of start, end, kind, target.

    host_off -> host_on, link_off -> link_on, partition_start -> partition_heal and
    slowdown_start -> slowdown_end are paired by target, in time order; a fault never healed
    lasts until ``end`` (default: the last event's time).
    """
    rows, open_faults = [], {}
    if events is None or events.empty:
        return pd.DataFrame(columns=["start", "end", "kind", "target"])
    closers = {v: k for k, v in FAULT_PAIRS.items()}
    for ev in events.sort_values("time", kind="stable").itertuples(index=False):
        kind, target = str(ev.kind), str(ev.target)
        if kind in FAULT_PAIRS:
            open_faults.setdefault((kind, target), []).append(ev.time)
        elif kind in closers and open_faults.get((closers[kind], target)):
            start = open_faults[(closers[kind], target)].pop(0)
            rows.append((start, ev.time, closers[kind], target))
    last = events["time"].max() if end is None else end
    for (kind, target), starts in open_faults.items():
        rows.extend((s, last, kind, target) for s in starts)
    df = pd.DataFrame(rows, columns=["start", "end", "kind", "target"])
    df.attrs["units"] = {"start": "s", "end": "s"}
    return df.sort_values(["start", "kind", "target"], kind="stable").reset_index(drop=True)


@dataclass
class Sweep:
    """A sweep folder: ``results`` (one row per run), ``aggregate`` (one row per grid point
    and metric: n, mean, std, ci95_low, ci95_high over the seeds) and ``info`` (sweep.json:
    grid axes, seeds, metric units)."""

    results: pd.DataFrame
    aggregate: pd.DataFrame
    info: dict = field(default_factory=dict)
    dir: str = "."

    @property
    def grid(self):
        """The grid's key paths, in file order (also the grid columns of both tables)."""
        return [axis["key"] for axis in self.info.get("grid", [])]

    def metric(self, name):
        """The aggregate rows of one metric, one per grid point."""
        rows = self.aggregate[self.aggregate["metric"] == name].reset_index(drop=True)
        rows.attrs["units"] = {c: self.aggregate.attrs["units"].get(c, "") for c in rows.columns}
        unit = self.info.get("metric_units", {}).get(name, "")
        rows.attrs["units"].update({c: unit for c in ("mean", "std", "ci95_low", "ci95_high")})
        return rows

    def run_dir(self, run_name):
        """The folder of one run (a ``name`` of ``results``), for ``load_run``."""
        return os.path.join(self.dir, "runs", run_name)

    def summary(self, run_name):
        """One run's summary.json (metrics, expectations, manifest with the resolved params)."""
        with open(os.path.join(self.run_dir(run_name), "summary.json")) as f:
            return json.load(f)

    def points(self):
        """One row per grid point: its grid values and the name of its first run."""
        return self.results.groupby("point", sort=True).first()[self.grid + ["name"]]


def load_sweep(sweep_dir):
    """A sweep folder written by ``sdsim sweep`` (or ``sdsim sweep --merge``) as a Sweep."""
    with open(os.path.join(sweep_dir, "sweep.json")) as f:
        info = json.load(f)
    grid_units = {a["key"]: a["unit"] for a in info.get("grid", []) if a.get("unit") is not None}
    text_axes = {a["key"]: "string" for a in info.get("grid", []) if a.get("unit") is None}
    results = pd.read_csv(os.path.join(sweep_dir, "results.csv"),
                          dtype={"name": "string", "expectations_failed": "string", **text_axes},
                          keep_default_na=False, na_values=[""])
    results["expectations_ok"] = results["expectations_ok"].astype(bool)
    results.attrs["units"] = {**grid_units, **info.get("metric_units", {})}
    aggregate = pd.read_csv(os.path.join(sweep_dir, "aggregate.csv"),
                            dtype={"metric": "string", "unit": "string", **text_axes},
                            keep_default_na=False, na_values=[""])
    aggregate.attrs["units"] = dict(grid_units)
    return Sweep(results=results, aggregate=aggregate, info=info, dir=sweep_dir)
