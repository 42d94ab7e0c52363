// The TypeScript compiler's verdict on each export of each consecutive version pair of
// the corpus (../typescript/corpus.json): consumer code written against the old version's
// declarations, compiled against the new one's. Run by hand with ./make_ts_verdicts.sh
// (it installs typescript into a temp dir); the tests read the JSON it writes and need
// no Node.
//
// Per export X of the old version, in one file importing both versions (O and N):
//   removed                          -> breaking
//   a value (function, const, class)  `const v: typeof O.X = N.X`: every use of the old
//                                      value still compiles against the new one
//   a class instance                  `const o: O.X<any..> = n as N.X<any..>`: what readers
//                                      of an instance relied on is still there (a new
//                                      member is not a break: consumers get instances
//                                      from the package, they do not write the class)
//   an interface or type alias        assignable both ways: consumers read values of it
//                                      and also build them (implement it), so a new
//                                      required member, a widened or narrowed type break
//   an enum                           every old member name still there
// An export whose declaration reads the same (comments aside) is compatible without a
// check: comparing two copies side by side, a break in a type it refers to would fail it
// too, though consumer code of the old version that uses it compiles just the same; the
// break is reported on the type that changed.
// Class instances with private members never assign across two declarations; that
// diagnostic (TS2322 naming a private property) is not a consumer's break and is dropped.
"use strict";
const fs = require("fs");
const os = require("os");
const path = require("path");

const [tsPath, corpusDir, ...only] = process.argv.slice(2);
const ts = require(tsPath);
const corpus = JSON.parse(fs.readFileSync(path.join(corpusDir, "corpus.json"), "utf8"));

function copyTree(src, dst) {
  fs.mkdirSync(dst, { recursive: true });
  for (const entry of fs.readdirSync(src, { withFileTypes: true })) {
    const from = path.join(src, entry.name), to = path.join(dst, entry.name);
    if (entry.isDirectory()) copyTree(from, to); else fs.copyFileSync(from, to);
  }
}

function typeArgs(symbol) {
  let count = 0;
  for (const decl of symbol.declarations || []) {
    if (decl.typeParameters) count = Math.max(count, decl.typeParameters.length);
  }
  return count ? "<" + Array(count).fill("any").join(", ") + ">" : "";
}

const printer = ts.createPrinter({ removeComments: true });
function declarationText(symbol) {
  return (symbol.declarations || [])
    .map((d) => printer.printNode(ts.EmitHint.Unspecified, d, d.getSourceFile()))
    .join("\n");
}

function flatten(message) {
  return typeof message === "string" ? message : ts.flattenDiagnosticMessageText(message, " ");
}

