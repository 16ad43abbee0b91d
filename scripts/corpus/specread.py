"""Reads spec/*.yaml documents (as written by `cargo xtask import`) into field tables that can be
compared with the SDK facts: per operation, request and response fields keyed by path
(`StreamInput/Url`, `JobList/[]/Name`), each with type, format, required and depth."""

import glob
import os

import yaml

METHODS = ("get", "post", "put", "delete", "patch")


def _resolve(doc, schema, seen=()):
    ref = schema.get("$ref") if isinstance(schema, dict) else None
    if ref and ref.startswith("#/components/schemas/"):
        name = ref.rsplit("/", 1)[1]
        if name in seen:
            return {}
        target = doc.get("components", {}).get("schemas", {}).get(name, {})
        return _resolve(doc, target, seen + (name,))
    return schema if isinstance(schema, dict) else {}


def kind_of(schema):
    t = schema.get("type")
    if t == "object" or (t is None and ("properties" in schema or "additionalProperties" in schema)):
        return "object" if schema.get("properties") else "map"
    return t or "any"


def _walk(doc, schema, path, depth, required, out, seen=()):
    schema = _resolve(doc, schema, seen)
    kind = kind_of(schema)
    entry = {"path": path, "type": kind, "format": schema.get("format"), "required": required, "depth": depth}
    out[path] = entry
    if kind == "object":
        req = set(schema.get("required") or [])
        for name, child in (schema.get("properties") or {}).items():
            _walk(doc, child, f"{path}/{name}", depth + 1, name in req, out, seen)
    elif kind == "array":
        items = _resolve(doc, schema.get("items") or {}, seen)
        entry["items"] = kind_of(items)
        if entry["items"] == "object":
            req = set(items.get("required") or [])
            for name, child in (items.get("properties") or {}).items():
                _walk(doc, child, f"{path}/[]/{name}", depth + 1, name in req, out, seen)


def read_operation(doc, method, op):
    request, params = {}, {}
    for p in op.get("parameters") or []:
        p = _resolve(doc, p)
        name = p.get("name")
        if not name:
            continue
        _walk(doc, p.get("schema") or {}, name, 0, bool(p.get("required")), request)
        params[name] = {
            "position": p.get("x-acs-position", "query"),
            "serialization": p.get("x-acs-serialization"),
        }
    response = {}
    content = (((op.get("responses") or {}).get("200") or {}).get("content") or {}).get("application/json") or {}
    root = _resolve(doc, content.get("schema") or {})
    req = set(root.get("required") or [])
    for name, child in (root.get("properties") or {}).items():
        _walk(doc, child, name, 0, name in req, response)
    return {"method": method.upper(), "request": request, "response": response, "params": params}


def read_spec_dir(spec_dir):
    """(product, action) -> operation table, plus the response schema names each operation uses."""
    ops = {}
    for path in sorted(glob.glob(os.path.join(spec_dir, "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f) or {}
        product = str(doc.get("x-acs-product", os.path.basename(path).split("-")[0])).lower()
        for key, item in (doc.get("paths") or {}).items():
            for method in METHODS:
                op = (item or {}).get(method)
                if not isinstance(op, dict):
                    continue
                action = op.get("operationId") or key.split("#", 1)[-1]
                ops[(product, action)] = read_operation(doc, method, op)
    return ops


def drop_operations(spec_dir, actions):
    """Removes operations (and the component schemas only they use) from the documents in place.
    Used by the pipeline to set aside operations that `cargo xtask gen` rejects, so the rest is built."""
    wanted = set(actions)
    for path in sorted(glob.glob(os.path.join(spec_dir, "*.yaml"))):
        with open(path, encoding="utf-8") as f:
            doc = yaml.safe_load(f) or {}
        paths = doc.get("paths") or {}
        removed = [k for k, item in paths.items()
                   if any(isinstance(op, dict) and op.get("operationId") in wanted
                          for op in (item or {}).values())]
        if not removed:
            continue
        for k in removed:
            del paths[k]
        schemas = (doc.get("components") or {}).get("schemas") or {}
        reachable, stack = set(), list(_refs(paths))
        while stack:
            name = stack.pop()
            if name not in reachable and name in schemas:
                reachable.add(name)
                stack.extend(_refs(schemas[name]))
        for name in [n for n in schemas if n not in reachable]:
            del schemas[name]
        with open(path + ".tmp", "w", encoding="utf-8") as f:
            yaml.safe_dump(doc, f, sort_keys=False, allow_unicode=True, width=120)
        os.replace(path + ".tmp", path)


def _refs(obj):
    """Names of the component schemas that `obj` refers to."""
    if isinstance(obj, dict):
        for k, v in obj.items():
            if k == "$ref" and isinstance(v, str) and v.startswith("#/components/schemas/"):
                yield v.rsplit("/", 1)[1]
            else:
                yield from _refs(v)
    elif isinstance(obj, list):
        for v in obj:
            yield from _refs(v)
