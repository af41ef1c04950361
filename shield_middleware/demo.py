"""``shield-middleware demo``: serve examples/fastapi_chat.py on 127.0.0.1 with uvicorn."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "fastapi_chat.py"


def serve(host: str = "127.0.0.1", port: int = 8000) -> int:
    try:
        import uvicorn
    except ImportError:
        print("shield-middleware demo needs the demo extra: pip install -e '.[demo]'", file=sys.stderr)
        return 69
    if not EXAMPLE.exists():
        print(f"shield-middleware demo: {EXAMPLE} not found (run from a source checkout)", file=sys.stderr)
        return 66
    spec = importlib.util.spec_from_file_location("shield_demo_app", EXAMPLE)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except ImportError as exc:
        print(f"shield-middleware demo needs the demo extra ({exc}): pip install -e '.[demo]'", file=sys.stderr)
        return 69
    print(f"shield-middleware demo: open http://{host}:{port}/ (Ctrl+C to stop)", file=sys.stderr)
    uvicorn.run(module.app, host=host, port=port, log_level="info")
    return 0
