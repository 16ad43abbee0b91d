//! Issue 9, done-when 3: pages built to be ambiguous in the known ways. Each reading is decided from
//! the page's evidence and reported; whatever the import writes, the generator accepts; an operation
//! the generator would reject is reported at its page line and not written, and the rest still are.

mod common;

use codegen::spec::{Format, Serialization};
use page_import::run::ImportOptions;
use page_import::{ImportError, Overrides, parse_page, parse_page_with};
use serde_json::json;

/// A page in the five pages' layout: request rows, response rows (after the root object row), the
/// JSON example and error rows, each cell on its own line with blank lines between, as copied.
fn page(
    action: &str,
    request: &[&str],
    response: &[&str],
    example: &str,
    errors: &[&str],
) -> Vec<u8> {
    let mut lines: Vec<String> = vec![
        format!(":{action}"),
        "Last Updated:Mar 30, 2026".into(),
        format!("Does {action}."),
        "RAM authorization".into(),
    ];
    let cells = [
        "Action",
        "Access level",
        "Resource type",
        "Condition key",
        "Dependent action",
    ];
    lines.extend(cells.iter().map(|c| (*c).to_owned()));
    lines.extend([
        format!("ice:{action}"),
        "*All Resource".into(),
        "*".into(),
        "None None".into(),
    ]);
    lines.push("Request parameters".into());
    for h in ["Parameter", "Type", "Required", "Description", "Example"] {
        lines.push(h.into());
    }
    lines.extend(request.iter().map(|l| (*l).to_owned()));
    lines.push("Response elements".into());
    for h in ["Element", "Type", "Description", "Example"] {
        lines.push(h.into());
    }
    lines.extend(["object".into(), "The response.".into()]);
    lines.extend(response.iter().map(|l| (*l).to_owned()));
    lines.extend([
        "Examples".into(),
        "Success response".into(),
        "JSON format".into(),
    ]);
    lines.extend(example.lines().map(str::to_owned));
    if !errors.is_empty() {
        lines.push("Error codes".into());
        for h in [
            "HTTP status code",
            "Error code",
            "Error message",
            "Description",
        ] {
            lines.push(h.into());
        }
        lines.extend(errors.iter().map(|l| (*l).to_owned()));
    }
    (lines.join("\n\n") + "\n").into_bytes()
}

const REQUEST_ID: &[&str] = &["RequestId", "string", "The request ID.", "AB-12"];

fn options(spec: &str) -> ImportOptions {
    common::options(std::path::Path::new(spec), "SubmitThing")
}

/// The page's line of the first line equal to `text`.
fn line_of(page: &[u8], text: &str) -> usize {
    String::from_utf8_lossy(page)
        .lines()
        .position(|l| l == text)
        .map_or(0, |i| i + 1)
}

#[test]
fn value_blocks_are_read_the_way_the_example_says() {
    let request = [
        "Result",
        "string",
        "No",
        "The result.",
        "Valid values:",
        "  • OK :",
        "    The file is deleted.",
        "  • Missing :",
        "    The file was not there.",
        "OK",
        "Mode",
        "string",
        "No",
        "The mode.",
        "Valid values:",
        "  • Fast mode :",
        "    fast",
        "  • Slow mode :",
        "    slow",
        "slow",
    ];
    let bytes = page(
        "DeleteThing",
        &request,
        REQUEST_ID,
        r#"{"RequestId": "AB-12"}"#,
        &[],
    );
    let parsed = parse_page("DeleteThing.txt", &bytes).expect("parses");
    let params = &parsed.built.operation.parameters;
    assert_eq!(
        params[0].schema.rare.enum_values,
        Some(vec![json!("OK"), json!("Missing")])
    );
    assert_eq!(
        params[0].schema.rare.enum_descriptions,
        Some(vec![
            "The file is deleted.".to_owned(),
            "The file was not there.".to_owned()
        ])
    );
    assert_eq!(
        params[1].schema.rare.enum_values,
        Some(vec![json!("fast"), json!("slow")])
    );
    assert!(
        parsed
            .report
            .mentions("because the example is among the first lines")
    );
    assert!(
        parsed
            .report
            .mentions("because the example is among the second lines")
    );
    let (docs, results, _) =
        common::import_in_memory(options("/nonexistent"), &[("DeleteThing.txt", &bytes)]);
    assert!(results[0].is_ok(), "{:?}", results[0]);
    common::gen_accepts(&docs).expect("gen accepts");
}

