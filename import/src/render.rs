//! Rendering an operation as spec YAML: the `/#Action` path block, the `<Action>Response` component
//! schema, and a whole new document, in the hand-written spec's key order and layout.

use serde_json::Value;

use crate::model::{Operation, Parameter, Schema};
use crate::yaml::{self, Node};

/// HTTP methods an RPC action can use.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "get",
            Method::Post => "post",
        }
    }

    pub fn parse(s: &str) -> Option<Method> {
        match s.to_ascii_lowercase().as_str() {
            "get" => Some(Method::Get),
            "post" => Some(Method::Post),
            _ => None,
        }
    }
}

/// The document-level facts of a new spec document (none of them are on the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DocumentHeader {
    pub title: String,
    pub version: String,
    pub product: String,
    pub endpoint_pattern: String,
    pub regions: Vec<(String, String)>,
    pub server: Option<String>,
    pub description: Option<String>,
}

fn text_opt(entries: &mut Vec<(String, Node)>, key: &str, value: &Option<String>) {
    if let Some(v) = value {
        entries.push((key.into(), Node::text(v.clone())));
    }
}

fn json_opt(entries: &mut Vec<(String, Node)>, key: &str, value: &Option<Value>) {
    if let Some(v) = value {
        entries.push((key.into(), Node::json(v)));
    }
}

/// A schema's node, keys in the hand-written order.
pub fn schema_node(s: &Schema) -> Node {
    let mut e: Vec<(String, Node)> = vec![("type".into(), Node::Raw(s.ty.as_str().into()))];
    if let Some(f) = s.format {
        e.push(("format".into(), Node::Raw(f.into())));
    }
    if let Some(t) = &s.title {
        e.push(("title".into(), Node::line(t.clone())));
    }
    text_opt(&mut e, "description", &s.description);
    json_opt(&mut e, "default", &s.default);
    if let Some(m) = s.minimum {
        e.push(("minimum".into(), Node::Raw(m.to_string())));
    }
    if let Some(m) = s.maximum {
        e.push(("maximum".into(), Node::Raw(m.to_string())));
    }
    if let Some(en) = &s.enumeration {
        e.push((
            "enum".into(),
            Node::Seq(en.values.iter().map(Node::json).collect()),
        ));
        e.push((
            "x-enum-varnames".into(),
            Node::Seq(en.varnames.iter().map(|v| Node::line(v.clone())).collect()),
        ));
        e.push((
            "x-enum-descriptions".into(),
            Node::Seq(
                en.descriptions
                    .iter()
                    .map(|v| Node::line(v.clone()))
                    .collect(),
            ),
        ));
    }
    json_opt(&mut e, "example", &s.example);
    if let Some(inner) = &s.json_string {
        e.push(("x-acs-json-string".into(), schema_node(inner)));
    }
    if let Some(items) = &s.items {
        e.push(("items".into(), schema_node(items)));
    }
    if !s.properties.is_empty() {
        e.push((
            "properties".into(),
            Node::Map(
                s.properties
                    .iter()
                    .map(|(n, p)| (n.clone(), schema_node(p)))
                    .collect(),
            ),
        ));
    }
    Node::Map(e)
}

fn parameter_node(p: &Parameter) -> Node {
    let mut e: Vec<(String, Node)> = vec![
        ("name".into(), Node::line(p.name.clone())),
        ("in".into(), Node::Raw("query".into())),
        ("required".into(), Node::Raw(p.required.to_string())),
    ];
    text_opt(&mut e, "description", &p.description);
    e.push(("schema".into(), schema_node(&p.schema)));
    json_opt(&mut e, "example", &p.example);
    Node::Map(e)
}

/// The name of the operation's response component.
pub fn response_name(action: &str) -> String {
    format!("{action}Response")
}

