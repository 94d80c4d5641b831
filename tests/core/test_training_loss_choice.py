"""The Training tab's loss choice (TrainingConfig.loss, center_inputs): a classification task trains on
cross-entropy or on Cohen et al.'s square loss on one-hot targets, and its landscape and sharpness are
computed on the loss it trained on (lesson 17's chart and text must agree)."""

from __future__ import annotations

import numpy as np
import pytest
import torch

from core.training.config import TrainingConfig
from core.training.twin import TwinTrainer

pytestmark = pytest.mark.usefixtures("one_torch_thread")

SMALL = {"task": "blobs", "n_samples": 64, "batch_size": 0, "steps": 2, "model": {"depth": 1, "width": 6},
         "a": {"optimizer": "sgd", "lr": 0.1}, "b": {"optimizer": "sgd", "lr": 0.05}}


def test_the_square_loss_is_half_the_mean_summed_squared_error_to_one_hot():
    trainer = TwinTrainer(TrainingConfig.from_dict({**SMALL, "loss": "mse"}))
    with torch.no_grad():
        out = trainer.runs["a"].model(trainer.x).double()
    target = torch.nn.functional.one_hot(trainer.y, out.shape[1]).double()
    expected = 0.5 * ((out - target) ** 2).sum(dim=1).mean().item()
    record = trainer.step()
    assert record.loss("a") == pytest.approx(expected, rel=1e-5)
    assert trainer.loss_name == "half_sq"  # what the landscape and the sharpness chart rebuild
    cross = TwinTrainer(TrainingConfig.from_dict(SMALL))
    assert cross.loss_name == "cross_entropy"
    assert cross.step().loss("a") != pytest.approx(expected, rel=1e-3)


def test_centred_inputs_have_a_zero_training_mean_and_predict_sees_the_same_shift():
    plain = TwinTrainer(TrainingConfig.from_dict(SMALL))
    centred = TwinTrainer(TrainingConfig.from_dict({**SMALL, "center_inputs": True}))
    assert np.abs(centred.x.double().mean(dim=0).numpy()).max() < 1e-6
    assert np.abs(plain.x.double().mean(dim=0).numpy()).max() > 1e-3
    points = plain.dataset.x[:5]
    # same weights: the centred net at x − mean is the plain net at x − mean
    assert np.allclose(centred.predict("a", points), plain.predict("a", points - centred.input_shift), atol=1e-6)


@pytest.mark.parametrize("values, words", [({"loss": "hinge"}, "loss"), ({"center_inputs": "yes"}, "center_inputs"),
                                           ({"sharpness_chart": 1}, "sharpness_chart")])
def test_bad_loss_settings_are_refused_in_one_line(values, words):
    with pytest.raises(ValueError, match=words):
        TrainingConfig.from_dict({**SMALL, **values})


def test_the_new_settings_survive_a_round_trip():
    config = TrainingConfig.from_dict({**SMALL, "loss": "mse", "center_inputs": True, "sharpness_chart": True})
    assert TrainingConfig.from_dict(config.to_dict()) == config
