"""`typescript` contracts: what the extractor reads, and the compare rules on real repositories."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from testing.gitrepo import commit_all, git, write
from testing.run import charter
from testing.scenarios import commit_and_lock, contract_map

from charter.config import load
from charter.contracts.drift import contract_drift
from charter.contracts.errors import SurfaceError
from charter.contracts.typescript import extract_exports

BASE = """\
export interface User {
  id: string;
  name?: string;
  email: string;
}

export enum Role { Admin, Member, Guest }

export function createUser(id: string, name: string, role?: Role): User {
  return { id, name, email: "" };
}

export class Client {
  private token = "";
  constructor(url: string) {}
  fetch(id: string, opts?: { retries: number }): Promise<User> {
    return Promise.reject(new Error(id));
  }
}
"""


def ts(source: str, path: str = "api/index.ts") -> dict[str, Any]:
    return extract_exports({path: source.encode()})


# --- the extractor ---------------------------------------------------------------------


def test_interface_members_methods_and_signatures() -> None:
    exports = ts(
        """
        export interface Repo<T> extends Base {
          readonly id: string;
          label?: string;
          find(id: string, limit?: number): Promise<T[]>;
          (raw: string): T;
          new (seed: number): Repo<T>;
          [key: string]: unknown;
        }
        """
    )
    repo = exports["Repo"]
    assert repo["kind"] == "interface" and repo["type"] == "<T> extends Base"
    members = repo["members"]
    assert members["id"] == {
        "kind": "property",
        "optional": False,
        "type": "string",
        "readonly": True,
    }
    assert members["label"] == {"kind": "property", "optional": True, "type": "string"}
    assert members["find"] == {
        "kind": "method",
        "params": [
            {"name": "id", "optional": False, "type": "string"},
            {"name": "limit", "optional": True, "type": "number"},
        ],
        "returns": "Promise<T[]>",
    }
    assert members["()"]["returns"] == "T"
    assert members["new()"]["returns"] == "Repo<T>"
    assert members["[string]"] == {"kind": "index", "type": "unknown"}


def test_type_aliases_text_and_object_members() -> None:
    exports = ts(
        """
        export type Id = string | number;
        export type Pair<T> = [T, T];
        export type Opts = { retries: number; timeout?: number };
        export type Pick2<T> = T extends string ? 'yes' : "no";
        """
    )
    assert exports["Id"] == {"kind": "type", "type": "string | number"}
    assert exports["Pair"] == {"kind": "type", "type": "<T> [T, T]"}
    assert exports["Opts"]["members"] == {
        "retries": {"kind": "property", "optional": False, "type": "number"},
        "timeout": {"kind": "property", "optional": True, "type": "number"},
    }
    assert "type" not in exports["Opts"]
    assert exports["Pick2"]["type"] == '<T> T extends string ? "yes" : "no"'


def test_mapped_types_are_text_not_members() -> None:
    exports = ts("export type Req<T> = {\n  readonly [K in keyof T]-?: T[K];\n};\n")
    assert exports["Req"] == {"kind": "type", "type": "<T> { readonly [K in keyof T] -?: T[K] }"}


def test_enum_values_in_order() -> None:
    exports = ts(
        'export enum Level { Low = 1, High = "h", "Very High" }\nexport const enum Flag { A, B }\n'
    )
    assert exports["Level"] == {"kind": "enum", "values": ["Low = 1", 'High = "h"', "Very High"]}
    assert exports["Flag"]["values"] == ["A", "B"]


def test_function_params_optional_default_rest_and_return() -> None:
    exports = ts(
        "export async function send(to: string, cc?: string, retries = 3, "
        "...extra: string[]): Promise<void> {}\n"
    )
    assert exports["send"] == {
        "kind": "function",
        "params": [
            {"name": "to", "optional": False, "type": "string"},
            {"name": "cc", "optional": True, "type": "string"},
            {"name": "retries", "optional": True},
            {"name": "...extra", "optional": True, "type": "string[]"},
        ],
        "returns": "Promise<void>",
    }


def test_overloads_hide_the_implementation() -> None:
    exports = ts(
        """
        export function parse(text: string): number;
        export function parse(text: string, radix: number): number;
        export function parse(text: string, radix?: number): number { return 0; }
        """
    )
    parse = exports["parse"]
    assert [p["name"] for p in parse["params"]] == ["text"]
    assert parse["members"]["(2)"]["kind"] == "overload"
    assert [p["name"] for p in parse["members"]["(2)"]["params"]] == ["text", "radix"]


def test_class_public_members_only() -> None:
    exports = ts(
        """
        export class Store<T> extends Base implements Api {
          private secret = 1;
          protected inner: number;
          #hidden = 2;
          public size?: number;
          static create(): Store<unknown> { return new Store(""); }
          constructor(public readonly name: string, private key: string, ttl?: number) {
            super();
          }
          get count(): number { return 0; }
          put(key: string, value: T): void {}
          private drop(): void {}
          protected flush(): void {}
        }
        """
    )
    store = exports["Store"]
    assert store["type"] == "<T> extends Base implements Api"
    members = store["members"]
    assert set(members) == {"size", "create", "constructor", "name", "count", "put"}
    assert members["constructor"]["params"] == [
        {"name": "name", "optional": False, "type": "string"},
        {"name": "key", "optional": False, "type": "string"},
        {"name": "ttl", "optional": True, "type": "number"},
    ]
    assert members["name"] == {
        "kind": "property",
        "optional": False,
        "type": "string",
        "readonly": True,
    }
    assert members["create"]["kind"] == "static method"
    assert members["count"]["type"] == "number"
    assert members["put"]["params"][1] == {"name": "value", "optional": False, "type": "T"}


def test_consts_lets_and_arrow_functions() -> None:
    exports = ts(
        """
        export const VERSION: string = "1.0", LIMIT = 10;
        export let current: number | null = null;
        export const handler = (req: Request, debug?: boolean): Response => new Response();
        """
    )
    assert exports["VERSION"] == {"kind": "const", "type": "string"}
    assert exports["LIMIT"] == {"kind": "const"}
    assert exports["current"] == {"kind": "let", "type": "number | null"}
    assert exports["handler"]["kind"] == "function"
    assert exports["handler"]["returns"] == "Response"


def test_default_export_list_and_namespaces() -> None:
    exports = ts(
        """
        interface Local { a: string }
        function helper(x: number): string { return ""; }
        export { Local, helper as help };
        export default class Widget { render(): void {} }
        export namespace Util { export const pi: number = 3; const hidden = 1; }
        """
    )
    assert exports["Local"]["kind"] == "interface"
    assert exports["help"]["returns"] == "string"
    assert "helper" not in exports
    assert exports["default"]["kind"] == "class"
    assert set(exports["default"]["members"]) == {"render"}
    assert exports["Util"] == {
        "kind": "namespace",
        "members": {"pi": {"kind": "const", "type": "number"}},
    }


def test_default_export_of_a_local_name() -> None:
    exports = ts("function main(argv: string[]): number { return 0; }\nexport default main;\n")
    assert set(exports) == {"default"}
    assert exports["default"]["params"] == [{"name": "argv", "optional": False, "type": "string[]"}]


def test_reexports_resolve_within_the_contract() -> None:
    files = {
        "api/index.ts": b'export * from "./user";\nexport { Role as UserRole } from "./role";\n'
        b'export * as errors from "./errors";\nimport { Token } from "./token";\n'
        b"export { Token };\n",
        "api/user.ts": b"export interface User { id: string }\n",
        "api/role.ts": b"export enum Role { A, B }\n",
        "api/errors.ts": b"export class NotFound { constructor(id: string) {} }\n",
        "api/token.ts": b"export type Token = string;\n",
    }
    exports = extract_exports({p: d for p, d in files.items()})
    assert exports["User"] == {
        "kind": "interface",
        "members": {"id": {"kind": "property", "optional": False, "type": "string"}},
    }
    assert exports["UserRole"] == {"kind": "enum", "values": ["A", "B"]}
    assert exports["Role"] == exports["UserRole"]
    assert exports["errors"]["kind"] == "namespace"
    assert set(exports["errors"]["members"]) == {"NotFound"}
    assert exports["Token"] == {"kind": "type", "type": "string"}
    assert not any("#" in name for name in exports)


def test_reexports_from_outside_the_contract_are_kept() -> None:
    exports = ts(
        'export * from "lodash";\nexport { a as b, c } from "../shared/x";\n'
        "export type { T } from './types.js';\n"
    )
    assert exports['* from "lodash"'] == {"kind": "reexport", "type": "lodash"}
    assert exports["b"] == {"kind": "reexport", "type": "../shared/x#a"}
    assert exports["c"] == {"kind": "reexport", "type": "../shared/x"}
    assert exports["T"] == {"kind": "reexport", "type": "./types.js"}


def test_js_extension_imports_resolve_to_ts_files() -> None:
    exports = extract_exports(
        {
            "api/index.ts": b'export { T } from "./types.js";\n',
            "api/types.ts": b"export type T = number;\n",
        }
    )
    assert exports == {"T": {"kind": "type", "type": "number"}}


def test_same_name_from_two_files_is_qualified() -> None:
    exports = extract_exports(
        {
            "api/a.ts": b"export const config: A = {};\nexport type Only = 1;\n",
            "api/b.ts": b"export const config: B = {};\n",
        }
    )
    assert set(exports) == {"api/a.ts#config", "api/b.ts#config", "Only"}
    assert exports["api/b.ts#config"] == {"kind": "const", "type": "B"}


def test_value_and_type_with_one_name_are_one_symbol() -> None:
    exports = ts(
        'export const Mode = { A: "a" } as const;\n'
        "export type Mode = (typeof Mode)[keyof typeof Mode];\n"
    )
    assert exports["Mode"]["kind"] == "const+type"
    assert set(exports["Mode"]["members"]) == {"const", "type"}


def test_declare_forms_in_d_ts() -> None:
    script = extract_exports(
        {
            "api/globals.d.ts": b"declare function log(msg: string): void;\n"
            b"declare const VERSION: string;\n"
            b"interface Window { app: App }\n"
        }
    )
    assert script["log"]["params"] == [{"name": "msg", "optional": False, "type": "string"}]
    assert script["VERSION"] == {"kind": "const", "type": "string"}
    assert "Window" in script
    module = extract_exports(
        {
            "api/index.d.ts": b"export declare function f(): void;\n"
            b"export declare class C { m(): string; private p: number; }\n"
            b"declare function internal(): void;\n"
            b'declare module "plugin" { export const on: () => void; }\n'
            b"declare global { interface Window { x: number } }\n"
        }
    )
    assert set(module) == {"f", "C", 'declare module "plugin"', "declare global"}
    assert set(module["C"]["members"]) == {"m"}
    assert module['declare module "plugin"']["members"]["on"]["type"] == "() => void"


def test_tsx_files_use_the_tsx_grammar() -> None:
    exports = extract_exports(
        {
            "api/Button.tsx": b"export function Button(props: { label: string "
            b"}): JSX.Element { return <button>{props.label}</button>; }\n"
        }
    )
    assert exports["Button"]["returns"] == "JSX.Element"
    assert exports["Button"]["params"][0]["type"] == "{ label: string }"


def test_type_text_ignores_formatting_comments_quotes_and_trailing_separators() -> None:
    compact = ts(
        "export type U = 'a' | \"b\";\n"
        "export function f(o: {a: string, b: Array<number>}): Map<string,number> "
        "{ return new Map(); }\n"
    )
    spread = ts(
        """
        export type U =
          | "a" // the first
          | 'b';
        export function f(
          o: {
            a: string; /* note */
            b: Array< number >;
          },
        ): Map<
          string,
          number,
        > {
          return new Map();
        }
        """
    )
    assert compact == spread
    assert compact["U"]["type"] == '"a" | "b"'
    assert compact["f"]["params"][0]["type"] == "{ a: string; b: Array<number> }"
    assert compact["f"]["returns"] == "Map<string, number>"


def test_syntax_errors_are_refused_with_the_first_line() -> None:
    with pytest.raises(SurfaceError) as e:
        ts("export interface A {\n  a: string;\n}\nexport function f(a: ) {}\n", "api/x.ts")
    assert (e.value.path, e.value.line) == ("api/x.ts", 4)
    assert "cannot parse" in e.value.message and "lock again" in e.value.message
    with pytest.raises(SurfaceError) as missing:
        ts("export const a = 1;\nexport interface B {\n  b: string;\n", "api/y.ts")
    assert missing.value.path == "api/y.ts" and missing.value.line >= 2


def test_typescript_5_forms_the_grammar_lacks_are_read() -> None:
    """`export type *`, variance annotations, `import("x").T<A>`, and a nameless default
    function declaration: tsc accepts them, tree-sitter-typescript 0.23.2 does not."""
    found = extract_exports(
        {
            "api/index.d.ts": b'export type * from "./types.js";\n'
            b'export type * as T from "./types.js";\n'
            b"export interface Box<\n/** @ts-ignore */\nout V = unknown, in out W = never> {\n"
            b"  v: V;\n}\n"
            b'export declare const add: import("./fp.js").Fn2<\n  Date,\n  number\n>;\n',
            "api/types.d.ts": b"export type Interval = { start: Date };\n",
            "api/locale.d.ts": b"export default function (): {\n  name: string;\n};\n",
        }
    )
    assert found["Interval"] == {
        "kind": "type",
        "members": {"start": {"kind": "property", "optional": False, "type": "Date"}},
    }
    assert found["T"] == {"kind": "namespace", "members": {"Interval": found["Interval"]}}
    assert found["Box"]["type"] == "<out V = unknown, in out W = never>"
    assert found["add"]["type"] == 'import("./fp.js").Fn2<Date, number>'
    assert found["default"] == {"kind": "function", "params": [], "returns": "{ name: string }"}


def test_a_repaired_parse_never_hides_a_real_syntax_error() -> None:
    with pytest.raises(SurfaceError) as e:
        ts('export type * from "./a";\nexport interface A<out T> {\n  a: ;\n}\n', "api/z.d.ts")
    assert (e.value.path, e.value.line) == ("api/z.d.ts", 3)


def test_declare_module_blocks_with_imports_each_kept() -> None:
    found = ts(
        "declare module 'date-fns/add' { import { add } from 'date-fns'; export default add }\n"
        "declare module 'date-fns/sub' { import { sub } from 'date-fns'; export default sub }\n"
        "declare module 'date-fns/add' { export const extra: number; }\n",
        "api/modules.d.ts",
    )
    assert found['declare module "date-fns/add"']["members"] == {
        "default": {"kind": "reexport", "type": "date-fns#add"},
        "extra": {"kind": "const", "type": "number"},
    }
    assert found['declare module "date-fns/sub"']["members"] == {
        "default": {"kind": "reexport", "type": "date-fns#sub"}
    }


def test_tree_sitter_is_imported_only_by_the_extractor() -> None:
    code = (
        "import sys, charter.cli, charter.contracts.surface, charter.contracts.lock, "
        "charter.contracts.drift, charter.contracts.compare\n"
        "assert 'tree_sitter' not in sys.modules, 'tree_sitter imported eagerly'\n"
        "from charter.contracts import typescript\n"
        "assert typescript._parser(False) is typescript._parser(False)\n"
    )
    proc = subprocess.run((sys.executable, "-c", code), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr


# --- the compare rules through locks and commits ----------------------------------------


@pytest.fixture
def locked(repo: Path) -> Path:
    return commit_and_lock(
        repo, {"charter.yaml": contract_map("typescript"), "schemas/api/index.ts": BASE}
    )


def change(repo: Path, old: str, new: str) -> list[Any]:
    """Edit the contract on the owner's branch, lock, commit; the drift against main."""
    git(repo, "checkout", "-q", "-b", "instance/foundation")
    source = BASE.replace(old, new)
    assert source != BASE
    write(repo, "schemas/api/index.ts", source)
    proc = charter(repo, "contracts", "lock")
    assert proc.returncode == 0, proc.stderr
    commit_all(repo, "change the api")
    return contract_drift(repo, load(repo).contracts["schemas"], "main", "HEAD")


