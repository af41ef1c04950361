"""Django: wrap the ASGI application in your project's ``asgi.py``.

    # mysite/asgi.py
    import os
    from django.core.asgi import get_asgi_application
    from shield_middleware import RoutePolicy, ShieldMiddleware

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")
    application = ShieldMiddleware(
        get_asgi_application(),
        policies=[RoutePolicy("/chat/", match="prefix", extractor="openai_chat")],
    )

Run it with ``uvicorn mysite.asgi:application``. The verdict is at ``request.scope["state"]["shield"]``
in a view (Django's ``request.scope`` is the ASGI scope). The function below builds the same
wrapping for any ASGI callable, so the snippet can be tried without a Django project.
"""

from __future__ import annotations

from starlette.types import ASGIApp

from shield_middleware import RoutePolicy, ShieldMiddleware


def guard(application: ASGIApp) -> ShieldMiddleware:
    return ShieldMiddleware(application, policies=[RoutePolicy("/chat/", match="prefix", extractor="openai_chat")])
