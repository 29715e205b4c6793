"""Global fixtures. Real documents are read in place from ../shared (never copied here)."""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(__import__("os").environ.get("VANBAN_SHARED", REPO.parent / "shared"))
SEEDS = SHARED / "seeds"
RAW = SHARED / "corpus" / "raw"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="also run tests marked slow (OCR, LibreOffice)")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --slow (CI does)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    # The shared documents are part of the test set-up: a missing folder is an error, not a skip.
    assert RAW.is_dir() and SEEDS.is_dir(), f"shared documents not found at {SHARED} (set VANBAN_SHARED)"
    return SHARED


@pytest.fixture(scope="session")
def seed_paths(shared_dir: Path) -> list[Path]:
    return sorted(SEEDS.glob("*.txt"))


@pytest.fixture(scope="session")
def raw_dir(shared_dir: Path) -> Path:
    return RAW
