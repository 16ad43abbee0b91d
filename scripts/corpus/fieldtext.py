"""Per-field text for rendered pages: description paragraphs, value lists and examples.

The SDK's field comments are markdown-ish. A page shows them as paragraphs at column 0 and bullets as
indented `  • ` lines. A "Valid values:" list of plain tokens is lifted out, so that the renderer can show
it in one of the page layouts' value-list variants. Examples are synthesised deterministically from the
field's name and type, because the SDK carries none.
"""

import hashlib
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


def split_doc(doc):
    """(paragraphs, values): paragraphs are lists of ('p'|'bullet', text); values is a list of
    (value, meaning) lifted from the first "Valid values:" list of plain tokens, or []."""
    lines = [l for l in doc.splitlines() if l.strip() != REQUIRED_MARK]
    values = []
    out = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not values and _HEADER.search(line.strip()):
            j = i + 1
            found = []
            while j < len(lines):
                s = lines[j].strip()
                if not s:
                    j += 1
                    continue
                m = _BULLET.match(lines[j])
                if not m:
                    break
                v = _value_of(m.group(1))
                if v is None:
                    found = None
                    break
                found.append(v)
                j += 1
            if found and len({v for v, _ in found}) == len(found):
                values = found
                head = _clean(_HEADER.sub("", line.strip()))
                if head:
                    out.append(("p", head))
                i = j
                continue
        m = _BULLET.match(line)
        if m:
            out.append(("bullet", _clean(m.group(1))))
        elif line.strip():
            out.append(("p", _clean(line)))
        i += 1
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


def guard(text):
    """A description line must not read as page structure."""
    if text in RESERVED or text.rstrip(":") in RESERVED:
        return text + "."
    return text


INT32_MAX = 2**31 - 1


def example(name, schema, seed, values=None, wide=False):
    """A deterministic example value (as page text) for a scalar field."""
    kind = schema["type"]
    n = digest(name, seed)
    if values:
        return values[n % len(values)][0]
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
