"""`charter.yaml`: load, validate and model the ownership map.

The file is parsed with ruamel.yaml (round-trip mode, which keeps positions), turned
into plain data plus a table of positions, and validated in full: every problem is
reported with `charter.yaml:LINE:COL`, what is wrong and how to fix it.

Hooks load the map on every commit, so a validated map is cached (pickled, keyed by
the file's git blob id and charter's version) in the repository's git directory; the
cache never changes meaning, only speed.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from charter import __version__
from charter.errors import ConfigError, MissingConfig, Problem
from charter.located import LocatedValidator, Positions, parse_yaml
from charter.patterns import Pattern, PatternError, compile_pattern

if TYPE_CHECKING:  # at run time pathlib is imported where used: the guard's path has none
    from pathlib import Path

CONFIG_FILE = "charter.yaml"
COORDINATOR = "coordinator"
ROLES = ("foundation", "feature", "integration")
LANGUAGES = ("typescript", "python", "jsonschema", "file")
UNOWNED_POLICIES = ("block", "allow")
NAME_RE = re.compile(r"[a-z0-9][a-z0-9-]*\Z")
DEFAULT_COORDINATOR_BRANCHES = ("main", "master")
CHARTER_DIR = ".charter"
CONTRACTS_DIR = ".charter/contracts"
GRANTS_DIR = ".charter/grants"  # one <instance>.yaml each (charter.grants)


def grants_path(instance: str) -> str:
    """The instance's grant file, which it owns (charter.grants, charter.ownership)."""
    return f"{GRANTS_DIR}/{instance}.yaml"


TOP_KEYS = (
    "version",
    "coordinator_branches",
    "coordinators",
    "default_branch",
    "scratchpads",
    "tracking",
    "shared",
    "unowned",
    "instances",
    "contracts",
    "rules",
)
INSTANCE_KEYS = ("role", "description", "branch", "github", "owns", "depends_on")
CONTRACT_KEYS = ("owner", "paths", "language", "consumers")
TRACKING_KEYS = ("file", "issue")
COORDINATORS_KEYS = ("github",)
GITHUB_LOGIN_RE = re.compile(r"@[A-Za-z0-9](?:[A-Za-z0-9]|-(?=[A-Za-z0-9])){0,38}\Z")


class Rules(NamedTuple):
    """Knobs under `rules:`; each has a default so the section can stay empty."""

    require_discovery: bool = True
    scratchpad_max_stale_commits: int = 5
    max_annotations: int = 50


RULE_TYPES: dict[str, type] = {
    "require_discovery": bool,
    "scratchpad_max_stale_commits": int,
    "max_annotations": int,
}


class OwnedPattern(NamedTuple):
    """A pattern as written in charter.yaml, with where it was written."""

    text: str
    line: int
    col: int
    pattern: Pattern


class Instance(NamedTuple):
    name: str
    role: str
    description: str
    branch: str
    github: str | None
    owns: tuple[OwnedPattern, ...]
    depends_on: tuple[str, ...]
    line: int = 0

    @property
    def handles(self) -> tuple[str, ...]:
        """Each owner `github:` names ('@acme/api @alice' -> two; an imported CODEOWNERS
        line with several owners gives several), emails included."""
        return tuple(self.github.split()) if self.github else ()


class Contract(NamedTuple):
    name: str
    owner: str
    paths: tuple[OwnedPattern, ...]
    language: str
    consumers: tuple[str, ...]
    line: int = 0

    @property
    def lock_path(self) -> str:
        return f"{CONTRACTS_DIR}/{self.name}.lock.json"

    @property
    def api_path(self) -> str:
        return f"{CONTRACTS_DIR}/{self.name}.api.md"


class Tracking(NamedTuple):
    file: str = "TRACKING.md"
    issue: int | None = None


