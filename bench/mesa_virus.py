"""Runs Mesa's own virus_on_network example with the parameters of scenarios/bench.

Usage: mesa_virus.py time <nodes> <outbreak> <steps> <runs>
       mesa_virus.py whole <nodes> <outbreak> <steps> <runs>   (graph build plus run)
       mesa_virus.py fractions <nodes> <outbreak> <steps> <runs>
"""
import statistics
import sys
import time

from mesa.examples.basic.virus_on_network.agents import State
from mesa.examples.basic.virus_on_network.model import VirusOnNetwork


def model(nodes, outbreak, seed):
    return VirusOnNetwork(
        num_nodes=nodes,
        avg_node_degree=3,
        initial_outbreak_size=outbreak,
        virus_spread_chance=0.4,
        virus_check_frequency=0.4,
        recovery_chance=0.3,
        gain_resistance_chance=0.5,
        seed=seed,
    )


def main():
    what, nodes, outbreak, steps, runs = sys.argv[1], *map(int, sys.argv[2:6])
    if what in ("time", "whole"):
        seconds = []
        for seed in range(runs):
            built = time.perf_counter()
            m = model(nodes, outbreak, seed)
            started = built if what == "whole" else time.perf_counter()
            for _ in range(steps):
                m.step()
            seconds.append(time.perf_counter() - started)
        best = min(seconds)
        print(f"run_s {best:.3f} ticks_per_s {steps / best:.1f} host_ticks_per_s {nodes * steps / best:.0f}")
    else:
        samples = {state: [] for state in State}
        for seed in range(runs):
            m = model(nodes, outbreak, seed)
            for _ in range(steps):
                m.step()
            agents = list(m.agents)
            for state in State:
                samples[state].append(sum(a.state is state for a in agents) / len(agents))
        for state, name in [(State.SUSCEPTIBLE, "susceptible"), (State.INFECTED, "infected"), (State.RESISTANT, "resistant")]:
            values = samples[state]
            mean = statistics.fmean(values)
            error = statistics.stdev(values) / len(values) ** 0.5 if len(values) > 1 else 0.0
            print(f"{name} {mean:.4f} {error:.4f}")


main()
