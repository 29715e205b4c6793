"""``vanban serve --demo``: a demonstration organisation with a clerk, and sample files queued
for processing, so that the page has something to show on a first run."""

from __future__ import annotations

import hashlib
import uuid
from pathlib import Path

from . import crud
from .config import Settings
from .db import make_engine, make_sessionmaker, migrate, session_scope

DEMO_ORG = "Văn phòng mẫu (demo)"
DEMO_EMAIL = "demo@vanban.local"


def prepare_demo(settings: Settings, files: list[Path]) -> str:
    """Create (or reuse) the demo clerk, queue each file once; returns a fresh API token.

    The queued jobs are picked up by the job runner when the server starts, as any job left
    queued is."""
    engine = make_engine(settings.database_url)
    migrate(engine)
    settings.files_dir.mkdir(parents=True, exist_ok=True)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            user = crud.user_by_email(session=session, email=DEMO_EMAIL)
            if user is None:
                user, token = crud.create_user(
                    session=session, org_name=DEMO_ORG, email=DEMO_EMAIL, role="clerk"
                )
            else:
                token = crud.issue_token(session=session, user=user)
            for path in files:
                data = path.read_bytes()
                sha256 = hashlib.sha256(data).hexdigest()
                if crud.document_by_hash(session=session, org_id=user.org_id, sha256=sha256):
                    continue
                storage_name = uuid.uuid4().hex
                (settings.files_dir / storage_name).write_bytes(data)
                crud.create_document(
                    session=session,
                    org_id=user.org_id,
                    user_id=user.id,
                    filename=path.name,
                    storage_name=storage_name,
                    sha256=sha256,
                    size=len(data),
                )
    finally:
        engine.dispose()
    return token
