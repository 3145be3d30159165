"""FactBot: answers questions about an article from a curated base of its claims."""

from __future__ import annotations

from importlib.metadata import version

# From the installed package's metadata, so it is pyproject.toml's version and no other.
__version__ = version("factbot")
