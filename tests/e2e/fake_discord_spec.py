"""Checks the fake Discord's REST requests against Discord's OpenAPI description.

The fake server calls :class:`SpecChecker` for every REST request so a test fails where the real
Discord would answer 400 (an embed title over 256 characters, 30 autocomplete choices, ...).
Discord's description is looser or stricter than Discord itself in a few known places; this
module works around those instead of reporting them:

- snowflakes are string-only in the spec, but discord.py sends integers: integers are accepted;
- its multipart schemas trip openapi-core: the ``payload_json`` part is validated as the JSON body;
- it allows 4,000-character message content where bots get 2,000: checked here, with the other
  limits Discord enforces but the spec leaves out (embed total, choice values, command names).
"""

from __future__ import annotations

import functools
import json
import os
import re
import warnings
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jsonschema.exceptions import ValidationError as SchemaError  # type: ignore[import-untyped]
from openapi_core import Config, OpenAPI
from openapi_core.datatypes import RequestParameters
from openapi_core.templating.paths.exceptions import PathError
from openapi_core.validation.request.exceptions import (
    MissingRequestBodyError,
    ParameterValidationError,
    RequestBodyValidationError,
    SecurityValidationError,
)
from werkzeug.datastructures import Headers, ImmutableMultiDict

__all__ = ["SPEC_PATH", "Problem", "SpecChecker", "load_openapi"]


def _find_spec() -> Path | None:
    env = os.environ.get("FACTBOT_TEST_DISCORD_SPEC")
    repo_root = Path(__file__).resolve().parents[2]
    default = repo_root.parent / "shared" / "discord-api-spec" / "openapi.json"
    path = Path(env) if env else default
    return path if path.is_file() else None


SPEC_PATH: Path | None = _find_spec()
"""Discord's OpenAPI file, or None when it is not there (then only the own limits are checked)."""

# What a bot may send, where Discord's description says more (or nothing).
CONTENT_LIMIT = 2000
EMBED_LIMITS = {"title": 256, "description": 4096}
EMBED_TOTAL_LIMIT = 6000
EMBED_FIELDS_LIMIT = 25
FIELD_LIMITS = {"name": 256, "value": 1024}
CHOICES_LIMIT = 25
CHOICE_LIMIT = 100
COMMAND_NAME = re.compile(r"^[-_\w]{1,32}$")
IS_COMPONENTS_V2 = 1 << 15


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a request; ``where`` is the path into the JSON body."""

    where: tuple[str | int, ...]
    message: str

    def __str__(self) -> str:
        location = "/".join(str(part) for part in self.where)
        return f"{location} {self.message}" if location else self.message


@functools.cache
def load_openapi(path: Path) -> OpenAPI:
    """Parse the spec once per process, with the known looseness relaxed."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    # discord.py sends snowflakes in JSON bodies as integers; Discord accepts both. Parameters
    # keep the string schema: they arrive as text, and openapi-core can't cast a type list.
    schemas = spec["components"]["schemas"]
    schemas[_LOOSE_SNOWFLAKE] = {
        **schemas["SnowflakeType"],
        "type": ["string", "integer"],
        "minimum": 0,
    }
    _loosen_snowflakes(spec)
    # Validating the 1 MB description itself takes seconds and proves nothing about the bot.
    config = Config(spec_validator_cls=None)
    return OpenAPI.from_dict(spec, config=config)


_LOOSE_SNOWFLAKE = "SnowflakeOrInteger"
_SNOWFLAKE_REF = "#/components/schemas/SnowflakeType"


def _loosen_snowflakes(node: Any) -> None:
    """Point every body snowflake at the loose schema, leaving parameter lists alone."""
    if isinstance(node, dict):
        if node.get("$ref") == _SNOWFLAKE_REF:
            node["$ref"] = f"#/components/schemas/{_LOOSE_SNOWFLAKE}"
        for key, value in node.items():
            if key != "parameters":
                _loosen_snowflakes(value)
    elif isinstance(node, list):
        for item in node:
            _loosen_snowflakes(item)


