"""Reads the official Python SDKs (installed in .venv-sdk) into plain operation records.

Everything comes from the SDK's own source, parsed with `ast` (nothing is imported or executed):
- models/*.py: per class, the fields in declaration order with their wire name (from `from_map`),
  Python annotation and the comment block above `self.attr = attr` (the field's documentation);
- client.py: per action, the HTTP method, the request class, which wire names go in the query and
  which in the form body, and how each object or array parameter is encoded (`*_shrink` + style).

The records are facts (names, types, flags), used at test time only; nothing read here is committed.
"""

import ast
import glob
import os
import re

PRODUCTS = {
    "ice": {"package": "alibabacloud_ice20201109", "code": "ICE", "version": "2020-11-09"},
    "live": {"package": "alibabacloud_live20161101", "code": "live", "version": "2016-11-01"},
}

REQUIRED_MARK = "This parameter is required."


def site_packages(venv):
    found = glob.glob(os.path.join(venv, "lib", "python3*", "site-packages"))
    if not found:
        raise SystemExit(f"no site-packages under {venv}: run scripts/python-sdk/setup.sh first")
    return found[0]


class Field:
    """One field of a model class: wire name, annotation, documentation."""

    def __init__(self, attr, wire, annotation, doc):
        self.attr = attr
        self.wire = wire
        self.annotation = annotation
        self.doc = doc

    @property
    def required(self):
        return REQUIRED_MARK in self.doc


def _comment_above(lines, lineno):
    """The `#` comment block right above 1-based line `lineno`, as text (leading `# ` removed)."""
    out = []
    i = lineno - 2
    while i >= 0:
        s = lines[i].strip()
        if not s.startswith("#"):
            break
        out.append(s[1:][1:] if s[1:].startswith(" ") else s[1:])
        i -= 1
    return "\n".join(reversed(out)).strip()


def _wire_names(from_map):
    """attr -> wire name, from `if m.get('Wire') is not None: ... self.attr ...` in from_map."""
    names = {}
    for node in ast.walk(from_map):
        if not isinstance(node, ast.If):
            continue
        test = node.test
        if not (isinstance(test, ast.Compare) and isinstance(test.left, ast.Call)):
            continue
        call = test.left
        if not (call.args and isinstance(call.args[0], ast.Constant)):
            continue
        wire = call.args[0].value
        for sub in ast.walk(ast.Module(body=node.body, type_ignores=[])):
            if (
                isinstance(sub, ast.Attribute)
                and isinstance(sub.value, ast.Name)
                and sub.value.id == "self"
            ):
                names.setdefault(sub.attr, wire)
                break
    return names


def read_models(package_dir):
    """class name -> list of Field, for every model class of one SDK package."""
    classes = {}
    for path in sorted(glob.glob(os.path.join(package_dir, "models", "_*.py"))):
        with open(path, encoding="utf-8") as f:
            text = f.read()
        lines = text.splitlines()
        for node in ast.parse(text).body:
            if not isinstance(node, ast.ClassDef):
                continue
            methods = {m.name: m for m in node.body if isinstance(m, ast.FunctionDef)}
            init = methods.get("__init__")
            if init is None:
                continue
            wires = _wire_names(methods["from_map"]) if "from_map" in methods else {}
            annotations = {
                a.arg: ast.unparse(a.annotation) if a.annotation is not None else "Any"
                for a in init.args.args[1:]
            }
            fields = []
            for stmt in init.body:
                if (
                    isinstance(stmt, ast.Assign)
                    and isinstance(stmt.targets[0], ast.Attribute)
                    and stmt.targets[0].attr in annotations
                ):
                    attr = stmt.targets[0].attr
                    fields.append(
                        Field(
                            attr,
                            wires.get(attr),
                            annotations[attr],
                            _comment_above(lines, stmt.lineno),
                        )
                    )
            classes[node.name] = fields
    return classes


def _const(node):
    return node.value if isinstance(node, ast.Constant) else None


