"""Render the official SDKs' operations as API pages plus expected spec facts (test material only).

    .venv-sdk/bin/python scripts/corpus/corpus.py render OUT_DIR [--sample N] [--only A,B]

Writes OUT_DIR/pages/<product>/<Action>.txt, OUT_DIR/facts/<product>/<Action>.json and
OUT_DIR/manifest.json (per operation: product, method, body parameters, page file, variants; plus the
variant coverage). Four action names exist in both products (CreateCustomTemplate, ...), hence the
product directory.
Nothing written here may be committed: it is generated from the SDKs at test time.
"""

import argparse
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

import page  # noqa: E402
import sdk  # noqa: E402
from fieldtext import digest  # noqa: E402


README_OPERATIONS = {("ice", "SubmitLiveSnapshotJob")}


def sample(all_facts, n):
    """A fixed sample of n operations covering every variant that occurs in the whole corpus:
    greedy by new variants covered, ties and the rest broken by a stable hash of the action."""
    order = sorted(all_facts, key=lambda f: digest(f["product"], f["action"], "sample"))
    sets = [set(f["variants"]) for f in order]
    # The README's "Add an API" operation is always in: its typed call is compiled against it.
    chosen = [i for i, f in enumerate(order) if (f["product"], f["action"]) in README_OPERATIONS]
    covered = set().union(*(sets[i] for i in chosen))
    while True:
        gains = [(len(s - covered), -i) for i, s in enumerate(sets) if i not in chosen]
        best_gain, best = max(gains, default=(0, 0))
        if best_gain == 0:
            break
        chosen.append(-best)
        covered |= sets[-best]
    for i in range(len(order)):
        if len(chosen) >= n:
            break
        if i not in chosen:
            chosen.append(i)
    chosen = [order[i] for i in chosen]
    return sorted(f"{f['product']}/{f['action']}" for f in chosen)


def main(argv):
    parser = argparse.ArgumentParser(prog="corpus.py")
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("render")
    r.add_argument("out")
    r.add_argument("--sample", type=int, default=0, help="a fixed sample of N operations covering every variant")
    r.add_argument("--only", default="", help="comma-separated action names")
    r.add_argument("--venv", default=os.path.join(os.path.dirname(__file__), "..", "..", ".venv-sdk"))
    args = parser.parse_args(argv)

    ops = sdk.read_all(args.venv)
    built = {}
    for op in ops:
        built[f"{op['product']}/{op['action']}"] = page.build(op)
    names = sorted(built)
    if args.only:
        wanted = []
        for a in (a.strip() for a in args.only.split(",")):
            wanted += [k for k in built if a and (k == a or k.split("/")[1] == a)]
        missing = [a for a in args.only.split(",") if a.strip() and not any(k == a.strip() or k.split("/")[1] == a.strip() for k in wanted)]
        if missing:
            raise SystemExit(f"unknown action(s): {', '.join(missing)}")
        names = sorted(wanted)
    elif args.sample:
        names = sample([built[a][1] for a in names], args.sample)

    for product in sdk.PRODUCTS:
        os.makedirs(os.path.join(args.out, "pages", product), exist_ok=True)
        os.makedirs(os.path.join(args.out, "facts", product), exist_ok=True)
    manifest = {"operations": [], "variants": {}}
    for key in names:
        text, facts = built[key]
        page_file = os.path.join("pages", key + ".txt")
        with open(os.path.join(args.out, page_file), "w", encoding="utf-8") as f:
            f.write(text)
        with open(os.path.join(args.out, "facts", key + ".json"), "w", encoding="utf-8") as f:
            json.dump(facts, f, indent=1, ensure_ascii=False)
        manifest["operations"].append({
            "action": facts["action"], "facts": os.path.join("facts", key + ".json"), "product": facts["product"], "method": facts["method"],
            "body": facts["body"], "unusual_styles": facts["unusual_styles"], "page": page_file, "variants": facts["variants"],
        })
        for v in facts["variants"]:
            manifest["variants"][v] = manifest["variants"].get(v, 0) + 1
    all_variants = set().union(*(set(built[a][1]["variants"]) for a in built))
    manifest["variants_missing"] = sorted(all_variants - set(manifest["variants"]))
    manifest["variants"] = dict(sorted(manifest["variants"].items()))
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        json.dump(manifest, f, indent=1)
    print(f"rendered {len(names)} of {len(built)} operations into {args.out}: "
          f"{len(manifest['variants'])} of {len(all_variants)} variants covered")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