class Charter(NamedTuple):
    """A validated `charter.yaml`."""

    path: str
    version: int
    coordinator_branches: tuple[str, ...]
    default_branch: str | None
    scratchpads: str
    tracking: Tracking
    shared: tuple[OwnedPattern, ...]
    unowned: str
    instances: Mapping[str, Instance]
    contracts: Mapping[str, Contract]
    rules: Rules
    # `coordinators: {github: ["@login"]}`: the humans whose GitHub logins may open a pull
    # request from a coordinator branch and approve a bypass (lowercase, without '@').
    coordinator_logins: frozenset[str] = frozenset()

    @property
    def default_branch_name(self) -> str:
        """The default branch's name as configured (`default_branch`, else the first
        coordinator branch)."""
        return default_branch_name(self)

    def instance_for_login(self, login: str) -> Instance | None:
        """The one instance whose `github:` names this GitHub login (not a team); None
        when none does, or several do (a person in several imported owner sets)."""
        wanted = "@" + login.lower()
        found = [
            instance
            for instance in self.instances.values()
            if any(handle.lower() == wanted for handle in instance.handles)
        ]
        return found[0] if len(found) == 1 else None

    def scratchpad_path(self, instance: str) -> str:
        return f"{self.scratchpads}/{instance}.md"

    def instance_for_branch(self, branch: str) -> Instance | None:
        for instance in self.instances.values():
            if instance.branch == branch:
                return instance
        return None

    def dependents(self, name: str) -> list[str]:
        return [i.name for i in self.instances.values() if name in i.depends_on]

    def contracts_consumed_by(self, name: str) -> list[Contract]:
        return [c for c in self.contracts.values() if name in c.consumers]


# --- validation -----------------------------------------------------------------------


class _Validator(LocatedValidator):
    """charter.yaml's checks, on the located-YAML validator."""

    def mapping(self, data: Any, key: tuple[Any, ...], what: str) -> dict[Any, Any] | None:
        if data is None:
            return {}
        if not isinstance(data, dict):
            self.error(key, f"{what} must be a mapping (key: value lines)", value=True)
            return None
        return data

    def string(self, data: Any, key: tuple[Any, ...], what: str) -> str | None:
        if not isinstance(data, str) or data == "":
            self.error(key, f"{what} must be a non-empty string", value=True)
            return None
        return data

    def string_list(self, data: Any, key: tuple[Any, ...], what: str) -> list[str]:
        if data is None:
            return []
        if isinstance(data, str):
            self.error(key, f"{what} must be a list; write [{data}]", value=True)
            return []
        if not isinstance(data, list):
            self.error(key, f"{what} must be a list of strings", value=True)
            return []
        out = []
        for i, item in enumerate(data):
            if not isinstance(item, str) or item == "":
                self.error((*key, i), f"{what}: each item must be a non-empty string")
            else:
                out.append(item)
        return out

    def patterns(self, data: Any, key: tuple[Any, ...], what: str) -> tuple[OwnedPattern, ...]:
        if data is None:
            return ()
        if isinstance(data, str):
            self.error(key, f"{what} must be a list of patterns; write [{data}]", value=True)
            return ()
        if not isinstance(data, list):
            self.error(key, f"{what} must be a list of patterns", value=True)
            return ()
        out = []
        for i, item in enumerate(data):
            if not isinstance(item, str):
                self.error((*key, i), f"{what}: each pattern must be a string (quote it)")
                continue
            try:
                compiled = compile_pattern(item)
            except PatternError as e:
                self.error((*key, i), f"{what}: {e}")
                continue
            line, col = self.at((*key, i))
            out.append(OwnedPattern(item, line, col, compiled))
        return tuple(out)

    def repo_path(self, data: Any, key: tuple[Any, ...], what: str) -> str | None:
        text = self.string(data, key, what)
        if text is None:
            return None
        if text.startswith("/") or ".." in text.split("/") or "\\" in text:
            self.error(key, f"{what} must be a path relative to the repository root", value=True)
            return None
        return text.strip("/")