def _read_call(fn):
    """What one `*_with_options` method of client.py does with its request."""
    info = {
        "action": None,
        "method": None,
        "style": None,
        "request_class": None,
        "query": [],
        "body": [],
        "whole_request_in_query": False,
        "shrink": {},  # wire name -> 'json' | 'simple'
    }
    for a in fn.args.args[1:]:
        if a.annotation is not None:
            ann = ast.unparse(a.annotation)
            if ann.startswith("main_models.") and ann.endswith("Request"):
                info["request_class"] = ann.split(".", 1)[1]
    for node in ast.walk(fn):
        if isinstance(node, ast.Call):
            name = ast.unparse(node.func)
            if name.endswith("Params"):
                for kw in node.keywords:
                    if kw.arg in ("action", "method", "style"):
                        info[kw.arg] = _const(kw.value)
            elif name.endswith("array_to_string_with_specified_style") and len(node.args) == 3:
                info["shrink"][_const(node.args[1])] = _const(node.args[2])
            elif name.endswith("Utils.query") and node.args:
                if "to_map" in ast.unparse(node.args[0]):
                    info["whole_request_in_query"] = True
        elif isinstance(node, ast.Assign):
            target = node.targets[0]
            if (
                isinstance(target, ast.Subscript)
                and isinstance(target.value, ast.Name)
                and target.value.id in ("query", "body")
            ):
                wire = _const(target.slice)
                if wire is not None:
                    info[target.value.id].append(wire)
    return info


def read_client(package_dir):
    """action -> call record, from client.py (the synchronous `*_with_options` methods)."""
    with open(os.path.join(package_dir, "client.py"), encoding="utf-8") as f:
        tree = ast.parse(f.read())
    calls = {}
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        for fn in cls.body:
            if isinstance(fn, ast.FunctionDef) and fn.name.endswith("with_options"):
                info = _read_call(fn)
                if info["action"]:
                    calls.setdefault(info["action"], info)
    return calls


_MODEL = re.compile(r"^main_models\.(\w+)$")
_LIST = re.compile(r"^List\[(.+)\]$")
_DICT = re.compile(r"^Dict\[str, (.+)\]$")
_SCALARS = {"str": "string", "int": "integer", "bool": "boolean", "float": "number"}


def shape(annotation, classes, fields_of, seen=()):
    """A JSON-able description of a type: {'type': ..., 'items'|'properties'|'values': ...}."""
    if annotation in _SCALARS:
        return {"type": _SCALARS[annotation]}
    if annotation == "Any":
        return {"type": "any"}
    m = _LIST.match(annotation)
    if m:
        return {"type": "array", "items": shape(m.group(1), classes, fields_of, seen)}
    m = _DICT.match(annotation)
    if m:
        return {"type": "map", "values": shape(m.group(1), classes, fields_of, seen)}
    m = _MODEL.match(annotation)
    if m:
        name = m.group(1)
        if name in seen:  # a recursive model: stop, keep the name
            return {"type": "object", "class": name, "recursive": True, "properties": []}
        return {
            "type": "object",
            "class": name,
            "properties": fields_of(name, classes, seen + (name,)),
        }
    return {"type": "any", "annotation": annotation}


def fields_of(class_name, classes, seen=()):
    out = []
    for f in classes.get(class_name, []):
        if f.wire is None:
            continue
        out.append(
            {
                "name": f.wire,
                "required": f.required,
                "doc": f.doc,
                "schema": shape(f.annotation, classes, fields_of, seen),
            }
        )
    return out


def read_product(venv, product):
    """Every operation of one product, sorted by action name."""
    meta = PRODUCTS[product]
    package_dir = os.path.join(site_packages(venv), meta["package"])
    classes = read_models(package_dir)
    calls = read_client(package_dir)
    ops = []
    for action in sorted(calls):
        call = calls[action]
        params = []
        if call["request_class"]:
            body = set(call["body"])
            query = set(call["query"])
            for p in fields_of(call["request_class"], classes, (call["request_class"],)):
                wire = p["name"]
                if wire in body:
                    p["position"] = "body"
                elif wire in query or call["whole_request_in_query"]:
                    p["position"] = "query"
                else:
                    p["position"] = None  # declared by the model, never sent by the client
                kind = p["schema"]["type"]
                if wire in call["shrink"]:
                    p["serialization"] = call["shrink"][wire]
                elif kind in ("object", "array", "map", "any"):
                    p["serialization"] = "flat"
                params.append(p)
        response_class = action + "ResponseBody"
        response = fields_of(response_class, classes, (response_class,))
        ops.append(
            {
                "product": product,
                "action": action,
                "version": meta["version"],
                "method": call["method"],
                "style": call["style"],
                "parameters": params,
                "response": response,
                "has_response_class": response_class in classes,
            }
        )
    return ops


def read_all(venv):
    ops = []
    for product in ("ice", "live"):
        ops.extend(read_product(venv, product))
    return ops
