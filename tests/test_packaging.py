"""The package as `pip install .` builds it: a real wheel, installed into a new environment,
answers from any folder with the packs it carries."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import sysconfig
import tomllib
import zipfile
from pathlib import Path

import pytest

from bot.__main__ import main

ROOT = Path(__file__).resolve().parent.parent
SOURCE_FACTS = ROOT / "facts"
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
PROJECT_VERSION = PYPROJECT["project"]["version"]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The wheel pip builds from a copy of the source (so concurrent builds never share
    build/), with this environment's setuptools: no network."""
    source = tmp_path_factory.mktemp("source")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("bot", "facts"):
        shutil.copytree(ROOT / name, source / name, ignore=ignore)
    out = tmp_path_factory.mktemp("wheel")
    pip = [sys.executable, "-m", "pip", "-q"]
    subprocess.run(
        [*pip, "wheel", "--no-deps", "--no-build-isolation", "--no-index", "-w", str(out), source],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("factbot-*.whl")
    return built


def _source_files(folder: Path) -> list[Path]:
    return sorted(
        path for path in folder.rglob("*") if path.is_file() and "__pycache__" not in path.parts
    )


def test_the_wheel_holds_every_module_and_data_file_of_bot(wheel: Path) -> None:
    """Every file under bot/ (modules, scorer.json, english.toml) is in the wheel, unchanged:
    a package missing from pyproject.toml's list would be missing here."""
    files = _source_files(ROOT / "bot")
    assert ROOT / "bot" / "engine" / "scorer.json" in files
    with zipfile.ZipFile(wheel) as archive:
        for file in files:
            name = file.relative_to(ROOT).as_posix()
            assert archive.read(name) == file.read_bytes(), name


def test_the_wheel_holds_the_shipped_packs(wheel: Path) -> None:
    """Each pack under facts/ is in the wheel as bot/shipped/<pack>/: its pack.toml and the
    article it names, byte for byte."""
    packs = sorted(path.parent for path in SOURCE_FACTS.glob("*/pack.toml"))
    assert SOURCE_FACTS / "toyota-solid-state" in packs
    with zipfile.ZipFile(wheel) as archive:
        for pack in packs:
            article = tomllib.loads((pack / "pack.toml").read_text(encoding="utf-8"))["pack"][
                "article"
            ]
            for file in (pack / "pack.toml", pack / article):
                name = f"bot/shipped/{file.relative_to(SOURCE_FACTS).as_posix()}"
                assert archive.read(name) == file.read_bytes(), name


@pytest.fixture(scope="module")
def installed(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A new virtual environment with the wheel installed (not editable). Its dependencies come
    from this environment's site-packages, named in a .pth file: a folder on the path, where
    this environment's editable-install hook (a .pth of its own) is not run."""
    venv = tmp_path_factory.mktemp("venv")
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    purelib = subprocess.run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    (Path(purelib) / "factbot-test-dependencies.pth").write_text(
        "".join(f"{path}\n" for path in sorted(ours)), encoding="utf-8"
    )
    pip = [sys.executable, "-m", "pip", "-q", "--python", str(python)]
    subprocess.run(
        [*pip, "install", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    return venv


def _factbot(
    venv: Path, cwd: Path, *args: str, stdin: str = "", facts_dir: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """The installed console script, run from `cwd` with no FactBot settings but `facts_dir`."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("FACTBOT_") and name not in {"DISCORD_TOKEN", "PYTHONPATH"}
    }
    if facts_dir is not None:
        env["FACTBOT_FACTS_DIR"] = str(facts_dir)
    return subprocess.run(
        [venv / "bin" / "factbot", *args],
        cwd=cwd,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_installed_wheel_reads_its_own_packs(installed: Path, tmp_path: Path) -> None:
    """Its shipped packs are the installed package's files, not this checkout's facts/."""
    result = subprocess.run(
        [installed / "bin" / "python", "-c", "from bot.config import SHIPPED_FACTS as s; print(s)"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=True,
    )
    shipped = Path(result.stdout.strip())
    assert shipped.is_relative_to(installed)
    assert shipped.name == "shipped"
    assert (shipped / "toyota-solid-state" / "pack.toml").is_file()


def test_the_installed_wheel_answers_from_any_folder(installed: Path, tmp_path: Path) -> None:
    ask = _factbot(installed, tmp_path, "ask", "when is solid state due?")
    assert ask.returncode == 0, ask.stderr
    assert ask.stdout.startswith("Around 2028.")
    assert "fact solid-state-release" in ask.stdout

    chat = _factbot(installed, tmp_path, "chat", stdin="who owns primeearth\nquit\n")
    assert chat.returncode == 0, chat.stderr
    assert "facts loaded" in chat.stdout
    assert "bot> " in chat.stdout

    listed = _factbot(installed, tmp_path, "facts", "list")
    assert listed.returncode == 0, listed.stderr
    assert "solid-state-release" in listed.stdout
    checked = _factbot(installed, tmp_path, "facts", "check")
    assert checked.returncode == 0, checked.stderr
    assert "toyota-solid-state" in checked.stdout

    run = _factbot(installed, tmp_path, "run")
    assert run.returncode == 2
    assert "no Discord token is set" in run.stderr
    assert 'factbot ask "' in run.stderr

    version = _factbot(installed, tmp_path, "--version")
    assert (version.returncode, version.stdout) == (0, f"factbot {PROJECT_VERSION}\n")


def test_the_installed_wheel_prefers_the_folders_own_facts(installed: Path, tmp_path: Path) -> None:
    """A facts/ folder where it runs, or FACTBOT_FACTS_DIR, is used instead of the shipped packs."""
    ferry = ROOT / "tests" / "data" / "packs" / "harbour-ferry"
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(ferry, elsewhere / ferry.name)
    shutil.copytree(ferry, tmp_path / "facts" / ferry.name)
    for result in (
        _factbot(installed, tmp_path, "facts", "list"),
        _factbot(installed, ROOT, "facts", "list", facts_dir=elsewhere),
    ):
        assert result.returncode == 0, result.stderr
        assert "Heron" in result.stdout
        assert "solid-state-release" not in result.stdout


def test_version_prints_the_package_version(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stop:
        main(["--version"])
    assert stop.value.code == 0
    assert capsys.readouterr().out == f"factbot {PROJECT_VERSION}\n"
