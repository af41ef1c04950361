"""A Flask app guarded by shield-middleware's WSGI adapter.

flask --app examples.flask_app run        # or: gunicorn examples.flask_app:app
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, request

from shield_middleware import ShieldWSGIMiddleware

app = Flask(__name__)
app.wsgi_app = ShieldWSGIMiddleware(app.wsgi_app, policies=Path(__file__).parent / "policy.toml")  # type: ignore[method-assign]


@app.post("/v1/chat/completions")
def chat_completions() -> dict[str, Any]:
    body = request.get_json()
    verdict = request.environ.get("shield_middleware.verdict")
    last = body["messages"][-1]["content"] if body.get("messages") else ""
    return {
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": f"You said: {last}"}}],
        "shield": verdict.action.value if verdict else None,
    }
