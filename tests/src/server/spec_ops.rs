//! Operations the server learns from the spec directory, beyond the five it knows by heart: any
//! `/#Action` of a spec document (the wire fixture's write operations, for instance). For these the
//! server checks what the spec says about each parameter's place: a `x-acs-position: body` parameter
//! must arrive in the `application/x-www-form-urlencoded` body, any other in the query, and nothing
//! unknown may arrive. It answers with the spec's 200 example.
//!
//! The spec is read as plain YAML here, not through the generator's model: the server checks the
//! generator's output, so it shares none of its code.

use std::path::{Path, PathBuf};

use serde_json::Value;

use super::errors::ApiError;
use super::routing;

/// One parameter: its wire name, where it travels, whether it must be present.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecParameter {
    pub name: String,
    pub in_body: bool,
    pub required: bool,
    /// `x-acs-serialization: flat`: arrives as `Name.1...`/`Name.Key` parameters.
    pub flat: bool,
}

/// One operation read from a spec document.
#[derive(Clone, Debug)]
pub struct SpecOperation {
    pub name: String,
    pub product: String,
    pub version: String,
    pub method: String,
    pub parameters: Vec<SpecParameter>,
    /// The 200 example (`{}` when the spec has none).
    pub example: Value,
}

impl SpecOperation {
    /// Whether any parameter travels in the body.
    pub fn has_body(&self) -> bool {
        self.parameters.iter().any(|p| p.in_body)
    }

    /// The spec parameter a received name belongs to (`Tag.1.Key` belongs to a flat `Tag`).
    fn parameter(&self, received: &str) -> Option<&SpecParameter> {
        self.parameters.iter().find(|p| {
            received == p.name
                || (p.flat
                    && received
                        .strip_prefix(p.name.as_str())
                        .is_some_and(|rest| rest.starts_with('.')))
        })
    }

    /// Checks that every parameter arrived where the spec puts it and that required ones are there.
    pub fn check_parameters(
        &self,
        query: &[(String, String)],
        body: &[(String, String)],
    ) -> Result<(), ApiError> {
        for (pairs, in_body) in [(query, false), (body, true)] {
            for (name, value) in pairs {
                match self.parameter(name) {
                    Some(p) if p.in_body == in_body => {}
                    Some(p) => {
                        let want = if p.in_body {
                            "the form body"
                        } else {
                            "the query string"
                        };
                        return Err(ApiError::invalid_parameter(
                            name,
                            value,
                            &format!("{} must be sent in {want}.", p.name),
                        ));
                    }
                    None if !in_body && is_common_query_parameter(name) => {}
                    None => {
                        return Err(ApiError::invalid_parameter(
                            name,
                            value,
                            &format!("{} has no parameter of this name.", self.name),
                        ));
                    }
                }
            }
        }
        for p in self.parameters.iter().filter(|p| p.required) {
            let pairs = if p.in_body { body } else { query };
            let present = pairs.iter().any(|(name, value)| {
                self.parameter(name)
                    .is_some_and(|found| found.name == p.name)
                    && (p.flat || !value.is_empty())
            });
            if !present {
                return Err(ApiError::missing_parameter(&p.name));
            }
        }
        Ok(())
    }
}

/// Query parameters any RPC call may carry whatever the action (the bearer-token signature type).
fn is_common_query_parameter(name: &str) -> bool {
    name == "SignatureType"
}

/// Every operation of every spec document in a directory, except the five built in.
#[derive(Clone, Debug, Default)]
pub struct SpecOperations {
    operations: Vec<SpecOperation>,
    /// Files or operations that could not be read.
    pub warnings: Vec<String>,
}

impl SpecOperations {
    pub fn load(spec_dir: &Path) -> SpecOperations {
        let mut found = SpecOperations::default();
        let mut files: Vec<PathBuf> = match std::fs::read_dir(spec_dir) {
            Ok(dir) => dir
                .filter_map(Result::ok)
                .map(|entry| entry.path())
                .filter(|p| matches!(p.extension().and_then(|e| e.to_str()), Some("yaml" | "yml")))
                .collect(),
            Err(e) => {
                found
                    .warnings
                    .push(format!("cannot read {}: {e}", spec_dir.display()));
                Vec::new()
            }
        };
        files.sort();
        for file in files {
            match read_document(&file) {
                Ok(operations) => found.operations.extend(operations),
                Err(e) => found.warnings.push(format!("{}: {e}", file.display())),
            }
        }
        found
    }