def validate(data: Any, positions: Positions, filename: str = CONFIG_FILE) -> Charter:
    """Validate parsed charter.yaml data; raise `ConfigError` listing every problem."""
    v = _Validator(filename, positions)
    if not isinstance(data, dict):
        v.problems.append(
            Problem(filename, 1, 1, "charter.yaml must be a mapping; start from `charter init`")
        )
        raise ConfigError(v.problems)
    v.unknown_keys(data, (), TOP_KEYS)

    version = data.get("version")
    if "version" not in data:
        v.problems.append(Problem(filename, 1, 1, "missing 'version: 1' at the top level"))
    elif version != 1:
        v.error(
            ("version",),
            f"unsupported version {version!r}; this charter reads version 1",
            value=True,
        )

    coordinator_branches = (
        tuple(
            v.string_list(
                data.get("coordinator_branches"), ("coordinator_branches",), "coordinator_branches"
            )
        )
        if "coordinator_branches" in data
        else DEFAULT_COORDINATOR_BRANCHES
    )
    default_branch = None
    if "default_branch" in data:
        default_branch = v.string(data["default_branch"], ("default_branch",), "default_branch")

    scratchpads = ".charter/scratchpads"
    if "scratchpads" in data:
        scratchpads = (
            v.repo_path(data["scratchpads"], ("scratchpads",), "scratchpads") or scratchpads
        )

    tracking = Tracking()
    tracking_data = v.mapping(data.get("tracking"), ("tracking",), "tracking")
    if tracking_data:
        v.unknown_keys(tracking_data, ("tracking",), TRACKING_KEYS)
        file = tracking.file
        if "file" in tracking_data:
            file = v.repo_path(tracking_data["file"], ("tracking", "file"), "tracking.file") or file
        issue = tracking_data.get("issue")
        if issue is not None and (
            isinstance(issue, bool) or not isinstance(issue, int) or issue < 1
        ):
            v.error(
                ("tracking", "issue"),
                "tracking.issue must be an issue number such as 12",
                value=True,
            )
            issue = None
        tracking = Tracking(file=file, issue=issue)

    shared = v.patterns(data.get("shared"), ("shared",), "shared")

    unowned = data.get("unowned", "block")
    if unowned not in UNOWNED_POLICIES:
        v.error(("unowned",), f"unowned must be 'block' or 'allow', not {unowned!r}", value=True)
        unowned = "block"

    instances = _validate_instances(v, data.get("instances"), coordinator_branches)
    contracts = _validate_contracts(v, data.get("contracts"), instances)
    rules = _validate_rules(v, data.get("rules"))
    coordinator_logins = _validate_coordinators(v, data.get("coordinators"))
    _check_cycles(v, instances)

    if v.problems:
        raise ConfigError(sorted(v.problems, key=lambda p: (p.line, p.col)))
    return Charter(
        path=filename,
        version=1,
        coordinator_branches=coordinator_branches,
        default_branch=default_branch,
        scratchpads=scratchpads,
        tracking=tracking,
        shared=shared,
        unowned=str(unowned),
        instances=instances,
        contracts=contracts,
        rules=rules,
        coordinator_logins=coordinator_logins,
    )


def default_branch_name(charter: Charter) -> str:
    if charter.default_branch:
        return charter.default_branch
    return charter.coordinator_branches[0] if charter.coordinator_branches else "main"


def _validate_coordinators(v: _Validator, data: Any) -> frozenset[str]:
    """`coordinators: {github: ["@alice"]}`: personal logins (a team cannot author a pull
    request or approve one)."""
    section = v.mapping(data, ("coordinators",), "coordinators")
    if not section:
        return frozenset()
    v.unknown_keys(section, ("coordinators",), COORDINATORS_KEYS)
    key = ("coordinators", "github")
    logins = []
    for i, login in enumerate(v.string_list(section.get("github"), key, "coordinators.github")):
        if not GITHUB_LOGIN_RE.match(login):
            v.error(
                (*key, i),
                f"coordinators.github: {login!r} must be a person's GitHub login such as "
                '"@octocat" (quoted; no teams: a team cannot approve a pull request)',
            )
        else:
            logins.append(login[1:].lower())
    return frozenset(logins)


def _check_name(v: _Validator, name: Any, key: tuple[Any, ...], what: str) -> bool:
    if not isinstance(name, str) or not NAME_RE.match(name):
        v.error(
            key,
            f"{what} name {name!r} must match [a-z0-9][a-z0-9-]* (lowercase, digits, "
            "dashes); rename it",
        )
        return False
    if name == COORDINATOR:
        v.error(key, f"{name!r} is reserved for the human coordinator; choose another name")
        return False
    return True


