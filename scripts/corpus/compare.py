"""Compares an imported spec with the SDK facts, field by field.

A field matches when its name, type, nesting and required flag agree with the SDK:
- name + nesting: the spec has a field at the same path (`StreamInput/Url`); a field found only under
  another path (flattened, or under another parent) has the right name but the wrong nesting;
- type: string/integer/number/boolean/object/array/map, and for arrays the item type;
- required: request fields only (response tables carry no required flag; the SDK marks none there).
Format (int64, float/double), position (query/body), serialization (json/simple/flat) and the HTTP
method are scored separately: the page does not state them, so they come from flags or defaults.
"""

INT64 = "int64"


def _leaf(path):
    return path.rsplit("/", 1)[-1]


def _compare_side(expected, got, side, check_required):
    results = []
    by_leaf = {}
    for path in got:
        by_leaf.setdefault(_leaf(path), []).append(path)
    for e in expected:
        path = e["path"]
        g = got.get(path)
        what = []
        if g is None:
            elsewhere = by_leaf.get(_leaf(path), [])
            if elsewhere:
                g = got[elsewhere[0]]
                what.append("nesting")
            else:
                results.append({"side": side, "path": path, "what": ["missing"], "expected": _shown(e), "got": None})
                continue
        if g["type"] != e["type"] or (e["type"] == "array" and g.get("items") != e.get("items")):
            what.append("type")
        if check_required and bool(g["required"]) != bool(e["required"]):
            what.append("required")
        fmt_ok = e.get("format") != INT64 or g.get("format") == INT64
        results.append({"side": side, "path": path, "what": what, "format_ok": fmt_ok,
                        "expected": _shown(e), "got": _shown(g) | ({"path": g["path"]} if "nesting" in what else {})})
    extras = sorted(set(got) - {e["path"] for e in expected})
    return results, extras


def _shown(f):
    out = {"type": f["type"]}
    if f.get("items"):
        out["items"] = f["items"]
    if f.get("format"):
        out["format"] = f["format"]
    out["required"] = bool(f.get("required"))
    return out


def compare_operation(facts, spec_op):
    """Per-operation result: counts, misses (with what differs), extras, wire and method checks."""
    expected_req, expected_resp = facts["request"], facts["response"]
    total = len(expected_req) + len(expected_resp)
    if spec_op is None:
        return {"fields": total, "matched": 0, "in_spec": False, "misses": [], "extras": []}
    req, extra_req = _compare_side(expected_req, spec_op["request"], "request", True)
    resp, extra_resp = _compare_side(expected_resp, spec_op["response"], "response", False)
    results = req + resp
    misses = [r for r in results if r["what"]]
    wire = {"position": [0, 0], "serialization": [0, 0]}
    wire_misses = []
    for f in expected_req:
        if f["depth"] != 0:
            continue
        got = spec_op["params"].get(f["path"])
        want_pos = f.get("position", "query")
        wire["position"][1] += 1
        if got and got["position"] == want_pos:
            wire["position"][0] += 1
        else:
            wire_misses.append({"path": f["path"], "position": want_pos, "got": got and got["position"]})
        if f.get("serialization"):
            wire["serialization"][1] += 1
            if got and got["serialization"] == f["serialization"]:
                wire["serialization"][0] += 1
            else:
                wire_misses.append({"path": f["path"], "serialization": f["serialization"],
                                    "got": got and got["serialization"]})
    int64 = [r for r in results if r["expected"].get("format") == INT64]
    return {
        "fields": total,
        "matched": total - len(misses) - (total - len(results)),
        "in_spec": True,
        "method_ok": spec_op["method"] == facts["method"],
        "format_int64": [sum(1 for r in int64 if r.get("format_ok")), len(int64)],
        "wire": wire,
        "misses": misses,
        "wire_misses": wire_misses,
        "extras": [f"request:{p}" for p in extra_req] + [f"response:{p}" for p in extra_resp],
    }
