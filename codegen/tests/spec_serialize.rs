//! The spec model writes back what it read: serializing a hand-written document gives the same YAML
//! tree (same keys, same values, same order of keys), so the importer can build `codegen::spec` values
//! and write them as if by hand.

use std::path::Path;

use codegen::spec::{Document, ParameterPosition, Serialization};

fn spec_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec")
}

/// Key order matters to a reader, so compare the trees as ordered key lists, not only as maps.
fn keys_in_order(value: &serde_yaml::Value, path: &str, out: &mut Vec<String>) {
    match value {
        serde_yaml::Value::Mapping(map) => {
            for (key, child) in map {
                let key = key.as_str().unwrap_or("?");
                out.push(format!("{path}/{key}"));
                keys_in_order(child, &format!("{path}/{key}"), out);
            }
        }
        serde_yaml::Value::Sequence(items) => {
            for (i, child) in items.iter().enumerate() {
                keys_in_order(child, &format!("{path}/{i}"), out);
            }
        }
        _ => {}
    }
}

#[test]
fn hand_written_documents_serialize_to_the_same_yaml() {
    let mut checked = 0;
    for file in codegen::load::spec_files(&spec_dir()).unwrap() {
        let text = std::fs::read_to_string(&file).unwrap();
        let document = codegen::load::parse("spec", text.as_bytes()).unwrap();
        let written = serde_yaml::to_string(&document).unwrap();

        let original: serde_yaml::Value = serde_yaml::from_str(&text).unwrap();
        let rewritten: serde_yaml::Value = serde_yaml::from_str(&written).unwrap();
        assert_eq!(
            original,
            rewritten,
            "{} changed in a round trip",
            file.display()
        );

        let (mut before, mut after) = (Vec::new(), Vec::new());
        keys_in_order(&original, "", &mut before);
        keys_in_order(&rewritten, "", &mut after);
        let first_difference = before.iter().zip(&after).position(|(a, b)| a != b);
        assert_eq!(
            first_difference,
            None,
            "{}: key order differs",
            file.display()
        );

        let reparsed: Document = serde_yaml::from_str(&written).unwrap();
        assert_eq!(reparsed, document);
        checked += 1;
    }
    assert_eq!(checked, 2, "expected the ICE and Live documents");
}

#[test]
fn position_and_serialization_are_written_only_when_they_say_something() {
    let yaml = r#"
name: StreamInput
in: query
x-acs-position: body
x-acs-serialization: json
required: true
schema:
  type: object
  properties:
    Url:
      type: string
"#;
    let parameter: codegen::spec::Parameter = serde_yaml::from_str(yaml).unwrap();
    assert_eq!(parameter.position, ParameterPosition::Body);
    assert_eq!(parameter.serialization, Some(Serialization::Json));
    assert_eq!(
        serde_yaml::to_string(&parameter).unwrap().trim(),
        yaml.trim()
    );

    let scalar = "name: TaskId\nin: query\nrequired: false\nschema:\n  type: string\n";
    let parameter: codegen::spec::Parameter = serde_yaml::from_str(scalar).unwrap();
    assert_eq!(parameter.position, ParameterPosition::Query);
    assert_eq!(parameter.serialization, None);
    assert_eq!(serde_yaml::to_string(&parameter).unwrap(), scalar);
}

#[test]
fn whole_bounds_are_written_as_integers() {
    let schema: codegen::spec::Schema =
        serde_yaml::from_str("type: integer\nminimum: 1\nmaximum: 100\n").unwrap();
    assert_eq!(
        serde_yaml::to_string(&schema).unwrap(),
        "type: integer\nminimum: 1\nmaximum: 100\n"
    );
    let schema: codegen::spec::Schema =
        serde_yaml::from_str("type: number\nmaximum: 0.5\n").unwrap();
    assert_eq!(
        serde_yaml::to_string(&schema).unwrap(),
        "type: number\nmaximum: 0.5\n"
    );
}
