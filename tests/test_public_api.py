from __future__ import annotations

import subprocess
import sys

import shield_middleware


def test_all_names_are_exported() -> None:
    for name in shield_middleware.__all__:
        assert hasattr(shield_middleware, name), name


def test_import_does_not_load_onnxruntime_tokenizers_or_torch() -> None:
    code = (
        "import sys, shield_middleware\n"
        "from shield_middleware import Shield, MLConfig\n"
        "heavy = [m for m in ('onnxruntime', 'tokenizers', 'torch', 'transformers') if m in sys.modules]\n"
        "print(','.join(heavy))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
