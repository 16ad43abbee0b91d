"""Per-field text for rendered pages: description paragraphs, value lists and examples.

The SDK's field comments are markdown-ish. A page shows them as paragraphs at column 0 and bullets as
indented `  • ` lines. A "Valid values:" list of plain tokens is lifted out, so that the renderer can show
it in one of the page layouts' value-list variants. Examples are synthesised deterministically from the
field's name and type, because the SDK carries none.
"""

import hashlib
import json
import re

# Lines a page reader treats as structure; a description paragraph equal to one of them gets a period.
RESERVED = {
    "string", "integer", "long", "boolean", "float", "double", "object", "array", "map",
    "array<object>", "array<string>", "array<integer>", "array<number>", "Yes", "No",
    "Examples", "Error codes", "Request parameters", "Response elements", "Response parameters",
    "RAM authorization", "Release notes", "Success response", "JSON format", "Valid values:",
    "Parameter", "Element", "Type", "Required", "Description", "Example", "Test", "Try it now",
    "Debugging", "Authorization information", "Operation description", "QPS limit",
}

REQUIRED_MARK = "This parameter is required."
_BULLET = re.compile(r"^\s*[-*•]\s+(.*)$")
_VALUE = re.compile(r"^[A-Za-z0-9_.:\-]{1,40}$")
_HEADER = re.compile(r"valid values?\s*(?:include)?\s*:?\s*$", re.I)


def digest(*parts):
    """A stable integer from strings (the choice of variants must not depend on Python's hash seed)."""
    h = hashlib.sha256("\x1f".join(parts).encode()).digest()
    return int.from_bytes(h[:8], "big")


def _clean(text):
    text = text.replace("**", "").replace("`", "")
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    return text


def _value_of(bullet):
    """`**asc**: ascending` -> ('asc', 'ascending'); `asc` -> ('asc', ''); None if not a plain token."""
    raw = bullet.strip()
    m = re.match(r"^\*\*([^*]+)\*\*\s*[:：]?\s*(.*)$", raw) or re.match(r"^`([^`]+)`\s*[:：]?\s*(.*)$", raw)
    if m:
        value, meaning = m.group(1).strip(), m.group(2).strip()
    elif ": " in raw:
        value, meaning = raw.split(": ", 1)
    else:
        value, meaning = raw, ""
    value = value.strip().rstrip(".")
    if not _VALUE.match(value):
        return None
    return value, _clean(meaning)


_JSONISH = re.compile(r"propert|field|JSON|key|struct|format|parameters? (?:are|is|include)", re.I)


def _token_bullet(raw):
    """A bullet that names a value or a key: `**X**...`, `` `X`...``, or `X: meaning`."""
    raw = raw.strip()
    if raw.startswith(("**", "`")) or re.match(r"^[A-Za-z0-9_.\-]+\s*:", raw):
        return _value_of(raw)
    return None


def _items(doc):
    items = []
    for line in doc.splitlines():
        if not line.strip() or line.strip() == REQUIRED_MARK:
            continue
        m = _BULLET.match(line)
        items.append(("bullet", m.group(1)) if m else ("p", line.strip()))
    return items


def _lift_list(items):
    """Finds the first value list: bullets of plain tokens after a "Valid values:" header, or, with no
    header, bullets that each start with a token and a colon. Returns (values, json_keys, items left)."""
    for start, (kind, _) in enumerate(items):
        if kind != "bullet" or (start and items[start - 1][0] == "bullet"):
            continue
        end = start
        while end < len(items) and items[end][0] == "bullet":
            end += 1
        lead = items[start - 1][1] if start else ""
        headed = bool(_HEADER.search(lead))
        parse = _value_of if headed else _token_bullet
        found = [parse(text) for _, text in items[start:end]]
        if any(v is None for v in found) or len({v for v, _ in found}) != len(found):
            continue
        if not headed and len(found) < 2:
            continue
        rest = items[:start] + items[end:]
        if headed:
            head = _clean(_HEADER.sub("", lead))
            rest = items[: start - 1] + ([("p", head)] if head else []) + items[end:]
        before = " ".join(text for _, text in items[max(0, start - 2):start])
        if not headed and _JSONISH.search(before):
            return [], [v for v, _ in found], items
        return found, [], rest
    return [], [], items


