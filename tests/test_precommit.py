"""The hooks of .pre-commit-hooks.yaml, driven by the real pre-commit in throw-away corpus repositories."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from support import RAW, REPO

pytestmark = pytest.mark.skipif(shutil.which("pre-commit") is None or shutil.which("git") is None, reason="needs git and pre-commit")

GIT_USER = {"GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@t", "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@t"}


def test_the_hooks_declare_what_pre_commit_needs() -> None:
    hooks = {hook["id"]: hook for hook in yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text())}
    assert set(hooks) == {"scrapelint-fix", "scrapelint-check"}
    assert hooks["scrapelint-fix"]["require_serial"] is True
    assert "--exit-non-zero-on-fix" in hooks["scrapelint-fix"]["entry"]
    assert hooks["scrapelint-check"]["entry"].endswith("fix --check")
    own = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    assert {hook["id"] for repo in own["repos"] for hook in repo["hooks"]} == set(hooks)


@pytest.fixture(scope="module")
def hooks_repo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str, dict[str, str]]:
    """This checkout, uncommitted changes included, committed into a throw-away repository, with one
    pre-commit store for the module: the hook environment is installed once (`try-repo` installs it
    afresh on every call, about a minute each)."""
    root = tmp_path_factory.mktemp("hooks")
    repo = root / "scrapelint"
    listed = subprocess.run(["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"], cwd=REPO, capture_output=True, check=True)
    for name in filter(None, listed.stdout.decode().split("\0")):
        if (REPO / name).is_file() and not name.startswith(("tests/", "bench/")):
            (repo / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy(REPO / name, repo / name)
    env = {**os.environ, **GIT_USER, "PRE_COMMIT_HOME": str(root / "cache")}
    for command in (["git", "init", "-q"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "snapshot"]):
        subprocess.run(command, cwd=repo, env=env, check=True)
    sha = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, capture_output=True, text=True, check=True).stdout.strip()
    return repo, sha, env


def corpus_repo(where: Path, hooks_repo: tuple[Path, str, dict[str, str]], raw: str, files: list[Path]):
    """A git repository with `files` under `raw`, whose .pre-commit-config.yaml uses both hooks; returns a runner."""
    repo, sha, env = hooks_repo
    (where / raw).mkdir(parents=True)
    for file in files:
        shutil.copy(file, where / raw / file.name)
    config = {"repos": [{"repo": str(repo), "rev": sha, "hooks": [{"id": "scrapelint-fix"}, {"id": "scrapelint-check"}]}]}
    (where / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config))

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(args, cwd=where, env=env, capture_output=True, text=True, timeout=600)

    run("git", "init", "-q")
    return run


def test_fix_stops_the_first_commit_and_passes_the_second(tmp_path: Path, hooks_repo) -> None:
    corpus = tmp_path / "corpus"
    run = corpus_repo(corpus, hooks_repo, "raw", sorted(RAW.iterdir())[:2])
    run("git", "add", "-A")

    def hook(hook_id: str) -> subprocess.CompletedProcess[str]:
        return run("pre-commit", "run", hook_id, "--all-files")

    first = hook("scrapelint-fix")
    assert first.returncode == 1, first.stdout
    assert sorted(p.name for p in (corpus / "clean").iterdir()) == sorted(
        [p.name for p in (corpus / "raw").iterdir()] + ["manifest.jsonl"]
    )
    run("git", "add", "clean")
    second = hook("scrapelint-fix")
    assert second.returncode == 0, second.stdout
    assert hook("scrapelint-check").returncode == 0

    raw = next((corpus / "raw").iterdir())
    raw.write_text(raw.read_text() + "\n\nA paragraph the scraper added later, long enough to be kept as prose.")
    stale = hook("scrapelint-check")
    assert stale.returncode == 1 and f"clean/{raw.name}: would change (raw document changed)" in stale.stdout


def test_the_hooks_follow_the_folders_of_the_config(tmp_path: Path, hooks_repo) -> None:
    """Another layout: the config names the folders, and the other staged files are not documents."""
    corpus = tmp_path / "corpus"
    run = corpus_repo(corpus, hooks_repo, "crawl/pages", sorted(RAW.iterdir())[2:4])
    (corpus / ".scrapelint.yaml").write_text("extends: default\nraw: crawl/pages\nclean: crawl/text\n")
    (corpus / "README.md").write_text("# Our crawl\n\nNotes on how the pages were collected, in a sentence or two.\n")
    assert run("pre-commit", "install").returncode == 0
    run("git", "add", "-A")
    first = run("git", "commit", "-q", "-m", "pages")
    assert first.returncode == 1, first.stdout + first.stderr
    out = corpus / "crawl" / "text"
    assert sorted(p.name for p in out.iterdir()) == sorted([f"{p.stem}.txt" for p in (corpus / "crawl" / "pages").iterdir()] + ["manifest.jsonl"])
    assert not (corpus / "clean").exists() and not (out / "README.txt").exists()
    run("git", "add", "-A")
    second = run("git", "commit", "-q", "-m", "pages")
    assert second.returncode == 0, second.stdout + second.stderr