function judge(pkg, entry, oldVer, newVer) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "charter-oracle-"));
  copyTree(path.join(corpusDir, pkg, oldVer), path.join(dir, "old"));
  copyTree(path.join(corpusDir, pkg, newVer), path.join(dir, "new"));
  const stem = entry.replace(/\.d\.ts$/, "");
  const options = {
    strict: true, noEmit: true, skipLibCheck: true, target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler,
    lib: ["lib.es2022.d.ts", "lib.dom.d.ts"],
  };
  // First pass: the old and new exports.
  const probe = path.join(dir, "probe.ts");
  fs.writeFileSync(probe, `import * as O from "./old/${stem}";\nimport * as N from "./new/${stem}";\n`);
  let program = ts.createProgram([probe], options);
  let checker = program.getTypeChecker();
  const exportsOf = (which) => {
    const file = program.getSourceFile(path.join(dir, which, entry));
    const symbol = checker.getSymbolAtLocation(file);
    const out = new Map();
    for (const s of checker.getExportsOfModule(symbol)) {
      out.set(s.name, s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s);
    }
    return out;
  };
  const before = exportsOf("old"), after = exportsOf("new");
  const verdicts = {};
  const lines = [`import * as O from "./old/${stem}";`, `import * as N from "./new/${stem}";`];
  const owner = [];  // line index -> export name
  const emit = (name, text) => { lines.push(text); owner[lines.length - 1] = name; };
  for (const [name, symbol] of before) {
    if (!after.has(name)) { verdicts[name] = { verdict: "breaking", why: ["removed"] }; continue; }
    verdicts[name] = { verdict: "compatible", why: [] };
    if (declarationText(symbol) === declarationText(after.get(name))) {
      verdicts[name].why.push("declaration unchanged");
      continue;
    }
    const f = symbol.flags, S = ts.SymbolFlags;
    const oldArgs = typeArgs(symbol);
    const ref = `.${name}`;
    if (f & S.Enum) {
      emit(name, `{ const k: keyof typeof N${ref} = null! as keyof typeof O${ref}; }`);
      continue;
    }
    if (f & S.Value && !(f & S.ValueModule && !(f & (S.Function | S.Class | S.Variable)))) {
      emit(name, `{ const v: typeof O${ref} = N${ref}; }`);
    }
    if (f & S.Class) {
      emit(name, `{ const o: O${ref}${oldArgs} = null! as N${ref}${oldArgs}; }`);
    } else if (f & (S.Interface | S.TypeAlias)) {
      emit(name, `{ const o: O${ref}${oldArgs} = null! as N${ref}${oldArgs}; }`);
      emit(name, `{ const n: N${ref}${oldArgs} = null! as O${ref}${oldArgs}; }`);
    }
  }
  for (const name of after.keys()) {
    if (!before.has(name)) verdicts[name] = { verdict: "added", why: [] };
  }
  const failed = compile(dir, options, lines, owner, verdicts);
  // A failing interface or class: its own members decide. A member removed, a required
  // member added to an interface, or a member whose declaration changed and no longer
  // assigns is its own break; a member that reads the same fails only through a type it
  // refers to (reported there), as above.
  const memberLines = [lines[0], lines[1]], memberOwner = [];
  const emitMember = (name, text) => { memberLines.push(text); memberOwner[memberLines.length - 1] = name; };
  for (const name of failed) {
    const symbol = before.get(name), next = after.get(name), S = ts.SymbolFlags;
    if (!(symbol.flags & (S.Interface | S.Class)) || !(next.flags & (S.Interface | S.Class))) continue;
    const own = [];
    const args = typeArgs(symbol);
    const isInterface = !(symbol.flags & S.Class);
    const oldMembers = membersOf(symbol), newMembers = membersOf(next);
    for (const [member, m] of oldMembers) {
      const n = newMembers.get(member);
      if (member === "__constructor" || (m.flags & S.Private)) continue;
      if (!n) { own.push(`member ${member} removed`); continue; }
      if (declarationText(m) === declarationText(n)) continue;
      const key = JSON.stringify(member);
      emitMember(name, `{ const m: O.${name}${args}[${key}] = null! as N.${name}${args}[${key}]; }`);
      if (isInterface) emitMember(name, `{ const m: N.${name}${args}[${key}] = null! as O.${name}${args}[${key}]; }`);
    }
    if (isInterface) {
      for (const [member, n] of newMembers) {
        if (!oldMembers.has(member) && !(n.flags & S.Optional) && !member.startsWith("__")) own.push(`required member ${member} added`);
      }
    } else {
      const before = symbol.members && symbol.members.get("__constructor");
      const now = next.members && next.members.get("__constructor");
      if (!before !== !now || (before && declarationText(before) !== declarationText(now))) {
        emitMember(name, `{ const c: ConstructorParameters<typeof N.${name}> = null! as ConstructorParameters<typeof O.${name}>; }`);
      }
    }
    verdicts[name] = { verdict: own.length ? "breaking" : "compatible", why: own, whole: verdicts[name].why };
  }
  function membersOf(symbol) {  // declared and inherited, by name
    const type = checker.getDeclaredTypeOfSymbol(symbol);
    return new Map(checker.getPropertiesOfType(type).map((p) => [p.name, p]));
  }
  const memberVerdicts = {};
  for (const name of new Set(memberOwner.filter(Boolean))) memberVerdicts[name] = { verdict: "compatible", why: [] };
  compile(dir, options, memberLines, memberOwner, memberVerdicts);
  for (const [name, v] of Object.entries(memberVerdicts)) {
    if (v.verdict === "breaking") { verdicts[name].verdict = "breaking"; verdicts[name].why.push(...v.why); }
  }
  for (const v of Object.values(verdicts)) if (v.verdict !== "breaking") delete v.whole;
  fs.rmSync(dir, { recursive: true, force: true });
  return verdicts;
}

function compile(dir, options, lines, owner, verdicts) {
  const check = path.join(dir, "check.ts");
  fs.writeFileSync(check, lines.join("\n") + "\n");
  const program = ts.createProgram([check], options);
  const checkFile = program.getSourceFile(check);
  const failed = new Set();
  for (const d of ts.getPreEmitDiagnostics(program, checkFile)) {
    const text = flatten(d.messageText).replace(/import\("[^"]*\/(old|new)\//g, 'import("$1/');
    if (d.start === undefined) continue;
    const line = checkFile.getLineAndCharacterOfPosition(d.start).line;
    const name = owner[line];
    if (name === undefined) throw new Error(`${dir}: ${text}`);
    if (/#private|private propert|separate declarations of a private/.test(text)) continue;
    verdicts[name].verdict = "breaking";
    verdicts[name].why.push(text.slice(0, 300));
    failed.add(name);
  }
  return failed;
}

const result = { typescript: ts.version, pairs: [] };
for (const [pkg, spec] of Object.entries(corpus)) {
  if (only.length ? !only.includes(pkg) : spec.oracle === false) continue;
  for (let i = 0; i + 1 < spec.versions.length; i++) {
    const [oldVer, newVer] = [spec.versions[i], spec.versions[i + 1]];
    process.stderr.write(`${pkg} ${oldVer} -> ${newVer}\n`);
    result.pairs.push({ package: pkg, old: oldVer, new: newVer, exports: judge(pkg, spec.entry, oldVer, newVer) });
  }
}
process.stdout.write(JSON.stringify(result, null, 1) + "\n");
