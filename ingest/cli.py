"""The command line: fix, check, rules, explain. Exit 0 clean, 1 findings or failures, 2 usage or config errors."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__, regex_programs

# The command line only, and before its modules compile their patterns: a program that imports
# ingest as a library keeps `re` as it is.
regex_programs.load()

from . import batch, formats  # noqa: E402
from .config import ConfigError, RuleSet, find_config, load, relative_path  # noqa: E402
from .executors import run_document  # noqa: E402
from .inputs import UsageError, as_text, discover, hidden_path, stream  # noqa: E402
from .manifest import ManifestError  # noqa: E402
from .report import explain, explain_check, rules_json, rules_table  # noqa: E402
from .sources import file_doc  # noqa: E402
from .validate import CHECKS  # noqa: E402

RAW_DIR = Path("raw")
CLEAN_DIR = Path("clean")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="scrapelint", description="Clean scraped documents with YAML rules.")
    parser.add_argument("--version", action="version", version=f"scrapelint {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--config", type=Path, help="YAML config (default: the nearest .scrapelint.yaml or pyproject.toml [tool.scrapelint] up from here, else the bundled pack)")
    for option, what in (("--select", "only these rules"), ("--ignore", "not these rules or steps")):
        common.add_argument(option, type=_names, action="extend", metavar="ID,...", help=f"{what} (ids or names, comma-separated), on top of the config")
    commands = parser.add_subparsers(dest="command", required=True)

    fix = commands.add_parser("fix", parents=[common], help="write clean text and the manifest")
    fix.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the raw folder of the config, else raw/)")
    fix.add_argument("--out", type=Path, metavar="DIR", help="output folder (default: the clean folder of the config, else clean/)")
    preview = fix.add_mutually_exclusive_group()
    preview.add_argument("--check", action="store_true", help=f"write nothing; exit 1 naming what fix would change (cleaned here, one document at a time: not with {batch.run_options_named()})")
    fix.add_argument("--exit-non-zero-on-fix", action="store_true", help="exit 1 when a document was (re)written, for pre-commit (not with --check or --diff, which write nothing, nor --out-format jsonl, which writes every document each run)")
    fix.add_argument("--only-raw", action="store_true", help="of the files named, read only those under the raw folder (pre-commit names every staged file)")
    preview.add_argument("--diff", action="store_true", help=f"write nothing; print the unified diff of what fix would change (cleaned here too: not with {batch.run_options_named()})")
    batch.add_arguments(fix)  # --jobs, --quiet, --out-format, --executor, JSONL fields: ingest/batch.py

    check = commands.add_parser("check", parents=[common], help="report findings, write nothing")
    check.add_argument("paths", nargs="*", metavar="PATH", help="files or folders (default: the raw folder of the config, else raw/)")
    check.add_argument("--format", choices=formats.FORMATS, default="text")
    check.add_argument("--statistics", action="store_true", help="count findings per rule instead of listing them")
    check.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")
    check.add_argument("--strict", action="store_true", help="warnings fail too")

    rules = commands.add_parser("rules", parents=[common], help="list the rules")
    rules.add_argument("--format", choices=("text", "json"), default="text")

    explain_cmd = commands.add_parser("explain", parents=[common], help="describe one rule with its examples")
    explain_cmd.add_argument("rule", metavar="ID|NAME")
    return parser


def _names(value: str) -> list[str]:
    return [name.strip() for name in value.split(",") if name.strip()]


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    finally:
        regex_programs.save()  # the next start finds the patterns this run compiled


def _main(argv: list[str] | None) -> int:
    args = build_parser().parse_args(argv)
    try:
        ruleset = load(args.config or find_config()).narrowed(args.select, args.ignore)
        return COMMANDS[args.command](args, ruleset)
    except (ConfigError, UsageError, ManifestError) as error:
        print(f"scrapelint: {error}", file=sys.stderr)
        return 2
    except BrokenPipeError:
        # The reader went away (`scrapelint check | head`): nothing more to say, as other command-line
        # tools do; stdout goes to /dev/null so that its flush at exit does not fail again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as error:
        print(f"scrapelint: {error.filename or ''}: {error.strerror or error}", file=sys.stderr)
        return 2
    except Exception as error:  # a bug: still one line and exit 2, never a traceback in a CI log
        print(f"scrapelint: internal error: {type(error).__name__}: {error}", file=sys.stderr)
        return 2


def folders(ruleset: RuleSet) -> tuple[Path, Path]:
    """The raw and clean folders: the config's, or raw/ and clean/ beside it (relative to its file), shown
    relative to here; without a config, raw/ and clean/ here."""

    def here(folder: Path | None, default: Path) -> Path:
        if folder is None and ruleset.root is not None:
            folder = ruleset.root / default
        return Path(os.path.relpath(folder)) if folder is not None else default

    return here(ruleset.raw, RAW_DIR), here(ruleset.clean, CLEAN_DIR)


def cmd_fix(args: argparse.Namespace, ruleset: RuleSet) -> int:
    batch.refuse_ignored(args)  # first: a hook's run over no raw file says so too
    raw, clean = folders(ruleset)
    if args.only_raw and args.paths:
        inside = Path(os.path.abspath(raw))
        args.paths = [path for path in args.paths if os.path.abspath(path) == str(inside) or relative_path(path, inside) is not None]
        if not args.paths:
            return 0  # no raw document among them: nothing to clean, and not the whole raw folder either
    paths = args.paths or [str(raw)]
    args.out = args.out or clean  # what the batch runner and the stale check write to or compare with
    refuse_overlap(paths, args.out)
    if not (args.check or args.diff):
        items = stream(paths, raw)  # a folder is walked as it is cleaned: no list of every file
        remove_stray_temporaries(args.out)
        return batch.run(items, args, ruleset, again=lambda: stream(paths, raw))
    items = discover(paths, raw)
    from . import stale
    from .sources import docs

    changes = stale.plan(docs(items, batch.fields(args), ruleset.root), ruleset, args.out, texts=args.diff)
    output = stale.diff(changes) if args.diff else stale.report(changes)
    if output:
        print(output)
    return 1 if changes else 0


def refuse_overlap(paths: list[str], out: Path) -> None:
    """An output folder that is an input folder, or inside one, would have fix overwrite raw documents or
    read its own outputs on the next run (not behind a hidden name, which the walk leaves out); an input
    inside the output folder would be overwritten."""
    inside = os.path.realpath(out)
    for given in paths:
        real = os.path.realpath(given)
        if real == inside:
            raise UsageError(f"{out}: the output folder is the input folder {given}")
        if os.path.commonpath([real, inside]) == real and not hidden_path(os.path.relpath(inside, real)):
            raise UsageError(f"{out}: the output folder is inside the input folder {given}")
        if os.path.commonpath([real, inside]) == inside:
            raise UsageError(f"{given}: an input inside the output folder {out}")


def remove_stray_temporaries(out: Path) -> None:
    """Temporary files a killed run left behind (ingest/emit.py names them `.NAME.XXXXXXXX.tmp`)."""
    if out.is_dir():
        for stray in out.rglob(".*.tmp"):
            if stray.is_file():
                stray.unlink(missing_ok=True)


def cmd_check(args: argparse.Namespace, ruleset: RuleSet) -> int:
    raw, _ = folders(ruleset)
    items = discover(args.paths or [str(raw)], raw)
    checked = [(as_text(str(item.path)), run_document(file_doc(item, ruleset.root), ruleset, hashes=False, placed=True).findings) for item in items]
    output = formats.statistics(checked) if args.statistics else formats.render(args.format, checked, ruleset.rules)
    if output:
        print(output)
    failing = {"error", "warning"} if args.strict else {"error"}
    found = any(f.severity in failing for _, findings in checked for f in findings)
    return 1 if found and not args.exit_zero else 0


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
