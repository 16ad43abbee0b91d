"""The corpus round trip, run by scripts/import-corpus.sh on a scratch copy of the repository:

render pages from the SDKs -> `cargo xtask import` them into an empty spec -> compare with the SDK
facts -> `cargo xtask gen` -> build the generated crate. Every stage reports per operation and goes on
past failures: an operation that import rejects, or that gen or the build rejects (it is then set aside
and the rest retried), is listed in OUT/report.json with the messages that name it.
"""

import argparse
import json
import os
import shutil
import re
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import compare  # noqa: E402
import corpus  # noqa: E402
import specread  # noqa: E402

PRODUCT_FLAGS = {
    "ice": ["--product", "ICE", "--version", "2020-11-09", "--title", "Intelligent Media Services",
            "--endpoint-pattern", "ice.{region}.aliyuncs.com", "--server", "https://ice.cn-shanghai.aliyuncs.com",
            "--region", "cn-shanghai=ice.cn-shanghai.aliyuncs.com"],
    "live": ["--product", "live", "--version", "2016-11-01", "--title", "ApsaraVideo Live",
             "--endpoint-pattern", "live.aliyuncs.com", "--server", "https://live.aliyuncs.com",
             "--region", "ap-southeast-1=live.ap-southeast-1.aliyuncs.com"],
}
MAX_GEN_ROUNDS = 10
REVIEW_ROUNDS = 4
CLIP = 2000


def run(cmd, cwd, log, env=None):
    started = time.monotonic()
    proc = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True,
                          env=None if env is None else {**os.environ, **env})
    elapsed = time.monotonic() - started
    with open(log, "a", encoding="utf-8") as f:
        f.write(f"$ {' '.join(cmd)}\n# exit {proc.returncode} in {elapsed:.1f} s\n{proc.stdout}{proc.stderr}\n")
    return proc, elapsed


class Repo:
    """Where commands run: xtask is the repository's own (built once, in its usual target directory)
    and works on the scratch copy through `--repo`; the crate is built inside the scratch copy, in a
    target directory of its own."""

    def __init__(self, root, scratch, build_target_dir):
        self.root = root
        self.scratch = scratch
        self.build_env = {"CARGO_TARGET_DIR": build_target_dir}

    def xtask(self, *args):
        return ["cargo", "xtask", "--repo", self.scratch, *args]


def importer_supports(repo, flag, log):
    proc, _ = run(repo.xtask("import", "--help"), repo.root, log)
    return flag in proc.stdout + proc.stderr


def batches(ops, out, body_flag, style_flag):
    """Groups the pages into as few import commands as the flags allow: `--body` and `--style` name
    parameters, so pages go together when no page has a parameter of a flagged name that the flag
    would make wrong (one in the query where another page's is in the body, or another style).
    Returns [((product, method, body names, ((name, style), ...)), [ops])]."""
    buckets = {}
    for op in ops:
        with open(os.path.join(out, op["facts"]), encoding="utf-8") as f:
            top = [x for x in json.load(f)["request"] if x["depth"] == 0]
        wire = {x["path"]: (x.get("position", "query") if body_flag else "query",
                            x.get("serialization") if style_flag else None) for x in top}
        unusual = set((op.get("unusual_styles") or {}) if style_flag else ())
        groups = buckets.setdefault((op["product"], op["method"]), [])
        for g in groups:
            if all(g["wire"].get(n, w) == w for n, w in wire.items()):
                g["wire"].update(wire)
                g["unusual"] |= unusual
                g["ops"].append(op)
                break
        else:
            groups.append({"wire": dict(wire), "unusual": unusual, "ops": [op]})
    out_groups = []
    for (product, method), groups in sorted(buckets.items()):
        for g in groups:
            body = tuple(sorted(n for n, (pos, _) in g["wire"].items() if pos == "body"))
            styles = tuple(sorted((n, g["wire"][n][1]) for n in g["unusual"]))
            out_groups.append(((product, method, body, styles), g["ops"]))
    return out_groups


