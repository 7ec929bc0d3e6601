"""`fix --check` and `fix --diff`: what fix would change in the output folder, without writing it."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from .batch import unchanged
from .config import RuleSet
from .executors import clean
from .inputs import as_text, hidden_path
from .manifest import NAME as MANIFEST_NAME
from .manifest import Records
from .sources import Doc


@dataclass(frozen=True)
class Change:
    path: str  # the output file (or the manifest) that would change
    reason: str
    before: str  # its current text ("" when missing)
    after: str  # what fix would write ("" when fix would remove it)


def plan(documents: Iterable[Doc], ruleset: RuleSet, out: Path, texts: bool = True) -> list[Change]:
    """Every difference between `out` and what fix would make of `documents` with these rules.
    With `texts` False, changes carry no before and after text (`--check` only names them)."""
    manifest = out / MANIFEST_NAME
    with Records(manifest) as records:  # in SQLite's temporary folder: nothing is written under `out`
        changes: list[Change] = []
        outputs: set[str] = set()
        failing: list[Change] = []
        for doc in documents:
            outputs.add(doc.output)
            record = records.get(doc.id)
            digest = ruleset.for_source(doc.source).digest()  # per-path settings give documents their own rule sets
            if unchanged(doc, record, digest, out):
                if record and record.get("status") == "fail":
                    failing.append(_fails(doc, record))
                continue
            fresh, text = clean(doc, ruleset)
            if doc.provenance:
                fresh["provenance"] = doc.provenance
            if text:
                fresh["output"] = doc.output
            records.put(fresh)
            if fresh["status"] == "fail":
                failing.append(_fails(doc, fresh))
            before = _read(out / doc.output)
            after = text or ""
            if record is None or before != after:
                reason = "new document" if record is None else _why(doc, record, digest)
                changes.append(Change(str(out / doc.output), reason, *((before, after) if texts else ("", ""))))
        # Sources are named relative to the project root (sources.source_name), not to the current folder.
        gone = []
        for record in records:  # one pass over the manifest: it may hold millions of records
            if not os.path.exists(os.path.join(ruleset.root or "", str(record.get("source")))):
                gone.append(record)
            elif record.get("output"):
                outputs.add(record["output"])
        for record in gone:
            records.delete(record["id"])
            if record.get("output"):
                before = _read(out / record["output"]) if texts else ""
                changes.append(Change(str(out / record["output"]), "its raw document is gone", before, ""))
        for path in sorted(out.rglob("*.txt")) if out.is_dir() else []:
            relative = path.relative_to(out).as_posix()
            if relative not in outputs and not hidden_path(str(path.relative_to(out))):
                changes.append(Change(str(path), "orphan: no document writes it", _read(path) if texts else "", ""))
        if records.changed:
            after = b"".join(records.lines()).decode("utf-8") if texts else ""
            changes.append(Change(str(manifest), "manifest records differ", _read(manifest) if texts else "", after))
    return changes + failing


def _fails(doc: Doc, record: dict[str, Any]) -> Change:
    """A document that fails validation: named by its source, it is no output's change."""
    return Change(as_text(doc.source), f"fails validation: {'; '.join(record['messages'])}", "", "")


def _why(doc: Doc, record: dict[str, Any], digest: str) -> str:
    from . import __version__
    from .batch import sha256

    if doc.data is not None and record.get("raw_sha256") != sha256(doc.data):
        return "raw document changed"
    if record.get("ruleset") != digest:
        return "rules changed"
    if record.get("version") != __version__:
        return "scrapelint version changed"
    return "clean text differs"


def _read(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ""


def report(changes: list[Change]) -> str:
    return "\n".join(
        f"{change.path}: {change.reason}" if change.reason.startswith("fails") else f"{change.path}: would change ({change.reason})"
        for change in changes
    )


def diff(changes: list[Change]) -> str:
    parts = []
    for change in changes:
        lines = difflib.unified_diff(
            _lines(change.before),
            _lines(change.after),
            fromfile=f"a/{change.path}",
            tofile=f"b/{change.path}",
        )
        parts.append("".join(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n" for line in lines))
    return "".join(parts).rstrip("\n")


def _lines(text: str) -> list[str]:
    """The text's lines with their line breaks, parted at "\n" only, as the rules part them:
    str.splitlines also parts at U+2028, a form feed and the like, which a line may hold."""
    *ended, last = text.split("\n")
    return [line + "\n" for line in ended] + ([last] if last else [])
