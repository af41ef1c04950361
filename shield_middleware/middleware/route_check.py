"""Policies that name an exact path or a route template no route of the app serves: a typo
("/v1/chat/completion", "/chat/{id}/mesages") leaves the route it was meant for unguarded, so
the middleware says so once, at its first call. A template is checked by an example path it
matches ("/chat/1").

Starlette and FastAPI routes are found down the middleware chain (``.app`` attributes, to an
object with a ``routes`` list); a Flask app through its ``wsgi_app`` method or itself (its
``url_map``). Other apps are not checked.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from typing import Any

from .policy import RoutePolicy, template_example

logger = logging.getLogger("shield_middleware")

# How far down a chain of middleware the router is looked for.
_MAX_DEPTH = 32


def warn_unmatched_policies(policies: Sequence[RoutePolicy], app: Any) -> None:
    """Log a warning for each exact-path or template policy that none of the app's routes serves."""
    serves = _route_matcher(app)
    if serves is None:
        return
    for policy in policies:
        if policy.match_kind == "exact":
            path = policy.path
        elif policy.match_kind == "template":
            path = template_example(policy.path)
        else:
            continue
        # Such a policy guards its path with and without one trailing slash.
        other = path[:-1] if len(path) > 1 and path.endswith("/") else path + "/"
        if not serves(path) and not serves(other):
            logger.warning(
                "shield_middleware: route policy %r matches none of the app's routes; "
                "requests to the route it was meant for pass unguarded",
                policy.path,
            )


def _route_matcher(app: Any) -> Any:
    """A function telling whether the app serves a path, or None when its routes are unknown."""
    flask_app = getattr(app, "__self__", app)  # app.wsgi_app is a bound method of the Flask app
    url_map = getattr(flask_app, "url_map", None)
    if url_map is not None and hasattr(url_map, "bind"):
        adapter = url_map.bind("localhost")
        return lambda path: _werkzeug_serves(adapter, path)
    for _ in range(_MAX_DEPTH):
        routes = getattr(app, "routes", None)
        if isinstance(routes, list):
            patterns = [route.path_regex for route in routes if hasattr(route, "path_regex")]
            return lambda path: any(pattern.match(path) for pattern in patterns)
        app = getattr(app, "app", None)
        if app is None:
            return None
    return None


def _werkzeug_serves(adapter: Any, path: str) -> bool:
    try:
        adapter.match(path, method="POST")
    except Exception as exc:  # werkzeug's own exceptions: not imported, Flask is optional
        # A route for other methods, or one that redirects (a trailing slash), exists.
        return type(exc).__name__ in ("MethodNotAllowed", "RequestRedirect")
    return True
