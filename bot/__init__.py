"""FactBot: answers questions about an article from a curated base of its claims."""

from __future__ import annotations

__version__ = "0.1.0"
