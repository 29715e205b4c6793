"""The service's commands on the ``vanban`` app: ``serve`` and ``users create``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Role(StrEnum):
    clerk = "clerk"
    viewer = "viewer"


def register(app: typer.Typer) -> None:
    """Add ``vanban serve`` and ``vanban users …`` to the command line."""
    app.command()(serve)
    users = typer.Typer(
        help="Người dùng và mã truy cập / users and API tokens", no_args_is_help=True
    )
    users.command("create")(create_user)
    app.add_typer(users, name="users")


def serve(
    host: Annotated[str, typer.Option(help="địa chỉ / address to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="cổng / port")] = 8000,
    demo: Annotated[
        bool, typer.Option(help="tạo người dùng mẫu, in mã truy cập / a demo clerk and its token")
    ] = False,
    load: Annotated[
        list[Path] | None,
        typer.Option(help="với --demo: tệp mẫu để xử lý / with --demo: sample files to load"),
    ] = None,
) -> None:
    """Chạy dịch vụ và trang web / run the API and the web page (VANBAN_DATABASE_URL, …)."""
    import uvicorn

    from .config import Settings
    from .main import create_app

    settings = Settings()
    url = f"http://{host}:{port}/"
    if demo:
        from .demo import prepare_demo

        missing = [p for p in load or [] if not p.is_file()]
        if missing:
            typer.echo(f"Lỗi / error: không thấy tệp / file not found: {missing[0]}", err=True)
            raise typer.Exit(2)
        token = prepare_demo(settings, list(load or []))
        typer.echo(f"Trang web / page: {url}  (cơ sở dữ liệu / database: {settings.database_url})")
        typer.echo("Đăng nhập bằng mã truy cập này / sign in with this API token:")
        typer.echo(token)
    else:
        typer.echo(f"vanban: {url}  (API /api/v1, docs /docs)", err=True)
    uvicorn.run(create_app(settings), host=host, port=port, log_level="info", workers=1)


def create_user(
    org: Annotated[str, typer.Option("--org", help="tên cơ quan / organisation")],
    role: Annotated[Role, typer.Option("--role", help="clerk | viewer")],
    email: Annotated[str, typer.Option("--email", help="thư điện tử / e-mail")],
) -> None:
    """Tạo người dùng, in mã truy cập ở dòng cuối / create a user; the token is the last line."""
    from sqlalchemy.exc import IntegrityError

    from . import crud
    from .config import Settings
    from .db import make_engine, make_sessionmaker, migrate, session_scope

    settings = Settings()
    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            user, token = crud.create_user(
                session=session, org_name=org.strip(), email=email, role=role.value
            )
            line = f"{user.email} ({role.value}, {org.strip()})"
    except IntegrityError:
        typer.echo(f"Lỗi / error: {email} đã tồn tại / already exists", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    typer.echo(f"Đã tạo / created: {line}")
    typer.echo("Mã truy cập (chỉ hiện một lần) / API token (shown once):")
    typer.echo(token)
