"""Rule packs and user configuration: YAML in, a checked list of rules out.

Every error is one line naming the file, the line and the rule or key.
"""

from __future__ import annotations

import functools
import math
import os
import re
import time
from dataclasses import asdict, astuple, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import __version__, cache, regex_cache
from .document import SEVERITIES
from .kinds import KINDS, Rule, RuleSpec
from .stat_cache import Stat, stat_of

if TYPE_CHECKING:
    import yaml

CONFIG_NAME = ".scrapelint.yaml"
ADJUST_KEYS = ("select", "ignore", "severity", "validation")  # what a config, and each of its per-path entries, may set
FOLDER_KEYS = ("raw", "clean")
TOP_KEYS = {"extends", "rules", "per-path", *ADJUST_KEYS, *FOLDER_KEYS}
RULE_KEYS = {"id", "name", "kind", "severity", "description", "why", "examples", "formats"}
FORMATS = ("text", "html")
RULE_ID = re.compile(r"^[A-Z]{1,4}[0-9]{2,4}$")
RULE_NAME = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")


class ConfigError(ValueError):
    """A config or rule pack that cannot be used; str() is the one-line message."""


@dataclass(frozen=True)
class Thresholds:
    """What validation accepts of a clean text, and how long the rules may take to make it."""

    min_words: int = 50
    max_removed: float = 0.6  # share of the words removed beyond which a document is flagged
    # Seconds the rules may take on a document of up to 1 MB of text, proportionally more above; 0: no limit.
    rules_seconds: float = 10.0
    # An HTML page whose extracted text has fewer words is also cleaned as a text dump of the whole
    # page, which is kept when the extractor missed the document (pipeline.py, SL008); 0: never.
    fallback_words: int = 300


@dataclass(frozen=True)
class Adjustment:
    """`select`, `ignore`, `severity` and `validation` of a config or of one `per-path` entry, checked, by rule id."""

    select: frozenset[str] | None = None
    ignore: frozenset[str] = frozenset()
    severity: tuple[tuple[str, str], ...] = ()
    validation: tuple[tuple[str, int | float], ...] = ()

    def apply(self, rules: list[Rule], thresholds: Thresholds, off: frozenset[str]) -> tuple[list[Rule], Thresholds, frozenset[str]]:
        """The rules, thresholds and steps switched off (RuleSet.off) after this adjustment; `select`
        names rules only, so it leaves the steps on."""
        chosen = self.select
        rules = [r for r in rules if (chosen is None or r.spec.id in chosen) and r.spec.id not in self.ignore]
        severity = dict(self.severity)
        rules = [KINDS[r.spec.kind](_replace(r.spec, severity=severity[r.spec.id])) if r.spec.id in severity else r for r in rules]
        from .validate import STEPS

        return rules, _replace(thresholds, **dict(self.validation)), off | self.ignore.intersection(STEPS)


@dataclass(frozen=True)
class PathOverride:
    """A `per-path` entry: its settings apply to documents whose path, relative to `root`, matches `pattern`."""

    pattern: str
    root: Path  # the folder of the config file that sets it
    adjustment: Adjustment

    def matches(self, relative: str) -> bool:
        """`relative`: a document's path relative to `root`, with `/` separators."""
        return glob_regex(self.pattern).fullmatch(relative) is not None


