"""Plotting helpers on matplotlib axes; each returns the axes it drew on."""

import matplotlib.pyplot as plt
import numpy as np

from .load import fault_windows

_FAULT_COLOURS = {"host_off": "tab:red", "link_off": "tab:orange",
                  "partition_start": "tab:purple", "slowdown_start": "tab:olive"}


def _axes(ax):
    return ax if ax is not None else plt.subplots(figsize=(7, 4))[1]


def latency_cdf(requests, ax=None, by=None, outcome="ok", log=True):
    """Empirical CDF of client-side latency, one line per value of column ``by`` (or one)."""
    ax = _axes(ax)
    df = requests if outcome is None else requests[requests["outcome"] == outcome]
    groups = [(None, df)] if by is None else df.groupby(by, observed=True)
    for key, g in groups:
        x = np.sort(g["latency"].to_numpy())
        if len(x) == 0:
            continue
        ax.step(x, np.arange(1, len(x) + 1) / len(x), where="post",
                label=None if key is None else f"{by}={key}")
    if log:
        ax.set_xscale("log")
    ax.set_xlabel("latency (s)")
    ax.set_ylabel("fraction of requests" + ("" if outcome is None else f" ({outcome})"))
    ax.grid(True, alpha=0.3)
    if by is not None:
        ax.legend()
    return ax


def shade_faults(ax, events, end=None, label=True):
    """Shades every fault window of events.csv (host off, link off, partition, slowdown)."""
    seen = set()
    for w in fault_windows(events, end).itertuples(index=False):
        name = w.kind.replace("_start", "").replace("_off", " off")
        ax.axvspan(w.start, w.end, color=_FAULT_COLOURS.get(w.kind, "grey"), alpha=0.15,
                   label=name if label and name not in seen else None)
        seen.add(name)
    return ax


def timeseries(series, column, events=None, ax=None, label=None):
    """One time-series column over simulated time, fault windows shaded from ``events``."""
    ax = _axes(ax)
    ax.plot(series["time"], series[column], label=label or column)
    if events is not None:
        shade_faults(ax, events, end=series["time"].max())
    unit = series.attrs.get("units", {}).get(column, "")
    ax.set_xlabel("simulated time (s)")
    ax.set_ylabel(column + (f" ({unit})" if unit else ""))
    ax.grid(True, alpha=0.3)
    ax.legend()
    return ax


def sweep_line(rows, x, ax=None, label=None, band=True, errorbars=False, **style):
    """Mean of a metric against grid column ``x`` with its 95% confidence interval, as a band
    (default) or error bars. ``rows``: ``Sweep.metric(name)``, optionally filtered."""
    ax = _axes(ax)
    rows = rows.sort_values(x)
    xs, mean = rows[x].to_numpy(float), rows["mean"].to_numpy(float)
    low = rows["ci95_low"].to_numpy(float)
    high = rows["ci95_high"].to_numpy(float)
    if errorbars:
        yerr = np.vstack([mean - low, high - mean])
        yerr = np.where(np.isnan(yerr), 0, yerr)
        line = ax.errorbar(xs, mean, yerr=yerr, fmt="o", capsize=3, label=label, **style)
    else:
        (line,) = ax.plot(xs, mean, marker="o", label=label, **style)
        if band:
            ax.fill_between(xs, low, high, alpha=0.2, color=line.get_color())
    ax.set_xlabel(x)
    ax.grid(True, alpha=0.3)
    return ax
