"""SDK fields -> table rows of a rendered page, with the per-field layout variants chosen.

A row is a dict: name (None for an array's item row), type word, required (None in response tables),
description lines (already in page form), example (None for containers), and the facts of that field
(path, type, format, required) that the comparer checks the imported spec against.

Every choice is made with `digest(action, path, axis)`, so a page is the same on every run and machine.
"""

import json

from fieldtext import digest, example, json_keys, limits, split_doc

# Field-level variants: value lists, item rows, type words, defaults.
ENUM_VARIANTS = [
    "enum.prose+block",          # "Valid values:" bullets with meanings, then `• v :` ↵ `v`
    "enum.bare-bullets",         # bullets, no header, no value block
    "enum.sentence+block",       # "v1: m1. v2: m2." in one sentence, then a value block
    "enum.trailing-header",      # "... Valid values:" at the end of a paragraph, then bare bullets
    "enum.inline-list",          # "Valid values: A, B, and C."
    "enum.intro-colon",          # "The <thing>:" then bare bullets (no "Valid values")
    "enum.prose+empty-block",    # prose bullets, then a value block with names and no values
    "enum.block-value-title",    # value block `• v :` ↵ `meaning` (X differs from Y)
    "enum.block-title-value",    # value block `• meaning :` ↵ `v`, no prose list
]
SINGLE_VALUE_VARIANT = "enum.can-only-be"  # "The value can only be X." plus a one-row block
ITEM_VARIANTS = ["item.object-described", "item.array-object-bare", "item.stray-type-name"]


def pick(options, *key):
    return options[digest(*key) % len(options)]


def _enum_lines(variant, paragraphs, values):
    """Description lines for a field with a value list, in the chosen variant."""
    out = [t if k == "p" else "  • " + t for k, t in paragraphs]
    if not out:
        out = ["The value of the parameter."]

    def block(pairs):
        lines = ["Valid values:", ""]
        for x, y in pairs:
            lines += [f"  • {x} :", "", f"    {y}", ""]
        return lines[:-1]

    def bullets(with_meaning):
        lines = []
        for v, m in values:
            lines += [f"  • {v}: {m}" if with_meaning and m else f"  • {v}", ""]
        return lines[:-1]

    if variant == SINGLE_VALUE_VARIANT:
        v = values[0][0]
        return out + [f"The value can only be {v}.", ""] + block([(v, v)])
    if variant == "enum.prose+block":
        return out + ["Valid values:", ""] + bullets(True) + [""] + block([(v, v) for v, _ in values])
    if variant == "enum.bare-bullets":
        return out + bullets(False)
    if variant == "enum.sentence+block":
        sentence = " ".join(f"{v}: {m or v}" + ("" if (m or v).endswith(".") else ".") for v, m in values)
        return out + [sentence, ""] + block([(v, v) for v, _ in values])
    if variant == "enum.trailing-header":
        out[-1] = out[-1] + " Valid values:"
        return out + bullets(False)
    if variant == "enum.inline-list":
        names = [v for v, _ in values]
        listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + (", and " if len(names) > 2 else " and ") + names[-1]
        return out + [f"Valid values: {listed}."]
    if variant == "enum.intro-colon":
        out[-1] = out[-1].rstrip(".") + ":"
        return out + bullets(False)
    if variant == "enum.prose+empty-block":
        lines = ["Valid values:", ""]
        for v, _ in values:
            lines.append(f"  • {v} :")
        return out + ["Valid values:", ""] + bullets(True) + [""] + lines
    if variant == "enum.block-value-title":
        return out + block([(v, m or f"The value {v}.") for v, m in values])
    if variant == "enum.block-title-value":
        return out + block([((m or f"The value {v}.").rstrip("."), v) for v, m in values])
    raise ValueError(variant)


def _plain_lines(paragraphs):
    out = []
    for k, t in paragraphs:
        out += ["  • " + t if k == "bullet" else t, ""]
    return out[:-1]


