//! Recovering the response's nesting, which the flattened table has lost.
//!
//! Rows come in depth-first order but without depth. The JSON example shows which keys belong to
//! which object, so each named row goes into the innermost open object whose example has that key.
//! Where the example is silent, the row order and the nameless item rows decide (a field follows its
//! container), and the report says so.

use std::collections::HashSet;

use serde_json::Value;

use codegen::spec::Schema;

use crate::report::Doubt;
use crate::schema::{self, Lines, Ty};

/// A response row, already typed and described, waiting for its place in the tree.
#[derive(Debug, Clone)]
pub struct Draft {
    pub line: usize,
    pub name: Option<String>,
    pub schema: Schema,
    /// A nameless item row's lone identifier (an item-schema name leaking into the page).
    pub leaked: Option<String>,
}

struct Node {
    name: Option<String>,
    line: usize,
    schema: Schema,
    children: Vec<usize>,
    /// The children's names, to find a repeated one without a scan.
    names: HashSet<String>,
    item: Option<usize>,
    leaked: Option<String>,
}

impl Node {
    fn new(name: Option<String>, line: usize, schema: Schema, leaked: Option<String>) -> Self {
        Node {
            name,
            line,
            schema,
            children: Vec::new(),
            names: HashSet::new(),
            item: None,
            leaked,
        }
    }
}

struct Frame {
    node: usize,
    /// The example object for an object frame; the first element for an array frame.
    json: Option<Value>,
    consumed: HashSet<String>,
    /// An array whose item row has not been seen yet.
    awaiting_item: bool,
}

impl Frame {
    fn new(node: usize, json: Option<Value>, awaiting_item: bool) -> Self {
        Frame {
            node,
            json,
            consumed: HashSet::new(),
            awaiting_item,
        }
    }

    fn has_key(&self, name: &str) -> bool {
        !self.consumed.contains(name)
            && self
                .json
                .as_ref()
                .and_then(Value::as_object)
                .is_some_and(|m| m.contains_key(name))
    }

    fn exhausted(&self) -> bool {
        match self.json.as_ref().and_then(Value::as_object) {
            Some(m) => m.keys().all(|k| self.consumed.contains(k)),
            None => false,
        }
    }
}

/// The item names recovered along the way: (item schema path, leaked name) for the title pass.
pub struct Assembled {
    pub root: Schema,
    /// Leaked item-schema names by the property path of their array (e.g. `LiveRecordJobs`).
    pub leaked: Vec<(String, String)>,
    /// Each field's page line, by path.
    pub lines: Lines,
}

