"""The application: create_app(settings) wires settings, database, job runner, routers and pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import APIRouter, FastAPI
from fastapi.staticfiles import StaticFiles
from starlette.middleware.sessions import SessionMiddleware

from .config import Settings
from .db import make_engine, make_sessionmaker, migrate
from .errors import install_handlers
from .jobs import JobRunner
from .limits import BodyLimit
from .routes import citations, documents, exports, jobs, pages, review, tasks, users

API_PREFIX = "/api/v1"
STATIC = Path(__file__).resolve().parent / "static"
MAX_OTHER_BODY = 1024 * 1024  # JSON and form bodies other than uploads


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
        engine = make_engine(settings.database_url)
        migrate(engine)
        settings.files_dir.mkdir(parents=True, exist_ok=True)
        app.state.engine = engine
        app.state.sessions = make_sessionmaker(engine)
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
