"""Errors of `bot.storage`.

StorageError
 ├── DatabaseError   the database cannot be opened, written, or is from a newer FactBot
 └── DatabaseBusyError   another process held the database longer than the busy timeout
"""

from __future__ import annotations


class StorageError(Exception):
    """Root of the errors raised by `bot.storage`."""


class DatabaseError(StorageError):
    """The database is unusable; the message says why and what to do."""


class DatabaseBusyError(StorageError):
    """Another writer held the database too long; the write was not made (try again)."""
