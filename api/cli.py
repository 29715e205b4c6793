"""The service's commands on the ``vanban`` app: ``serve``, ``users create``, ``users
set-password`` and ``import``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer


class Role(StrEnum):
    clerk = "clerk"
    viewer = "viewer"


class Lang(StrEnum):
    vi = "vi"
    en = "en"


def register(app: typer.Typer) -> None:
    """Add ``vanban serve``, ``vanban users …`` and ``vanban import`` to the command line."""
    app.command()(serve)
    app.command("import")(import_results)
    users = typer.Typer(
        help="Người dùng và mã truy cập / users and API tokens", no_args_is_help=True
    )
    users.command("create")(create_user)
    users.command("set-password")(set_password)
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
    password: Annotated[
        bool,
        typer.Option(
            "--password",
            help="đặt mật khẩu để đăng nhập trang web (hỏi, hoặc đọc một dòng từ stdin) / "
            "set a password for the page (prompted, or one line read from stdin)",
        ),
    ] = False,
) -> None:
    """Tạo người dùng, in mã truy cập ở dòng cuối / create a user; the token is the last line."""
    from sqlalchemy.exc import IntegrityError

    from . import crud
    from .config import Settings
    from .db import make_engine, make_sessionmaker, migrate, session_scope

    secret = _read_new_password() if password else None
    settings = Settings()
    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            user, token = crud.create_user(
                session=session, org_name=org.strip(), email=email, role=role.value
            )
            if secret is not None:
                crud.set_password(session=session, user=user, password=secret)
            line = f"{user.email} ({role.value}, {org.strip()})"
    except IntegrityError:
        typer.echo(f"Lỗi / error: {email} đã tồn tại / already exists", err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    typer.echo(f"Đã tạo / created: {line}")
    typer.echo("Mã truy cập (chỉ hiện một lần) / API token (shown once):")
    typer.echo(token)


def set_password(
    email: Annotated[str, typer.Option("--email", help="thư điện tử / e-mail")],
) -> None:
    """Đặt mật khẩu đăng nhập trang web (hỏi, hoặc đọc từ stdin) / set a user's page password
    (prompted, or one line read from stdin)."""
    from . import crud
    from .config import Settings
    from .db import make_engine, make_sessionmaker, migrate, session_scope

    secret = _read_new_password()
    settings = Settings()
    engine = make_engine(settings.database_url)
    migrate(engine)
    try:
        with session_scope(make_sessionmaker(engine)) as session:
            user = crud.user_by_email(session=session, email=email)
            if user is None:
                typer.echo(f"Lỗi / error: không có người dùng / no user {email}", err=True)
                raise typer.Exit(1)
            crud.set_password(session=session, user=user, password=secret)
            address = user.email
    finally:
        engine.dispose()
    typer.echo(f"Đã đặt mật khẩu / password set: {address}")


def _read_new_password() -> str:
    """Prompted twice (hidden) on a terminal; else the first line of stdin, so that scripts
    can pipe it without putting it on the command line (where ``ps`` would show it)."""
    import sys

    from .i18n import PASSWORD_RULES
    from .security import password_problem

    if sys.stdin.isatty():
        secret = typer.prompt(
            "Mật khẩu / password", hide_input=True, confirmation_prompt=True, err=True
        )
    else:
        secret = sys.stdin.readline().rstrip("\r\n")
    problem = password_problem(secret)
    if problem is not None:
        vi, en = PASSWORD_RULES[problem]
        typer.echo(f"Lỗi / error: {vi} / {en}", err=True)
        raise typer.Exit(2)
    return secret


def import_results(
    directory: Annotated[
        Path,
        typer.Argument(
            help="thư mục kết quả của vanban batch (hoặc thư mục JSON hợp đồng) / "
            "a vanban batch output directory (or any directory of contract JSON)"
        ),
    ],
    org: Annotated[str, typer.Option("--org", help="tên cơ quan / organisation")],
    chunk: Annotated[
        int, typer.Option("--chunk", min=1, help="văn bản mỗi giao dịch / documents a transaction")
    ] = 500,
    lang: Annotated[
        Lang | None, typer.Option("--lang", help="vi | en (mặc định / default: vi)")
    ] = None,
) -> None:
    """Nhập kết quả xử lý hàng loạt vào kho / load batch results into the service's store.

    Exit codes: 0 every record imported or already there; 1 some record invalid (the others are
    imported) or a database error; 2 bad usage."""
    from sqlalchemy.exc import SQLAlchemyError

    from .config import Settings
    from .db import make_engine, make_sessionmaker, migrate
    from .importer import (
        ensure_organisation,
        first_line,
        import_records,
        read_results,
        result_files,
        say,
    )

    settings = Settings()
    language = lang.value if lang else settings.lang
    org_name = org.strip()
    if not directory.exists():
        typer.echo(say("no_dir", language, path=directory), err=True)
        raise typer.Exit(2)
    if not 0 < len(org_name) <= 200:
        typer.echo(say("bad_org", language), err=True)
        raise typer.Exit(2)
    files = result_files(directory)
    if not files:
        typer.echo(say("no_results", language, path=directory), err=True)
        raise typer.Exit(2)

    engine = make_engine(settings.database_url)
    try:
        migrate(engine)
        sessions = make_sessionmaker(engine)
        org_id, created = ensure_organisation(sessions, org_name)
        if created:
            typer.echo(say("org_created", language, name=org_name))
        report = import_records(
            read_results(directory, files),
            sessions=sessions,
            org_id=org_id,
            chunk_size=chunk,
            review_threshold=settings.review_threshold,
            on_invalid=lambda item: typer.echo(
                f"{say('invalid', language)}: {item.where}: {item.reason}", err=True
            ),
            on_chunk=lambda r: typer.echo(say("progress", language, **vars(r)), err=True),
        )
    except SQLAlchemyError as err:
        detail = first_line(getattr(err, "orig", None) or err)
        typer.echo(say("db_error", language, detail=detail), err=True)
        raise typer.Exit(1) from None
    except KeyboardInterrupt:
        typer.echo(say("interrupted", language), err=True)
        raise typer.Exit(1) from None
    finally:
        engine.dispose()
    typer.echo(
        say(
            "summary",
            language,
            name=org_name,
            imported=report.imported,
            duplicates=report.duplicates,
            repeats=say("repeats", language, repeats=report.repeats) if report.repeats else "",
            invalid=report.invalid,
        )
    )
    raise typer.Exit(1 if report.invalid else 0)