@dataclass
class RuleSet:
    rules: list[Rule]
    thresholds: Thresholds = field(default_factory=Thresholds)
    sources: list[str] = field(default_factory=list)
    overrides: tuple[PathOverride, ...] = ()
    raw: Path | None = None  # the raw and clean folders a config names; None: ./raw and ./clean
    clean: Path | None = None
    root: Path | None = None  # the folder of the user's config file: manifest sources are relative to it
    off: frozenset[str] = frozenset()  # the HTML steps a config's `ignore` switched off, by check id (validate.STEPS)

    def for_source(self, source: str) -> RuleSet:
        """The rules for one document (its file, relative to `root` or absolute, as sources.source_name names
        it): these, then every `per-path` entry it matches, in order.

        Each distinct combination is built once; its digest is what the document's manifest record keeps,
        so changing one entry makes only the documents under its glob stale."""
        if not self.overrides:
            return self
        relative: dict[Path, str | None] = {}  # one per config folder (an `extends` chain may have several)
        for override in self.overrides:
            if override.root not in relative:
                relative[override.root] = relative_path(os.path.join(self.root or "", source), override.root)
        matched = tuple(
            index for index, override in enumerate(self.overrides)
            if (path := relative[override.root]) is not None and override.matches(path)
        )
        if not matched:
            return self
        built: dict[tuple[int, ...], RuleSet] = self.__dict__.setdefault("_effective", {})
        effective = built.get(matched)
        if effective is None:
            rules, thresholds, off = self.rules, self.thresholds, self.off
            for index in matched:
                rules, thresholds, off = self.overrides[index].adjustment.apply(rules, thresholds, off)
            effective = built[matched] = RuleSet(rules, thresholds, self.sources, off=off)
        return effective

    def find(self, key: str) -> Rule | None:
        return next((r for r in self.rules if key in (r.spec.id, r.spec.name)), None)

    def narrowed(self, select: list[str] | None, ignore: list[str] | None) -> RuleSet:
        """These rules as the command line's `--select` and `--ignore` leave them (ids or names, as in
        a config): on top of the config's own, before any `per-path` entry, which can only narrow further."""
        if not select and not ignore:
            return self
        from .validate import CHECKS, STEPS

        rules = {key: r.spec.id for r in self.rules for key in (r.spec.id, r.spec.name)}
        steps = {key: step for step in STEPS for key in (step, CHECKS[step].name)}

        def ids(option: str, given: list[str], known: dict[str, str]) -> frozenset[str]:
            unknown = [item for item in given if item not in known]
            if unknown:
                raise ConfigError(f"{option}: no rule with id or name {unknown[0]!r} in the rule set (see `scrapelint rules`)")
            return frozenset(known[item] for item in given)

        adjustment = Adjustment(
            ids("--select", select, rules) if select else None,
            ids("--ignore", ignore, {**rules, **steps}) if ignore else frozenset(),
        )
        rules_left, thresholds, off = adjustment.apply(self.rules, self.thresholds, self.off)
        return _replace(self, rules=rules_left, thresholds=thresholds, off=off)

    def digest(self) -> str:
        cached: str | None = self.__dict__.get("_digest")
        if cached is None:  # asked for every document; the rules do not change during a run
            cached = self.__dict__["_digest"] = self._compute_digest()
        return cached

    def _compute_digest(self) -> str:
        import hashlib  # a check needs no digest... the record of each document it cleans does
        import json

        # vars, not asdict: the same JSON (asdict's deep copy changes nothing json.dumps writes), faster.
        specs = [{**vars(r.spec), "origin": None, "match": None, "keep": None} for r in self.rules]
        # "off" only when a step is off, so that the digests of rule sets without one stay as they were.
        blob = json.dumps({"rules": specs, "thresholds": asdict(self.thresholds), **({"off": sorted(self.off)} if self.off else {})}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()[:16]


def default_pack() -> Path:
    """The bundled pack: inside the installed package, or rules/ in a checkout."""
    return bundled_pack("default")


def bundled_pack(name: str) -> Path:
    """A pack shipped with the tool (`extends: <name>`): ingest/packs/ when installed, rules/ in a
    checkout (and in an editable install). Found by path: importlib.resources costs a one-file check ~10 ms."""
    here = Path(__file__).resolve().parent
    installed = here / "packs" / f"{name}.yaml"
    return installed if installed.is_file() else here.parent / "rules" / f"{name}.yaml"


def bundled_packs() -> list[str]:
    """The names of the packs shipped with the tool."""
    return sorted(path.stem for path in default_pack().parent.glob("*.yaml"))


def find_config(start: Path | None = None) -> Path | None:
    """The nearest `.scrapelint.yaml`, or `pyproject.toml` with a [tool.scrapelint] table, walking up."""
    folder = (start or Path.cwd()).resolve()
    for candidate_folder in (folder, *folder.parents):
        candidate = candidate_folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
        pyproject = candidate_folder / "pyproject.toml"
        if pyproject.is_file() and _has_tool_table(pyproject):
            return pyproject
    return None


TOOL_TABLE = re.compile(r"^\s*\[\[?\s*tool\.scrapelint\s*[\].]", re.MULTILINE)


def _has_tool_table(pyproject: Path) -> bool:
    """A table header for scrapelint, not the words in a comment or a string (no TOML parse at start-up)."""
    try:
        return TOOL_TABLE.search(pyproject.read_text(encoding="utf-8")) is not None
    except (OSError, UnicodeDecodeError):
        return False


@functools.lru_cache(maxsize=None)  # asked for every document; a config has a handful of globs
def glob_regex(pattern: str) -> re.Pattern[str]:
    """`*` and `?` within one folder, `**` across folders; a glob without `/` matches a name at any depth."""
    pattern = pattern.strip("/").removeprefix("./")
    if "/" not in pattern:
        pattern = f"**/{pattern}"
    parts, index = [], 0
    while index < len(pattern):
        if pattern.startswith("**/", index):
            parts.append("(?:.*/)?")
            index += 3
        elif pattern.startswith("**", index):
            parts.append(".*")
            index += 2
        else:
            char = pattern[index]
            parts.append("[^/]*" if char == "*" else "[^/]" if char == "?" else re.escape(char))
            index += 1
    return re.compile("".join(parts) + "(?:/.*)?")  # a glob that names a folder covers everything under it


def relative_path(source: str, root: Path) -> str | None:
    """`source` relative to `root` with `/` separators; None when it lies outside."""
    prefix = os.path.join(root, "")
    absolute = os.path.abspath(source)
    if not absolute.startswith(prefix):
        absolute = os.path.realpath(source)  # through a symlink it may still lie under `root`
        if not absolute.startswith(prefix):
            return None
    return absolute[len(prefix) :].replace(os.sep, "/")


def load(path: Path | None = None) -> RuleSet:
    """The rule set of a config file (which may extend others), or the bundled pack."""
    path = path or default_pack()
    try:
        ruleset = _cached(path)
        if ruleset is None:
            read: list[tuple[str, Stat | None, int]] = []
            ruleset = _load(path, seen=(), read=read)
            _remember(path, read, ruleset)
        return ruleset
    finally:
        regex_cache.KNOWN.save()  # what it learnt of regexes not seen before: the next load need not compile them


# The resolved rule set of a config file is kept in the user's cache (ingest/cache.py) with the stat
# (size, mtime, ctime, inode, device) of every file it was read from, taken before reading it: while
# none changes, a load needs no YAML parser.
# Only a config that loaded without error is kept, so every error is still found and reported.


def _cache_name(path: Path) -> str:
    where = os.path.abspath(path)
    return cache.name_for("config", where)


def _cache_stamp() -> tuple[str, int, int]:
    """What decides how a file is read: scrapelint's version, and this module (edited in a checkout)."""
    return cache.file_stamp(__version__, __file__)


def _remember(path: Path, read: list[tuple[str, Stat | None, int]], ruleset: RuleSet) -> None:
    """Keep the load with the stat of each file taken just before it was read (`_read_stat`): an edit
    after that, while the load went on, changes it. A file modified within cache.RACY_SECONDS before
    its stat could change again unseen: such a load is not kept."""
    if any(stat is None or stat[1] >= taken_ns - cache.RACY_SECONDS * 10**9 for _, stat, taken_ns in read):
        return
    files = [(file, *stat) for file, stat, _ in read if stat is not None]
    rules = [astuple(rule.spec) for rule in ruleset.rules]
    overrides = [
        (o.pattern, str(o.root), None if o.adjustment.select is None else sorted(o.adjustment.select),
         sorted(o.adjustment.ignore), o.adjustment.severity, o.adjustment.validation)
        for o in ruleset.overrides
    ]
    folders = tuple(str(folder) if folder is not None else None for folder in (ruleset.raw, ruleset.clean, ruleset.root))
    payload = (rules, astuple(ruleset.thresholds), ruleset.sources, overrides, folders, sorted(ruleset.off))
    cache.write(_cache_name(path), (_cache_stamp(), os.path.abspath(path), files, payload))


def _cached(path: Path) -> RuleSet | None:
    """The rule set kept for `path`, when every file it was read from is as it was; else None."""
    entry = cache.read(_cache_name(path))
    if entry is None:
        return None
    try:
        stamp, where, files, (rules, thresholds, sources, overrides, folders, off) = entry
        if stamp != _cache_stamp() or where != os.path.abspath(path):
            return None
        if any(stat_of(os.stat(file)) != tuple(stat) for file, *stat in files):
            return None
        return RuleSet(
            [KINDS[spec[2]](RuleSpec(*spec)) for spec in rules],
            Thresholds(*thresholds),
            list(sources),
            tuple(
                PathOverride(pattern, Path(root), Adjustment(frozenset(select) if select is not None else None, frozenset(ignore), severity, validation))
                for pattern, root, select, ignore, severity, validation in overrides
            ),
            *(Path(folder) if folder is not None else None for folder in folders),
            frozenset(off),
        )
    except Exception:  # a corrupt or outdated entry, a file gone: loaded from the files instead
        return None


def _read_stat(path: Path) -> tuple[str, Stat | None, int]:
    """The file's stat as it is about to be read (None when it cannot be stat'ed), and when it was taken."""
    taken_ns = time.time_ns()
    try:
        return str(path), stat_of(os.stat(path)), taken_ns
    except OSError:
        return str(path), None, taken_ns


def _load(path: Path, seen: tuple[Path, ...], read: list[tuple[str, Stat | None, int]]) -> RuleSet:
    path = path.resolve()
    read.append(_read_stat(path))
    if path in seen:
        raise ConfigError(f"{path}: extends itself through {' -> '.join(map(str, seen))}")
    if path.name == "pyproject.toml":
        data, where = _read_pyproject(path)
    else:
        data, node = _read_yaml(path)
        where = _Locator(path, node)
    if not isinstance(data, dict):
        raise ConfigError(f"{where.at()}: expected a mapping of {', '.join(sorted(TOP_KEYS))}")
    for key in data:
        if key not in TOP_KEYS:
            raise ConfigError(f"{where.at(key)}: unknown key {key!r} (expected one of {', '.join(sorted(TOP_KEYS))})")

    base = RuleSet([])
    if "extends" in data:
        parent = data["extends"]
        if not isinstance(parent, str):
            raise ConfigError(f"{where.at('extends')}: extends: expected a bundled pack's name ('default') or a path")
        parent_path = bundled_pack(parent) if parent in bundled_packs() else (path.parent / parent)
        if not parent_path.is_file():
            raise ConfigError(f"{where.at('extends')}: extends: no such file {str(parent_path)!r}")
        base = _load(parent_path, seen + (path,), read)

    rules = list(base.rules)
    bundled = path.parent == default_pack().parent  # both resolved
    ids = {r.spec.id: r for r in rules}
    names = {r.spec.name: r for r in rules}
    for index, raw in enumerate(_typed(data, "rules", list, where, [])):
        spec = _spec(raw, where, ("rules", index))
        line = where.at("rules", index, "id")
        if spec.id in ids:
            raise ConfigError(f"{line}: rule {spec.id}: duplicate id (also at {ids[spec.id].spec.origin})")
        if spec.name in names:
            raise ConfigError(f"{line}: rule {spec.id}: duplicate name {spec.name!r} (also {names[spec.name].spec.id})")
        try:
            rule = KINDS[spec.kind](spec)
        except ValueError as error:
            raise ConfigError(f"{line}: rule {spec.id}: {error}") from None
        if not bundled:  # the bundled packs' examples are checked by the tests
            _verify_examples(rule, line)
        rules.append(rule)
        ids[spec.id] = names[spec.name] = rule

    # Names are checked against every rule defined, so a per-path entry may name a rule `ignore` drops.
    rules, thresholds, off = _adjustment(data, where, (), rules).apply(rules, base.thresholds, base.off)
    overrides = list(base.overrides)
    for pattern, settings in _typed(data, "per-path", dict, where, {}).items():
        at = ("per-path", pattern)
        if not isinstance(pattern, str) or not pattern.strip("/"):
            raise ConfigError(f"{where.at(*at)}: per-path: {pattern!r}: expected a glob such as 'raw/forum/**'")
        if not isinstance(settings, dict):
            raise ConfigError(f"{where.at(*at)}: per-path: {pattern!r}: expected a mapping of {', '.join(ADJUST_KEYS)}")
        for key in settings:
            if key not in ADJUST_KEYS:
                raise ConfigError(f"{where.at(*at, key)}: per-path: {pattern!r}: unknown key {key!r} (expected one of {', '.join(ADJUST_KEYS)})")
        overrides.append(PathOverride(pattern, path.parent, _adjustment(settings, where, at, list(ids.values()))))

    folders = {key: getattr(base, key) for key in FOLDER_KEYS}
    for key in FOLDER_KEYS:
        value = _typed(data, key, str, where, None)
        if value is not None:
            folders[key] = path.parent / value  # relative to the config file, wherever scrapelint runs
    root = base.root if bundled else path.parent
    return RuleSet(rules, thresholds, base.sources + [str(path)], tuple(overrides), folders["raw"], folders["clean"], root, off)


def _adjustment(data: dict[str, Any], where: "_Locator | _TomlLocator", at: tuple[Any, ...], rules: list[Rule]) -> Adjustment:
    """The `select`, `ignore`, `severity` and `validation` of `data` (a config, or the per-path entry at `at`)."""
    from .validate import CHECKS, STEPS

    label = _label(at)
    by_key = {key: r.spec.id for r in rules for key in (r.spec.id, r.spec.name)}
    steps = {key: step for step in STEPS for key in (step, CHECKS[step].name)}  # `ignore` may switch one off

    def rule_id(item: Any, key: str, *inner: Any) -> str:
        known = {**by_key, **steps} if key == "ignore" else by_key
        if not isinstance(item, str) or item not in known:
            raise ConfigError(f"{where.at(*at, key, *inner)}: {label}{key}: no rule with id or name {item!r}")
        return known[item]

    chosen: dict[str, frozenset[str]] = {}
    for key in ("select", "ignore"):
        wanted = _typed(data, key, list, where, None, at)
        if wanted is not None:
            chosen[key] = frozenset(rule_id(item, key, index) for index, item in enumerate(wanted))

    severity = []
    for key, value in _typed(data, "severity", dict, where, {}, at).items():
        target = rule_id(key, "severity", key)
        if value not in SEVERITIES:
            raise ConfigError(f"{where.at(*at, 'severity', key)}: {label}severity: {value!r} is not one of {', '.join(SEVERITIES)}")
        severity.append((target, value))

    validation = []
    for key, value in _typed(data, "validation", dict, where, {}, at).items():
        default = getattr(Thresholds(), key, None)
        if default is None:
            raise ConfigError(f"{where.at(*at, 'validation', key)}: {label}validation: unknown key {key!r}")
        if not isinstance(value, (int, float)) or isinstance(value, bool):
            raise ConfigError(f"{where.at(*at, 'validation', key)}: {label}validation.{key}: expected a number")
        whole = isinstance(default, int)
        if not _finite_non_negative(value) or (whole and value != int(value)):
            wanted = "a whole number" if whole else "a number"
            raise ConfigError(f"{where.at(*at, 'validation', key)}: {label}validation.{key}: expected {wanted} of 0 or more")
        validation.append((key, type(default)(value)))
    return Adjustment(chosen.get("select"), chosen.get("ignore", frozenset()), tuple(severity), tuple(validation))


def _replace(obj: Any, **changes: Any) -> Any:
    from dataclasses import replace

    return replace(obj, **changes)


def _read_yaml(path: Path) -> tuple[Any, "yaml.Node | None"]:
    import yaml  # not needed when the config comes from the cache

    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    try:
        # libyaml's loader when PyYAML has it: a large pack parses several times faster.
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)(text)
        try:
            node = loader.get_single_node()
            data = loader.construct_document(node) if node is not None else None
        finally:
            loader.dispose()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
        line = f":{mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(f"{path}{line}: invalid YAML: {' '.join(str(problem).split())}") from None
    return data, node


