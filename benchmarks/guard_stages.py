"""Where a guarded request's server time goes, in process (no server, no sockets).

python -m benchmarks.guard_stages [--quick]

~500-byte OpenAI chat payloads (benchmarks.texts.chat_prompt) go as raw ASGI calls through a
bare Starlette echo app and through the same app behind `ShieldMiddleware` (heuristics only):
unique prompts (every scan computed), and one prompt repeated (every scan a cache hit: what
the middleware costs apart from the scanning). The guard's two halves are also timed alone on
other unique payloads: parsing the body and pulling out the text (`RouteGuard.inspect`), and
scanning the pieces (`Shield.scan_many`). Medians of per-call times from one run. Inside the
app the scan costs more than alone in a tight loop (the app's code and data compete for the
CPU caches), so the split is read from the requests, not from the parts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from shield_middleware import HybridMode, MLConfig, RoutePolicy, Shield, ShieldMiddleware

from .stats import percentiles, time_calls
from .texts import chat_prompt

Message = dict[str, Any]


async def _echo(req: Request) -> JSONResponse:
    body = await req.body()
    return JSONResponse({"ok": True, "bytes": len(body)})


def _app() -> Starlette:
    return Starlette(routes=[Route("/chat", _echo, methods=["POST"]), Route("/other", _echo, methods=["POST"])])


def chat_body(seed: int) -> bytes:
    return json.dumps({"model": "m", "messages": [{"role": "user", "content": chat_prompt(seed)}]}).encode()


def _scope(path: str, body: bytes) -> dict[str, Any]:
    return {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())],
        "client": ("127.0.0.1", 50000),
        "server": ("127.0.0.1", 8000),
    }


async def _call(app: Callable[..., Awaitable[None]], path: str, body: bytes) -> int:
    """One request as a server would make it; returns the response status."""
    pending = [{"type": "http.request", "body": body, "more_body": False}]
    status = 0

    async def receive() -> Message:
        return pending.pop() if pending else {"type": "http.disconnect"}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    await app(_scope(path, body), receive, send)
    return status


async def _time_requests(app: Callable[..., Awaitable[None]], path: str, bodies: Sequence[bytes]) -> dict[str, float]:
    for body in bodies[:50]:  # warm-up (these bodies are then cached: the timed ones are not)
        await _call(app, path, body)
    samples = []
    for body in bodies[50:]:
        started = time.perf_counter_ns()
        status = await _call(app, path, body)
        samples.append((time.perf_counter_ns() - started) / 1000.0)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}: the benchmark's prompts must pass")
    return percentiles(samples)


def run(quick: bool = False) -> dict[str, Any]:
    n = 500 if quick else 3000
    bare = _app()
    shield = Shield(MLConfig(hybrid_mode=HybridMode.HEURISTIC))
    guarded = ShieldMiddleware(_app(), shield=shield, policies=[RoutePolicy("/chat", methods=frozenset({"POST"}))])
    policy = guarded.guard.policy_for("POST", "/chat", None)
    assert policy is not None

    def bodies(stage: int) -> list[bytes]:
        # Each stage its own prompts: nothing it times was scanned (and cached) before.
        return [chat_body(stage * 1_000_000 + i) for i in range(n + 50)]

    async def requests() -> dict[str, dict[str, float]]:
        return {
            "bare_app": await _time_requests(bare, "/chat", bodies(1)),
            "guarded_app": await _time_requests(guarded, "/chat", bodies(2)),
            "guarded_app_repeated_prompt": await _time_requests(guarded, "/chat", [chat_body(0)] * (n + 50)),
            "unguarded_route_with_middleware": await _time_requests(guarded, "/other", bodies(3)),
        }

    out: dict[str, Any] = asyncio.run(requests())

    def inspect(body: bytes) -> list[str]:
        return [piece.text for piece in guarded.guard.inspect(policy, body, "application/json", "").pieces]

    out["inspect"] = time_calls(inspect, bodies(4))
    pieces = [inspect(body) for body in bodies(5)]
    out["scan_pieces"] = time_calls(shield.scan_many, pieces)
    out["pieces_per_request"] = len(pieces[0])
    p50 = {k: v["p50_us"] for k, v in out.items() if isinstance(v, dict)}
    out["added_us_p50"] = round(p50["guarded_app"] - p50["bare_app"], 1)
    out["added_without_scanning_us_p50"] = round(p50["guarded_app_repeated_prompt"] - p50["bare_app"], 1)
    out["scanning_in_app_us_p50"] = round(p50["guarded_app"] - p50["guarded_app_repeated_prompt"], 1)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true")
    print(json.dumps(run(parser.parse_args().quick), indent=1))


if __name__ == "__main__":
    main()
