"""Errors of `bot.storage`.

StorageError
 └── DatabaseError   the database cannot be opened, written, or is from a newer FactBot
"""

from __future__ import annotations


class StorageError(Exception):
    """Root of the errors raised by `bot.storage`."""


class DatabaseError(StorageError):
    """The database is unusable; the message says why and what to do."""