def import_command(repo, product, method, body, styles):
    """`cargo xtask import` with the product's flags, the method, `--body` and `--style` flags."""
    cmd = repo.xtask("import", *PRODUCT_FLAGS[product], "--method", method)
    if body:
        cmd += ["--body", ",".join(body)]
    for name, style in styles:
        cmd += ["--style", f"{name}={style}"]
    return cmd


def import_pages(ops, out, repo, log, timings):
    """Imports every page, passing what the page cannot say the way a user reads it off the official
    SDK: the HTTP method, `--body` and `--style` for parameters whose style is not the product's usual
    one. Returns ({key: [messages naming the page]} for the pages that failed, {key: the importer's
    output lines about the page})."""
    body_flag = importer_supports(repo, "--body", log)
    style_flag = importer_supports(repo, "--style", log)
    groups = batches(ops, out, body_flag, style_flag)
    errors, said = {}, {}
    total = 0.0
    for (product, method, body, styles), members in groups:
        pages = [os.path.join(out, op["page"]) for op in members]
        proc, elapsed = run(import_command(repo, product, method, body, styles) + pages, repo.root, log)
        total += elapsed
        lines = (proc.stdout + proc.stderr).splitlines()
        for op, page in zip(members, pages):
            errors[op["key"]] = [line for line in lines if line.startswith(page + ":") and "doubt" not in line]
            said[op["key"]] = [line.strip() for line in lines if line.strip().startswith(page + ":")]
    timings["import"] = round(total, 2)
    timings["import_commands"] = len(groups)
    timings["import_body_flag"] = body_flag
    timings["import_style_flag"] = style_flag
    return errors, said


_FIELDS_DOUBT = re.compile(r"pass --fields (\S+)=NAME,NAME")


def _field_path(path):
    return "/".join(p for p in path.replace(".", "/").split("/") if p and p != "[]")


def review(ops, out, repo, log, said, timings):
    """What a user does with the report: where the importer says a request object row has no example
    and it could not tell where the object's fields end, read them off the official SDK and import the
    page again with `--fields PATH=A,B` (and --replace); repeated while the report names new objects
    (a corrected reading can reveal the next one), up to REVIEW_ROUNDS. One command per page and round,
    as its flags are its own. Returns the keys of the pages re-imported."""
    total, redone = 0.0, []
    for op in ops:
        lines = said.get(op["key"], [])
        with open(os.path.join(out, op["facts"]), encoding="utf-8") as f:
            facts = json.load(f)
        given = {}
        for _ in range(REVIEW_ROUNDS):
            new = {}
            for path in sorted({m.group(1) for line in lines for m in _FIELDS_DOUBT.finditer(line)}):
                want = _field_path(path)
                children = [f["path"].rsplit("/", 1)[-1] for f in facts["request"]
                            if "/" in f["path"] and _field_path(f["path"].rsplit("/", 1)[0]) == want]
                if children and want not in given:
                    new[want] = children
            if not new:
                break
            given.update(new)
            cmd = import_command(repo, op["product"], op["method"], op["body"],
                                 sorted((op.get("unusual_styles") or {}).items())) + ["--replace"]
            for path, children in sorted(given.items()):
                cmd += ["--fields", f"{path}={','.join(children)}"]
            page = os.path.join(out, op["page"])
            proc, elapsed = run(cmd + [page], repo.root, log)
            total += elapsed
            lines = [line.strip() for line in (proc.stdout + proc.stderr).splitlines()
                     if line.strip().startswith(page + ":")]
        if given:
            redone.append(op["key"])
    timings["review"] = round(total, 2)
    timings["review_pages"] = len(redone)
    return redone


_DIAG_OP = re.compile(r"paths\.\S*?#(\w+)")
_DIAG_SCHEMA = re.compile(r"components\.schemas\.(\w+)")