@dataclass
class _SpecRequest:
    """The request shape openapi-core reads (its ``Request`` protocol)."""

    method: str
    path: str
    body: bytes | None
    content_type: str
    parameters: RequestParameters = field(default_factory=RequestParameters)
    host_url: str = "https://discord.com"


class SpecChecker:
    """Finds what is wrong with one REST request; ``spec_path=None`` runs the own limits only."""

    def __init__(self, spec_path: Path | None) -> None:
        self._api = load_openapi(spec_path) if spec_path is not None else None

    def check(
        self, method: str, path: str, query: Mapping[str, str], body: Any, *, has_body: bool
    ) -> list[Problem]:
        """``path`` is after ``/api/v10``; ``body`` is the parsed JSON (or payload_json)."""
        problems = self._spec_problems(method, path, query, body, has_body=has_body)
        problems += limit_problems(method, path, body)
        seen: set[tuple[str | int, ...]] = set()
        unique = []
        for problem in problems:
            if problem.where not in seen:
                seen.add(problem.where)
                unique.append(problem)
        return unique

    def _spec_problems(
        self, method: str, path: str, query: Mapping[str, str], body: Any, *, has_body: bool
    ) -> list[Problem]:
        if self._api is None:
            return []
        request = _SpecRequest(
            method=method.lower(),
            path="/api/v10" + path,
            body=json.dumps(body).encode() if has_body else None,
            content_type="application/json" if has_body else "",
            # openapi-core skips the body and parameters when the security check fails, so
            # always present a token: the fake checks the real one itself.
            parameters=RequestParameters(
                query=ImmutableMultiDict(query), header=Headers({"Authorization": "Bot token"})
            ),
        )
        problems: list[Problem] = []
        with warnings.catch_warnings():
            # openapi-core warns about the OAuth2 scheme it can't check; auth is the fake's job.
            warnings.simplefilter("ignore")
            errors = list(self._api.iter_request_errors(request))
        for error in errors:
            problems += _describe_openapi_error(error)
        return problems


def _describe_openapi_error(error: Exception) -> list[Problem]:
    if isinstance(error, PathError):
        return [Problem((), "is not a route in Discord's API description")]
    if isinstance(error, SecurityValidationError):
        return [Problem((), f"is refused by the spec's security check: {error}")]
    if isinstance(error, ParameterValidationError):
        cause = error.__cause__
        detail = _schema_problems(cause)
        message = "; ".join(p.message for p in detail) if detail else str(cause or error)
        return [Problem((f"{error.location} parameter {error.name}",), message)]
    if isinstance(error, MissingRequestBodyError):
        return [Problem((), "needs a JSON body")]
    if isinstance(error, RequestBodyValidationError):
        return _schema_problems(error.__cause__) or [Problem((), str(error))]
    return [Problem((), f"{type(error).__name__}: {error}")]


def _schema_problems(cause: BaseException | None) -> list[Problem]:
    schema_errors: Iterable[Exception] = getattr(cause, "schema_errors", ())
    problems: list[Problem] = []
    for schema_error in schema_errors:
        if isinstance(schema_error, SchemaError):
            for leaf in _leaf_errors(schema_error):
                problems.append(Problem(tuple(leaf.absolute_path), _describe(leaf)))
    return problems


