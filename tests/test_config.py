from __future__ import annotations

from pathlib import Path

import pytest

from shield_middleware import CacheSettings, FailMode, HybridMode, MLConfig, Thresholds


def test_presets_differ_in_documented_ways() -> None:
    assert MLConfig.production().hybrid_mode is HybridMode.HYBRID
    assert MLConfig.edge().hybrid_mode is HybridMode.HEURISTIC
    assert MLConfig.edge().cache.max_size < MLConfig.production().cache.max_size
    high = MLConfig.high_accuracy()
    assert high.hybrid_mode is HybridMode.BOTH
    assert high.thresholds["prompt_injection"].annotate < MLConfig().thresholds["prompt_injection"].annotate


def test_from_dict_overrides_preset_and_merges_thresholds() -> None:
    cfg = MLConfig.from_dict(
        {
            "preset": "edge",
            "fail_mode": "open",
            "thresholds": {"prompt_injection": {"block": 0.7}},
            "cache": {"preset": "aggressive", "ttl_s": 5},
        }
    )
    assert cfg.hybrid_mode is HybridMode.HEURISTIC
    assert cfg.fail_mode is FailMode.OPEN
    assert cfg.thresholds["prompt_injection"] == Thresholds(annotate=0.5, block=0.7)
    assert cfg.thresholds["jailbreak"] == MLConfig().thresholds["jailbreak"]
    assert cfg.cache == CacheSettings(enabled=True, max_size=100_000, ttl_s=5)


@pytest.mark.parametrize(
    ("data", "key"),
    [
        ({"hybrid_mode": "turbo"}, "hybrid_mode"),
        ({"thresholds": {"jailbreak": {"block": 1.5}}}, "thresholds.jailbreak.block"),
        ({"thresholds": {"jailbreak": {"block": 0.2, "annotate": 0.6}}}, "thresholds.jailbreak.block"),
        ({"thresholds": {"jailbreak": {"blok": 0.2}}}, "thresholds.jailbreak.blok"),
        ({"timeout_s": -1}, "timeout_s"),
        ({"max_chars": 0}, "max_chars"),
        ({"cache": {"max_size": 0}}, "cache.max_size"),
        ({"cache": {"preset": "huge"}}, "cache.preset"),
        ({"custom_patterns": {"bad": "(unclosed"}}, "custom_patterns.bad"),
        ({"colour": "blue"}, "colour"),
        ({"preset": "fastest"}, "preset"),
        ({"fail_mode": "sideways"}, "fail_mode"),
        ({"redact_categories": ["toxicity"]}, "redact_categories"),
        # Truthy strings and booleans-as-numbers would switch a feature on or mean 1.
        ({"redact": "false"}, "redact"),
        ({"cache": {"enabled": "no"}}, "cache.enabled"),
        ({"cache": {"max_size": "big"}}, "cache.max_size"),
        ({"timeout_s": True}, "timeout_s"),
        ({"heuristic_settle": True}, "heuristic_settle"),
        ({"inline_max_chars": -5}, "inline_max_chars"),
        ({"custom_patterns": {"x": 5}}, "custom_patterns.x"),
    ],
)
def test_invalid_values_raise_value_error_naming_the_key(data: dict[str, object], key: str) -> None:
    with pytest.raises(ValueError, match=key.replace(".", r"\.")):
        MLConfig.from_dict(data)


def test_from_toml_reads_a_sub_table(tmp_path: Path) -> None:
    path = tmp_path / "shield.toml"
    path.write_text(
        '[shield]\nhybrid_mode = "both"\nbanned_substrings = ["Project X"]\n'
        "[shield.thresholds.secrets]\nannotate = 0.4\nblock = 0.6\n"
    )
    cfg = MLConfig.from_toml(path, table="shield")
    assert cfg.hybrid_mode is HybridMode.BOTH
    assert cfg.banned_substrings == ("Project X",)
    assert cfg.thresholds["secrets"] == Thresholds(annotate=0.4, block=0.6)


def test_from_toml_names_a_missing_table(tmp_path: Path) -> None:
    path = tmp_path / "shield.toml"
    path.write_text('[shield]\nbanned_substrings = ["Project X"]\n')
    with pytest.raises(ValueError, match=r"no \[shiled\] table"):
        MLConfig.from_toml(path, table="shiled")


def test_from_toml_invalid_file_names_the_path(tmp_path: Path) -> None:
    path = tmp_path / "broken.toml"
    path.write_text("hybrid_mode = \n")
    with pytest.raises(ValueError, match=r"broken\.toml"):
        MLConfig.from_toml(path)


def test_fingerprint_tracks_settings_that_change_verdicts() -> None:
    base = MLConfig()
    assert base.fingerprint() == MLConfig().fingerprint()
    assert base.fingerprint() != base.with_overrides({"thresholds": {"pii": {"block": 0.9}}}).fingerprint()
    # The cache's own size does not change any verdict.
    assert base.fingerprint() == base.with_overrides({"cache": {"max_size": 5}}).fingerprint()