class RowBuilder:
    """Builds the rows of one table (request or response) and records the variants used."""

    def __init__(self, action, side, used, pipe=False):
        self.action = action
        self.side = side
        self.used = used  # set of variant names, shared by the whole page
        self.pipe = pipe
        self.rows = []

    def key(self, path, axis):
        return (self.action, self.side, path, axis)

    def field(self, f, parent, depth, top=False):
        path = f["name"] if not parent else f"{parent}/{f['name']}"
        required = f["required"] if self.side == "request" else None
        self._emit(f["name"], f["schema"], f["doc"], path, required, depth, top)

    def _scalar_word(self, schema, path, facts, name, has_values=False):
        kind = schema["type"]
        if kind == "integer":
            wide_name = name.lower().endswith(("timestamp", "time", "ms", "size", "bytes"))
            choice = digest(*self.key(path, "int")) % 10
            if choice == 0:
                self.used.add("type.long")
                facts["format"] = "int64"
                return "long", True
            if not has_values and (choice == 1 or (wide_name and choice < 5)):
                self.used.add("type.integer-wide-example")
                facts["format"] = "int64"
                return "integer", True
            self.used.add("type.integer")
            return "integer", False
        if kind == "number":
            word = "double" if digest(*self.key(path, "num")) % 2 else "float"
            self.used.add("type." + word)
            facts["format"] = word
            return word, False
        if kind in ("map", "any"):
            word = "map" if digest(*self.key(path, "map")) % 2 else "object"
            self.used.add("type.map-word" if word == "map" else "type.object-free-keys")
            return word, False
        return kind, False

    def _description(self, name, schema, doc, path, facts):
        paragraphs, values = split_doc(doc)
        if not paragraphs and not values:
            paragraphs = [("p", f"The {name} parameter.")]
        if values and schema["type"] == "integer" and not all(v.lstrip("-").isdigit() for v, _ in values):
            kept = [("p", "Valid values:")] + [("bullet", f"{v}: {m}" if m else v) for v, m in values]
            paragraphs, values = paragraphs + kept, []
        if values and schema["type"] in ("string", "integer"):
            if len(values) == 1:
                variant = SINGLE_VALUE_VARIANT
            elif self.pipe:
                variant = "enum.pipe-collapsed"
            else:
                variant = pick(ENUM_VARIANTS, *self.key(path, "enum"))
            self.used.add(variant)
            facts["enum"] = [v for v, _ in values]
            facts["enum_variant"] = variant
            if self.pipe:
                return [t for _, t in paragraphs] or ["The value."], values, variant
            return _enum_lines(variant, paragraphs, values), values, variant
        if values:  # a value list on a type that cannot be an enum: keep it as prose bullets
            paragraphs = paragraphs + [("p", "Valid values:")] + [("bullet", f"{v}: {m}" if m else v) for v, m in values]
            values = []
        lines = _plain_lines(paragraphs)
        default_axis = digest(*self.key(path, "default")) % 4
        if schema["type"] == "boolean" and default_axis == 0 and "default" not in doc.lower():
            lines += ["", "Default value: false."]
            self.used.add("default.boolean-text")
        if schema["type"] == "integer" and default_axis == 0 and "default" not in doc.lower():
            bounds = limits(doc)
            lines += ["", f"Default value: {bounds[0] if bounds else 1}."]
            self.used.add("default.integer-text")
        return lines, [], None

    def _emit(self, name, schema, doc, path, required, depth, top):
        kind = schema["type"]
        facts = {"path": path, "type": kind, "required": bool(required), "depth": depth}
        if kind == "any" or (kind == "object" and not schema.get("properties") and not schema.get("recursive")):
            # An object with no documented fields: the page can only show it as free-form.
            kind = "map"
            facts["type"] = "map"
            schema = {"type": "map"}
        if kind == "object":
            desc, _, _ = self._description(name, {"type": "object"}, doc, path, facts)
            at = len(self.rows)
            self.rows.append(self._row(name, "object", required, desc, None, facts, depth))
            for child in schema["properties"]:
                self.field(child, path, depth + 1)
            self._container_example(at, path)
            return
        if kind == "array":
            items = schema["items"]
            desc, _, _ = self._description(name, {"type": "array"}, doc, path, facts)
            free = items["type"] == "any" or (items["type"] == "object" and not items.get("properties"))
            facts["items"] = "map" if free else items["type"]
            if items["type"] == "object" and items.get("properties"):
                at = len(self.rows)
                self.rows.append(self._row(name, "array<object>", required, desc, None, facts, depth))
                variant = pick(ITEM_VARIANTS, *self.key(path, "item"))
                self.used.add(variant)
                item_path = f"{path}/[]"
                if variant == "item.object-described":
                    self.rows.append(self._row(None, "object", None, [f"The {name} item."], None, None, depth + 1))
                elif variant == "item.array-object-bare":
                    self.rows.append(self._row(None, "array<object>", None, [], None, None, depth + 1))
                else:
                    self.rows.append(self._row(None, "array<object>", None, [f"{name}ItemType"], None, None, depth + 1))
                for child in items["properties"]:
                    self.field(child, item_path, depth + 1)
                self._container_example(at, path)
                return
            word = items["type"] if items["type"] in ("string", "integer", "boolean") else (
                "number" if items["type"] == "number" else "object")
            typed = digest(*self.key(path, "arrayword")) % 2 == 0
            self.used.add("array.typed-word" if typed else "array.plain-word")
            self.rows.append(self._row(name, f"array<{word}>" if typed else "array", required, desc, None, facts, depth))
            item_example = example(name, items, self.action)
            facts["item_example"] = item_example
            self.rows.append(self._row(None, word, None, [f"An item of {name}."], item_example, None, depth + 1))
            return
        desc, values, _ = self._description(name, schema, doc, path, facts)
        bounds = limits(doc) if schema["type"] in ("integer", "number") else None
        word, wide = self._scalar_word(schema, path, facts, name, bool(values) or bounds is not None)
        keys = json_keys(doc) if schema["type"] == "string" and not values else None
        ex = example(name, schema, self.action + path, values, wide, bounds, keys)
        facts["example"] = ex
        self.rows.append(self._row(name, word, required, desc, ex, facts, depth))

    def _container_example(self, at, path):
        """A request object (or list of objects) row shows its value as JSON in three cases out of four
        (`nesting.object-example`): the evidence of where its children end. The rest show none."""
        if self.side != "request":
            return
        if digest(*self.key(path, "object-example")) % 4 == 0:
            self.used.add("nesting.object-no-example")
            return
        self.used.add("nesting.object-example")
        value = json_value([r["facts"] for r in self.rows[at + 1:] if r["facts"]], path)
        if self.rows[at]["facts"]["type"] == "array":
            value = [value]
        self.rows[at]["example"] = json.dumps(value, ensure_ascii=False)

    def _row(self, name, word, required, desc, ex, facts, depth):
        return {
            "name": name,
            "type": word,
            "required": required,
            "description": desc,
            "example": ex,
            "facts": facts,
            "depth": depth,
        }


def typed(kind, text):
    """A page example as the JSON value it stands for."""
    if kind == "integer":
        return int(text)
    if kind == "number":
        return float(text)
    if kind == "boolean":
        return text == "true"
    if kind in ("map", "any"):
        return {"key": "value"}
    return text


def json_value(facts, prefix):
    """The JSON object that the fields under `prefix` (facts in page order, children after parents) make."""
    root = {}
    base = prefix + "/[]/" if any(f["path"].startswith(prefix + "/[]/") for f in facts) else prefix + "/"
    for f in facts:
        if not f["path"].startswith(base):
            continue
        parts = [p for p in f["path"][len(base):].split("/")]
        cur = root
        for i, part in enumerate(parts[:-1]):
            if part == "[]":
                continue
            if i + 1 < len(parts) and parts[i + 1] == "[]":
                cur = cur.setdefault(part, [{}])[0]
            else:
                cur = cur.setdefault(part, {})
        leaf = parts[-1]
        kind = f["type"]
        if kind == "object":
            cur.setdefault(leaf, {})
        elif kind == "array":
            cur.setdefault(leaf, [{}] if f.get("items") == "object" else [typed(f["items"], f.get("item_example", "x"))])
        else:
            cur[leaf] = typed(kind, f["example"])
    return root