#[test]
fn numbers_booleans_and_clashing_names_are_typed_and_renamed() {
    let request = [
        "Since",
        "integer",
        "No",
        "The start, in milliseconds.",
        "1660638613798",
        "Enabled",
        "boolean",
        "No",
        "Whether it is on. Default value: false.",
        "true",
        "Size",
        "long",
        "No",
        "The size.",
        "10",
    ];
    let response = [
        "RequestId",
        "string",
        "The request ID.",
        "AB-12",
        "Option",
        "object",
        "The chosen option.",
        "Name",
        "string",
        "The option's name.",
        "fast",
        "Count",
        "integer",
        "How many.",
        "4294967296",
    ];
    let example = r#"{"RequestId": "AB-12", "Option": {"Name": "fast", "Count": 4294967296}}"#;
    let bytes = page("GetThing", &request, &response, example, &[]);
    let parsed = parse_page("GetThing.txt", &bytes).expect("parses");
    let params = &parsed.built.operation.parameters;
    assert_eq!(
        params[0].schema.format,
        Some(Format::Int64),
        "a timestamp beyond int32"
    );
    assert_eq!(
        params[1].schema.rare.default,
        Some(json!(false)),
        "a typed boolean default"
    );
    assert_eq!(params[2].schema.format, Some(Format::Int64), "long");
    let option = &parsed.built.response.nested.properties["Option"];
    assert_ne!(
        option.title.as_deref(),
        Some("Option"),
        "renamed, not rejected"
    );
    assert_eq!(
        option.nested.properties["Count"].format,
        Some(Format::Int64)
    );
    assert!(
        parsed
            .report
            .mentions("the type name Option is a name the generated code relies on")
    );
    let (docs, results, _) =
        common::import_in_memory(options("/nonexistent"), &[("GetThing.txt", &bytes)]);
    assert!(results[0].is_ok(), "{:?}", results[0]);
    common::gen_accepts(&docs).expect("gen accepts");
}