def split_doc(doc):
    """(paragraphs, values): paragraphs are lists of ('p'|'bullet', text); values is a list of
    (value, meaning) lifted from the first value list of plain tokens (see `_lift_list`), or []."""
    values, _, items = _lift_list(_items(doc))
    out = [(kind, _clean(text)) for kind, text in items]
    if not values:
        values, out = _inline_values(out)
    # Join consecutive plain lines into one paragraph, as a page copy does.
    merged = []
    for kind, text in out:
        if not text:
            continue
        if kind == "p" and merged and merged[-1][0] == "p" and not merged[-1][1].endswith((".", ":", "。")):
            merged[-1] = ("p", merged[-1][1] + " " + text)
        else:
            merged.append((kind, text))
    return [(k, guard(t)) for k, t in merged], values


_INLINE = re.compile(r"\s*Valid values?(?: include)?:\s*([^.;]+?)\s*(?:\.|$)", re.I)


def _inline_values(paragraphs):
    """Lifts an inline "Valid values: A, B, and C." sentence of plain tokens out of a paragraph."""
    for i, (kind, text) in enumerate(paragraphs):
        m = _INLINE.search(text)
        if kind != "p" or not m:
            continue
        items = [x.strip() for x in re.split(r",\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+", m.group(1))]
        if len(items) < 2 or len(set(items)) != len(items) or not all(_VALUE.match(x) for x in items):
            continue
        rest = re.sub(r"\s+", " ", text[: m.start()] + " " + text[m.end():]).strip()
        changed = list(paragraphs)
        if rest:
            changed[i] = ("p", rest)
        else:
            del changed[i]
        return [(x, "") for x in items], changed
    return [], paragraphs


def json_keys(doc):
    """Keys of a JSON-in-a-string field, when its documentation lists them as `**Key**: ...` bullets."""
    return _lift_list(_items(doc))[1]


_RANGE = re.compile(r"(-?\d+)\s*\**\s*(?:to|~|-|and)\s*\**\s*(-?\d+)")
_MAX = re.compile(r"(?:maximum(?: value)?(?: is)?|max|at most|cannot exceed|up to|no more than|less than or equal to)\s*:?\s*\**(\d+)", re.I)
_MIN = re.compile(r"(?:minimum(?: value)?(?: is)?|min|at least|no less than|greater than or equal to)\s*:?\s*\**(\d+)", re.I)


def limits(doc):
    """(low, high) that a documented number must stay within, from "1 to 100", "Maximum value: 50",
    "Minimum value: 2"; None where the documentation states no number at all."""
    text = doc.replace("**", "")
    lo, hi = None, None
    m = _RANGE.search(text)
    if m and int(m.group(1)) <= int(m.group(2)):
        lo, hi = int(m.group(1)), int(m.group(2))
    m = _MAX.search(text)
    if m:
        hi = int(m.group(1)) if hi is None else min(hi, int(m.group(1)))
    m = _MIN.search(text)
    if m:
        lo = int(m.group(1)) if lo is None else max(lo, int(m.group(1)))
    if lo is None and hi is None:
        return None
    return (lo if lo is not None else 0, hi if hi is not None else max(lo or 0, 0) + 100)


def guard(text):
    """A description line must not read as page structure."""
    if text in RESERVED or text.rstrip(":") in RESERVED:
        return text + "."
    return text


INT32_MAX = 2**31 - 1


def example(name, schema, seed, values=None, wide=False, bounds=None, keys=None):
    """A deterministic example value (as page text) for a scalar field."""
    kind = schema["type"]
    n = digest(name, seed)
    if values:
        return values[n % len(values)][0]
    if kind in ("integer", "number") and bounds is not None and bounds[0] <= bounds[1]:
        return str(bounds[0] + n % (min(bounds[1], bounds[0] + 100) - bounds[0] + 1))
    if kind == "integer":
        if wide:
            return str(1660638613798 + n % 1000)
        return str(1 + n % 100)
    if kind == "number":
        return f"{1 + n % 9}.5"
    if kind == "boolean":
        return "true" if n % 2 else "false"
    if kind == "map":
        return '{"key": "value"}'
    if kind == "any":
        return '{"key": "value"}'
    if keys:
        return json.dumps({k: "value" for k in keys}, separators=(", ", ": "))
    low = name.lower()
    if low.endswith("time") or low.endswith("date"):
        return "2022-07-20T02:48:58Z"
    if low.endswith("url"):
        return f"https://example.com/{low}/{n % 1000}"
    if low.endswith("id") or low.endswith("ids"):
        return f"****{n % 16**12:012x}****"
    if low.endswith("name"):
        return f"example-{low}-{n % 100}"
    return f"{low}-{n % 1000}"
