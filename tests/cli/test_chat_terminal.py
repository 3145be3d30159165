"""`factbot chat` in a pseudo-terminal, as a person uses it: the arrow keys edit the line and
bring back earlier questions, Ctrl-D and Ctrl-C leave without a traceback."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterator

import pexpect
import pytest

LEFT, UP = "\x1b[D", "\x1b[A"
PROMPT = "you> "


@pytest.fixture
def chat() -> Iterator[pexpect.spawn[str]]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("FACTBOT_")}
    environment["TERM"] = "xterm"  # readline needs to know the terminal's keys
    session = pexpect.spawn(
        sys.executable,
        ["-m", "bot", "chat"],
        env=environment,
        encoding="utf-8",
        timeout=60,
        dimensions=(24, 200),
    )
    session.expect(PROMPT)
    yield session
    session.close(force=True)


def test_arrow_keys_edit_the_line_and_bring_back_the_last_question(
    chat: pexpect.spawn[str],
) -> None:
    # Typed without its first word, which the left arrow goes back to put in.
    chat.send("is solid-state due?")
    chat.send(LEFT * len("is solid-state due?"))
    chat.send("when \r")
    chat.expect("bot> Around 2028.")
    chat.expect(PROMPT)
    chat.send(UP)  # the question just asked comes back, to be asked again as it is
    chat.send("\r")
    chat.expect("when is solid-state due\\?")
    chat.expect("bot> Around 2028.")
    chat.expect(PROMPT)
    chat.sendeof()
    chat.expect(pexpect.EOF)
    chat.close()
    assert chat.exitstatus == 0


def test_ctrl_c_leaves_cleanly(chat: pexpect.spawn[str]) -> None:
    chat.send("half a questi")
    chat.expect("half a questi")  # being read: the line editor has the terminal
    chat.sendintr()
    chat.expect(pexpect.EOF)
    chat.close()
    assert chat.exitstatus == 0
    assert "Traceback" not in (chat.before or "")