CASES = [
    ("  email: string;\n", "", {("BREAKING", "User.email")}),
    ("name?: string", "name: string", {("BREAKING", "User.name")}),
    (
        "name: string, role",
        "role",
        {("BREAKING", "createUser(name)"), ("BREAKING", "createUser(role)")},
    ),
    (
        "(id: string, name: string,",
        "(name: string, id: string,",
        {("BREAKING", "createUser(id)"), ("BREAKING", "createUser(name)")},
    ),
    # an optional parameter inserted before an existing one: positional calls shift
    (
        "name: string, role?",
        "name: string, org?: string, role?",
        {("ADDITIVE", "createUser(org)"), ("BREAKING", "createUser(role)")},
    ),
    # a renamed parameter: TypeScript passes by position, callers are unaffected
    ("name: string, role?", "fullName: string, role?", set()),
    (
        "name: string, role?",
        "name: string, org: string, role?",
        {("BREAKING", "createUser(org)"), ("BREAKING", "createUser(role)")},
    ),
    ("Member, Guest }", "Member }", {("BREAKING", "Role")}),
    (
        "fetch(id: string, opts?",
        "fetch(opts?",
        {("BREAKING", "Client.fetch(id)"), ("BREAKING", "Client.fetch(opts)")},
    ),
    # a new class member: consumers use the class, they do not implement it
    ("  constructor(url", "  reset(): void {}\n  constructor(url", {("ADDITIVE", "Client.reset")}),
    # an interface restated as a type alias of the same shape
    ("export interface User {", "export type User = {", set()),
    ("  email: string;\n", "  email: string;\n  avatar?: string;\n", {("ADDITIVE", "User.avatar")}),
    ("  email: string;\n", "  email: string;\n  phone: string;\n", {("BREAKING", "User.phone")}),
    ("role?: Role): User", "role?: Role, team?: string): User", {("ADDITIVE", "createUser(team)")}),
    ("id: string;", "id: number;", {("POSSIBLY_BREAKING", "User.id")}),
    ("): Promise<User>", "): Promise<User | null>", {("POSSIBLY_BREAKING", "Client.fetch")}),
    ("Guest }", "Guest, Owner }", {("ADDITIVE", "Role")}),
    # a string enum member keeps its name but not its value
    (
        "Role { Admin,",
        'Role { Admin = "administrator",',
        {("BREAKING", "Role"), ("ADDITIVE", "Role")},
    ),
]


