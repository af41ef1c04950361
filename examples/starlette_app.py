"""A Starlette app guarded by shield-middleware, configured in Python.

uvicorn examples.starlette_app:app
"""

from __future__ import annotations

from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from shield_middleware import MLConfig, RoutePolicy, ShieldMiddleware


async def ask(request: Request) -> JSONResponse:
    try:
        data = await request.json()
    except ValueError:
        data = None
    if not isinstance(data, dict):  # the guard passes what it reads as text; the app answers it
        return JSONResponse({"error": "expected a JSON object"}, status_code=400)
    verdict = request.state.shield
    return JSONResponse({"answer": f"echo: {data.get('question', '')}", "shield": verdict.action.value})


policies = [
    RoutePolicy("/ask", methods=frozenset({"POST"}), extractor="json_paths", json_paths=("question",)),
    RoutePolicy("/notes/*", mode="monitor", fail_mode="open"),
]

app = Starlette(
    routes=[Route("/ask", ask, methods=["POST"])],
    middleware=[Middleware(ShieldMiddleware, config=MLConfig.production(), policies=policies)],
)
