"""What the optimizer-state view adds to a recompute (issue 17), measured side by side in one run.

For the 7 optimizers × 1,000 steps of a race, on a built-in surface (hand-derived Hessian) and on a typed
formula (SymPy Hessian, lambdified once and cached), three calls alternate in every round:

  recompute             core.engine.run.run alone (what a slider move computes without the state);
  + state + λmax        run, then core.engine.state.record_state (the recording replay kernel) and
                        stability (Hessian at every head, λmax, preconditioned sharpness): a second pass,
                        the app's pattern before the race recorded its state itself;
  record_state instead  record_state and stability only, its trajectories() standing in for run()'s
                        (the same Trajectories, bit for bit): what the app computes while the state is
                        shown (app.model.compute_race with record=True on the GUI thread, then
                        app.models.inside.compute_inside's stability on a worker).

Target: ≤ 3 ms extra for all 7 (the app's figure: "record_state instead of run()"). Each figure is the
median over the rounds, and the extra is the median of the per-round differences (paired, so a noisy stretch
of the shared machine hits both sides). Two clocks: the thread's CPU time (time.thread_time: what the work
costs, not what other processes take from it) and the wall clock. Also printed: the parts (recording,
stability) and whether the replay came from the ahead-of-time module or the JIT.

    .venv/bin/python benchmarks/bench_state.py [ROUNDS]
"""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from core.engine import compiled  # noqa: E402
from core.engine.run import run  # noqa: E402
from core.engine.state import record_state, stability, state_table  # noqa: E402
from core.optim.spec import KINDS, OptimizerSpec  # noqa: E402
from core.surfaces.surface import get_surface, surface_from_formula  # noqa: E402

STEPS = 1000
CLOCKS = (("CPU", time.thread_time), ("wall", time.perf_counter))


def side_by_side(calls: dict, rounds: int) -> dict:
    """{name: {clock: [ms per round]}} for ``calls`` run in turn, round after round.

    Each call's result is kept until the same call's next result has returned, as the app keeps the
    previous race and state on screen while it computes the next: dropping it first hands its pages
    back, and the next call then pays page faults for fresh memory, which dominated the figure."""
    kept = {name: call() for name, call in calls.items()}  # compile / fill caches
    times = {name: {clock: [] for clock, _ in CLOCKS} for name in calls}
    for _ in range(rounds):
        for name, call in calls.items():
            cpu, wall = time.thread_time(), time.perf_counter()
            result = call()
            times[name]["wall"].append((time.perf_counter() - wall) * 1e3)
            times[name]["CPU"].append((time.thread_time() - cpu) * 1e3)
            kept[name] = result  # the previous result lives until now (see above)
    return times


def extra(times: dict, name: str, base: str, clock: str) -> float:
    """Median over the rounds of ``name``'s time minus ``base``'s in the same round."""
    return statistics.median(a - b for a, b in zip(times[name][clock], times[base][clock], strict=True))


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    specs = [OptimizerSpec(kind, lr=1e-3 if kind in ("sgd", "momentum", "nesterov") else 1e-2) for kind in KINDS]
    print(f"replay from: {'ahead-of-time module' if compiled.AHEAD_OF_TIME is not None else 'numba JIT'}; "
          f"medians of {rounds} rounds, the calls alternating")
    for label, surface in (("rosenbrock (built-in)", get_surface("rosenbrock")),
                           ("typed formula", surface_from_formula("sin(x)*y^2 + 0.1*x^4 + exp(-x^2)"))):
        state = record_state(surface, specs, STEPS)

        def recording_instead(s=surface):
            recorded = record_state(s, specs, STEPS)
            return recorded.trajectories(), stability(s, specs, recorded)

        times = side_by_side({
            "recompute": lambda s=surface: run(s, specs, STEPS),
            "with state": lambda s=surface: (run(s, specs, STEPS), stability(s, specs, record_state(s, specs, STEPS))),
            "instead": recording_instead,
            "recording": lambda s=surface: record_state(s, specs, STEPS),
            "stability": lambda s=surface, st=state: stability(s, specs, st),
        }, rounds)
        median = {name: {clock: statistics.median(t) for clock, t in by_clock.items()}
                  for name, by_clock in times.items()}
        print(label)
        for clock, _ in CLOCKS:
            print(f"  {clock:>4}: recompute {median['recompute'][clock]:.2f} ms; + state + λmax "
                  f"{median['with state'][clock]:.2f} ms, i.e. "
                  f"{extra(times, 'with state', 'recompute', clock):+.2f} ms as a second pass | "
                  f"record_state instead of run() (the app): "
                  f"{extra(times, 'instead', 'recompute', clock):+.2f} ms (target ≤ 3 ms) | parts: recording "
                  f"{median['recording'][clock]:.2f} ms, stability {median['stability'][clock]:.2f} ms")
        table = statistics.median(side_by_side({"table": lambda s=surface: state_table(s, specs, STEPS)},
                                               10)["table"]["wall"])
        print(f"  JSON state table (CLI) {table:.1f} ms wall")


if __name__ == "__main__":
    main()
