"""Writing TOML values by hand: the packs are written with comments and in a set order, which
no TOML writer library keeps."""

from __future__ import annotations

import json
from collections.abc import Iterable


def toml_string(text: str) -> str:
    """A TOML basic string: JSON's string escapes are a subset of TOML's."""
    return json.dumps(text, ensure_ascii=False).replace("\x7f", "\\u007f")


def toml_list(texts: Iterable[str]) -> str:
    return "[" + ", ".join(toml_string(text) for text in texts) + "]"
