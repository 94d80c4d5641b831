"""What the optimizer-state view adds to a recompute (issue 17), measured side by side in one run.

For the 7 optimizers × 1,000 steps of a race: the engine's run alone, then the extra work of the state
panel and gauge — core.engine.state.record_state (the recording replay kernel) and the stability curves
(Hessian at every head, λmax, preconditioned sharpness) — on a built-in surface (hand-derived Hessian)
and on a typed formula (SymPy Hessian, lambdified once and cached). Target: ≤ 3 ms extra for all 7.
Two ways to pay it: recording on top of the engine's run, or recording *instead of* it (the recording
returns the same Trajectories bit for bit, so a recompute that shows the state needs only one pass).
Also printed: whether the replay came from the ahead-of-time module or the JIT.

    .venv/bin/python benchmarks/bench_state.py [--best]
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


def median_ms(fn, repeats=100):
    """Median of ``repeats`` calls (the shared 2-core machine is noisy: `--best` prints the fastest call,
    what the code costs without other processes' interference).

    Each call's result is kept until the next call has returned, as the app keeps the previous race and
    state on screen while it computes the next: dropping it first hands its pages back, and the next call
    then pays page faults for fresh memory, which dominated the figure."""
    kept = fn()  # compile / fill caches
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1e3)
        kept = result  # noqa: F841 — the previous result lives until now (see above)
    return min(times) if "--best" in sys.argv else statistics.median(times)


def main():
    specs = [OptimizerSpec(kind, lr=1e-3 if kind in ("sgd", "momentum", "nesterov") else 1e-2) for kind in KINDS]
    print(f"replay from: {'ahead-of-time module' if compiled.AHEAD_OF_TIME is not None else 'numba JIT'}; "
          f"{'fastest' if '--best' in sys.argv else 'median'} of 100 calls")
    for label, surface in (("rosenbrock (built-in)", get_surface("rosenbrock")),
                           ("typed formula", surface_from_formula("sin(x)*y^2 + 0.1*x^4 + exp(-x^2)"))):
        engine = median_ms(lambda s=surface: run(s, specs, STEPS))
        recompute_with_state = median_ms(
            lambda s=surface: (run(s, specs, STEPS), stability(s, specs, record_state(s, specs, STEPS))))
        replay = median_ms(lambda s=surface: record_state(s, specs, STEPS))
        state = record_state(surface, specs, STEPS)
        curves = median_ms(lambda s=surface, st=state: stability(s, specs, st))
        both = median_ms(lambda s=surface: stability(s, specs, record_state(s, specs, STEPS)))
        table = median_ms(lambda s=surface: state_table(s, specs, STEPS), repeats=10)
        print(f"{label}: recompute (engine run) {engine:.2f} ms; recompute + state + λmax "
              f"{recompute_with_state:.2f} ms, i.e. {recompute_with_state - engine:+.2f} ms on top (target ≤ 3 ms) "
              f"| parts: state {replay:.2f} ms + stability {curves:.2f} ms = {both:.2f} ms | record_state "
              f"replacing run(): {both - engine:+.2f} ms | JSON state table (CLI) {table:.1f} ms")


if __name__ == "__main__":
    main()
