"""The application: create_app(settings) wires settings, database, job runner, routers and pages.

A database that cannot be used right now (unreachable, locked) or a full disk is answered with
503 and a stable code (``database_unavailable``, ``storage_full``); the service stays up and
answers normally again once it is back.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy import exc as sa_exc
from starlette.middleware.sessions import SessionMiddleware

from . import crud
from .config import Settings
from .db import make_engine, make_sessionmaker, migrate, outage_code, session_scope
from .errors import error_body, install_handlers, request_lang
from .jobs import JobRunner
from .limits import BodyLimit
from .routes import citations, documents, exports, jobs, pages, review, tasks, users
from .upload import sweep_partial, sweep_unregistered

API_PREFIX = "/api/v1"
STATIC = Path(__file__).resolve().parent / "static"
MAX_OTHER_BODY = 1024 * 1024  # JSON and form bodies other than uploads
RETRY_AFTER_S = 30  # told to clients on a 503
log = logging.getLogger("vanban.api")


def api_router() -> APIRouter:
    router = APIRouter(prefix=API_PREFIX)
    # exports first: /tasks/export and /documents/export before /tasks/{id} and /documents/{id}
    for module in (exports, documents, jobs, tasks, review, citations, users):
        router.include_router(module.router)
    return router


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        engine = make_engine(settings.database_url, settings.database_timeout_s)
        migrate(engine)
        settings.files_dir.mkdir(parents=True, exist_ok=True)
        sweep_partial(settings.files_dir)  # uploads cut by a crash; never registered
        app.state.engine = engine
        app.state.sessions = make_sessionmaker(engine)
        with session_scope(app.state.sessions) as session:  # killed between rename and commit
            sweep_unregistered(settings.files_dir, crud.storage_names(session=session))
        app.state.runner = JobRunner(settings, app.state.sessions)
        await app.state.runner.start()
        try:
            yield
        finally:
            await app.state.runner.stop()
            engine.dispose()

    app = FastAPI(
        title="vanban",
        summary="Vietnamese administrative documents: upload, extract, track tasks, citations.",
        version="1",
        lifespan=lifespan,
    )
    app.state.settings = settings
    install_handlers(app)
    install_outage_handlers(app)
    app.include_router(api_router())
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    # the middleware added last runs first: the body cap sees a request before anything reads it
    app.add_middleware(
        SessionMiddleware,
        secret_key=settings.session_secret(),
        session_cookie="vanban_session",
        same_site="lax",
        https_only=False,
        max_age=14 * 24 * 3600,
    )
    app.add_middleware(BodyLimit, max_bytes=MAX_OTHER_BODY, exempt=(f"{API_PREFIX}/documents",))
    return app


def install_outage_handlers(app: FastAPI) -> None:
    """Database and disk errors: 503 with a stable code when it is an outage, else a plain 500."""

    async def outage(request: Request, exc: Exception) -> JSONResponse:
        code = outage_code(exc)
        if code is None:
            log.exception("unexpected error on %s", request.url.path)
            body = error_body("internal_error", request_lang(request), detail=type(exc).__name__)
            return JSONResponse(body, status_code=500)
        log.warning("%s on %s: %s", code, request.url.path, exc)
        return JSONResponse(
            error_body(code, request_lang(request)),
            status_code=503,
            headers={"Retry-After": str(RETRY_AFTER_S)},
        )

    for error in (sa_exc.DBAPIError, sa_exc.TimeoutError, sa_exc.DisconnectionError, OSError):
        app.add_exception_handler(error, outage)