def _attribute(line, known):
    """Which operation a gen diagnostic line is about, if any."""
    m = _DIAG_OP.search(line)
    if m and m.group(1) in known:
        return m.group(1)
    m = _DIAG_SCHEMA.search(line)
    if m:
        schema = m.group(1)
        best = max((a for a in known if schema.startswith(a)), key=len, default=None)
        return best
    for a in sorted(known, key=len, reverse=True):
        if re.search(rf"\b{a}\b", line):
            return a
    return None


def generate(repo, spec_dir, log, actions, gen_failures, timings):
    """Runs gen until it passes, setting aside the operations its diagnostics name."""
    total = 0.0
    for _ in range(MAX_GEN_ROUNDS):
        proc, elapsed = run(repo.xtask("gen"), repo.root, log)
        total += elapsed
        if proc.returncode == 0:
            timings["gen"] = round(total, 2)
            return True
        named = {}
        for line in (proc.stdout + proc.stderr).splitlines():
            if "error" not in line and "hint" not in line:
                continue
            a = _attribute(line, actions)
            if a:
                named.setdefault(a, []).append(line.strip()[:CLIP])
        if not named:
            gen_failures["(unattributed)"] = (proc.stdout + proc.stderr)[-CLIP:].splitlines()
            break
        for a, lines in named.items():
            gen_failures.setdefault(a, []).extend(lines)
        specread.drop_operations(spec_dir, named)
        actions -= set(named)
    timings["gen"] = round(total, 2)
    return False


_GEN_FILE = re.compile(r"generated/src/(\w+)/(\w+)\.rs")


def build(repo, log, spec_dir, actions, build_failures, gen_failures, timings):
    """Builds the crate; on errors in an operation's module, sets those operations aside once and retries."""
    total = 0.0
    ok = False
    for attempt in range(2):
        proc, elapsed = run(["cargo", "build", "--quiet", "-p", "alibabacloud-media"], repo.scratch, log,
                            repo.build_env)
        total += elapsed
        if proc.returncode == 0:
            ok = True
            break
        snake = {re.sub(r"(?<!^)(?=[A-Z][a-z])|(?<=[a-z0-9])(?=[A-Z])", "_", a).lower(): a for a in actions}
        named = {}
        for m in _GEN_FILE.finditer(proc.stderr):
            a = snake.get(m.group(2))
            if a:
                named.setdefault(a, []).append(m.group(0))
        if not named or attempt == 1:
            build_failures["(crate)"] = proc.stderr[-CLIP:].splitlines()
            break
        for a, files in named.items():
            build_failures[a] = sorted(set(files))
        specread.drop_operations(spec_dir, named)
        actions -= set(named)
        if not generate(repo, spec_dir, log, actions, gen_failures, {}):
            break
    timings["build"] = round(total, 2)
    return ok


# `ignore` keeps rustdoc (tests/src/lib.rs includes the README) from compiling it against the committed
# crate, which lacks the imported operation; this pipeline compiles it instead.
_README_BLOCK = re.compile(r"^```rust,ignore,after-import\n(.*?)^```", re.S | re.M)


def readme_examples(repo, log, built_actions, timings):
    """The README's `rust,ignore,after-import` blocks (the "Add an API" call of an operation the corpus
    imports) compiled as written, as examples of the crate generated from the imported pages.
    Returns (blocks compiled, error text) or None when the README's operation is not in this run."""
    with open(os.path.join(repo.root, "README.md"), encoding="utf-8") as f:
        blocks = _README_BLOCK.findall(f.read())
    named = {m for b in blocks for m in re.findall(r"\b(\w+)Request::new", b)}
    if not blocks or not named <= set(built_actions):
        return None
    examples = os.path.join(repo.scratch, "generated", "examples")
    os.makedirs(examples, exist_ok=True)
    for i, body in enumerate(blocks, 1):
        with open(os.path.join(examples, f"readme_after_import_{i}.rs"), "w", encoding="utf-8") as f:
            f.write(body + "\nfn main() {}\n")
    proc, elapsed = run(["cargo", "build", "--quiet", "-p", "alibabacloud-media", "--examples"], repo.scratch, log,
                        repo.build_env)
    timings["readme_examples"] = round(elapsed, 2)
    return len(blocks), ("" if proc.returncode == 0 else proc.stderr[-CLIP:])