    pub fn lookup(&self, action: &str, version: &str) -> Option<&SpecOperation> {
        self.operations
            .iter()
            .find(|op| op.name == action && op.version == version)
    }

    pub fn len(&self) -> usize {
        self.operations.len()
    }

    pub fn is_empty(&self) -> bool {
        self.operations.is_empty()
    }
}

fn read_document(file: &Path) -> Result<Vec<SpecOperation>, String> {
    let text = std::fs::read_to_string(file).map_err(|e| e.to_string())?;
    let yaml: serde_yaml::Value = serde_yaml::from_str(&text).map_err(|e| e.to_string())?;
    let doc: Value = serde_json::to_value(&yaml).map_err(|e| e.to_string())?;
    let text_at = |pointer: &str| doc.pointer(pointer).and_then(Value::as_str);
    let version = text_at("/info/version").ok_or("no info.version")?;
    let product = text_at("/x-acs-product").ok_or("no x-acs-product")?;
    let mut operations = Vec::new();
    for (path, item) in doc
        .get("paths")
        .and_then(Value::as_object)
        .into_iter()
        .flatten()
    {
        let Some(name) = path.strip_prefix("/#") else {
            continue;
        };
        if routing::lookup(name, version).is_some() {
            continue; // built in, with its own handler
        }
        for (method, operation) in item.as_object().into_iter().flatten() {
            let parameters = operation
                .get("parameters")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|p| {
                    Some(SpecParameter {
                        name: p.get("name")?.as_str()?.to_owned(),
                        in_body: p.get("x-acs-position").and_then(Value::as_str) == Some("body"),
                        required: p.get("required").and_then(Value::as_bool) == Some(true),
                        flat: p.get("x-acs-serialization").and_then(Value::as_str) == Some("flat"),
                    })
                })
                .collect();
            let example = operation
                .pointer("/responses/200/content/application~1json/example")
                .filter(|v| v.is_object())
                .cloned()
                .unwrap_or_else(|| Value::Object(Default::default()));
            operations.push(SpecOperation {
                name: name.to_owned(),
                product: product.to_owned(),
                version: version.to_owned(),
                method: method.to_uppercase(),
                parameters,
                example,
            });
        }
    }
    Ok(operations)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn op() -> SpecOperation {
        let param = |name: &str, in_body, required, flat| SpecParameter {
            name: name.into(),
            in_body,
            required,
            flat,
        };
        SpecOperation {
            name: "Act".into(),
            product: "p".into(),
            version: "v".into(),
            method: "POST".into(),
            parameters: vec![
                param("Id", false, true, false),
                param("Tag", false, true, true),
                param("Input", true, true, false),
            ],
            example: Value::Null,
        }
    }

    fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
        list.iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn parameters_must_arrive_where_the_spec_puts_them() {
        let op = op();
        let query = pairs(&[("Id", "1"), ("Tag.1.Key", "k")]);
        let body = pairs(&[("Input", "{}")]);
        assert!(op.check_parameters(&query, &body).is_ok());

        let moved = pairs(&[("Id", "1"), ("Tag.1.Key", "k"), ("Input", "{}")]);
        let error = op.check_parameters(&moved, &[]).unwrap_err();
        assert!(
            error.message.contains("must be sent in the form body"),
            "{}",
            error.message
        );

        let unknown = pairs(&[("Id", "1"), ("Tag.1.Key", "k"), ("Tags.1", "x")]);
        assert!(op.check_parameters(&unknown, &body).is_err());

        let missing_flat = pairs(&[("Id", "1")]);
        assert_eq!(
            op.check_parameters(&missing_flat, &body).unwrap_err().code,
            "MissingParameter"
        );
    }
}
