"""Rows -> the text of one page, in one of the three layouts seen on Alibaba Cloud's API reference:

- `layout.mar2026`: the five pages' layout (RAM authorization / Request parameters / Response elements);
- `layout.older`: Debugging / Authorization information (Operation, Access level, ... columns) / Request
  parameters / Response parameters, the response table opening with a root `object` "Schema of Response";
- `layout.pipe`: the same sections with `| ... |` tables, where value lists collapse to
  "Valid values:" ↵ "Valid values:" ↵ "|".
"""

import json

PRODUCT_NAMES = {"ice": "Intelligent Media Services", "live": "ApsaraVideo Live"}
RAM_PREFIX = {"ice": "ice", "live": "live"}

RAM_INTRO = """The table below describes the authorization required to call this API. You can define it in a Resource Access Management (RAM) policy. The table's columns are detailed below:

  • Action: The actions can be used in the Action element of RAM permission policy statements to grant permissions to perform the operation.

  • API: The API that you can call to perform the action.

  • Access level: The predefined level of access granted for each API. Valid values: create, list, get, update, and delete.

  • Resource type: The type of the resource that supports authorization to perform the action. It indicates if the action supports resource-level permission. The specified resource must be compatible with the action. Otherwise, the policy will be ineffective.

    • For APIs with resource-level permissions, required resource types are marked with an asterisk (*). Specify the corresponding Alibaba Cloud Resource Name (ARN) in the Resource element of the policy.

    • For APIs without resource-level permissions, it is shown as All Resources. Use an asterisk (*) in the Resource element of the policy.

  • Condition key: The condition keys defined by the service. The key allows for granular control, applying to either actions alone or actions associated with specific resources. In addition to service-specific condition keys, Alibaba Cloud provides a set of common condition keys applicable across all RAM-supported services.

  • Dependent action: The dependent actions required to run the action. To complete the action, the RAM user or the RAM role must have the permissions to perform all dependent actions."""

TRY_IT = """Try it now

Try this API in OpenAPI Explorer, no manual signing needed. Successful calls auto-generate SDK code matching your parameters. Download it with built-in credential security for local usage.

Test"""

DEBUGGING = """Debugging

You can use OpenAPI Explorer to make API calls, search for API calls, perform debugging, and generate SDK sample code."""

OLDER_AUTH_INTRO = "The following table shows the authorization information corresponding to the API. The authorization information can be used in the Action policy element to grant a RAM user or RAM role the permissions to call this API operation. Description:"


def _access_level(action):
    for prefix, level in (("List", "list"), ("Describe", "get"), ("Get", "get"), ("Query", "get"),
                          ("Create", "create"), ("Add", "create"), ("Submit", "create"),
                          ("Delete", "delete"), ("Remove", "delete")):
        if action.startswith(prefix):
            return level
    return "update"


def text_rows(rows, with_required):
    out = []
    for r in rows:
        if r["name"] is not None:
            out += [r["name"], ""]
        out += [r["type"], ""]
        if with_required and r["name"] is not None:
            out += ["Yes" if r["required"] else "No", ""]
        if r["description"]:
            out += r["description"] + [""]
        if r["example"] is not None:
            out += [r["example"], ""]
    return out


def _cell(text):
    return text.replace("|", "\\|")


def pipe_rows(rows, with_required):
    out = []
    for r in rows:
        desc = " ".join(l.strip() for l in r["description"] if l.strip())
        facts = r["facts"] or {}
        cells = [_cell(r["name"] or ""), r["type"]]
        if with_required:
            cells.append("" if r["name"] is None else ("Yes" if r["required"] else "No"))
        example = _cell(r["example"] or "")
        if facts.get("enum_variant") == "enum.pipe-collapsed":
            head = "| " + " | ".join(cells + [_cell(desc)]) + " Valid values:"
            out += [head, "Valid values:", f"| {example} |"]
        else:
            out.append("| " + " | ".join(cells + [_cell(desc), example]) + " |")
    return out


