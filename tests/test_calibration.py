from __future__ import annotations

import pytest

from shield_middleware import Action, MLConfig, Shield
from shield_middleware.calibration import Calibrator

from .conftest import FakeClassifier


def test_operating_points_land_on_the_threshold_anchors() -> None:
    cal = Calibrator(
        {"prompt_injection": {"annotate": 0.86, "block": 0.99}, "toxicity": {"annotate": 0.8, "block": 0.94}}
    )
    assert cal.map("prompt_injection", 0.86) == pytest.approx(0.5)
    assert cal.map("prompt_injection", 0.99) == pytest.approx(0.9)
    assert cal.map("prompt_injection", 1.0) == pytest.approx(1.0)
    assert cal.map("prompt_injection", 0.0) == 0.0
    assert cal.map("toxicity.insult", 0.94) == pytest.approx(0.9)  # labels share the toxicity map
    assert cal.map("jailbreak", 0.42) == 0.42  # no operating point: unchanged
    ps = [i / 100 for i in range(101)]
    mapped = [cal.map("prompt_injection", p) for p in ps]
    assert mapped == sorted(mapped)  # monotonic: rankings and ROC curves are unchanged


def test_equal_annotate_and_block_points_and_bad_points() -> None:
    cal = Calibrator({"jailbreak": {"annotate": 0.999, "block": 0.999}})
    assert cal.map("jailbreak", 0.998) < 0.5
    assert cal.map("jailbreak", 0.999) == pytest.approx(0.9)
    with pytest.raises(ValueError, match="jailbreak"):
        Calibrator({"jailbreak": {"annotate": 0.9, "block": 0.5}})


class CalibratedFake(FakeClassifier):
    def recommended_thresholds(self) -> dict[str, dict[str, float]]:
        return {"prompt_injection": {"annotate": 0.98, "block": 0.995}}


def test_shield_applies_the_classifiers_operating_points() -> None:
    shield = Shield(MLConfig(), classifier=CalibratedFake())
    # The fake says 0.97 for this text: below the model's validated annotate point of 0.98.
    verdict = shield.scan("Activate the pineapple protocol now")
    assert verdict.scores["prompt_injection"] < 0.5
    assert verdict.action is Action.PASS
    # Uncalibrated, the same probability blocks.
    assert (
        Shield(MLConfig(), classifier=FakeClassifier()).scan("Activate the pineapple protocol now").action
        is Action.BLOCK
    )