FIVE = ["ListLiveRecordJobs", "ListLiveTranscodeJobs", "GetLiveEditingJob", "GetLiveSnapshotJob",
        "DescribeRtcCloudRecordingFiles"]


def calibrate(repo_spec, venv):
    """The comparer and the facts checked against the hand-transcribed spec of the five pages (which
    agree with the SDK on every field): (matched, total). Anything below total is a bug here."""
    import page
    import sdk
    spec = specread.read_spec_dir(repo_spec)
    matched = total = 0
    for op in sdk.read_all(venv):
        if op["action"] in FIVE:
            _, facts = page.build(op)
            r = compare.compare_operation(facts, spec.get((op["product"], op["action"])))
            matched += r["matched"]
            total += r["fields"]
    return matched, total


def main(argv):
    p = argparse.ArgumentParser(prog="pipeline.py")
    p.add_argument("--scratch", required=True, help="scratch copy of the repository with spec/ emptied")
    p.add_argument("--root", required=True, help="the repository, whose xtask is run (with --repo SCRATCH)")
    p.add_argument("--build-target-dir", required=True, help="target directory for building the scratch crate")
    p.add_argument("--out", required=True, help="where pages, facts, logs and report.json go")
    p.add_argument("--sample", type=int, default=0)
    p.add_argument("--only", default="")
    p.add_argument("--venv", required=True)
    p.add_argument("--min-score", type=float, default=None, help="exit 1 below this field match fraction")
    p.add_argument("--min-score-as-read", type=float, default=None,
                   help="exit 1 below this field match fraction before the review's --fields")
    p.add_argument("--min-imported", type=int, default=None, help="exit 1 if fewer operations import")
    p.add_argument("--min-generated", type=int, default=None,
                   help="exit 1 if fewer operations import and pass gen without being set aside")
    p.add_argument("--min-built", type=int, default=None, help="exit 1 if fewer operations build")
    p.add_argument("--no-build", action="store_true",
                   help="stop after gen (the spec is kept, operations gen rejects set aside; nothing is built)")
    p.add_argument("--repo-spec", required=True, help="the repository's spec/ (hand-transcribed), for calibration")
    args = p.parse_args(argv)
    out = os.path.abspath(args.out)
    log = os.path.join(out, "pipeline.log")
    os.makedirs(out, exist_ok=True)
    open(log, "w").close()
    timings = {}

    t = time.monotonic()
    render_args = ["render", out, "--venv", args.venv]
    if args.sample:
        render_args += ["--sample", str(args.sample)]
    if args.only:
        render_args += ["--only", args.only]
    corpus.main(render_args)
    timings["render"] = round(time.monotonic() - t, 2)
    with open(os.path.join(out, "manifest.json"), encoding="utf-8") as f:
        manifest = json.load(f)
    ops = manifest["operations"]
    for op in ops:
        op["key"] = f"{op['product']}/{op['action']}"
    print(f"rendered {len(ops)} pages in {timings['render']} s", flush=True)

    calibration = calibrate(args.repo_spec, args.venv)
    print(f"calibration: the facts of the five hand-transcribed operations match spec/ on "
          f"{calibration[0]}/{calibration[1]} fields", flush=True)

    repo = Repo(os.path.abspath(args.root), os.path.abspath(args.scratch), os.path.abspath(args.build_target_dir))
    import_errors, said = import_pages(ops, out, repo, log, timings)
    spec_dir = os.path.join(repo.scratch, "spec")
    imported = specread.read_spec_dir(spec_dir)
    print(f"imported {sum(1 for op in ops if (op['product'], op['action']) in imported)} of {len(ops)} "
          f"in {timings['import']} s ({timings['import_commands']} commands)", flush=True)

    def score(imported):
        results = {}
        for op in ops:
            with open(os.path.join(out, op["facts"]), encoding="utf-8") as f:
                facts = json.load(f)
            results[op["key"]] = compare.compare_operation(facts, imported.get((op["product"], op["action"])))
        return results

    t = time.monotonic()
    first = score(imported)
    timings["compare"] = round(time.monotonic() - t, 2)
    first_matched = [sum(r["matched"] for r in first.values()), sum(r["fields"] for r in first.values())]
    print(f"as read: {first_matched[0]}/{first_matched[1]} fields match the SDK", flush=True)
    redone = review(ops, out, repo, log, said, timings)
    imported = specread.read_spec_dir(spec_dir)
    results = score(imported) if redone else first
    print(f"review: {len(redone)} pages imported again with --fields ({timings['review']} s)", flush=True)

    actions = {a for (_, a) in imported}
    gen_failures, build_failures = {}, {}
    gen_ok = generate(repo, spec_dir, log, actions, gen_failures, timings)
    print(f"gen: {'ok' if gen_ok else 'FAILED'} after setting aside {len(gen_failures)} operations "
          f"({timings['gen']} s)", flush=True)
    # The imported spec, as gen accepted it: the real-shaped input of the product-scale benchmarks.
    shutil.rmtree(os.path.join(out, "spec"), ignore_errors=True)
    shutil.copytree(spec_dir, os.path.join(out, "spec"))
    build_ok = False
    if gen_ok and not args.no_build:
        build_ok = build(repo, log, spec_dir, actions, build_failures, gen_failures, timings)
        print(f"build: {'ok' if build_ok else 'FAILED'} ({timings['build']} s)", flush=True)
    readme = readme_examples(repo, log, actions, timings) if build_ok else None
    if readme:
        print(f"README: {readme[0]} after-import block(s) "
              f"{'compile' if not readme[1] else 'do NOT compile:' + chr(10) + readme[1]}", flush=True)

    report = summarise(ops, imported, import_errors, results, gen_failures, build_failures,
                       gen_ok, build_ok, actions, timings, manifest)
    report["summary"]["calibration"] = list(calibration)
    report["summary"]["fields_matched_as_read"] = first_matched
    report["summary"]["field_score_as_read"] = round(first_matched[0] / first_matched[1], 4) if first_matched[1] else 0.0
    report["summary"]["reviewed_with_fields"] = redone
    with open(os.path.join(out, "report.json"), "w", encoding="utf-8") as f:
        json.dump(report, f, indent=1, ensure_ascii=False)
    print_summary(report["summary"], out)
    status = 0
    if calibration[0] != calibration[1] or calibration[1] == 0:
        print(f"FAILED: calibration {calibration[0]}/{calibration[1]}: the facts or the comparer are wrong")
        status = 1
    if manifest["variants_missing"]:
        print(f"FAILED: the pages do not cover the variants {', '.join(manifest['variants_missing'])}")
        status = 1
    if readme and readme[1]:
        print("FAILED: the README's after-import example does not compile against the imported operation")
        status = 1
    if not (gen_ok and (build_ok or args.no_build)):
        print("FAILED: the operations left after setting aside the rejected ones did not generate and build")
        status = 1
    summary = report["summary"]
    generated = summary["imported"] - len(summary["gen_set_aside"])
    for flag, got in (("min_imported", summary["imported"]), ("min_generated", generated),
                      ("min_built", summary["built"])):
        want = getattr(args, flag)
        if want is not None and got < want:
            print(f"FAILED: {got} operations, below --{flag.replace('_', '-')} {want}")
            status = 1
    as_read = report["summary"]["field_score_as_read"]
    if args.min_score_as_read is not None and as_read < args.min_score_as_read:
        print(f"FAILED: field score as read {as_read:.4f} is below --min-score-as-read {args.min_score_as_read}")
        status = 1
    if args.min_score is not None and report["summary"]["field_score"] < args.min_score:
        print(f"FAILED: field score {report['summary']['field_score']:.4f} is below --min-score {args.min_score}")
        status = 1
    return status


