"""Who am I: the signed-in user and organisation."""

from __future__ import annotations

from fastapi import APIRouter

from ..deps import CurrentUser
from ..schemas import UserPublic

router = APIRouter(prefix="/users", tags=["users"])


@router.get("/me", response_model=UserPublic)
def me(user: CurrentUser) -> UserPublic:
    return UserPublic(
        id=user.id, email=user.email, role=user.role, organisation=user.organisation.name
    )  # type: ignore[arg-type]
