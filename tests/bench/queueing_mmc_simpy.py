#!/usr/bin/python3
"""The M/M/c queue of scenarios/queueing/no-network.yaml in SimPy, the textbook way: the
SimPy reference of queueing_network_none.sh. Debian's python3-simpy is SimPy 2.3.1 (the
classic SimPy.Simulation API): a Source process creates one Customer process per arrival
(Poisson), each Customer requests one unit of a Resource of c servers (FIFO), holds it for an
exponential service time and releases it. Customers that arrive before the warm-up are left
out of the statistics, as in sdsim. Run with /usr/bin/python3 (Debian's, where SimPy is).

  queueing_mmc_simpy.py --servers=10 --lambda=8 --service=1 --requests=200000 --warmup=1000 --seed=1
"""
import random
import sys

from SimPy.Simulation import Process, Resource, activate, hold, initialize, now, release, request, simulate

P = {"servers": 10, "lambda": 8.0, "service": 1.0, "requests": 200000, "warmup": 1000.0, "seed": 1}
for arg in sys.argv[1:]:
    key, _, value = arg.lstrip("-").partition("=")
    if key not in P or not value:
        sys.exit(f"queueing_mmc_simpy: bad argument '{arg}'")
    P[key] = type(P[key])(value)

arrivals = random.Random(P["seed"])
services = random.Random(P["seed"] + 1)
waits, sojourns = [], []


class Customer(Process):
    def visit(self, station):
        arrived = now()
        yield request, self, station
        if arrived >= P["warmup"]:
            waits.append(now() - arrived)
        yield hold, self, services.expovariate(1.0 / P["service"])
        yield release, self, station
        if arrived >= P["warmup"]:
            sojourns.append(now() - arrived)


class Source(Process):
    def generate(self, station):
        for _ in range(P["requests"]):
            yield hold, self, arrivals.expovariate(P["lambda"])
            c = Customer()
            activate(c, c.visit(station))


initialize()
station = Resource(capacity=P["servers"], name="station")
source = Source()
activate(source, source.generate(station))
simulate(until=1e300)
sojourns.sort()
n = len(sojourns)
print(f"requests.completed {n}")
print(f"latency.mean {sum(sojourns) / n if n else 0:.6f}")
print(f"wait.mean {sum(waits) / len(waits) if waits else 0:.6f}")
print(f"latency.p99 {sojourns[max(1, -(-99 * n // 100)) - 1] if n else 0:.6f}")
print(f"sim_time {now():.3f}")
