#!/usr/bin/env python3
"""Writes a consumer crate of a generated SDK crate, for scripts/bench-compile.sh.

    bench-consumer.py SDK_DIR OUT_DIR PACKAGE (all | three)

`all` calls every operation of every product; `three` calls three operations (the five-API spec's
GetLiveEditingJob, GetLiveSnapshotJob and ListLiveRecordJobs when the SDK has them, else the first three)
and depends on the SDK with `default-features = false` plus the features that enable exactly those: the
operation-group feature of each operation when the SDK has them (a `#[cfg(feature = "...")]` on the
operation's module in the product's mod.rs), else the product feature (which enables every group, so it
is not added beside a group), and the default TLS feature. Each call is an async
function taking the request by reference, so the client method, its request and its response are
instantiated as a user's code would, without building requests (some have required fields).

The operations are read from the SDK's `src/<product>/client.rs`: every
`pub async fn NAME(&self, request: &MODULE::REQUEST)`.
"""

import os
import re
import sys

CALL = re.compile(r"pub async fn (\w+)\(\s*&self,\s*request: &(\w+)::(\w+),?\s*\)", re.S)
CFG_MOD = re.compile(r'#\[cfg\(feature = "([^"]+)"\)\]\s*(?:#\[[^\]]*\]\s*)*pub mod (\w+);')
PREFERRED = ["GetLiveEditingJob", "GetLiveSnapshotJob", "ListLiveRecordJobs"]


def operations(sdk):
    """[(product, method, module, request type, group feature or None)], sorted."""
    out = []
    src = os.path.join(sdk, "src")
    for product in sorted(os.listdir(src)):
        client = os.path.join(src, product, "client.rs")
        if not os.path.isfile(client):
            continue
        with open(client, encoding="utf-8") as f:
            text = f.read()
        groups = {}
        mod_rs = os.path.join(src, product, "mod.rs")
        if os.path.isfile(mod_rs):
            with open(mod_rs, encoding="utf-8") as f:
                for feature, module in CFG_MOD.findall(f.read()):
                    if feature != product:
                        groups[module] = feature
        for method, module, request in CALL.findall(text):
            out.append((product, method, module, request, groups.get(module)))
    return out


def manifest_value(sdk, key):
    with open(os.path.join(sdk, "Cargo.toml"), encoding="utf-8") as f:
        for line in f:
            if line.startswith(f"{key} = "):
                return line.split("=", 1)[1].strip().strip('"')
    raise SystemExit(f"{sdk}/Cargo.toml: no {key}")


def manifest_list(sdk, key):
    """A `key = ["a", "b"]` line of the SDK's Cargo.toml (the [features] table), as a list."""
    with open(os.path.join(sdk, "Cargo.toml"), encoding="utf-8") as f:
        for line in f:
            if line.startswith(f"{key} = ["):
                return re.findall(r'"([^"]+)"', line)
    return []


def main(argv):
    if len(argv) != 4 or argv[3] not in ("all", "three"):
        raise SystemExit(__doc__)
    sdk, out, package, which = argv
    ops = operations(sdk)
    if not ops:
        raise SystemExit(f"{sdk}: no operations found in src/*/client.rs")
    sdk_package = manifest_value(sdk, "name")
    lib = sdk_package.replace("-", "_")
    dependency = f'{sdk_package} = {{ path = "{os.path.relpath(sdk, out)}"'
    if which == "three":
        by_name = {op[3].removesuffix("Request"): op for op in ops}
        chosen = [by_name[n] for n in PREFERRED if n in by_name]
        if len(chosen) < 3:
            chosen = ops[:3]
        ops = chosen
        # TLS stays as the default has it (a user needs it; leaving it out would also rebuild the runtime).
        tls = [f for f in manifest_list(sdk, "default") if f.startswith("tls")]
        features = sorted({op[4] or op[0] for op in ops} | set(tls))
        dependency += ", default-features = false, features = [" + ", ".join(f'"{f}"' for f in features) + "]"
    dependency += " }"
    os.makedirs(os.path.join(out, "src"), exist_ok=True)
    with open(os.path.join(out, "Cargo.toml"), "w", encoding="utf-8") as f:
        f.write(f'[package]\nname = "{package}"\nversion = "0.1.0"\nedition = "2024"\npublish = false\n\n'
                f"[dependencies]\n{dependency}\n")
    lines = [f"//! Calls {len(ops)} operation(s) of `{sdk_package}` (scripts/bench-compile.sh).\n",
             f"use {lib} as sdk;\n"]
    for i, (product, method, module, request, _) in enumerate(ops):
        lines.append(
            f"\npub async fn call_{i}(client: &sdk::{product}::Client, request: &sdk::{product}::{module}::{request}) -> bool {{\n"
            f"    client.{method}(request).await.is_ok()\n}}\n")
    with open(os.path.join(out, "src", "lib.rs"), "w", encoding="utf-8") as f:
        f.write("".join(lines))
    print(f"{out}: {len(ops)} operations" + (f", features {features}" if which == "three" else ""))


if __name__ == "__main__":
    main(sys.argv[1:])