def summarise(ops, imported, import_errors, results, gen_failures, build_failures, gen_ok, build_ok,
              built_actions, timings, manifest):
    per_op = []
    for op in ops:
        key = op["key"]
        r = results[key]
        in_spec = (op["product"], op["action"]) in imported
        a = op["action"]
        per_op.append({
            "operation": key,
            "page": op["page"],
            "variants": op["variants"],
            "import": "ok" if in_spec else "failed",
            "import_errors": import_errors.get(key, []),
            "gen": "failed" if a in gen_failures else ("ok" if in_spec and gen_ok else "skipped"),
            "gen_errors": gen_failures.get(a, []),
            "build": ("failed" if a in build_failures else "ok" if build_ok and a in built_actions else "skipped"),
            "build_errors": build_failures.get(a, []),
            **{k: r[k] for k in r if k != "in_spec"},
        })
    fields = sum(r["fields"] for r in results.values())
    matched = sum(r["matched"] for r in results.values())
    imported_ops = [r for r in results.values() if r["in_spec"]]
    fields_imported = sum(r["fields"] for r in imported_ops)

    def ratio(key, idx):
        got = sum(r.get(key, {}).get(idx, [0, 0])[0] for r in imported_ops)
        of = sum(r.get(key, {}).get(idx, [0, 0])[1] for r in imported_ops)
        return [got, of]

    summary = {
        "operations": len(ops),
        "variants_covered": len(manifest["variants"]),
        "variants_missing": manifest["variants_missing"],
        "imported": len(imported_ops),
        "gen_set_aside": sorted(gen_failures),
        "gen_ok": gen_ok,
        "built": sum(1 for o in per_op if o["build"] == "ok"),
        "build_ok": build_ok,
        "fields": fields,
        "fields_matched": matched,
        "field_score": round(matched / fields, 4) if fields else 0.0,
        "field_score_of_imported": round(matched / fields_imported, 4) if fields_imported else 0.0,
        "methods_ok": sum(1 for r in imported_ops if r.get("method_ok")),
        "int64_format": [sum(r["format_int64"][0] for r in imported_ops), sum(r["format_int64"][1] for r in imported_ops)],
        "position": ratio("wire", "position"),
        "serialization": ratio("wire", "serialization"),
        "timings_s": timings,
    }
    return {"summary": summary, "operations": per_op}


