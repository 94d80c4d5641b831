"""The run history: growing numpy buffers of every step received (appends amortised O(1)), no Qt."""

from __future__ import annotations

import numpy as np

from app.training.messages import Progress

SERIES = ("steps", "loss_a", "loss_b", "distance", "lr_a", "lr_b", "ema_a", "ema_b")
SCORES = ("score_steps", "score_a", "score_b", "test_loss_a", "test_loss_b", "test_score_a", "test_score_b")
EMA_ALPHA = 0.05  # the smoothed mini-batch loss: ema ← ema + α (loss − ema), started at the first loss


class History:
    """Everything the worker has sent since the runs were (re)built."""

    def __init__(self, n_layers: int = 0):
        self.n = 0
        self.n_layers = n_layers
        self._cap = 1024
        for name in SERIES:
            setattr(self, name, np.zeros(self._cap))
        self._scores: dict[str, list[np.ndarray]] = {name: [] for name in SCORES}
        self._ema = {"a": np.nan, "b": np.nan}
        self.grad_a = np.full(n_layers, np.nan)  # the latest finite per-layer norms
        self.grad_b = np.full(n_layers, np.nan)
        self.grad_first_a: np.ndarray | None = None  # run A's norms at step 1

    def append(self, progress: Progress) -> None:
        k = len(progress.steps)
        if self.n + k > self._cap:
            while self.n + k > self._cap:
                self._cap *= 2
            for name in SERIES:
                grown = np.zeros(self._cap)
                grown[:self.n] = getattr(self, name)[:self.n]
                setattr(self, name, grown)
        sl = slice(self.n, self.n + k)
        self.steps[sl] = progress.steps
        self.distance[sl] = progress.distance
        for run in ("a", "b"):
            getattr(self, f"loss_{run}")[sl] = progress.loss[run]
            getattr(self, f"lr_{run}")[sl] = progress.lr[run]
            ema, out = self._ema[run], getattr(self, f"ema_{run}")
            for i, value in enumerate(progress.loss[run].tolist()):
                if not np.isfinite(value):
                    ema = np.nan
                else:
                    ema = value if not np.isfinite(ema) else ema + EMA_ALPHA * (value - ema)
                out[self.n + i] = ema
            self._ema[run] = ema
        self.n += k
        if len(progress.score_steps):
            parts = {"score_steps": progress.score_steps, "score_a": progress.score.a, "score_b": progress.score.b,
                     "test_loss_a": progress.test_loss.a, "test_loss_b": progress.test_loss.b,
                     "test_score_a": progress.test_score.a, "test_score_b": progress.test_score.b}
            for name in SCORES:
                self._scores[name].append(np.asarray(parts[name]))
        for run in ("a", "b"):
            grads = progress.grad[run]
            finite_rows = grads[np.isfinite(grads).any(axis=1)] if grads.size else grads
            if len(finite_rows):
                setattr(self, f"grad_{run}", finite_rows[-1].copy())
        if k and self.grad_first_a is None and np.isfinite(progress.grad.a[0]).any():
            self.grad_first_a = np.array(progress.grad.a[0])

    def evaluations(self) -> dict[str, np.ndarray]:
        """The evaluation steps' series: score_steps, score_a/b (training set), test_loss_a/b, test_score_a/b."""
        if not self._scores["score_steps"]:
            return {name: np.zeros(0) for name in SCORES}
        if len(self._scores["score_steps"]) > 1:  # keep one array each so redraws stay cheap
            self._scores = {name: [np.concatenate(parts)] for name, parts in self._scores.items()}
        return {name: parts[0] for name, parts in self._scores.items()}

    def scores(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(evaluation steps, score A, score B) on the training set."""
        e = self.evaluations()
        return e["score_steps"], e["score_a"], e["score_b"]

    def latest_distance(self) -> float:
        return float(self.distance[self.n - 1]) if self.n else 0.0

    def as_dict(self) -> dict[str, np.ndarray]:
        """Copies: steps, loss_a/b, distance, lr_a/b, score_steps/a/b, grad_a/b (latest)."""
        e = self.evaluations()
        n = self.n
        return {
            **{name: getattr(self, name)[:n].copy() for name in SERIES},
            **{name: values.copy() for name, values in e.items()},
            "steps": self.steps[:n].astype(np.int64),
            "score_steps": e["score_steps"].astype(np.int64),
            "grad_a": self.grad_a.copy(), "grad_b": self.grad_b.copy(),
        }
