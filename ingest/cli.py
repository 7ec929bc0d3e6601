"""The command line: fix, check, rules, explain. Exit 0 clean, 1 findings or failures, 2 usage or config errors."""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

from . import __version__
from .config import ConfigError, RuleSet, find_config, load
from .emit import write_atomic
from .inputs import Input, UsageError, discover
from .manifest import NAME as MANIFEST_NAME
from .manifest import ManifestError
from .manifest import read as read_manifest
from .manifest import write as write_manifest
from .pipeline import Result, process
from .report import explain, explain_check, finding_json, rules_json, rules_table, text_line
from .validate import CHECKS

RAW_DIR = Path("raw")
CLEAN_DIR = Path("clean")
CHECKPOINT_SECONDS = 2.0  # how often fix saves the manifest, so a killed run leaves a valid one behind


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scrapelint", description="Clean scraped documents with YAML rules.")
    parser.add_argument("--version", action="version", version=f"scrapelint {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help=f"YAML config (default: ./{'.scrapelint.yaml'} if present, else the bundled pack)")
    commands = parser.add_subparsers(dest="command", required=True)

    fix = commands.add_parser("fix", parents=[common], help="write clean text and the manifest")
    fix.add_argument("paths", nargs="*", default=[str(RAW_DIR)], metavar="PATH")
    fix.add_argument("--out", type=Path, default=CLEAN_DIR, metavar="DIR")

    check = commands.add_parser("check", parents=[common], help="report findings, write nothing")
    check.add_argument("paths", nargs="*", default=[str(RAW_DIR)], metavar="PATH")
    check.add_argument("--format", choices=("text", "json"), default="text")

    rules = commands.add_parser("rules", parents=[common], help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain_cmd = commands.add_parser("explain", parents=[common], help="describe one rule with its examples")
    explain_cmd.add_argument("rule", metavar="ID|NAME")
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        ruleset = load(args.config or find_config())
        return COMMANDS[args.command](args, ruleset)
    except (ConfigError, UsageError, ManifestError) as error:
        print(f"scrapelint: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        print(f"scrapelint: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 2


def run_one(item: Input, ruleset: RuleSet) -> Result:
    data: bytes | None = None
    error = None
    if item.outside_root():
        error = f"symlink leads outside the input folder, to {item.path.resolve()}; not read"
    else:
        try:
            data = item.path.read_bytes()
        except OSError as failure:
            error = f"cannot read: {failure.strerror or failure}"
    try:
        return process(data, item.id, str(item.path), ruleset, error)
    except Exception as failure:  # one odd document must not stop the batch: it is recorded as failed
        reason = f"internal error: {type(failure).__name__}: {failure}"
        return process(None, item.id, str(item.path), ruleset, reason)


def cmd_fix(args: argparse.Namespace, ruleset: RuleSet) -> int:
    items = discover(args.paths, RAW_DIR)
    out: Path = args.out
    manifest_path = out / MANIFEST_NAME
    records = read_manifest(manifest_path)
    remove_stray_temporaries(out)
    failed = 0
    saved = time.monotonic()
    for item in items:
        result = run_one(item, ruleset)
        target = out / item.output
        if result.clean:
            write_atomic(target, result.clean.encode("utf-8"))
            result.record["output"] = item.output
        else:
            target.unlink(missing_ok=True)
        records[item.id] = result.record
        if result.status == "fail":
            failed += 1
            print(f"{item.path}: {'; '.join(result.record['messages'])}", file=sys.stderr)
        if time.monotonic() - saved > CHECKPOINT_SECONDS:
            write_manifest(manifest_path, records)
            saved = time.monotonic()
    write_manifest(manifest_path, records)
    print(f"scrapelint: {len(items)} documents, {failed} failed, clean text in {out}/", file=sys.stderr)
    return 1 if failed else 0


def remove_stray_temporaries(out: Path) -> None:
    """Temporary files a killed run left behind (ingest/emit.py names them `.NAME.XXXX.tmp`)."""
    if out.is_dir():
        for stray in out.rglob(".*.tmp"):
            if stray.is_file():
                stray.unlink(missing_ok=True)


def cmd_check(args: argparse.Namespace, ruleset: RuleSet) -> int:
    items = discover(args.paths, RAW_DIR)
    errors = 0
    collected = []
    for item in items:
        result = run_one(item, ruleset)
        for finding in result.findings:
            errors += finding.severity == "error"
            if args.format == "text":
                print(text_line(str(item.path), finding))
            else:
                collected.append(finding_json(str(item.path), finding))
    if args.format == "json":
        print(json.dumps(collected, indent=2, ensure_ascii=False))
    return 1 if errors else 0


def cmd_rules(args: argparse.Namespace, ruleset: RuleSet) -> int:
    print(rules_json(ruleset.rules) if args.format == "json" else rules_table(ruleset.rules))
    return 0


def cmd_explain(args: argparse.Namespace, ruleset: RuleSet) -> int:
    rule = ruleset.find(args.rule)
    if rule is not None:
        print(explain(rule))
        return 0
    check = next((c for c in CHECKS.values() if args.rule in (c.id, c.name)), None)
    if check is not None:
        print(explain_check(check.id))
        return 0
    raise UsageError(f"no rule with id or name {args.rule!r} (see `scrapelint rules`)")


COMMANDS = {"fix": cmd_fix, "check": cmd_check, "rules": cmd_rules, "explain": cmd_explain}
