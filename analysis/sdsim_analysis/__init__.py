"""Load sdsim outputs into pandas and plot them.

    import sdsim_analysis as sa
    run = sa.load_run("results/queueing-mmc")         # one `sdsim run` folder
    run["metrics"]["wait.mean"], run["requests"], run["timeseries"], run["events"]
    sweep = sa.load_sweep("results/queueing-utilization")   # one `sdsim sweep` folder
    sweep.results, sweep.aggregate, sweep.metric("wait.mean")

Every number is in SI units (seconds, bytes, 1/s, bytes/s), as sdsim writes them; the unit of
each column is in ``df.attrs["units"]`` (column -> unit, "" for counts and ratios) where known.
Only pandas and matplotlib are needed: Debian's python3-pandas and python3-matplotlib.
"""

from .load import Sweep, fault_windows, load_run, load_sweep
from .plots import latency_cdf, shade_faults, sweep_line, timeseries

__all__ = ["Sweep", "fault_windows", "load_run", "load_sweep",
           "latency_cdf", "shade_faults", "sweep_line", "timeseries"]
