"""Read models of characters (SQLModel tables), built only by safety.likeness.projections.

Created by the Alembic revision 0008_characters; change both together. A row is a live
character: removing it, or deleting its owner's account, deletes the row. The features stay
sealed here as in the log (events.vault.Sealed as JSON); the directory opens them.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime, LargeBinary
from sqlmodel import Field, SQLModel


def _when():  # noqa: ANN202
    return Field(default=None, sa_column=Column(DateTime(timezone=True), nullable=False))


class CharacterRow(SQLModel, table=True):
    __tablename__ = "characters"

    character_id: str = Field(primary_key=True, max_length=36)
    owner_id: str = Field(max_length=36, unique=True)
    name: str = Field(max_length=30)
    """The owner's handle as registered."""
    name_lower: str = Field(max_length=30, unique=True)
    features: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    """Sealed features (events.vault.Sealed, JSON)."""
    audience: str = Field(max_length=10)
    created_at: datetime = _when()
    captured_at: datetime = _when()
    """When the features now in use were captured (the creation, or the latest re-capture)."""


class CharacterApproval(SQLModel, table=True):
    """One member approved by name to use one character (audience "approved")."""

    __tablename__ = "character_approvals"

    character_id: str = Field(primary_key=True, max_length=36)
    user_id: str = Field(primary_key=True, max_length=36, index=True)


TABLES = [CharacterRow.__table__, CharacterApproval.__table__]
