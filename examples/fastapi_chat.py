"""A FastAPI chat app guarded by shield-middleware.

`/v1/chat/completions` speaks OpenAI's chat format; an echo "model" stands in for the LLM. The
page at `/` is a small chat UI that shows blocked and annotated verdicts.

    uvicorn examples.fastapi_chat:app          # or: shield-middleware demo
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.responses import HTMLResponse

from shield_middleware import ShieldMiddleware

HERE = Path(__file__).parent

app = FastAPI(title="shield-middleware demo")
app.add_middleware(ShieldMiddleware, policies=HERE / "policy.toml")


@app.get("/", response_class=HTMLResponse)
async def index() -> str:
    return (HERE / "chat.html").read_text(encoding="utf-8")


async def _json_object(request: Request) -> dict[str, Any]:
    """The request's JSON object, or a 400 (the guard passes bodies it reads as text; an app
    still answers them as it would without the guard)."""
    try:
        body = await request.json()
    except ValueError:
        raise HTTPException(400, "expected a JSON body") from None
    if not isinstance(body, dict):
        raise HTTPException(400, "expected a JSON object")
    return body


@app.post("/v1/chat/completions")
async def chat_completions(request: Request) -> dict[str, Any]:
    body = await _json_object(request)
    messages = body.get("messages")
    if not isinstance(messages, list):
        raise HTTPException(400, "expected 'messages' to be a list")
    last = next((m for m in reversed(messages) if isinstance(m, dict) and m.get("role") == "user"), {})
    content = last.get("content", "")
    verdict = getattr(request.state, "shield", None)
    return {
        "id": f"chatcmpl-demo-{int(time.time() * 1000)}",
        "object": "chat.completion",
        "model": body.get("model", "echo"),
        "choices": [
            {"index": 0, "finish_reason": "stop", "message": {"role": "assistant", "content": f"You said: {content}"}}
        ],
        # What the guard concluded, for the demo page (an app would use it for its own logic).
        "shield": None
        if verdict is None
        else {"action": verdict.action.value, "categories": list(verdict.categories), "method": verdict.method.value},
    }


@app.post("/feedback")
async def feedback(request: Request) -> dict[str, Any]:
    # With the policy's redact = true, secrets and PII arrive here already masked.
    return {"received": await _json_object(request)}
