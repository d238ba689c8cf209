"""The FastAPI application: settings, services, dependencies, latency, routers.

FastAPI's own schema and docs are switched off: the contract is homeagent/api/openapi.yaml,
written by hand, and the integration tests check this server against that file.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request, Response

from homeagent.demo.server import routes_agents, routes_catalog, routes_work
from homeagent.demo.server.accounts import Accounts, AuthPolicy
from homeagent.demo.server.catalog import Catalog
from homeagent.demo.server.deps import Services
from homeagent.demo.server.problems import install_handlers
from homeagent.demo.server.records import Records
from homeagent.demo.server.seed import open_store
from homeagent.demo.server.store import Store

# The contract's operations, in matching order (lookup before {customer_id}).
ROUTES: tuple[tuple[str, str, Callable[..., Any]], ...] = (
    ("GET", "/v1/health", routes_agents.health),
    ("POST", "/v1/auth/token", routes_agents.token),
    ("POST", "/v1/auth/refresh", routes_agents.refresh),
    ("POST", "/v1/auth/logout", routes_agents.logout),
    ("GET", "/v1/agents/me", routes_agents.profile),
    ("GET", "/v1/agents/me/sip", routes_agents.sip_credentials),
    ("PUT", "/v1/agents/me/state", routes_agents.put_state),
    ("GET", "/v1/customers/lookup", routes_catalog.lookup),
    ("GET", "/v1/customers", routes_catalog.search_customers),
    ("GET", "/v1/customers/{customer_id}", routes_catalog.customer_card),
    ("GET", "/v1/customers/{customer_id}/tickets", routes_catalog.customer_tickets),
    ("GET", "/v1/products", routes_catalog.search_products),
    ("GET", "/v1/products/{product_id}", routes_catalog.product),
    ("POST", "/v1/punches", routes_work.add_punch),
    ("GET", "/v1/punches", routes_work.list_punches),
    ("POST", "/v1/tickets", routes_work.add_ticket),
    ("POST", "/v1/tickets/{ticket_id}/notes", routes_work.add_note),
    ("POST", "/v1/interactions", routes_work.add_interaction),
)


@dataclass(frozen=True)
class Settings:
    db: str | Path
    latency_ms: float = 0.0
    access_ttl: int = 900
    refresh_ttl: int = 86_400
    reset: bool = False  # --seed: wipe the database and load the sample data again


def create_app(settings: Settings, store: Store | None = None) -> FastAPI:
    store = store or open_store(str(settings.db), reset=settings.reset)
    policy = AuthPolicy(access_ttl=settings.access_ttl, refresh_ttl=settings.refresh_ttl)
    app = FastAPI(title="HomeAgent demo API", openapi_url=None, docs_url=None, redoc_url=None)
    app.state.services = Services(store, Accounts(store, policy), Catalog(store), Records(store))
    install_handlers(app)
    delay_s = max(0.0, settings.latency_ms) / 1000.0

    if delay_s:

        @app.middleware("http")
        async def add_latency(
            request: Request, call_next: Callable[[Request], Awaitable[Response]]
        ) -> Response:
            await asyncio.sleep(delay_s)  # a slow network, without holding any thread
            return await call_next(request)

    for method, path, endpoint in ROUTES:
        app.add_api_route(path, endpoint, methods=[method])
    return app