@pytest.mark.parametrize(("old", "new", "expected"), CASES)
def test_compare_rules_through_locks(
    locked: Path, old: str, new: str, expected: set[tuple[str, str]]
) -> None:
    items = change(locked, old, new)
    assert {(i.kind, i.title) for i in items} == expected
    assert all(i.consumers == ("auth",) for i in items)


def test_breaking_change_fails_the_check_and_names_consumers(locked: Path) -> None:
    change(locked, "  email: string;\n", "")
    proc = charter(locked, "contracts", "check")
    assert proc.returncode == 1
    assert "BREAKING" in proc.stdout and "User.email" in proc.stdout and "auth" in proc.stdout


REFACTORED_TYPES = """\
// Types first now.

/** Roles, unchanged. */
export enum Role {
  Admin,
  Member,
  Guest,
}

export interface User {
  id: string  // no semicolons here
  name?: string
  email: string
}
"""

REFACTORED_INDEX = """\
import type { User, Role } from "./types";
export * from "./types";

export class Client {
  private token = '';

  constructor(url: string) {}

  fetch(
    id: string,
    opts?: {
      retries: number,
    },
  ): Promise<User> {
    return Promise.reject(new Error(id));
  }
}

export function createUser(
  id: string,
  name: string,
  role?: Role, /* optional */
): User {
  return { id, name, email: "" };
}
"""