#[test]
fn flattened_request_objects_are_nested_by_evidence() {
    let request = [
        "JobName",
        "string",
        "Yes",
        "The job name.",
        "job1",
        "StreamInput",
        "object",
        "Yes",
        "The input stream.",
        r#"{"Type": "rtmp", "Url": "rtmp://a/b"}"#,
        "Type",
        "string",
        "Yes",
        "The input type. Maximum length: 16.",
        "rtmp",
        "Url",
        "string",
        "Yes",
        "The input URL.",
        "rtmp://a/b",
        "SnapshotOutput",
        "object",
        "Yes",
        "Where snapshots go.",
        "Type",
        "string",
        "Yes",
        "The storage type.",
        "oss",
        "Bucket",
        "string",
        "No",
        "The bucket.",
        "b1",
        "Tags",
        "array<string>",
        "No",
        "The tags.",
        "a",
    ];
    let bytes = page(
        "SubmitThing",
        &request,
        REQUEST_ID,
        r#"{"RequestId": "AB-12"}"#,
        &[],
    );
    let parsed = parse_page("SubmitThing.txt", &bytes).expect("parses");
    let params = &parsed.built.operation.parameters;
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["JobName", "StreamInput", "SnapshotOutput"]);
    let input = &params[1].schema;
    assert_eq!(
        input.nested.properties.keys().collect::<Vec<_>>(),
        ["Type", "Url"]
    );
    assert_eq!(input.nested.required, ["Type", "Url"]);
    assert_eq!(
        input.nested.properties["Type"].rare.max_length,
        Some(16),
        "a stated length"
    );
    let output = &params[2].schema;
    assert_eq!(
        output.nested.properties.keys().collect::<Vec<_>>(),
        ["Type", "Bucket", "Tags"]
    );
    assert_eq!(
        params[1].serialization,
        Some(Serialization::Json),
        "ICE's usual style"
    );
    assert!(
        parsed
            .report
            .mentions("SnapshotOutput: the page does not mark where its fields end")
    );
    assert!(
        parsed
            .report
            .mentions("StreamInput is an object or array parameter; it travels as json")
    );
    // What the page cannot say, given on the command line: where SnapshotOutput's fields end
    // (`--fields`) and how it travels (`--style`) override the guesses, and the report says so.
    let overrides = Overrides {
        fields: vec![(
            "SnapshotOutput".into(),
            vec!["Type".into(), "Bucket".into()],
        )],
        styles: vec![("SnapshotOutput".into(), Serialization::Flat)],
        ..Overrides::default()
    };
    let given = parse_page_with("SubmitThing.txt", &bytes, &overrides).expect("parses");
    let params = &given.built.operation.parameters;
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["JobName", "StreamInput", "SnapshotOutput", "Tags"]);
    assert_eq!(params[2].serialization, Some(Serialization::Flat));
    assert!(
        given
            .report
            .mentions("SnapshotOutput travels as flat (--style)")
    );
    assert!(!given.report.mentions("does not mark where its fields end"));
    assert!(
        parsed
            .report
            .mentions("pass --fields SnapshotOutput=NAME,NAME")
    );
    let body = ImportOptions {
        overrides: Overrides {
            body: vec!["StreamInput".into(), "SnapshotOutput".into()],
            ..Overrides::default()
        },
        method: Some(page_import::Method::Post),
        ..options("/nonexistent")
    };
    let (docs, results, _) = common::import_in_memory(body, &[("SubmitThing.txt", &bytes)]);
    // Written as read if the generator takes object and body parameters (it is learning to), else in
    // the reading that generates (JSON text in the query, reported); never in a form gen rejects.
    match &results[0] {
        Ok(outcome) => {
            let fell_back = outcome
                .report
                .mentions("the generator does not take it as read");
            assert!(
                docs[0].1.contains("x-acs-position: body") || fell_back,
                "{}",
                docs[0].1
            );
            common::gen_accepts(&docs).expect("gen accepts");
        }
        Err(ImportError::Rejected { rejections, .. }) => {
            let lines = [
                line_of(&bytes, "StreamInput"),
                line_of(&bytes, "SnapshotOutput"),
            ];
            assert!(
                rejections.iter().all(|r| lines.contains(&r.line)),
                "{rejections:?}"
            );
            assert!(docs.is_empty(), "nothing written");
        }
        Err(e) => panic!("{e}"),
    }
}

#[test]
fn what_gen_would_reject_is_reported_at_its_line_and_not_written() {
    let errors = [
        "400 Unknown The request is odd.",
        "404 NotFound No such thing.",
    ];
    let bad = page(
        "GetBadThing",
        &[],
        REQUEST_ID,
        r#"{"RequestId": "AB-12"}"#,
        &errors,
    );
    let good = page(
        "GetGoodThing",
        &[],
        REQUEST_ID,
        r#"{"RequestId": "AB-12"}"#,
        &[],
    );
    let (docs, results, _) = common::import_in_memory(
        options("/nonexistent"),
        &[("GetBadThing.txt", &bad), ("GetGoodThing.txt", &good)],
    );
    let Err(ImportError::Rejected { rejections, .. }) = &results[0] else {
        panic!(
            "expected the operation to be rejected, got {:?}",
            results[0]
        )
    };
    assert_eq!(
        rejections[0].line,
        line_of(&bad, errors[0]),
        "{rejections:?}"
    );
    assert!(rejections[0].message.contains("Unknown"), "{rejections:?}");
    let shown = results[0].as_ref().unwrap_err().to_string();
    assert!(
        shown.contains("GetBadThing.txt:") && shown.contains("fix:"),
        "{shown}"
    );
    assert!(results[1].is_ok(), "the other page is still imported");
    assert_eq!(docs.len(), 1);
    assert!(!docs[0].1.contains("GetBadThing") && docs[0].1.contains("GetGoodThing"));
    common::gen_accepts(&docs).expect("gen accepts");
}

