"""Passwords for the page: set with the command line (``vanban users create --password``,
``vanban users set-password``, read from stdin), stored as Argon2id hashes, checked by the page's
sign-in form with one answer for every failure, and failed sign-ins throttled per account and
per address. Runs on SQLite and PostgreSQL (the CLI writes to the service's own database)."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from pwdlib import PasswordHash
from pwdlib.hashers.argon2 import Argon2Hasher
from sqlalchemy import select
from typer.testing import CliRunner, Result
from vanban.api import security
from vanban.api.db import session_scope
from vanban.api.models import User
from vanban.api.routes.pages import LOGIN_FAILURES_PER_ACCOUNT, LOGIN_FAILURES_PER_IP

from tests.api.helpers import Org
from vanban.cli import app as vanban_app

BAD_LOGIN_VI = "Thư điện tử hoặc mật khẩu không đúng."
THROTTLED_VI = "Đăng nhập sai quá nhiều lần"


def vanban_users(service: TestClient, tmp_path: Path, *args: str, stdin: str) -> Result:
    """The ``vanban users …`` command (the real Typer app, in process) on the service's database,
    the password piped on stdin."""
    env = {
        "VANBAN_DATABASE_URL": service.app.state.settings.database_url,
        "VANBAN_DATA_DIR": str(tmp_path),
    }
    return CliRunner().invoke(vanban_app, ["users", *args], input=stdin, env=env)


def browser(service: TestClient) -> TestClient:
    """A browser from its own address, so that address throttling of one test spares others."""
    address = f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"
    return TestClient(service.app, raise_server_exceptions=False, client=(address, 50000))


def sign_in(client: TestClient, email: str, password: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/signin", data={"email": email, "password": password}, follow_redirects=False
    )


def stored_hash(service: TestClient, email: str) -> str | None:
    with session_scope(service.app.state.sessions) as session:
        return session.scalar(select(User.password_hash).where(User.email == email))


@pytest.fixture
def with_password(service: TestClient, tmp_path: Path) -> tuple[str, str]:
    """A clerk made by ``vanban users create --password`` (password piped on stdin)."""
    email, password = f"Thu-{uuid.uuid4().hex[:8]}@Example.vn", "mật-khẩu dài 12345"
    made = vanban_users(
        service,
        tmp_path,
        "create",
        "--org",
        f"Phòng {uuid.uuid4().hex[:6]}",
        "--role",
        "clerk",
        "--email",
        email,
        "--password",
        stdin=password + "\n",
    )
    assert made.exit_code == 0, made.output
    assert made.stdout.strip().splitlines()[-1].startswith("vb_")  # the token stays the last line
    return email.lower(), password


def test_passwords_are_stored_as_argon2_hashes(
    service: TestClient, with_password: tuple[str, str]
) -> None:
    email, password = with_password
    stored = stored_hash(service, email)
    assert stored is not None and stored.startswith("$argon2id$")
    assert password not in stored
    checker = PasswordHash((Argon2Hasher(),))
    assert checker.verify(password, stored)
    assert not checker.verify(password + "x", stored)


def test_passwords_sign_in_with_email_and_password(
    service: TestClient, with_password: tuple[str, str]
) -> None:
    email, password = with_password
    client = browser(service)
    page = client.get("/signin").text
    for field in ('name="email"', 'name="password"', 'name="token"'):
        assert field in page  # the password form, and token sign-in kept
    answer = sign_in(client, email.upper(), password)  # e-mail case does not matter
    assert answer.status_code == 303 and answer.headers["location"] == "/"
    me = client.get("/api/v1/users/me").json()
    assert me["email"] == email and me["role"] == "clerk"


def test_passwords_every_failure_gives_the_same_answer(
    service: TestClient, org: Org, with_password: tuple[str, str]
) -> None:
    """Wrong password, unknown e-mail and an account without a password: one status, one
    message (no user enumeration), and no session."""
    email, password = with_password
    client = browser(service)
    answers = [
        sign_in(client, email, password + "!"),
        sign_in(client, f"nobody-{uuid.uuid4().hex[:6]}@example.vn", password),
        sign_in(client, org.viewer.email, password),  # token-only account
        sign_in(client, email, ""),
    ]
    for answer in answers:
        assert answer.status_code == 401
        assert BAD_LOGIN_VI in answer.text
    errors = {a.text.split('id="signin-error">', 1)[1].split("<", 1)[0] for a in answers}
    assert errors == {BAD_LOGIN_VI}
    assert client.get("/api/v1/users/me").status_code == 401


def test_passwords_unknown_accounts_cost_one_verification_too(
    service: TestClient, with_password: tuple[str, str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The failure path does the same Argon2 work whether or not the account exists (timing is
    not asserted here: the number of verifications is)."""
    calls: list[str] = []
    real_verify = security.PASSWORDS.verify

    def counting_verify(password: str, hashed: str) -> bool:
        calls.append(hashed)
        return real_verify(password, hashed)

    monkeypatch.setattr(security.PASSWORDS, "verify", counting_verify)
    email, password = with_password
    client = browser(service)
    for who in (email, f"nobody-{uuid.uuid4().hex[:6]}@example.vn"):
        calls.clear()
        assert sign_in(client, who, "sai mật khẩu").status_code == 401
        assert len(calls) == 1 and calls[0].startswith("$argon2id$")