def print_summary(s, out):
    t = s["timings_s"]
    print(f"""
corpus round trip: {s['operations']} operations, {s['variants_covered']} layout variants
  import  {s['imported']}/{s['operations']} imported                 {t.get('import', 0):8.1f} s
  compare fields matching the SDK: {s['fields_matched']}/{s['fields']} = {100 * s['field_score']:.2f} % \
({100 * s['field_score_of_imported']:.2f} % of imported operations' fields)
          as read, before --fields on {len(s['reviewed_with_fields'])} pages: \
{s['fields_matched_as_read'][0]}/{s['fields_matched_as_read'][1]} = {100 * s['field_score_as_read']:.2f} %
          methods {s['methods_ok']}/{s['imported']}, int64 {s['int64_format'][0]}/{s['int64_format'][1]}, \
position {s['position'][0]}/{s['position'][1]}, serialization {s['serialization'][0]}/{s['serialization'][1]}
  gen     {'ok' if s['gen_ok'] else 'FAILED'}, {len(s['gen_set_aside'])} operations set aside          {t.get('gen', 0):8.1f} s
  build   {'ok' if s['build_ok'] else 'FAILED'}, {s['built']} operations built              {t.get('build', 0):8.1f} s
  render {t.get('render', 0):.1f} s, compare {t.get('compare', 0):.1f} s
  report: {os.path.join(out, 'report.json')}, log: {os.path.join(out, 'pipeline.log')}""")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