def _leaf_errors(error: SchemaError) -> list[SchemaError]:
    """For anyOf/oneOf, follow the branch the value was meant for (not 'matches no branch')."""
    if error.validator not in ("anyOf", "oneOf") or not error.context:
        return [error]
    branches: dict[Any, list[SchemaError]] = {}
    for sub in error.context:
        branches.setdefault(sub.schema_path[0], []).append(sub)

    def wrong_kind(errors: list[SchemaError]) -> bool:
        # A branch whose "type" discriminator or JSON type differs was not the one meant.
        depth = len(error.absolute_path)
        return any(
            (e.validator in ("enum", "const") and list(e.relative_path) == ["type"])
            or (e.validator == "type" and len(e.absolute_path) == depth)
            for e in errors
        )

    leaves = [
        [leaf for sub in errs for leaf in _leaf_errors(sub)]
        for errs in branches.values()
        if not wrong_kind(errs)
    ]
    if not leaves:
        return [error]
    # Fewest type mismatches first (an integer-choices branch for string choices is the wrong
    # one), then the branch that got deepest into the value, then the fewest errors.
    return min(
        leaves,
        key=lambda errs: (
            sum(e.validator in ("type", "enum", "const") for e in errs),
            -max(len(e.absolute_path) for e in errs),
            len(errs),
        ),
    )


def _short(value: Any, limit: int = 60) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _describe(error: SchemaError) -> str:
    validator, limit, value = error.validator, error.validator_value, error.instance
    if validator == "maxLength":
        return f"too long ({len(value)} > {limit} characters)"
    if validator == "minLength":
        return f"too short ({len(value)} < {limit} characters)"
    if validator == "maxItems":
        return f"has too many items ({len(value)} > {limit})"
    if validator == "minItems":
        return f"has too few items ({len(value)} < {limit})"
    if validator == "maximum":
        return f"{_short(value)} is above the maximum {limit}"
    if validator == "minimum":
        return f"{_short(value)} is below the minimum {limit}"
    if validator == "type":
        return f"must be of type {limit}, not {_short(value)}"
    if validator in ("enum", "const"):
        return f"{_short(value)} is not one of {_short(limit)}"
    if validator == "pattern":
        return f"{_short(value)} does not match {limit}"
    return _short(error.message, 200)


# Discord's own limits, which its description leaves out or gets wrong for bots.

_MESSAGE_ROUTE = re.compile(r"/channels/\d+/messages(/\d+)?")
_WEBHOOK_ROUTE = re.compile(r"/webhooks/\d+/[^/]+(/messages/(@original|\d+))?")
_CALLBACK_ROUTE = re.compile(r"/interactions/\d+/[^/]+/callback")
_COMMANDS_ROUTE = re.compile(r"/applications/\d+(/guilds/\d+)?/commands(/\d+)?")


def limit_problems(method: str, path: str, body: Any) -> list[Problem]:
    """Limits a bot hits on the real Discord that the spec does not enforce."""
    if method in ("POST", "PATCH") and (
        _MESSAGE_ROUTE.fullmatch(path) or _WEBHOOK_ROUTE.fullmatch(path)
    ):
        return _message_limits(body, ()) if isinstance(body, dict) else []
    if method == "POST" and _CALLBACK_ROUTE.fullmatch(path) and isinstance(body, dict):
        data = body.get("data")
        if not isinstance(data, dict):
            return []
        if body.get("type") in (4, 7):
            return _message_limits(data, ("data",))
        if body.get("type") == 8:
            return _choice_limits(data.get("choices"), ("data", "choices"))
        return []
    if _COMMANDS_ROUTE.fullmatch(path):
        if method == "PUT" and isinstance(body, list):
            return [p for i, cmd in enumerate(body) for p in _command_limits(cmd, (i,))]
        if method in ("POST", "PATCH"):
            return _command_limits(body, ())
    return []


def _text_len(value: Any) -> int:
    return len(value) if isinstance(value, str) else 0


