"""A Flask app guarded by shield-middleware's WSGI adapter (the routes of examples/policy.toml).

flask --app examples.flask_app run        # or: gunicorn examples.flask_app:app
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from flask import Flask, request

from shield_middleware import ShieldWSGIMiddleware

app = Flask(__name__)
app.wsgi_app = ShieldWSGIMiddleware(app.wsgi_app, policies=Path(__file__).parent / "policy.toml")  # type: ignore[method-assign]


def _json_object() -> dict[str, Any] | None:
    """The request's JSON object, or None (the guard passes bodies it reads as text; an app
    still answers them as it would without the guard)."""
    body = request.get_json(silent=True)
    return body if isinstance(body, dict) else None


@app.post("/v1/chat/completions")
def chat_completions() -> tuple[dict[str, Any], int]:
    body = _json_object()
    messages = body.get("messages") if body is not None else None
    if not isinstance(messages, list):
        return {"error": {"message": "expected a JSON object with a 'messages' list"}}, 400
    last = next((m for m in reversed(messages) if isinstance(m, dict) and m.get("role") == "user"), {})
    verdict = request.environ.get("shield_middleware.verdict")
    reply = {
        "object": "chat.completion",
        "choices": [{"index": 0, "message": {"role": "assistant", "content": f"You said: {last.get('content', '')}"}}],
        "shield": verdict.action.value if verdict else None,
    }
    return reply, 200


@app.post("/feedback")
def feedback() -> tuple[dict[str, Any], int]:
    # With the policy's redact = true, secrets and PII arrive here already masked.
    body = _json_object()
    if body is None:
        return {"error": {"message": "expected a JSON object"}}, 400
    return {"received": body}, 200
