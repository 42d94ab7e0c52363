"""Extract GitHub's response schemas for the endpoints tests/testing/github_emulator/ serves.

Usage:

    cd /tmp && npm pack @octokit/openapi @octokit/webhooks-examples
    mkdir openapi webhooks
    tar xzf octokit-openapi-*.tgz -C openapi
    tar xzf octokit-webhooks-examples-*.tgz -C webhooks
    python tests/data/github/extract_schemas.py /tmp/openapi/package \
        --webhooks /tmp/webhooks/package

It reads `generated/api.github.com.json` (OpenAPI 3.0) and writes `rest-schemas.json` next
to this script: for each endpoint, every documented status with a JSON body, with response
`$ref`s resolved and the component schemas they reach gathered under `$defs`, converted to
JSON Schema 2020-12 (`nullable` becomes a `null` type; `oneOf` becomes `anyOf`, as GitHub's
alternatives overlap and OpenAPI picks one by discriminator, not by exclusivity). With
`--webhooks` it also writes one real `pull_request` (opened) and one branch `push` delivery to
`events/`.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent

# Exactly the endpoints the emulator implements (method, OpenAPI path template).
ENDPOINTS: list[tuple[str, str]] = [
    ("GET", "/repos/{owner}/{repo}"),
    ("GET", "/user"),
    ("GET", "/rate_limit"),
    ("GET", "/repos/{owner}/{repo}/git/ref/{ref}"),
    ("GET", "/repos/{owner}/{repo}/branches/{branch}"),
    ("GET", "/repos/{owner}/{repo}/commits/{ref}"),
    ("GET", "/repos/{owner}/{repo}/contents/{path}"),
    ("PUT", "/repos/{owner}/{repo}/contents/{path}"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/files"),
    ("GET", "/repos/{owner}/{repo}/issues/{issue_number}"),
    ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    ("GET", "/repos/{owner}/{repo}/issues/comments/{comment_id}"),
    ("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"),
    ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}/reviews"),
    ("GET", "/orgs/{org}/teams/{team_slug}/memberships/{username}"),
]

# Keys that carry no validation meaning, dropped to keep the file small.
DROP = {"description", "example", "examples", "discriminator", "externalDocs", "xml"}
SCHEMA_REF = "#/components/schemas/"


def resolve(spec: dict[str, Any], ref: str) -> Any:
    node: Any = spec
    for part in ref.removeprefix("#/").split("/"):
        node = node[part]
    return node


def convert(node: Any, refs: set[str]) -> Any:
    """OpenAPI 3.0 schema -> JSON Schema 2020-12; collects the component names reached."""
    if isinstance(node, list):
        return [convert(item, refs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith(SCHEMA_REF):
            raise ValueError(f"unexpected reference {ref}")
        name = ref.removeprefix(SCHEMA_REF)
        refs.add(name)
        return {"$ref": f"#/$defs/{name}"}
    out: dict[str, Any] = {}
    for key, value in node.items():
        if key in DROP or key.startswith("x-") or key == "nullable":
            continue
        if key == "properties":
            out[key] = {name: convert(sub, refs) for name, sub in value.items()}
        else:
            out[key] = convert(value, refs)
    if "oneOf" in out:
        # OpenAPI's objects are open, so GitHub's alternatives overlap (basic-error and
        # repository-rule-violation-error both accept any error body); a discriminator, not
        # exclusivity, is what picks one. JSON Schema's oneOf would reject every such body.
        out["anyOf"] = out.pop("oneOf")
    for bound in ("Minimum", "Maximum"):
        if out.get(f"exclusive{bound}") is True:
            out[f"exclusive{bound}"] = out.pop(bound.lower())
        elif out.get(f"exclusive{bound}") is False:
            del out[f"exclusive{bound}"]
    if node.get("nullable") is True:
        if "type" in out:
            types = out["type"] if isinstance(out["type"], list) else [out["type"]]
            out["type"] = [*types, "null"] if "null" not in types else types
            if "enum" in out and None not in out["enum"]:
                out["enum"] = [*out["enum"], None]
        else:
            out = {"anyOf": [out, {"type": "null"}]}
    return out


def extract(openapi: Path) -> dict[str, Any]:
    package = json.loads((openapi / "package.json").read_text())
    source = openapi / "generated" / "api.github.com.json"
    spec = json.loads(source.read_text())
    refs: set[str] = set()
    endpoints: dict[str, dict[str, Any]] = {}
    for method, path in ENDPOINTS:
        operation = spec["paths"][path][method.lower()]
        statuses: dict[str, Any] = {}
        for status, response in operation["responses"].items():
            if "$ref" in response:
                response = resolve(spec, response["$ref"])
            schema = response.get("content", {}).get("application/json", {}).get("schema")
            if schema is not None:
                statuses[status] = convert(schema, refs)
        endpoints[f"{method} {path}"] = statuses
    defs: dict[str, Any] = {}
    pending = sorted(refs)
    while pending:
        name = pending.pop()
        if name in defs:
            continue
        found: set[str] = set()
        defs[name] = convert(spec["components"]["schemas"][name], found)
        pending.extend(sorted(found - defs.keys()))
    return {
        "source": {
            "package": package["name"],
            "version": package["version"],
            "file": "generated/api.github.com.json",
            "openapi": spec["openapi"],
        },
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "endpoints": endpoints,
        "$defs": dict(sorted(defs.items())),
    }


def extract_events(webhooks: Path) -> dict[str, Any]:
    """One `pull_request` opened delivery and one push of a branch, from the real examples."""
    package = json.loads((webhooks / "package.json").read_text())
    events = {
        e["name"]: e["examples"]
        for e in json.loads((webhooks / "api.github.com" / "index.json").read_text())
    }
    opened = next(e for e in events["pull_request"] if e.get("action") == "opened")
    push = next(e for e in events["push"] if e["ref"].startswith("refs/heads/") and e["commits"])
    return {
        "package": package["name"],
        "version": package["version"],
        "pull_request.opened.json": opened,
        "push.json": push,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("openapi", type=Path, help="the unpacked @octokit/openapi package")
    parser.add_argument("--webhooks", type=Path, help="the unpacked @octokit/webhooks-examples")
    parser.add_argument("--out", type=Path, default=HERE)
    args = parser.parse_args(argv)
    result = extract(args.openapi)
    (args.out / "rest-schemas.json").write_text(json.dumps(result, indent=1) + "\n")
    print(
        f"rest-schemas.json: {len(result['endpoints'])} endpoints, {len(result['$defs'])} defs"
        f" from {result['source']['package']}@{result['source']['version']}"
    )
    if args.webhooks:
        events = extract_events(args.webhooks)
        (args.out / "events").mkdir(exist_ok=True)
        for name in ("pull_request.opened.json", "push.json"):
            (args.out / "events" / name).write_text(json.dumps(events[name], indent=2) + "\n")
        print(
            f"events/: pull_request.opened.json, push.json from "
            f"{events['package']}@{events['version']}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