def _validate_instances(
    v: _Validator, data: Any, coordinator_branches: Sequence[str]
) -> dict[str, Instance]:
    section = v.mapping(data, ("instances",), "instances")
    if section is None:
        return {}
    names = {n for n in section if isinstance(n, str) and NAME_RE.match(n)}
    instances: dict[str, Instance] = {}
    branches: dict[str, str] = {}
    for name, body in section.items():
        key = ("instances", name)
        valid_name = _check_name(v, name, key, "instance")
        body = v.mapping(body, key, f"instance {name!r}")
        if body is None:
            continue
        v.unknown_keys(body, key, INSTANCE_KEYS)
        role = body.get("role", "feature")
        if role not in ROLES:
            v.error(
                (*key, "role"), f"role must be one of {', '.join(ROLES)}, not {role!r}", value=True
            )
            role = "feature"
        description = body.get("description") or ""
        if not isinstance(description, str):
            v.error((*key, "description"), "description must be text", value=True)
            description = ""
        branch = f"instance/{name}"
        if "branch" in body:
            branch = v.string(body["branch"], (*key, "branch"), "branch") or branch
        if branch in coordinator_branches:
            v.error(
                (*key, "branch"),
                f"branch {branch!r} is a coordinator branch; give the "
                "instance a branch of its own such as instance/" + name,
                value=True,
            )
        elif branch in branches:
            v.error(
                (*key, "branch"),
                f"branch {branch!r} is already the branch of instance "
                f"{branches[branch]!r}; each instance needs its own branch",
                value=True,
            )
        branches[branch] = name
        github = body.get("github")
        if github is not None and (not isinstance(github, str) or not github.startswith("@")):
            v.error(
                (*key, "github"),
                'github must be a handle such as "@octocat" or '
                "\"@org/team\" (quote it: '@' cannot start a plain YAML value)",
                value=True,
            )
            github = None
        owns = v.patterns(body.get("owns"), (*key, "owns"), f"instances.{name}.owns")
        depends_on = v.string_list(body.get("depends_on"), (*key, "depends_on"), "depends_on")
        for i, dep in enumerate(depends_on):
            if dep not in names:
                v.error(
                    (*key, "depends_on", i),
                    f"depends_on names {dep!r}, which is not an "
                    f"instance; known: {', '.join(sorted(names)) or 'none'}",
                )
            elif dep == name:
                v.error((*key, "depends_on", i), f"instance {name!r} cannot depend on itself")
        if not valid_name:
            continue  # its body was still checked, so every problem is reported at once
        line, _ = v.at(key)
        instances[name] = Instance(
            name=name,
            role=str(role),
            description=description,
            branch=branch,
            github=github,
            owns=owns,
            depends_on=tuple(depends_on),
            line=line,
        )
    return instances


def _validate_contracts(
    v: _Validator, data: Any, instances: Mapping[str, Instance]
) -> dict[str, Contract]:
    section = v.mapping(data, ("contracts",), "contracts")
    if section is None:
        return {}
    contracts: dict[str, Contract] = {}
    for name, body in section.items():
        key = ("contracts", name)
        if not _check_name(v, name, key, "contract"):
            continue
        body = v.mapping(body, key, f"contract {name!r}")
        if body is None:
            continue
        v.unknown_keys(body, key, CONTRACT_KEYS)
        owner = body.get("owner")
        if owner is None:
            v.error(key, f"contract {name!r} needs an 'owner:' (the instance that maintains it)")
        elif owner not in instances:
            v.error(
                (*key, "owner"),
                f"owner {owner!r} is not an instance; known: "
                f"{', '.join(sorted(instances)) or 'none'}",
                value=True,
            )
        paths = v.patterns(body.get("paths"), (*key, "paths"), f"contracts.{name}.paths")
        if not paths and "paths" not in body:
            v.error(key, f"contract {name!r} needs 'paths:' (the files that make up the contract)")
        language = body.get("language", "file")
        if language not in LANGUAGES:
            v.error(
                (*key, "language"),
                f"language must be one of {', '.join(LANGUAGES)}, not {language!r}",
                value=True,
            )
            language = "file"
        if "consumers" in body:
            consumers = v.string_list(body["consumers"], (*key, "consumers"), "consumers")
            for i, consumer in enumerate(consumers):
                if consumer not in instances:
                    v.error((*key, "consumers", i), f"consumer {consumer!r} is not an instance")
        else:
            consumers = sorted(i.name for i in instances.values() if owner in i.depends_on)
        if isinstance(owner, str) and owner in instances:
            _check_contract_in_lane(v, key, paths, instances[owner])
        line, _ = v.at(key)
        contracts[name] = Contract(
            name=name,
            owner=str(owner),
            paths=paths,
            language=str(language),
            consumers=tuple(consumers),
            line=line,
        )
    return contracts


def _check_contract_in_lane(
    v: _Validator, key: tuple[Any, ...], paths: Sequence[OwnedPattern], owner: Instance
) -> None:
    from charter.patterns import witness_paths

    for p in paths:
        examples = witness_paths(p.pattern)
        if examples and not any(
            o.pattern.matches(example) for example in examples for o in owner.owns
        ):
            v.problems.append(
                Problem(
                    v.filename,
                    p.line,
                    p.col,
                    f"contract path {p.text!r} lies outside the lane of its owner {owner.name!r} "
                    f"(e.g. {examples[0]}); move it under the owner's 'owns' patterns",
                )
            )