/// The operation under its method (`get:` or `post:`).
pub fn operation_node(op: &Operation, method: Method) -> Node {
    let mut e: Vec<(String, Node)> = vec![
        ("operationId".into(), Node::line(op.action.clone())),
        ("summary".into(), Node::text(op.summary.clone())),
    ];
    text_opt(&mut e, "description", &op.description);
    let ram = &op.ram;
    e.push((
        "x-acs-ram".into(),
        Node::Map(vec![
            ("action".into(), Node::line(ram.action.clone())),
            (
                "access-level".into(),
                ram.access_level.clone().map_or_else(Node::null, Node::line),
            ),
            (
                "resource-type".into(),
                Node::line(ram.resource_type.clone()),
            ),
            (
                "condition-keys".into(),
                Node::Seq(
                    ram.condition_keys
                        .iter()
                        .map(|k| Node::line(k.clone()))
                        .collect(),
                ),
            ),
            (
                "dependent-actions".into(),
                Node::Seq(
                    ram.dependent_actions
                        .iter()
                        .map(|k| Node::line(k.clone()))
                        .collect(),
                ),
            ),
        ]),
    ));
    if let Some(q) = op.qps_limit {
        e.push(("x-acs-qps-limit".into(), Node::Raw(q.to_string())));
    }
    if !op.error_codes.is_empty() {
        e.push((
            "x-acs-error-codes".into(),
            Node::Seq(
                op.error_codes
                    .iter()
                    .map(|c| {
                        Node::Map(vec![
                            ("status".into(), Node::Raw(c.status.to_string())),
                            ("code".into(), Node::line(c.code.clone())),
                            ("message".into(), Node::line(c.message.clone())),
                            (
                                "description".into(),
                                c.description.clone().map_or_else(Node::null, Node::line),
                            ),
                        ])
                    })
                    .collect(),
            ),
        ));
    }
    if let Some(p) = &op.pagination {
        e.push((
            "x-acs-pagination".into(),
            Node::Map(vec![
                ("page-number".into(), Node::line(p.page_number.clone())),
                ("page-size".into(), Node::line(p.page_size.clone())),
                ("total-count".into(), Node::line(p.total_count.clone())),
                ("items".into(), Node::line(p.items.clone())),
            ]),
        ));
    }
    if let Some(t) = &op.time_range {
        e.push((
            "x-acs-time-range".into(),
            Node::Map(vec![
                ("start".into(), Node::line(t.start.clone())),
                ("end".into(), Node::line(t.end.clone())),
                ("max-days".into(), Node::Raw(t.max_days.to_string())),
            ]),
        ));
    }
    if !op.page_defects.is_empty() {
        e.push((
            "x-acs-page-defects".into(),
            Node::Seq(
                op.page_defects
                    .iter()
                    .map(|d| Node::text(d.clone()))
                    .collect(),
            ),
        ));
    }
    if !op.parameters.is_empty() {
        e.push((
            "parameters".into(),
            Node::Seq(op.parameters.iter().map(parameter_node).collect()),
        ));
    }
    let mut media = vec![(
        "schema".into(),
        Node::Map(vec![(
            "$ref".into(),
            Node::line(format!(
                "#/components/schemas/{}",
                response_name(&op.action)
            )),
        )]),
    )];
    json_opt(&mut media, "example", &op.response_example);
    e.push((
        "responses".into(),
        Node::Map(vec![(
            "200".into(),
            Node::Map(vec![
                ("description".into(), Node::line("OK")),
                (
                    "content".into(),
                    Node::Map(vec![("application/json".into(), Node::Map(media))]),
                ),
            ]),
        )]),
    ));
    Node::Map(vec![(method.as_str().into(), Node::Map(e))])
}

/// Writes `entries` at `indent` and checks that YAML reads back exactly what was meant; if the
/// layout ever misleads YAML, every string is written double-quoted instead.
fn emit(entries: Vec<(String, Node)>, indent: usize) -> String {
    let mut out = String::new();
    yaml::map(&mut out, &entries, indent);
    let back: Result<serde_yaml::Value, _> = serde_yaml::from_str(&out);
    if back.ok() == Some(yaml::to_value(&Node::Map(entries.clone()))) {
        return out;
    }
    let mut safe = String::new();
    yaml::map(&mut safe, &quote_all(entries), indent);
    safe
}

fn quote_all(entries: Vec<(String, Node)>) -> Vec<(String, Node)> {
    fn q(n: Node) -> Node {
        match n {
            Node::Str(s, _) => Node::Raw(serde_json::to_string(&s).unwrap_or_default()),
            Node::Map(m) => Node::Map(quote_all(m)),
            Node::Seq(s) => Node::Seq(s.into_iter().map(q).collect()),
            raw => raw,
        }
    }
    entries.into_iter().map(|(k, v)| (k, q(v))).collect()
}

/// The `  /#Action:` block, indented for a document's `paths:`.
pub fn path_block(op: &Operation, method: Method) -> String {
    emit(
        vec![(format!("/#{}", op.action), operation_node(op, method))],
        2,
    )
}

/// The `    <Action>Response:` block, indented for `components: schemas:`.
pub fn schema_block(op: &Operation) -> String {
    emit(
        vec![(response_name(&op.action), schema_node(&op.response))],
        4,
    )
}

/// A complete new document holding one operation.
pub fn new_document(header: &DocumentHeader, op: &Operation, method: Method) -> String {
    let mut info = vec![
        ("title".into(), Node::line(header.title.clone())),
        ("version".into(), Node::line(header.version.clone())),
    ];
    text_opt(&mut info, "description", &header.description);
    let mut endpoints = vec![(
        "pattern".into(),
        Node::line(header.endpoint_pattern.clone()),
    )];
    if !header.regions.is_empty() {
        endpoints.push((
            "regions".into(),
            Node::Map(
                header
                    .regions
                    .iter()
                    .map(|(r, h)| (r.clone(), Node::line(h.clone())))
                    .collect(),
            ),
        ));
    }
    let mut top = vec![
        ("openapi".into(), Node::Raw("3.0.3".into())),
        ("info".into(), Node::Map(info)),
        ("x-acs-product".into(), Node::line(header.product.clone())),
        ("x-acs-style".into(), Node::Raw("RPC".into())),
        ("x-acs-endpoints".into(), Node::Map(endpoints)),
    ];
    if let Some(url) = &header.server {
        top.push((
            "servers".into(),
            Node::Seq(vec![Node::Map(vec![(
                "url".into(),
                Node::line(url.clone()),
            )])]),
        ));
    }
    let mut out = emit(top, 0);
    out.push_str("paths:\n");
    out.push_str(&path_block(op, method));
    out.push_str("\ncomponents:\n  schemas:\n");
    out.push_str(&schema_block(op));
    out
}
