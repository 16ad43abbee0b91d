"""One SDK operation -> one rendered page, its variants and its expected spec facts."""

import json

from fieldtext import digest, split_doc
from layout import render_page
from rows import RowBuilder

def usual_style(product, kind):
    """The importer's guess when no --style is given: ICE json; Live flat for lists, json otherwise."""
    return "flat" if product == "live" and kind == "array" else "json"
LAYOUTS = ["layout.mar2026"] * 8 + ["layout.older", "layout.pipe"]


def choose_page_variants(action):
    """Page-level variants, chosen from the action name alone (stable across runs and samples)."""
    def pick(axis, options):
        return options[digest(action, axis) % len(options)]

    layout = pick("layout", LAYOUTS)
    v = {layout, pick("title", ["title.empty-product", "title.product"]),
         pick("ram", ["ram.no-access-level", "ram.access-level"]),
         pick("errors", ["errors.link-only", "errors.link-only", "errors.table"]),
         pick("json", ["json.faithful", "json.faithful", "json.case-mismatch", "json.trailing-newline"])}
    if layout != "layout.older":
        v.add(pick("response", ["response.elements", "response.parameters"]))
    else:
        v.add("response.schema-of-response")
    extra = digest(action, "sections") % 4
    if extra == 1:
        v.add("sections.operation-description")
    elif extra == 2:
        v.add("sections.qps-limit")
    return layout, v


def _typed(kind, text):
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text == "true"
    if kind in ("map", "any"):
        return {"key": "value"}
    return text


def _json_value(fields, facts_by_path, parent):
    obj = {}
    for f in fields:
        path = f["name"] if not parent else f"{parent}/{f['name']}"
        facts = facts_by_path.get(path)
        if facts is None:
            continue
        kind = facts["type"]
        if kind == "object":
            obj[f["name"]] = _json_value(f["schema"].get("properties", []), facts_by_path, path)
        elif kind == "array":
            items = f["schema"]["items"]
            if facts.get("items") == "object":
                obj[f["name"]] = [_json_value(items["properties"], facts_by_path, path + "/[]")]
            else:
                obj[f["name"]] = [_typed(items["type"], facts.get("item_example", "x"))]
        else:
            obj[f["name"]] = _typed(kind, facts["example"])
    return obj


def _mangle_json(value, variant, used):
    """Plant one known defect of real pages into the JSON example."""
    if variant == "json.trailing-newline" and isinstance(value.get("RequestId"), str):
        value["RequestId"] += "\n"
        used.add(variant)
        return
    if variant == "json.case-mismatch":
        for k, v in value.items():
            if isinstance(v, str) and k != "RequestId" and any(c.isalpha() for c in v) and v.lower() != v.upper():
                value[k] = v.swapcase()
                used.add(variant)
                return
    used.add("json.faithful")


def _walk_facts(rows):
    return [r["facts"] for r in rows if r["facts"] is not None]


def inherent_variants(op, request_facts):
    """Variants that follow from the operation itself: nesting in the request table, wire style."""
    v = set()
    params = op["parameters"]
    if not params:
        v.add("request.none")
    nested = [f for f in request_facts if f["depth"] > 0]
    if nested:
        v.add("nesting.request-children")
        if max(f["depth"] for f in nested) >= 2:
            v.add("nesting.request-deep")
        names = {}
        for f in request_facts:
            names.setdefault(f["path"].rsplit("/", 1)[-1], set()).add(f["path"])
        if any(len(p) > 1 for p in names.values()):
            v.add("nesting.repeated-names")
        # A top-level row right after a child row: nothing marks where the children ended.
        seq = [f["depth"] for f in request_facts]
        if any(a > 0 and b == 0 for a, b in zip(seq, seq[1:])):
            v.add("nesting.top-after-child")
    for p in params:
        if p["position"] == "body":
            v.add("wire.body")
        if p.get("serialization"):
            v.add("wire." + p["serialization"])
    return v


def build(op):
    """(page text, facts dict) for one operation."""
    action = op["action"]
    layout, used = choose_page_variants(action)
    pipe = layout == "layout.pipe"
    req = RowBuilder(action, "request", used, pipe)
    for p in op["parameters"]:
        req.field(p, "", 0, top=True)
    resp = RowBuilder(action, "response", used, pipe)
    for f in op["response"]:
        resp.field(f, "", 0)
    request_facts = _walk_facts(req.rows)
    response_facts = _walk_facts(resp.rows)
    used |= inherent_variants(op, request_facts)
    value = _json_value(op["response"], {f["path"]: f for f in response_facts}, "")
    json_variant = next((x for x in used if x.startswith("json.")), "json.faithful")
    used.discard(json_variant)
    _mangle_json(value, json_variant, used)
    summary = f"Calls {action}."
    intro = split_doc(op.get("description", ""))[0]
    page = {
        "layout": layout,
        "variants": used,
        "summary": summary,
        "op_description": intro[0][1] if intro else f"Use {action} as documented.",
        "request_rows": req.rows,
        "response_rows": resp.rows,
        "json": json.dumps(value, indent=2, ensure_ascii=False),
    }
    text = render_page(op, page)
    params = {p["name"]: p for p in op["parameters"]}
    for f in request_facts:
        top = params.get(f["path"])
        if top is not None:
            f["position"] = top["position"] or "query"
            if top.get("serialization"):
                f["serialization"] = top["serialization"]
    facts = {
        "product": op["product"],
        "action": action,
        "version": op["version"],
        "method": op["method"],
        "body": [p["name"] for p in op["parameters"] if p["position"] == "body"],
        # Object and array parameters whose style is not the product's usual one (usual_style): a page
        # cannot show it, so the importer needs a flag (--style) for these.
        "unusual_styles": {p["name"]: p["serialization"] for p in op["parameters"]
                           if p.get("serialization")
                           and p["serialization"] != usual_style(op["product"], p["schema"]["type"])},
        "variants": sorted(used),
        "request": request_facts,
        "response": response_facts,
    }
    return text, facts