def _message_limits(message: dict[str, Any], at: tuple[str | int, ...]) -> list[Problem]:
    problems = []
    content = _text_len(message.get("content"))
    if content > CONTENT_LIMIT:
        problems.append(
            Problem((*at, "content"), f"too long ({content} > {CONTENT_LIMIT} characters)")
        )
    total = 0
    for i, embed in enumerate(message.get("embeds") or []):
        if not isinstance(embed, dict):
            continue
        where = (*at, "embeds", i)
        for key, limit in EMBED_LIMITS.items():
            size = _text_len(embed.get(key))
            total += size
            if size > limit:
                problems.append(Problem((*where, key), f"too long ({size} > {limit} characters)"))
        for key, sub in (("author", "name"), ("footer", "text")):
            part = embed.get(key)
            if isinstance(part, dict):
                total += _text_len(part.get(sub))
        fields = embed.get("fields") or []
        if len(fields) > EMBED_FIELDS_LIMIT:
            problems.append(Problem((*where, "fields"), f"has too many items ({len(fields)} > 25)"))
        for j, embed_field in enumerate(fields):
            for key, limit in FIELD_LIMITS.items():
                size = _text_len(embed_field.get(key)) if isinstance(embed_field, dict) else 0
                total += size
                if size > limit:
                    problems.append(
                        Problem(
                            (*where, "fields", j, key), f"too long ({size} > {limit} characters)"
                        )
                    )
    if total > EMBED_TOTAL_LIMIT:
        problems.append(
            Problem((*at, "embeds"), f"hold {total} characters in all (> {EMBED_TOTAL_LIMIT})")
        )
    flags = message.get("flags")
    if not (isinstance(flags, int) and flags & IS_COMPONENTS_V2):
        problems += _row_limits(message.get("components") or [], (*at, "components"))
    return problems


def _row_limits(rows: list[Any], at: tuple[str | int, ...]) -> list[Problem]:
    problems = []
    if len(rows) > 5:
        problems.append(Problem(at, f"has too many action rows ({len(rows)} > 5)"))
    for r, row in enumerate(rows):
        items = row.get("components") or [] if isinstance(row, dict) else []
        if len(items) > 5:
            problems.append(
                Problem((*at, r, "components"), f"has too many items ({len(items)} > 5)")
            )
        for c, item in enumerate(items):
            custom_id = _text_len(item.get("custom_id")) if isinstance(item, dict) else 0
            if custom_id > 100:
                problems.append(
                    Problem(
                        (*at, r, "components", c, "custom_id"),
                        f"too long ({custom_id} > 100 characters)",
                    )
                )
    return problems


def _choice_limits(choices: Any, at: tuple[str | int, ...]) -> list[Problem]:
    if not isinstance(choices, list):
        return []
    problems = []
    if len(choices) > CHOICES_LIMIT:
        problems.append(Problem(at, f"has too many items ({len(choices)} > {CHOICES_LIMIT})"))
    for i, choice in enumerate(choices):
        if not isinstance(choice, dict):
            continue
        name = _text_len(choice.get("name"))
        if not 1 <= name <= CHOICE_LIMIT:
            problems.append(Problem((*at, i, "name"), f"must be 1-100 characters, not {name}"))
        value = _text_len(choice.get("value"))
        if value > CHOICE_LIMIT:
            problems.append(Problem((*at, i, "value"), f"too long ({value} > 100 characters)"))
    return problems


def _command_limits(command: Any, at: tuple[str | int, ...]) -> list[Problem]:
    if not isinstance(command, dict):
        return []
    problems = []
    if command.get("type", 1) == 1:
        name = command.get("name")
        if not isinstance(name, str) or not COMMAND_NAME.match(name) or name != name.lower():
            problems.append(
                Problem((*at, "name"), f"{_short(name)} is not a lowercase command name")
            )
        size = _text_len(command.get("description"))
        if not 1 <= size <= 100:
            problems.append(Problem((*at, "description"), f"must be 1-100 characters, not {size}"))
    for i, option in enumerate(command.get("options") or []):
        if isinstance(option, dict):
            where = (*at, "options", i)
            problems += _choice_limits(option.get("choices"), (*where, "choices"))
            problems += _command_limits({**option, "type": 1}, where)
    return problems