def test_refactor_commit_has_no_drift(locked: Path) -> None:
    git(locked, "checkout", "-q", "-b", "instance/foundation")
    write(locked, "schemas/api/index.ts", REFACTORED_INDEX)
    write(locked, "schemas/api/types.ts", REFACTORED_TYPES)
    commit_all(locked, "split types into their own file, reformat")
    assert contract_drift(locked, load(locked).contracts["schemas"], "main", "HEAD") == []
    proc = charter(locked, "contracts", "check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_syntax_error_is_refused_with_file_and_line(locked: Path) -> None:
    git(locked, "checkout", "-q", "-b", "instance/foundation")
    write(
        locked,
        "schemas/api/broken.ts",
        "export interface A {\n  a: string;\n}\nexport function f(a: ) {}\n",
    )
    proc = charter(locked, "contracts", "lock")
    assert proc.returncode == 2
    assert "schemas/api/broken.ts:4" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_check_and_diff_judge_uncommitted_work(locked: Path) -> None:
    git(locked, "checkout", "-q", "-b", "instance/foundation")
    clean = charter(locked, "contracts", "check")
    assert clean.returncode == 0 and "judged: HEAD (no uncommitted" in clean.stdout
    # foundation breaks a type and has not committed yet: staged for one file...
    write(locked, "schemas/api/index.ts", BASE.replace("  email: string;\n", ""))
    git(locked, "add", "schemas/api/index.ts")
    # ...and an untracked new file beside it
    write(locked, "schemas/api/extra.ts", "export interface Extra { a: string }\n")
    proc = charter(locked, "contracts", "check")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "judged: the work tree" in proc.stdout and "schemas/api/index.ts" in proc.stdout
    assert "BREAKING" in proc.stdout and "User.email" in proc.stdout
    assert "ADDITIVE" in proc.stdout and "Extra" in proc.stdout
    diff = charter(locked, "contracts", "diff")
    assert "judged: the work tree" in diff.stdout and "User.email" in diff.stdout
    committed = charter(locked, "contracts", "check", "--committed")
    assert committed.returncode == 0 and "User.email" not in committed.stdout
    # an unstaged edit is judged too
    git(locked, "reset", "-q")
    unstaged = charter(locked, "contracts", "check", "--format", "json")
    assert "judged: the work tree" in unstaged.stderr
    assert any(i["title"] == "User.email" for i in json.loads(unstaged.stdout))


def test_members_moved_into_a_base_the_contract_does_not_declare() -> None:
    from charter.contracts.compare import compare

    before = {"exports": ts("export interface Opts { a: string; timeout: number }\n")}
    after = {
        "exports": ts(
            'import type { Timeouts } from "ext";\n'
            "export interface Opts extends Timeouts { a: string }\n"
        )
    }
    found = compare(before, after, positional=True)
    assert [(f.kind, f.symbol) for f in found] == [("POSSIBLY_BREAKING", "Opts.timeout")]
    assert "may be inherited from Timeouts" in found[0].detail
