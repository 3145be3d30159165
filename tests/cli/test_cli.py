"""The `factbot` command line, called as a user would."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from bot.__main__ import main
from bot.config import SHIPPED_FACTS, Settings
from bot.knowledge import QUESTION_LIMIT, load_packs

QUESTION = "when is solid-state due?"


@pytest.fixture(autouse=True)
def _no_token(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run from an empty folder with no token, as a new user would."""
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("FACTBOT_DISCORD_TOKEN", raising=False)
    monkeypatch.chdir(tmp_path)


def test_ask_prints_answer_quote_and_confidence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", QUESTION]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Around 2028.")
    assert "Around 2028, the company anticipates the release of its initial solid-state" in out
    assert "confidence" in out


def test_ask_json_prints_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", QUESTION]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert set(reply) == {
        "question",
        "answered",
        "answer",
        "sources",
        "fact_id",
        "confidence",
        "suggestions",
        "notes",
        "intent",
        "reply",
        "context",
        "nearby",
    }
    assert reply["fact_id"] == "solid-state-release"
    assert reply["answered"] is True


def test_ask_says_a_near_miss_honestly(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "how many gwh does panasonic make a year"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("The article doesn't say that about Panasonic.\n")
    assert "not an answer to your question" in out
    assert "9 GWh of batteries a year." in out
    assert "\u201cToyota's objective is to achieve an annual production of 9 GWh" in out
    assert main(["ask", "--json", "how many gwh does panasonic make a year"]) == 0
    reply = json.loads(capsys.readouterr().out)
    assert reply["answered"] is False
    assert reply["fact_id"] is None
    assert reply["nearby"]["fact_id"] == "production-target"
    assert reply["nearby"]["named"] == "Panasonic"


def test_ask_json_reads_stdin_one_question_a_line() -> None:
    questions = [QUESTION, "what's the weather in tokyo", "", "who owns primeearth"]
    result = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json"],
        input="\n".join(questions) + "\n",
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "DISCORD_TOKEN": ""},
    )
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in replies] == questions
    assert replies[0]["fact_id"] == "solid-state-release"
    assert replies[1]["answered"] is False
    assert "error" in replies[2]
    assert replies[2]["answered"] is False
    assert replies[3]["fact_id"] == "primeearth-ownership"


def _factbot(*args: str, stdin: bytes = b"") -> subprocess.CompletedProcess[bytes]:
    """`factbot` as a process, bytes in and out, as a shell pipe would run it."""
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        env={**os.environ, "DISCORD_TOKEN": ""},
        check=False,
    )


def test_ask_json_gives_a_line_that_is_not_utf8_its_own_error() -> None:
    lines = [b"when is solid state due \xff", QUESTION.encode(), b"\xc3(", b"who owns primeearth"]
    result = _factbot("ask", "--json", stdin=b"\n".join(lines) + b"\n")
    assert result.returncode == 0, result.stderr.decode()
    assert result.stderr == b""
    replies = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["question"] for r in replies] == [
        "when is solid state due \ufffd",
        QUESTION,
        "\ufffd(",
        "who owns primeearth",
    ]
    assert "not UTF-8" in replies[0]["error"]
    assert "not UTF-8" in replies[2]["error"]
    assert replies[1]["fact_id"] == "solid-state-release"
    assert replies[3]["fact_id"] == "primeearth-ownership"


def test_a_question_argument_that_is_not_utf8_is_a_clear_error() -> None:
    # Python hands a program the bytes of an argument that are not UTF-8 as lone surrogates.
    result = _factbot("ask", "when is solid-state due \udcff")
    assert result.returncode == 2
    assert result.stdout == b""
    assert result.stderr.decode() == (
        "factbot: That question holds bytes that are not UTF-8 text; please type it again.\n"
    )


@pytest.mark.parametrize("question", ["", "   ", "when is solid-state due \udcff", "x" * 600])
def test_ask_json_gives_a_question_argument_the_error_line_stdin_gets(question: str) -> None:
    as_line = _factbot("ask", "--json", stdin=os.fsencode(question) + b"\n")
    as_argument = _factbot("ask", "--json", question)
    assert as_argument.returncode == 2
    assert as_argument.stderr == b""
    assert as_argument.stdout == as_line.stdout
    reply = json.loads(as_argument.stdout)
    assert reply["answered"] is False
    assert reply["error"]


def test_an_overlong_question_is_echoed_cut_to_the_question_limit(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["ask", "--json", "x" * 600]) == 2
    reply = json.loads(capsys.readouterr().out)
    assert reply["question"] == "x" * (QUESTION_LIMIT - 1) + "\u2026"
    assert "600 characters long" in reply["error"]


@pytest.mark.parametrize(
    ("question", "message"),
    [("   ", "Ask me a question"), ("x" * 10_000, "10,000 characters long")],
)
def test_bad_questions_get_a_clear_message(
    capsys: pytest.CaptureFixture[str], question: str, message: str
) -> None:
    assert main(["ask", question]) == 2
    assert message in capsys.readouterr().err


