"""Times are stored as Unix seconds (REAL) and handed out as aware UTC datetimes."""

from __future__ import annotations

from datetime import UTC, datetime


def when(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, tz=UTC)
