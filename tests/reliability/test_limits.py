"""core.limits: the estimator's arithmetic, its memory refusal, and the limits table against the code it
describes (measured-vs-estimated figures are benchmarks/bench_limits.py's, not a test's)."""

from __future__ import annotations

import pytest

from core import limits


@pytest.mark.parametrize("depth, width, batchnorm, task", [(1, 3, False, "spirals"), (4, 16, True, "blobs"),
                                                           (2, 7, False, "regression-1d")])
def test_parameter_count_is_the_networks(depth, width, batchnorm, task, one_torch_thread):
    from core.training.datasets import make_dataset
    from core.training.optim_spec import OptimSpec
    from core.training.twin import TwinConfig, TwinTrainer

    spec = OptimSpec.parse("optimizer=sgd,lr=0.1")
    trainer = TwinTrainer(TwinConfig(task=task, depth=depth, width=width, batchnorm=batchnorm, steps=1, a=spec, b=spec))
    data = make_dataset(task, 16)
    real = sum(p.numel() for p in trainer.runs["a"].model.parameters())
    assert limits.mlp_parameters(data.in_dim, data.out_dim, depth, width, batchnorm) == real


def test_estimates_grow_with_the_job_size():
    small, big = limits.sweep_estimate(64 * 64, 500), limits.sweep_estimate(512 * 512, 1_000_000)
    assert big.seconds == pytest.approx(small.seconds * 64 * 2000)
    assert big.needs_confirmation and not small.needs_confirmation
    assert limits.sweep_estimate(100, 100, instructions=50).seconds > limits.sweep_estimate(100, 100).seconds
    adam = limits.train_estimate(in_dim=2, out_dim=2, depth=32, width=4096, steps=10, batch_size=64, samples=512,
                                 optimizers=("adam", "adam"), dtype_bytes=8)
    params = limits.mlp_parameters(2, 2, 32, 4096)
    assert adam.bytes > params * 8 * 4 * 2  # weights, gradient and two moments, for both networks
    sgd = limits.train_estimate(in_dim=2, out_dim=2, depth=32, width=4096, steps=10, batch_size=64, samples=512,
                                optimizers=("sgd", "sgd"), dtype_bytes=8)
    assert adam.bytes - sgd.bytes == params * 8 * 4  # two state slots more per network


def test_memory_that_cannot_fit_is_refused_with_the_estimate(monkeypatch):
    monkeypatch.setattr(limits, "physical_memory", lambda: 8 * 2**30)
    fits = limits.Estimate(1.0, 6 * 2**30, "a job")
    assert limits.check_memory(fits) is fits
    with pytest.raises(limits.JobTooLarge, match=r"about 7\.0 GB of memory \(a big job\).*8\.0 GB"):
        limits.check_memory(limits.Estimate(1.0, 7 * 2**30, "a big job"))


def test_physical_memory_is_read():
    with open("/proc/meminfo", encoding="ascii") as handle:
        total_kb = int(next(line for line in handle if line.startswith("MemTotal:")).split()[1])
    assert limits.physical_memory() == pytest.approx(total_kb * 1024, rel=0.01)


@pytest.mark.parametrize("seconds, text", [(0.2, "under a second"), (42, "42 s"), (600, "10 min"),
                                           (3.6 * 3600, "3.6 h"), (10 * 86400, "10 days")])
def test_durations_read_naturally(seconds, text):
    assert limits.format_seconds(seconds) == text


def test_the_limits_table_states_the_codes_limits():
    from core.export.files import read_regular_file  # noqa: F401 - the scene-file row's mechanism
    from core.scene import MAX_FILE_BYTES
    from core.surfaces.formula import MAX_DEPTH, MAX_LENGTH, MAX_NONLINEAR
    from core.surfaces.program import MAX_GRADIENT_SIZE

    table = {what: limit for what, limit, _ in limits.LIMITS}
    assert table["formula length"].startswith(f"{MAX_LENGTH:,} ")
    nesting = table["formula nesting"]
    assert f"{MAX_DEPTH} levels" in nesting and f"{MAX_NONLINEAR} functions" in nesting
    assert f"{MAX_GRADIENT_SIZE:,}" in table["formula gradient size"]
    assert table["scene file"].startswith(f"{MAX_FILE_BYTES:,} bytes")


@pytest.mark.parametrize("kind", ["csv", "json"])
def test_a_data_exports_estimate_counts_its_text_from_a_third_to_10_times_the_measured(kind):
    """The text of a small export, timed in this thread's CPU seconds (other processes on the machine do
    not count), against the estimate's text share: the run alone would leave that share at nothing."""
    import time

    from core.engine import run
    from core.export.data import optimizer_labels, trajectories_csv, trajectories_json
    from core.optim.spec import OptimizerSpec
    from core.surfaces import get_surface

    runs, steps = 2, 20_000
    specs = [OptimizerSpec("adam", lr=0.01), OptimizerSpec("sgd", lr=0.001)]
    paths = run(get_surface("canyon"), specs, steps, (-1.0, 1.0))
    labels = optimizer_labels(specs)
    start = time.thread_time()
    text = trajectories_csv(paths, labels) if kind == "csv" else trajectories_json(paths, labels, specs)
    measured = time.thread_time() - start
    estimate = limits.data_export_estimate(runs, steps, kind)
    text_share = estimate.seconds - limits.trajectory_estimate(runs, steps).seconds
    assert measured / 3 <= text_share <= measured * 10  # conservative: a faster machine is not a failure
    assert estimate.bytes - limits.trajectory_estimate(runs, steps).bytes >= 2 * len(text)  # text + bytes
    big = limits.data_export_estimate(16, 1_000_000, kind)  # what the window must ask about
    assert big.needs_confirmation and "16,000,016 rows" in big.what