def test_passwords_set_password_replaces_the_old_one(
    service: TestClient, tmp_path: Path, with_password: tuple[str, str]
) -> None:
    email, old = with_password
    new = "một mật khẩu mới 2026"
    changed = vanban_users(service, tmp_path, "set-password", "--email", email, stdin=new + "\n")
    assert changed.exit_code == 0, changed.output
    assert sign_in(browser(service), email, old).status_code == 401
    assert sign_in(browser(service), email, new).status_code == 303
    short = vanban_users(service, tmp_path, "set-password", "--email", email, stdin="ngắn\n")
    assert short.exit_code == 2 and "ít nhất 8" in short.output
    assert sign_in(browser(service), email, new).status_code == 303  # unchanged
    missing = vanban_users(
        service, tmp_path, "set-password", "--email", "khong-co@example.vn", stdin=new + "\n"
    )
    assert missing.exit_code == 1


@pytest.mark.slow  # a dozen Argon2 verifications
def test_passwords_failed_sign_ins_are_throttled_per_account(
    service: TestClient, with_password: tuple[str, str]
) -> None:
    email, password = with_password
    attacker = browser(service)
    for _ in range(LOGIN_FAILURES_PER_ACCOUNT):
        assert sign_in(attacker, email, "đoán thử 123").status_code == 401
    # the account is held, from any address and even with the right password …
    owner = browser(service)
    held = sign_in(owner, email, password)
    assert held.status_code == 429 and THROTTLED_VI in held.text
    assert owner.get("/api/v1/users/me").status_code == 401
    # … the same answer for an account that does not exist, once it is tried as often
    ghost = f"ghost-{uuid.uuid4().hex[:6]}@example.vn"
    for _ in range(LOGIN_FAILURES_PER_ACCOUNT):
        assert sign_in(attacker, ghost, "đoán thử 123").status_code == 401
    assert sign_in(attacker, ghost, "x").status_code == 429


def test_passwords_failed_sign_ins_are_throttled_per_address(
    service: TestClient, with_password: tuple[str, str]
) -> None:
    email, password = with_password
    attacker = browser(service)
    for _ in range(LOGIN_FAILURES_PER_IP):  # wrong tokens count against the address too
        answer = attacker.post("/signin", data={"token": "vb_wrong"}, follow_redirects=False)
        assert answer.status_code == 401
    assert sign_in(attacker, email, password).status_code == 429
    assert sign_in(browser(service), email, password).status_code == 303  # elsewhere: fine