def json_example(rows_tree):
    return json.dumps(rows_tree, indent=2, ensure_ascii=False)


def render_page(op, page):
    """page: dict with the chosen page-level variants, request/response rows and the JSON example."""
    v = page["variants"]
    layout = page["layout"]
    product = op["product"]
    action = op["action"]
    title_product = PRODUCT_NAMES[product] if "title.product" in v else ""
    lines = ["All Products", "Search", "Document Center", "", f"{title_product}:{action}", "",
             "Last Updated:Mar 30, 2026", "", page["summary"], ""]
    if "sections.operation-description" in v:
        lines += ["Operation description", "", page["op_description"], ""]
    if "sections.qps-limit" in v:
        lines += ["QPS limit", "", "The queries per second (QPS) limit for this API is 50 calls per second for each user. If you exceed the limit, API calls are throttled, which can affect your business. Call this API operation at a reasonable rate to avoid throttling.", ""]
    level = _access_level(action) if "ram.access-level" in v else None
    ram_action = f"{RAM_PREFIX[product]}:{action}"
    pipe = layout == "layout.pipe"
    if layout == "layout.older":
        lines += [DEBUGGING, "", "Authorization information", "", OLDER_AUTH_INTRO, ""]
        lines += ["Operation", "", "Access level", "", "Resource type", "", "Condition key", "",
                  "Associated operation", "", ram_action, ""]
        lines += ([level, ""] if level else []) + ["*All Resources", "", "*", "", "none", "", "none", ""]
    else:
        lines += [TRY_IT, "", "RAM authorization", "", RAM_INTRO, ""]
        if pipe:
            lines += ["| Action | Access level | Resource type | Condition key | Dependent action |",
                      "| --- | --- | --- | --- | --- |",
                      f"| {ram_action} | {level or ''} | *All Resource | * | None None |", ""]
        else:
            lines += ["Action", "", "Access level", "", "Resource type", "", "Condition key", "",
                      "Dependent action", "", ram_action, ""]
            lines += ([level, ""] if level else []) + ["*All Resource", "", "*", "", "None None", ""]
    # Request table.
    lines += ["Request parameters", ""]
    if pipe:
        lines += ["| Parameter | Type | Required | Description | Example |", "| --- | --- | --- | --- | --- |"]
        lines += pipe_rows(page["request_rows"], True) + [""]
    else:
        lines += ["Parameter", "", "Type", "", "Required", "", "Description", "", "Example", ""]
        lines += text_rows(page["request_rows"], True)
    # Response table.
    if layout == "layout.older":
        heading, first, root = "Response parameters", "Parameter", "Schema of Response"
    elif "response.parameters" in v:
        heading, first, root = "Response parameters", "Parameter", "The response."
    else:
        heading, first, root = "Response elements", "Element", "The response parameters."
    lines += [heading, ""]
    root_row = {"name": None, "type": "object", "required": None, "description": [root], "example": None, "facts": None}
    if pipe:
        lines += [f"| {first} | Type | Description | Example |", "| --- | --- | --- | --- |"]
        lines += pipe_rows([root_row] + page["response_rows"], False) + [""]
    else:
        lines += [first, "", "Type", "", "Description", "", "Example", ""]
        lines += text_rows([root_row] + page["response_rows"], False)
    lines += ["Examples", "", "Success response", "", "JSON format", "", page["json"], "", "Error codes", ""]
    if "errors.table" in v:
        lines += ["HTTP status code", "", "Error code", "", "Error message", "", "Description", "",
                  "400 InvalidParameter %s is invalid. The specified parameter is invalid.",
                  f"404 {action}.NotFound The resource does not exist. The specified resource does not exist.", ""]
    lines += ["See Error Codes for a complete list.", "", "Release notes", "",
              "See Release Notes for a complete list."]
    return "\n".join(lines) + "\n"