/// Builds the response tree. `drafts[0]` is the root row when it is nameless.
pub fn assemble(drafts: Vec<Draft>, example: Option<&Value>, doubts: &mut Vec<Doubt>) -> Assembled {
    let mut nodes: Vec<Node> = Vec::new();
    let mut drafts = drafts.into_iter().peekable();
    let root_schema = match drafts.peek() {
        Some(d) if d.name.is_none() => drafts.next().map(|d| d.schema),
        _ => None,
    };
    let (root_schema, root_line) = match root_schema {
        Some(s) => (s, 0),
        None => {
            let line = drafts.peek().map_or(0, |d| d.line);
            doubts.push(Doubt::new(
                line,
                "the response table has no root `object` row; assumed",
            ));
            (schema::new(Ty::Object), line)
        }
    };
    nodes.push(Node::new(None, root_line, root_schema, None));
    let mut frames = vec![Frame::new(0, example.cloned(), false)];

    for draft in drafts {
        let Some(name) = draft.name.clone() else {
            // A nameless item row.
            let depth = frames.len();
            match frames.last_mut() {
                Some(top) if top.awaiting_item && depth > 1 => {
                    let array = top.node;
                    let elem = top.json.clone();
                    let is_object = schema::is(&draft.schema, Ty::Object);
                    let id = nodes.len();
                    nodes.push(Node::new(None, draft.line, draft.schema, draft.leaked));
                    nodes[array].item = Some(id);
                    frames.pop();
                    if is_object {
                        frames.push(Frame::new(id, elem, false));
                    }
                }
                _ => doubts.push(Doubt::new(
                    draft.line,
                    format!(
                        "an item row (type {}) where no array is open; ignored",
                        schema::ty_name(draft.schema.ty)
                    ),
                )),
            }
            continue;
        };

        // Find the innermost frame whose example has this key.
        let found = (0..frames.len()).rev().find(|&k| {
            let f = &frames[k];
            f.has_key(&name)
                || (f.awaiting_item
                    && f.json
                        .as_ref()
                        .and_then(Value::as_object)
                        .is_some_and(|m| m.contains_key(&name)))
        });
        match found {
            Some(k) => {
                while frames.len() > k + 1 {
                    close(&mut frames, &mut nodes, doubts);
                }
            }
            None => {
                if example.is_some() {
                    while frames.len() > 1 && frames.last().is_some_and(Frame::exhausted) {
                        close(&mut frames, &mut nodes, doubts);
                    }
                    let parent = frames.last().map_or(String::from("the response"), |f| {
                        describe_node(&nodes, f.node)
                    });
                    doubts.push(Doubt::new(
                        draft.line,
                        format!(
                            "{name} is not in the JSON example; placed in {parent} by the row order"
                        ),
                    ));
                }
            }
        }
        // An array still waiting for its item row gets an object item (the page skipped the row).
        if frames.last().is_some_and(|f| f.awaiting_item) {
            let (array, elem) = match frames.last() {
                Some(f) => (f.node, f.json.clone()),
                None => continue,
            };
            doubts.push(Doubt::new(
                draft.line,
                format!(
                    "the array {} has no item row; its items are taken to be objects",
                    describe_node(&nodes, array)
                ),
            ));
            let id = nodes.len();
            nodes.push(Node::new(None, draft.line, schema::new(Ty::Object), None));
            nodes[array].item = Some(id);
            frames.pop();
            frames.push(Frame::new(id, elem, false));
        }
        let Some(top) = frames.last_mut() else {
            continue;
        };
        let parent_json = top
            .json
            .as_ref()
            .and_then(Value::as_object)
            .and_then(|m| m.get(&name))
            .cloned();
        top.consumed.insert(name.clone());
        let parent = top.node;
        let id = nodes.len();
        let ty = draft.schema.ty.unwrap_or(Ty::String);
        nodes.push(Node::new(
            Some(name.clone()),
            draft.line,
            draft.schema,
            None,
        ));
        if !nodes[parent].names.insert(name.clone()) {
            doubts.push(Doubt::new(
                draft.line,
                format!("{name} appears twice in the same object; the second row is ignored"),
            ));
            nodes.pop();
            continue;
        }
        nodes[parent].children.push(id);
        match ty {
            Ty::Object => frames.push(Frame::new(id, parent_json.filter(Value::is_object), false)),
            Ty::Array => frames.push(Frame::new(
                id,
                parent_json.and_then(|v| v.as_array().and_then(|a| a.first().cloned())),
                true,
            )),
            _ => {}
        }
    }
    while frames.len() > 1 {
        close(&mut frames, &mut nodes, doubts);
    }
    let mut out = Assembled {
        root: Schema::default(),
        leaked: Vec::new(),
        lines: Lines::default(),
    };
    out.root = build(&nodes, 0, "", &mut out, 0);
    out
}

/// Pops the top frame; an array that never got an item row gets one from its example (or a string).
fn close(frames: &mut Vec<Frame>, nodes: &mut [Node], doubts: &mut Vec<Doubt>) {
    let Some(frame) = frames.pop() else { return };
    if frame.awaiting_item {
        // A list of lists has no item row to type the inner items: taken as text.
        let ty = match frame.json.as_ref().map_or(Ty::String, schema::of_value) {
            Ty::Array => Ty::String,
            ty => ty,
        };
        let line = nodes.get(frame.node).map_or(0, |n| n.line);
        doubts.push(Doubt::new(
            line,
            format!(
                "the array {} has no item row; its items are taken to be {} from the JSON example",
                describe_node(nodes, frame.node),
                schema::ty_name(Some(ty))
            ),
        ));
        if let Some(node) = nodes.get_mut(frame.node) {
            node.schema.nested.items = Some(Box::new(schema::new(ty)));
        }
    }
}

fn describe_node(nodes: &[Node], id: usize) -> String {
    nodes
        .get(id)
        .and_then(|n| n.name.clone())
        .unwrap_or_else(|| "the response".into())
}

fn build(nodes: &[Node], id: usize, path: &str, out: &mut Assembled, depth: usize) -> Schema {
    let Some(node) = nodes.get(id) else {
        return schema::new(Ty::Object);
    };
    out.lines.set(path, node.line);
    let mut schema = node.schema.clone();
    if depth > 64 {
        return schema;
    }
    for &c in &node.children {
        let Some(child) = nodes.get(c) else { continue };
        let name = child.name.clone().unwrap_or_default();
        let child_path = schema::join(path, &name);
        let built = build(nodes, c, &child_path, out, depth + 1);
        schema.nested.properties.insert(name, built);
    }
    if let Some(item) = node.item {
        if let Some(l) = nodes.get(item).and_then(|n| n.leaked.clone()) {
            out.leaked.push((path.to_owned(), l));
        }
        let item_path = schema::join(path, "[]");
        schema.nested.items = Some(Box::new(build(nodes, item, &item_path, out, depth + 1)));
    }
    schema
}
