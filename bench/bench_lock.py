"""Lock a 200-file TypeScript contract package, in fresh processes.

    python bench/bench_lock.py [--runs 5] [--files 200]

Builds a temporary repository: a charter.yaml with a foundation instance owning a
`language: typescript` contract and a consumer, and a package of 200 files (interfaces
with optional members and methods, enums, overloaded functions, generic classes with
private and public members, type aliases, consts) plus an index.ts that re-exports every
file. Then times `python -m charter contracts lock` -- the whole process: interpreter
start, charter.yaml, git, tree-sitter parsing of every file, export resolution and the
lock and API files -- with time.perf_counter around each run. The lock is deleted before
each run so every run extracts and writes it.

Target: median under 1 s.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchenv import ENV, git, report

TARGET_SECONDS = 1.0
CHARTER_YAML = """\
version: 1
coordinator_branches: [main]
instances:
  foundation:
    role: foundation
    owns: [packages/core/**]
  web:
    owns: [web/**]
    depends_on: [foundation]
contracts:
  core:
    owner: foundation
    paths: [packages/core/src/**]
    language: typescript
"""


def module(i: int) -> str:
    """One realistic module: every construct the extractor reads."""
    n = f"{i:03d}"
    return f"""\
/**
 * Module {n}: the records, their states and the service that stores them.
 */
import type {{ Page }} from "./shared";

export enum Status{n} {{
  Draft = "draft",
  Active = "active",
  Archived = "archived",
}}

export interface Record{n}<T = unknown> {{
  readonly id: string;
  name: string;
  description?: string;
  status: Status{n};
  tags: ReadonlyArray<string>;
  payload: T;
  createdAt: Date;
  updatedAt?: Date;
  owner: {{ id: string; email: string; roles?: string[] }};
  validate(strict?: boolean): Promise<ValidationResult{n}>;
  toJSON(): Record<string, unknown>;
}}

export type ValidationResult{n} =
  | {{ ok: true }}
  | {{ ok: false; errors: Array<{{ path: string; message: string }}> }};

export type Filter{n} = {{
  status?: Status{n} | Status{n}[];
  search?: string;
  limit?: number;
  cursor?: string;
}};

export type Handler{n} = (record: Record{n}, previous?: Record{n}) => void | Promise<void>;

export const DEFAULT_LIMIT_{n}: number = 50;

export function parse{n}(raw: string): Record{n};
export function parse{n}(raw: string, reviver: (key: string, value: unknown) => unknown): Record{n};
export function parse{n}(
  raw: string,
  reviver?: (key: string, value: unknown) => unknown,
): Record{n} {{
  return JSON.parse(raw, reviver) as Record{n};
}}

export async function fetchAll{n}(
  filter: Filter{n} = {{}},
  signal?: AbortSignal,
  ...fields: Array<keyof Record{n}>
): Promise<Page<Record{n}>> {{
  return {{ items: [], next: undefined }} as unknown as Page<Record{n}>;
}}

export class Service{n}<T extends object = object> implements Iterable<Record{n}<T>> {{
  private readonly cache = new Map<string, Record{n}<T>>();
  protected retries = 3;
  #secret = "{n}";
  public lastError?: Error;
  static readonly version: string = "1.{i}.0";

  constructor(
    public readonly baseUrl: string,
    private token: string,
    options?: {{ timeout?: number; retries?: number }},
  ) {{
    this.retries = options?.retries ?? 3;
  }}

  get size(): number {{
    return this.cache.size;
  }}

  async get(id: string, opts?: {{ fresh?: boolean }}): Promise<Record{n}<T> | undefined> {{
    return this.cache.get(id);
  }}

  async put(record: Record{n}<T>, handler?: Handler{n}): Promise<void> {{
    this.cache.set(record.id, record);
  }}

  remove(id: string): boolean {{
    return this.cache.delete(id);
  }}

  *[Symbol.iterator](): Iterator<Record{n}<T>> {{
    yield* this.cache.values();
  }}

  private refresh(): void {{}}
}}
"""


def build(repo: Path, count: int) -> None:
    git(repo, "init", "-q", "-b", "main")
    (repo / "charter.yaml").write_text(CHARTER_YAML)
    src = repo / "packages" / "core" / "src"
    src.mkdir(parents=True)
    (src / "shared.ts").write_text(
        "export interface Page<T> {\n  items: T[];\n  next?: string;\n}\n"
    )
    for i in range(count - 2):
        (src / f"module{i:03d}.ts").write_text(module(i))
    index = ['export * from "./shared";']
    index += [f'export * from "./module{i:03d}";' for i in range(count - 2)]
    (src / "index.ts").write_text("\n".join(index) + "\n")
    (repo / "web").mkdir()
    (repo / "web" / "app.ts").write_text('import { Service000 } from "../packages/core/src";\n')
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "core package")


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--files", type=int, default=200)
    args = parser.parse_args()
    base = Path(tempfile.mkdtemp(prefix="charter-bench-lock-"))
    try:
        repo = base / "repo"
        repo.mkdir()
        build(repo, args.files)
        command = (sys.executable, "-m", "charter", "contracts", "lock")
        lock = repo / ".charter" / "contracts" / "core.lock.json"
        warm = subprocess.run(command, cwd=repo, env=ENV, capture_output=True, text=True)
        if warm.returncode != 0:
            print(warm.stderr, file=sys.stderr)
            return 2
        expected = lock.read_text()
        document = json.loads(expected)
        exports = document["surface"]["exports"]
        files = document["surface"]["files"]
        modules = args.files - 2
        qualified = [name for name in exports if "#" in name]  # index.ts re-exports are one
        if len(files) != args.files or len(exports) != 1 + 9 * modules or qualified:
            print(f"WRONG: {len(files)} files, {len(exports)} exports", file=sys.stderr)
            return 2
        times = []
        for _ in range(args.runs):
            lock.unlink()
            start = time.perf_counter()
            proc = subprocess.run(command, cwd=repo, env=ENV, capture_output=True, text=True)
            times.append(time.perf_counter() - start)
            if proc.returncode != 0 or lock.read_text() != expected:
                print("WRONG: two locks of the same tree differ", file=sys.stderr)
                return 2
        what = (
            f"charter contracts lock, {args.files}-file TypeScript package ({len(exports)} exports)"
        )
        return report(what, times, TARGET_SECONDS)
    finally:
        shutil.rmtree(base, ignore_errors=True)


if __name__ == "__main__":
    raise SystemExit(main())