#[test]
fn an_unknown_type_word_in_the_response_is_reported_and_the_row_kept() {
    let response = [
        "RequestId",
        "string",
        "The request ID.",
        "AB-12",
        "Labels",
        "date",
        "The labels.",
        "x",
        "Total",
        "integer",
        "The total.",
        "3",
    ];
    let example = r#"{"RequestId": "AB-12", "Labels": "x", "Total": 3}"#;
    let bytes = page("GetThing", &[], &response, example, &[]);
    let parsed = parse_page("GetThing.txt", &bytes).expect("parses");
    let fields: Vec<&String> = parsed.built.response.nested.properties.keys().collect();
    assert_eq!(fields, ["RequestId", "Labels", "Total"]);
    let line = line_of(&bytes, "Labels");
    assert!(
        parsed
            .report
            .doubts
            .iter()
            .any(|d| d.line == line && d.message.contains("unknown type `date`")),
        "{}",
        parsed.report
    );
}

#[test]
fn a_nested_object_without_an_example_takes_its_fields_from_the_enclosing_example() {
    let request = [
        "Settings",
        "array<object>",
        "No",
        "The settings.",
        r#"[{"Codec": {"Rate": 1, "Mode": "cbr"}, "Name": "a"}]"#,
        "Codec",
        "object",
        "No",
        "The codec (no example of its own).",
        "Rate",
        "integer",
        "No",
        "The rate.",
        "1",
        "Mode",
        "string",
        "No",
        "The mode.",
        "cbr",
        "Name",
        "string",
        "Yes",
        "The name, a field of the settings, not of the codec.",
        "a",
        "Extension",
        "map",
        "No",
        "Free-form keys.",
        r#"{"key": "value"}"#,
    ];
    let response = [
        "V_AStamp",
        "array<object>",
        "The stamps.",
        "array<object>",
        "",
        "Time",
        "integer",
        "The time.",
        "44",
    ];
    let bytes = page(
        "SubmitOther",
        &request,
        &response,
        r#"{"V_AStamp": [{"Time": 44}]}"#,
        &[],
    );
    let parsed = parse_page("SubmitOther.txt", &bytes).expect("parses");
    let params = &parsed.built.operation.parameters;
    let names: Vec<&str> = params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["Settings", "Extension"]);
    let item = params[0].schema.nested.items.as_deref().expect("items");
    assert_eq!(
        item.nested.properties.keys().collect::<Vec<_>>(),
        ["Codec", "Name"]
    );
    assert_eq!(
        item.nested.properties["Codec"]
            .nested
            .properties
            .keys()
            .collect::<Vec<_>>(),
        ["Rate", "Mode"]
    );
    assert!(!parsed.report.mentions("does not mark where its fields end"));
    // `map` is a free-form object with its example as JSON, sent as JSON.
    assert_eq!(params[1].schema.ty, Some(codegen::spec::SchemaType::Object));
    assert_eq!(params[1].example, Some(json!({"key": "value"})));
    assert_eq!(params[1].serialization, Some(Serialization::Json));
    // A name whose UpperCamelCase is not stable (`V_AStampItem` → `VAStampItem` → `VaStampItem`) gets the stable one.
    let stamp = &parsed.built.response.nested.properties["V_AStamp"];
    assert_eq!(
        stamp
            .nested
            .items
            .as_deref()
            .and_then(|i| i.title.as_deref()),
        Some("VaStampItem")
    );
    let (docs, results, _) = common::import_in_memory(
        ImportOptions {
            method: Some(page_import::Method::Post),
            ..options("/nonexistent")
        },
        &[("SubmitOther.txt", &bytes)],
    );
    assert!(results[0].is_ok(), "{:?}", results[0]);
    common::gen_accepts(&docs).expect("gen accepts");
}