def test_a_missing_pack_is_a_clear_error(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert main(["ask", "--facts", str(tmp_path / "missing"), QUESTION]) == 2
    err = capsys.readouterr().err
    assert "cannot load the fact packs" in err
    assert "no such file or folder" in err
    assert f"factbot facts check {tmp_path / 'missing'}" in err


def test_run_without_a_token_explains_what_to_do(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "DISCORD_TOKEN" in err
    assert "factbot ask" in err
    assert "factbot chat" in err


def test_the_example_questions_come_from_the_packs_served(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """No article's question is written into the code: another pack gives its own."""
    ferry = str(Path(__file__).parent.parent / "data" / "packs" / "harbour-ferry")
    assert main(["run", "--facts", ferry]) == 2
    assert 'factbot ask "When will the Heron electric ferry enter service?"' in (
        capsys.readouterr().err
    )
    assert main(["ask", "--facts", ferry, "  "]) == 2
    assert "for example: When will the Heron" in capsys.readouterr().err


def test_the_tests_default_facts_folder_is_their_own(facts_folder: Path) -> None:
    """Tests never read the working facts/ (where `factbot pack draft` puts new packs)."""
    assert Settings().facts_dir == facts_folder != SHIPPED_FACTS
    assert [pack.id for pack in load_packs([Settings().facts_dir])] == ["toyota-solid-state"]


def test_facts_check_passes_on_the_shipped_pack(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "check"]) == 0
    assert "toyota-solid-state" in capsys.readouterr().out


def test_facts_check_fails_on_a_changed_quote(
    capsys: pytest.CaptureFixture[str], pack_copy: Path
) -> None:
    file = pack_copy / "pack.toml"
    text = file.read_text(encoding="utf-8")
    file.write_text(
        text.replace("approval to develop all-solid-state", "approval to build all-solid-state", 1),
        encoding="utf-8",
    )
    assert main(["facts", "check", str(pack_copy)]) == 1
    err = capsys.readouterr().err
    assert "fact 'meti-approval'" in err
    assert "field 'sources[0]'" in err
    assert str(file) in err


def test_facts_list(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["facts", "list"]) == 0
    out = capsys.readouterr().out
    assert "solid-state-release (date)" in out
    assert "Around 2028." in out


def test_chat_answers_until_quit(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = iter([QUESTION, "", "help", "quit"])
    monkeypatch.setattr("builtins.input", lambda _prompt: next(lines))
    assert main(["chat"]) == 0
    out = capsys.readouterr().out
    assert "bot> Around 2028." in out
    assert "Ask me a question" in out
    assert "'quit'" in out


def test_chat_follows_the_previous_turn(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = iter(["when will the performance battery come out", "and the range?", "quit"])
    monkeypatch.setattr("builtins.input", lambda _prompt: next(lines))
    assert main(["chat"]) == 0
    assert "bot> Performance batteries, range: Nearly 500 miles" in capsys.readouterr().out


def test_ask_json_takes_a_follow_up_as_a_json_object(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    follow_up = json.dumps({"question": "and the range?", "after": "performance-release"})
    stdin = (
        f'{follow_up}\nand the range?\n{{"broken\n{json.dumps({"question": 3})}\n'
        "{braces} when is solid-state due?\n"
    )
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(stdin.encode())))
    assert main(["ask", "--json"]) == 0
    followed, alone, broken, wrong, braces = map(json.loads, capsys.readouterr().out.splitlines())
    assert "error" not in braces  # a question, though it starts with {
    assert braces["question"].startswith("{braces}")
    assert (followed["fact_id"], followed["context"]) == (
        "performance-range",
        "Performance batteries, range",
    )
    assert followed["question"] == "and the range?"
    assert alone["context"] is None
    assert "not" in broken["error"]
    assert '"question"' in wrong["error"]


def test_an_invalid_setting_is_a_clear_error(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("FACTBOT_MAX_QUESTION_LENGTH", "lots")
    assert main(["ask", QUESTION]) == 2
    err = capsys.readouterr().err
    assert "not valid" in err
    assert "FACTBOT_MAX_QUESTION_LENGTH" in err


def test_an_empty_setting_means_unset(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # As in .env.example: `FACTBOT_DEV_GUILD=` and an empty DISCORD_TOKEN beside the alias.
    monkeypatch.setenv("FACTBOT_DEV_GUILD", "")
    monkeypatch.setenv("FACTBOT_DISCORD_GATEWAY_URL", "")
    monkeypatch.setenv("DISCORD_TOKEN", "")
    assert main(["run"]) == 2
    err = capsys.readouterr().err
    assert "no Discord token is set" in err
    assert "not valid" not in err


def test_run_refuses_to_start_on_a_broken_pack(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], pack_copy: Path
) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "a-token-that-is-never-used")
    file = pack_copy / "pack.toml"
    file.write_text(
        file.read_text(encoding="utf-8").replace("approval to develop", "approval to build", 1),
        encoding="utf-8",
    )
    assert main(["run", "--facts", str(pack_copy)]) == 2
    err = capsys.readouterr().err
    assert "cannot load the fact packs" in err
    assert "meti-approval" in err
    assert "a-token-that-is-never-used" not in err