def _validate_rules(v: _Validator, data: Any) -> Rules:
    section = v.mapping(data, ("rules",), "rules")
    if not section:
        return Rules()
    v.unknown_keys(section, ("rules",), tuple(RULE_TYPES))
    values: dict[str, Any] = {}
    for name, expected in RULE_TYPES.items():
        if name not in section:
            continue
        value = section[name]
        ok = isinstance(value, expected) and not (expected is int and isinstance(value, bool))
        if expected is int and ok and value < 0:
            ok = False
        if not ok:
            kind = "true or false" if expected is bool else "a whole number >= 0"
            v.error(("rules", name), f"rules.{name} must be {kind}", value=True)
            continue
        values[name] = value
    return Rules(**values)


def _check_cycles(v: _Validator, instances: Mapping[str, Instance]) -> None:
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reported: set[frozenset[str]] = set()

    def visit(name: str, trail: list[str]) -> None:
        state[name] = 1
        trail.append(name)
        for dep in instances[name].depends_on:
            if dep not in instances:
                continue
            if state.get(dep) == 1:
                cycle = [*trail[trail.index(dep) :], dep]
                if frozenset(cycle) not in reported:
                    reported.add(frozenset(cycle))
                    v.error(
                        ("instances", dep, "depends_on"),
                        f"dependency cycle {' -> '.join(cycle)}; remove one of these "
                        "depends_on entries (instances cannot wait on each other)",
                    )
            elif dep not in state:
                visit(dep, trail)
        trail.pop()
        state[name] = 2

    for name in instances:
        if name not in state:
            visit(name, [])


# --- loading, with a cache for hooks --------------------------------------------------


def loads(text: str, filename: str = CONFIG_FILE) -> Charter:
    data, positions = parse_yaml(text, filename)
    return validate(data, positions, filename)


def blob_id(raw: bytes) -> str:
    """git's object name for a blob of these bytes: the cache key, same as `git rev-parse`."""
    try:
        # CPython's own SHA-1: importing hashlib loads OpenSSL, 2 ms of every command.
        from _sha1 import sha1
    except ImportError:  # an interpreter without it
        from hashlib import sha1

    return str(sha1(b"blob %d\0" % len(raw) + raw).hexdigest())


def charter_cache_dir(common_dir: Path) -> Path:
    """charter's caches (the validated map, grant files): in the git directory all
    worktrees share, so one cache serves them all."""
    return common_dir / "charter"


def _cache_file(cache_dir: str | os.PathLike[str], blob: str) -> str:
    # os.path, not pathlib: the guard reads this cache on every edit and never needs pathlib
    return os.path.join(cache_dir, f"config-{blob}-{__version__}.pickle")


def load_cached(cache_dir: str | os.PathLike[str], blob: str) -> Charter | None:
    """The validated map of the charter.yaml blob `blob`, if cached."""
    import pickle

    try:
        with open(_cache_file(cache_dir, blob), "rb") as f:
            charter = pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError):
        return None
    return charter if isinstance(charter, Charter) else None


def store_cached(cache_dir: str | os.PathLike[str], blob: str, charter: Charter) -> None:
    import pickle
    from pathlib import Path

    from charter.atomic import write_bytes

    try:
        for old in Path(cache_dir).glob("config-*.pickle"):
            old.unlink(missing_ok=True)
        write_bytes(_cache_file(cache_dir, blob), pickle.dumps(charter, protocol=4))
    except OSError:
        pass  # a cache that cannot be written only costs speed


def load(root: str | os.PathLike[str], *, cache_dir: Path | None = None) -> Charter:
    """Load `<root>/charter.yaml`; with `cache_dir`, reuse a validated copy of the same bytes."""
    from pathlib import Path

    path = Path(root) / CONFIG_FILE
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise MissingConfig(
            [
                Problem(
                    CONFIG_FILE, 0, 0, f"no {CONFIG_FILE} in {root}; create one with `charter init`"
                )
            ]
        ) from None
    return load_bytes(raw, cache_dir=cache_dir)


def load_bytes(
    raw: bytes,
    *,
    filename: str = CONFIG_FILE,
    cache_dir: Path | None = None,
    blob: str | None = None,
) -> Charter:
    """Validate charter.yaml's bytes (or take the cached result for the same bytes)."""
    if cache_dir is not None:
        blob = blob or blob_id(raw)
        cached = load_cached(cache_dir, blob)
        if cached is not None:
            return cached
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ConfigError(
            [Problem(filename, line, 1, "not UTF-8 text; save the file as UTF-8")]
        ) from None
    charter = loads(text, filename)
    if cache_dir is not None and blob is not None:
        store_cached(cache_dir, blob, charter)
    return charter
