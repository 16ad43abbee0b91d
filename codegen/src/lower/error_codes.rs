//! A product's error codes, once: the union of the codes its operations document becomes one
//! `ErrorCode` enum of the product, and each operation's `{Operation}ErrorCode` names it.
//!
//! Most codes are shared (`InternalError`, `Forbidden.RAM`, ...): on the 400-operation ICE corpus, 250
//! documented rows hold 126 distinct codes. One enum instead of one per operation is one set of impls
//! to compile.
//!
//! Naming: a code keeps the variant its spelling gives (`naming::camel`). When two different codes
//! give the same variant, the code met first in document order keeps it and the other becomes
//! `<FirstOperation><Variant>`, with a number after it should that be taken too: the same rule as for
//! shared types (spec/README.md).

use std::collections::BTreeMap;

use crate::ir::{Operation, ProductErrorCode};

/// The product's codes, sorted by variant; each operation's `error_codes[..].variant` is set to the
/// variant of its code in the product.
pub fn share(operations: &mut [Operation]) -> Vec<ProductErrorCode> {
    let mut codes: Vec<ProductErrorCode> = Vec::new();
    let mut by_code: BTreeMap<String, usize> = BTreeMap::new();
    let mut by_variant: BTreeMap<String, usize> = BTreeMap::new();
    for op in operations.iter_mut() {
        for e in &mut op.error_codes {
            if let Some(&i) = by_code.get(&e.code) {
                let code = &mut codes[i];
                if code.status != Some(e.status) {
                    code.status = None;
                }
                code.operations.push(op.name.clone());
                e.variant.clone_from(&code.variant);
                continue;
            }
            let mut variant = e.variant.clone();
            if by_variant.contains_key(&variant) {
                let prefixed = format!("{}{variant}", op.name);
                variant = prefixed.clone();
                let mut n = 2;
                while by_variant.contains_key(&variant) {
                    variant = format!("{prefixed}{n}");
                    n += 1;
                }
            }
            by_code.insert(e.code.clone(), codes.len());
            by_variant.insert(variant.clone(), codes.len());
            e.variant.clone_from(&variant);
            codes.push(ProductErrorCode {
                code: e.code.clone(),
                variant,
                status: Some(e.status),
                message: e.message.clone(),
                operations: vec![op.name.clone()],
            });
        }
    }
    codes.sort_by(|a, b| a.variant.cmp(&b.variant));
    codes
}
