"""SQuAD 1.1 train rebuilt from the SQuAD explorer's pages, in the usual JSON layout.

The train JSON itself is too big to be fetched here; the explorer (rajpurkar/SQuAD-explorer,
commit 13f82e35, `explore/1.1/train/`) shows every train article as an HTML page: each
paragraph with its questions and answers, and `index.html` lists the articles in the data
set's order. The pages give no answer offsets: each answer's start is where its text first
occurs in the paragraph (`public_data.squad` also counts every sentence holding the text).

Run: python -m benchmarks.squad_explorer EXPLORER_GIT_DIR squad-v1.1-train.json
     (EXPLORER_GIT_DIR: a clone or mirror of rajpurkar/SQuAD-explorer)
"""

from __future__ import annotations

import argparse
import json
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

COMMIT = "13f82e35"
PAGES = "explore/1.1/train"
LINK_PREFIX = f"/SQuAD-explorer/{PAGES}/"


class _ArticlePage(HTMLParser):
    """Paragraphs (`<pre>`), questions (`strong.question`) and answers (`span.answer`)."""

    def __init__(self) -> None:
        super().__init__()
        self.paragraphs: list[dict[str, object]] = []
        self._reading: str | None = None
        self._text = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        kind = dict(attrs).get("class")
        if tag == "pre":
            self._reading = "context"
        elif tag == "strong" and kind == "question":
            self._reading = "question"
        elif tag == "span" and kind == "answer":
            self._reading = "answer"
        self._text = ""

    def handle_data(self, data: str) -> None:
        if self._reading:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if self._reading is None or tag not in ("pre", "strong", "span"):
            return
        text, reading, self._reading = self._text, self._reading, None
        if reading == "context":
            self.paragraphs.append({"context": text, "qas": []})
            return
        qas: list[dict[str, object]] = self.paragraphs[-1]["qas"]  # type: ignore[assignment]
        if reading == "question":
            qas.append({"id": f"{len(self.paragraphs)}-{len(qas)}", "question": text.strip()})
            qas[-1]["answers"] = []
            return
        context = str(self.paragraphs[-1]["context"])
        answers: list[dict[str, object]] = qas[-1]["answers"]  # type: ignore[assignment]
        answers.append({"text": text, "answer_start": max(0, context.find(text))})


class _Index(HTMLParser):
    """The article pages linked from `index.html`, in the data set's order."""

    def __init__(self) -> None:
        super().__init__()
        self.pages: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        link = dict(attrs).get("href") or ""
        if tag == "a" and link.startswith(LINK_PREFIX) and not link.endswith("index.html"):
            self.pages.append(link[len(LINK_PREFIX) :])  # file names as linked


def _show(git_dir: Path, path: str) -> str:
    shown = subprocess.run(
        ["git", f"--git-dir={git_dir}", "show", f"{COMMIT}:{path}"],
        capture_output=True,
        check=True,
    )
    return shown.stdout.decode("utf-8")


def rebuild(git_dir: Path) -> dict[str, object]:
    index = _Index()
    index.feed(_show(git_dir, f"{PAGES}/index.html"))
    data = []
    for page in dict.fromkeys(index.pages):
        article = _ArticlePage()
        article.feed(_show(git_dir, f"{PAGES}/{page}"))
        data.append(
            {"title": unquote(page.removesuffix(".html")), "paragraphs": article.paragraphs}
        )
    return {"version": "1.1", "source": f"rajpurkar/SQuAD-explorer@{COMMIT}", "data": data}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("git_dir", type=Path, help="a clone or mirror of SQuAD-explorer")
    parser.add_argument("output", type=Path)
    arguments = parser.parse_args()
    rebuilt = rebuild(arguments.git_dir)
    arguments.output.write_text(json.dumps(rebuilt, ensure_ascii=False), encoding="utf-8")
    articles: list[dict[str, list[dict[str, list[object]]]]] = rebuilt["data"]  # type: ignore[assignment]
    questions = sum(len(p["qas"]) for a in articles for p in a["paragraphs"])
    print(f"{len(articles)} articles, {questions} questions -> {arguments.output}")


if __name__ == "__main__":
    main()
