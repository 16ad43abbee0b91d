//! One type per shape per product.
//!
//! Each operation is lowered on its own, so two operations that use the same value list or nested
//! object (a `SortBy`, a `$ref`d response) each define it. This pass collects the types of all the
//! operations of a product and keeps each distinct shape once, for the product's `types` module; every
//! operation keeps the page's names through re-exports ([`TypeUse`]).
//!
//! **Identity.** Two definitions are one shape when they have the same page name and the same
//! compiled meaning: for a struct, its fields in order with their wire names, Rust names, types (by
//! shape, recursively), required flags, limits and JSON-in-string shapes; for an enum, whether it is an
//! integer enum and its variants in order with their names and values. Docs are not part of a shape:
//! the definition kept is the first one met, operations taken in document order.
//!
//! **Names.** A shape keeps its page name unless another shape of the same name exists. Then the shape
//! used by the most operations keeps the name (ties: the one met first), and each other one is prefixed
//! with the first operation that uses it (`ListLiveTranscodeJobsStreamInput`), then suffixed `2`, `3`,
//! ... if that is taken too. spec/README.md documents the rule.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use crate::ir::{Field, Operation, TypeDef, TypeRef, TypeUse};
use crate::naming;

/// Fills each operation's `types` and returns the product's types, sorted by name. `local[i]` holds
/// the types operation `i` defined, by the page's names.
pub fn share(operations: &mut [Operation], local: Vec<Vec<TypeDef>>) -> Vec<TypeDef> {
    let mut interner = Interner::default();
    let mut shapes: Vec<Option<Shape>> = Vec::new();
    // Per operation: page name -> shape, in the module's order.
    let mut uses: Vec<Vec<(String, usize)>> = Vec::with_capacity(local.len());
    for (op_index, defs) in local.into_iter().enumerate() {
        let ids = shape_ids(&defs, &mut interner);
        shapes.resize_with(interner.len(), || None);
        let mut op_uses = Vec::with_capacity(defs.len());
        for (def, id) in defs.into_iter().zip(ids) {
            op_uses.push((def.name().to_owned(), id));
            match &mut shapes[id] {
                Some(shape) => shape.operations += 1,
                slot @ None => {
                    *slot = Some(Shape {
                        def,
                        first_operation: op_index,
                        operations: 1,
                    })
                }
            }
        }
        uses.push(op_uses);
    }
    // Every id was created while reading the operation that defines it, so every slot is filled.
    let names = final_names(&shapes, operations);

    for (op, op_uses) in operations.iter_mut().zip(&uses) {
        op.types = op_uses
            .iter()
            .map(|(local, id)| TypeUse {
                local: local.clone(),
                shared: names[*id].clone(),
            })
            .collect();
    }
    let mut types: Vec<TypeDef> = shapes
        .into_iter()
        .enumerate()
        .filter_map(|(id, shape)| Some((id, shape?)))
        .map(|(id, shape)| {
            let refs: BTreeMap<&str, &str> = uses[shape.first_operation]
                .iter()
                .map(|(local, id)| (local.as_str(), names[*id].as_str()))
                .collect();
            rename(shape.def, &names[id], &refs)
        })
        .collect();
    types.sort_by(|a, b| a.name().cmp(b.name()));
    types
}

/// The name in the product's `types` module of the type `local` of an operation (after [`share`]).
pub fn shared_name<'a>(op: &'a Operation, local: &str) -> Option<&'a str> {
    op.types
        .iter()
        .find(|u| u.local == local)
        .map(|u| u.shared.as_str())
}

struct Shape {
    /// The first definition met, by the page's names.
    def: TypeDef,
    first_operation: usize,
    /// How many operations use it.
    operations: usize,
}

/// Shape keys to dense ids, in the order first met.
#[derive(Default)]
struct Interner {
    ids: HashMap<String, usize>,
}

impl Interner {
    fn len(&self) -> usize {
        self.ids.len()
    }

    fn id(&mut self, key: String) -> usize {
        let next = self.ids.len();
        *self.ids.entry(key).or_insert(next)
    }
}

/// The shape id of each of one operation's types. A type refers to others of the same module by
/// name, so a key spells each referenced type by its shape id, computed first (the types of a module
/// form a tree: lowering rejects recursive schemas; a reference back to a type being keyed, should
/// names ever make one, is spelled by name).
fn shape_ids(defs: &[TypeDef], interner: &mut Interner) -> Vec<usize> {
    let index: HashMap<&str, usize> = defs
        .iter()
        .enumerate()
        .map(|(i, d)| (d.name(), i))
        .collect();
    let mut ids: Vec<Option<usize>> = vec![None; defs.len()];
    for i in 0..defs.len() {
        shape_id(i, defs, &index, &mut ids, interner);
    }
    ids.into_iter().map(|id| id.unwrap_or_default()).collect()
}

/// Marks a type whose key is being computed (see `shape_id`).
const VISITING: usize = usize::MAX;

