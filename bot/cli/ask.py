"""`factbot ask` and `factbot chat`: answering questions from a terminal, with the checks
and answers of the service (`bot.service.asking`) the Discord bot uses."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable
from typing import TextIO

from bot.cli.render import answer_text
from bot.engine import Answer, Engine, QuestionError, replace_undecodable
from bot.knowledge import QUESTION_LIMIT
from bot.service import asking
from bot.text import clip

CHAT_HELP = """Ask anything about the article, in your own words. Type 'list' to see the
questions I know, 'help' for this text, and 'quit' (or Ctrl-D) to leave."""


def ask_one(engine: Engine, question: str, max_length: int, as_json: bool) -> int:
    """Answer one question; exit code 2 for a question that cannot be asked (with --json,
    after the same error line a stdin line gets)."""
    try:
        answer = asking.ask(engine, question, max_length)
    except QuestionError as error:
        if as_json:
            print(_error_line(question, error))
        else:
            print(f"factbot: {error}", file=sys.stderr)
        return 2
    print(answer.model_dump_json() if as_json else _text(engine, answer))
    return 0


def ask_stream(engine: Engine, lines: Iterable[bytes], max_length: int, out: TextIO) -> int:
    """One JSON object a line for each question line, in order; bad lines get an error.

    Lines are bytes, so that one that is not UTF-8 gets its error instead of ending the batch.
    """
    for line in lines:
        question = line.removesuffix(b"\n").decode("utf-8", "surrogateescape")
        try:
            question, after = _follow_up(question)
            reply = asking.ask(engine, question, max_length, after).model_dump_json()
        except QuestionError as error:
            reply = _error_line(question, error)
        out.write(reply + "\n")
        out.flush()
    return 0


def _follow_up(line: str) -> tuple[str, str | None]:
    """A plain line is a question; a JSON object {"question": ..., "after": "<fact id>"}
    is a follow-up of that fact's answer (for scripts and tests)."""
    if not line.lstrip().startswith('{"'):
        return line, None
    try:
        given = json.loads(line)
    except json.JSONDecodeError as error:
        raise QuestionError(f"That line starts like JSON but is not: {error.msg}.") from error
    question, after = given.get("question"), given.get("after")
    if not isinstance(question, str) or not (after is None or isinstance(after, str)):
        raise QuestionError('A JSON line needs "question" (text) and may have "after" (a fact id).')
    return question, after


def _error_line(question: str, error: QuestionError) -> str:
    """The JSON object for a question that cannot be asked, echoing it cut to the length a
    fact's question may have (the echo of a pasted page need not be the page)."""
    shown = clip(replace_undecodable(question), QUESTION_LIMIT)
    return json.dumps(
        {"question": shown, "answered": False, "error": str(error)}, separators=(",", ":")
    )


def chat(engine: Engine, max_length: int) -> int:
    """An interactive prompt for trying the bot locally: on a terminal, with line editing
    and the session's history (the arrow keys), as readline gives every `input()` once it
    is imported; Ctrl-D and Ctrl-C leave."""
    _line_editing()
    print(f"FactBot: {engine.fact_count} facts loaded. {CHAT_HELP}")
    after: str | None = None  # the fact of the last answer, which a follow-up follows
    while True:
        print()
        try:
            line = input("you> ")
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        command = line.strip().casefold()
        if command in {"quit", "exit", "q"}:
            return 0
        if command in {"help", "?"}:
            print(CHAT_HELP)
            continue
        if command == "list":
            for fact in engine.facts():
                print(f"  - {fact.question}")
            continue
        try:
            answer = asking.ask(engine, line, max_length, after)
        except QuestionError as error:
            print(f"bot> {error}")
            continue
        if answer.fact_id is not None:
            after = answer.fact_id
        print("bot> " + _text(engine, answer))


def _line_editing() -> None:
    """Turn on readline for `input()` where Python has it (not on Windows, where the
    console edits lines itself), and only on a terminal: piped input stays plain."""
    if not sys.stdin.isatty():
        return
    try:
        import readline  # noqa: F401  (importing it is what turns it on)
    except ImportError:
        return


def _text(engine: Engine, answer: Answer) -> str:
    """The answer for a terminal, naming the article of the pack that gave it."""
    pack = asking.resolved(engine, answer).pack
    return answer_text(answer, pack.pack.title if pack else None)