def _read_pyproject(path: Path) -> tuple[Any, "_TomlLocator"]:
    import tomllib

    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read: {error}") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: invalid TOML: {error}") from None
    table = data.get("tool", {}).get("scrapelint")
    if table is None:
        raise ConfigError(f"{path}: no [tool.scrapelint] table")
    return table, _TomlLocator(path, text)


class _TomlLocator:
    """Line numbers in [tool.scrapelint] (tomllib keeps none): where the innermost key named is set, found
    key by key from the table's header (`key =`, `{key =`, `[tool.scrapelint.key]`, quoted or not)."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.lines = text.split("\n")
        self.header = next((n for n, line in enumerate(self.lines, 1) if line.strip().startswith("[tool.scrapelint")), 1)

    def at(self, *keys: Any) -> str:
        found = self.header
        for key in (k for k in keys if isinstance(k, str)):
            name = re.escape(key)
            setting = re.compile(rf"(?:^|[{{,.])\s*(?:{name}|\"{name}\"|'{name}')\s*[=.\]]")
            number = next((n for n in range(found, len(self.lines) + 1) if setting.search(self.lines[n - 1].strip())), None)
            if number is None:
                break
            found = number
        return f"{self.path}:{found}"


class _Locator:
    """Line numbers of keys and items in a YAML node tree."""

    def __init__(self, path: Path, node: "yaml.Node | None") -> None:
        self.path = path
        self.node = node

    def at(self, *keys: Any) -> str:
        import yaml

        node, line = self.node, (self.node.start_mark.line + 1 if self.node else 1)
        for key in keys:
            if isinstance(node, yaml.MappingNode):
                pair = next(((k, v) for k, v in node.value if k.value == key), None)
                if pair is None:
                    break
                line, node = pair[0].start_mark.line + 1, pair[1]
            elif isinstance(node, yaml.SequenceNode) and isinstance(key, int) and key < len(node.value):
                node = node.value[key]
                line = node.start_mark.line + 1
            else:
                break
        return f"{self.path}:{line}"


PLURALS = {str: "strings", int: "integers", float: "numbers"}
TYPE_NAMES = {str: "a string", int: "an integer", float: "a number", bool: "true or false", list: "a list", dict: "a mapping"}


def _label(at: tuple[Any, ...]) -> str:
    """`per-path: 'raw/**': ` for the keys of a per-path entry, nothing at the top level."""
    return "".join(f"{part!r}: " if index else f"{part}: " for index, part in enumerate(at))


def _typed(data: dict[str, Any], key: str, kind: type, where: "_Locator | _TomlLocator", default: Any, at: tuple[Any, ...] = ()) -> Any:
    if key not in data or data[key] is None:
        return default
    if not isinstance(data[key], kind):
        raise ConfigError(f"{where.at(*at, key)}: {_label(at)}{key}: expected {TYPE_NAMES[kind]}")
    return data[key]


def _spec(raw: Any, where: "_Locator | _TomlLocator", path: tuple[Any, ...]) -> RuleSpec:
    if not isinstance(raw, dict):
        raise ConfigError(f"{where.at(*path)}: a rule must be a mapping")
    rule_id = raw.get("id")
    label = f"rule {rule_id}" if isinstance(rule_id, str) else "rule"

    def fail(key: str | None, message: str) -> ConfigError:
        return ConfigError(f"{where.at(*path, *([key] if key else []))}: {label}: {message}")

    for key in ("id", "name", "kind"):
        if not isinstance(raw.get(key), str):
            raise fail(key if key in raw else None, f"`{key}` is required and must be a string")
    if not RULE_ID.match(raw["id"]):
        raise fail("id", f"id {raw['id']!r} must look like SL201 (capital letters, then digits)")
    if not RULE_NAME.match(raw["name"]):
        raise fail("name", f"name {raw['name']!r} must be kebab-case")
    kind = KINDS.get(raw["kind"])
    if kind is None:
        raise fail("kind", f"unknown kind {raw['kind']!r} (expected one of {', '.join(sorted(KINDS))})")
    severity = raw.get("severity", "error")
    if severity not in SEVERITIES:
        raise fail("severity", f"severity {severity!r} is not one of {', '.join(SEVERITIES)}")
    for key in ("description", "why"):
        if key in raw and not isinstance(raw[key], str):
            raise fail(key, f"`{key}` must be a string")

    formats = raw.get("formats", list(FORMATS))
    if not isinstance(formats, list) or not formats or not set(formats) <= set(FORMATS):
        raise fail("formats", f"`formats` must be a non-empty list of {', '.join(FORMATS)}")

    options: dict[str, Any] = {}
    for key, value in raw.items():
        if key in RULE_KEYS:
            continue
        option = kind.options.get(key)
        if option is None:
            allowed = ", ".join(sorted(RULE_KEYS | set(kind.options)))
            raise fail(key, f"unknown key {key!r} for kind {raw['kind']} (expected one of {allowed})")
        options[key] = _option_value(key, value, option, fail)

    examples = raw.get("examples")
    if not isinstance(examples, dict) or set(examples) - {"match", "keep"}:
        raise fail("examples" if "examples" in raw else None, "`examples` with `match` and `keep` lists is required")
    lists = {}
    for key in ("match", "keep"):
        items = examples.get(key)
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            raise fail("examples", f"examples.{key} must be a non-empty list of strings")
        lists[key] = tuple(items)
    return RuleSpec(
        id=raw["id"],
        name=raw["name"],
        kind=raw["kind"],
        severity=severity,
        description=raw.get("description", ""),
        why=raw.get("why", ""),
        options=options,
        match=lists["match"],
        keep=lists["keep"],
        origin=where.at(*path),
        formats=tuple(f for f in FORMATS if f in formats),
    )


def _finite_non_negative(value: float) -> bool:
    return 0 <= value < math.inf  # NaN fails it


def _option_value(key: str, value: Any, option: Any, fail: Any) -> Any:
    expected = option.type
    if expected is float and isinstance(value, int) and not isinstance(value, bool):
        value = float(value)
    if not isinstance(value, expected) or (expected is int and isinstance(value, bool)):
        raise fail(key, f"`{key}` must be {TYPE_NAMES.get(expected, expected)}")
    if option.list_of is not None and not all(isinstance(item, option.list_of) for item in value):
        raise fail(key, f"`{key}` must be a list of {PLURALS[option.list_of]}")
    if option.choices and value not in option.choices:
        raise fail(key, f"`{key}` must be one of {', '.join(map(str, option.choices))}")
    # Every number a kind takes is a count, a distance or a share: a negative one reads past a list's end.
    if expected in (int, float) and not _finite_non_negative(value):
        raise fail(key, f"`{key}` must be a finite number of 0 or more")
    return value


def example_failures(rule: Rule) -> list[str]:
    """The examples a rule gets wrong: a `match` it leaves alone or a `keep` it changes."""
    from .engine import run_rules

    def acts_on(text: str) -> bool:
        if rule.kind == "html":
            from .prune import prune

            page = text if text.lstrip().startswith("<html") else f"<html><body><div>{text}</div><div>{'Page text. ' * 50}</div></body></html>"
            return bool(prune([rule], page)[1])
        outcome = run_rules([rule], text, rule.spec.formats[0])
        return bool(outcome.findings) or outcome.text.strip("\n") != text.strip("\n")

    failures = []
    for text in rule.spec.match:
        if not acts_on(text):
            failures.append(f"does not match its example {text!r}")
    for text in rule.spec.keep:
        if acts_on(text):
            failures.append(f"changes its keep example {text!r}")
    return failures


def _verify_examples(rule: Rule, line: str) -> None:
    failures = example_failures(rule)
    if failures:
        raise ConfigError(f"{line}: rule {rule.spec.id}: {failures[0]}")