fn shape_id(
    i: usize,
    defs: &[TypeDef],
    index: &HashMap<&str, usize>,
    ids: &mut [Option<usize>],
    interner: &mut Interner,
) -> usize {
    if let Some(id) = ids[i] {
        return id;
    }
    ids[i] = Some(VISITING);
    let ref_key = |ty: &TypeRef, ids: &mut [Option<usize>], interner: &mut Interner| {
        type_key(ty, &mut |name| match index.get(name) {
            // A type cannot contain itself: lowering reports recursion and puts JSON there. A
            // reference back to a type being keyed is spelled by name all the same, so no input
            // can make this recurse without end.
            Some(&j) if ids[j] != Some(VISITING) => {
                format!("#{}", shape_id(j, defs, index, ids, interner))
            }
            _ => format!("?{name}"),
        })
    };
    let key = match &defs[i] {
        TypeDef::Struct(s) => {
            let mut key = format!("struct {}{{", s.name);
            for f in &s.fields {
                let ty = ref_key(&f.ty, ids, interner);
                let inner = f
                    .json_inner
                    .as_ref()
                    .map(|t| ref_key(t, ids, interner))
                    .unwrap_or_default();
                key.push_str(&field_key(f, &ty, &inner));
            }
            key.push('}');
            key
        }
        TypeDef::Enum(e) => {
            let mut key = format!("enum {} integer={}{{", e.name, e.integer);
            for v in &e.variants {
                key.push_str(&format!("{:?}={:?};", v.name, v.value));
            }
            key.push('}');
            key
        }
    };
    let id = interner.id(key);
    ids[i] = Some(id);
    id
}

fn field_key(f: &Field, ty: &str, inner: &str) -> String {
    format!(
        "{:?} {:?} {ty} required={} {:?} json={inner} {:?};",
        f.wire_name, f.rust_name, f.required, f.limits, f.wire
    )
}

/// A type's key: scalars by name, named types by what `named` says.
fn type_key(ty: &TypeRef, named: &mut dyn FnMut(&str) -> String) -> String {
    match ty {
        TypeRef::Named(n) => named(n),
        TypeRef::Array(item) => format!("[{}]", type_key(item, named)),
        other => format!("{other:?}"),
    }
}

/// Each shape's name in the `types` module (see the module docs for the rule).
fn final_names(shapes: &[Option<Shape>], operations: &[Operation]) -> Vec<String> {
    let mut by_name: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (id, shape) in shapes.iter().enumerate() {
        if let Some(shape) = shape {
            by_name.entry(shape.def.name()).or_default().push(id);
        }
    }
    let operations_of = |id: usize| shapes[id].as_ref().map_or(0, |s| s.operations);
    let mut names: Vec<Option<String>> = vec![None; shapes.len()];
    let mut taken: BTreeSet<String> = BTreeSet::new();
    let mut others = Vec::new();
    for (name, mut ids) in by_name {
        // Most operations first; ids are in the order first met, and the sort is stable.
        ids.sort_by_key(|id| std::cmp::Reverse(operations_of(*id)));
        names[ids[0]] = Some(name.to_owned());
        taken.insert(name.to_owned());
        others.extend(ids.into_iter().skip(1));
    }
    others.sort_unstable();
    for id in others {
        let Some(shape) = &shapes[id] else { continue };
        let base = format!(
            "{}{}",
            naming::camel(&operations[shape.first_operation].name),
            shape.def.name()
        );
        let mut candidate = base.clone();
        let mut n = 2;
        while taken.contains(&candidate)
            || naming::RESERVED_TYPE_NAMES.contains(&candidate.as_str())
        {
            candidate = format!("{base}{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        names[id] = Some(candidate);
    }
    names.into_iter().map(Option::unwrap_or_default).collect()
}

/// The definition under its final name, with its references to other types renamed as well.
fn rename(def: TypeDef, name: &str, refs: &BTreeMap<&str, &str>) -> TypeDef {
    let rename_ref = |ty: &mut TypeRef| rename_type(ty, refs);
    match def {
        TypeDef::Struct(mut s) => {
            s.name = name.to_owned();
            for f in &mut s.fields {
                rename_ref(&mut f.ty);
                if let Some(inner) = &mut f.json_inner {
                    rename_ref(inner);
                }
            }
            TypeDef::Struct(s)
        }
        TypeDef::Enum(mut e) => {
            e.name = name.to_owned();
            TypeDef::Enum(e)
        }
    }
}

fn rename_type(ty: &mut TypeRef, refs: &BTreeMap<&str, &str>) {
    match ty {
        TypeRef::Named(n) => {
            if let Some(shared) = refs.get(n.as_str()) {
                *n = (*shared).to_owned();
            }
        }
        TypeRef::Array(item) => rename_type(item, refs),
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Docs, Limits, Struct};

    fn refers_to(name: &str, other: &str) -> TypeDef {
        TypeDef::Struct(Struct {
            name: name.into(),
            docs: Docs::default(),
            fields: vec![Field {
                wire_name: other.into(),
                rust_name: naming::snake(other),
                ty: TypeRef::Named(other.into()),
                required: false,
                docs: Docs::default(),
                limits: Limits::default(),
                json_inner: None,
                wire: None,
            }],
        })
    }

    /// The random-spec test at 30 crates gave an operation two types that refer to each other by name
    /// (the crate compiled), and keying them overflowed the stack. Whatever the names, keying ends.
    #[test]
    fn types_that_refer_to_each_other_are_keyed_without_end() {
        let defs = [refers_to("A", "B"), refers_to("B", "A")];
        let ids = shape_ids(&defs, &mut Interner::default());
        assert_eq!(ids.len(), 2);
        assert_ne!(ids[0], ids[1]);
    }
}
