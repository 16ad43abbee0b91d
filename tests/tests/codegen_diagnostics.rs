//! Malformed specs: each case is a valid fixture (tests/fixtures/specs) with one targeted mutation. The
//! generator must return diagnostics (never panic, never succeed); their text is snapshotted, and must
//! contain the phrase given with the case.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use codegen::CrateConfig;

/// Spec documents as `(file name, bytes)`.
type Input = Vec<(String, Vec<u8>)>;

fn fixture(name: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("fixtures/specs/{name}.yaml"));
    std::fs::read_to_string(path).unwrap()
}

/// The fixture with each `(from, to)` edit applied; `from` must occur exactly once, so a change to the
/// fixture cannot silently turn a case into a no-op.
fn edited(name: &str, edits: &[(&str, &str)]) -> String {
    let mut text = fixture(name);
    for (from, to) in edits {
        assert_eq!(
            text.matches(from).count(),
            1,
            "{from:?} must occur once in {name}.yaml"
        );
        text = text.replacen(from, to, 1);
    }
    text
}

fn mutate(name: &str, edits: &[(&str, &str)]) -> Input {
    raw(name, edited(name, edits).into_bytes())
}

fn raw(name: &str, bytes: impl Into<Vec<u8>>) -> Input {
    vec![(format!("spec/{name}.yaml"), bytes.into())]
}

/// string_enum with its operation copied under a second path key, keeping the operationId.
fn with_operation_twice() -> Input {
    let text = fixture("string_enum");
    let start = text.find("  /#ListJobs:\n").unwrap();
    let end = text.find("components:\n").unwrap();
    let copy = text[start..end].replacen("/#ListJobs:", "/#ListJobsAgain:", 1);
    let text = format!("{}{copy}{}", &text[..end], &text[end..]);
    raw("string_enum", text)
}

/// Runs the generator on the input, both from memory (when the input is text) and from a directory,
/// and returns the diagnostics' text. Fails if it panics, succeeds, or the two paths disagree.
fn diagnose(input: &Input) -> String {
    let from_dir = catch_unwind(AssertUnwindSafe(|| {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir(dir.path().join("spec")).unwrap();
        for (name, bytes) in input {
            std::fs::write(dir.path().join(name), bytes).unwrap();
        }
        codegen::generate_from_dir(
            &dir.path().join("spec"),
            dir.path(),
            &CrateConfig::default(),
        )
    }))
    .unwrap_or_else(|_| panic!("the generator panicked (from a directory)"));
    let text = match from_dir {
        Ok(files) => panic!(
            "the generator accepted the spec and produced {} files",
            files.len()
        ),
        Err(d) => d.to_string(),
    };

    let texts: Option<Vec<(&str, &str)>> = input
        .iter()
        .map(|(name, bytes)| std::str::from_utf8(bytes).ok().map(|t| (name.as_str(), t)))
        .collect();
    if let Some(sources) = texts {
        let from_memory =
            catch_unwind(|| codegen::generate_from_sources(&sources, &CrateConfig::default()))
                .unwrap_or_else(|_| panic!("the generator panicked (from memory)"));
        match from_memory {
            Ok(_) => {
                panic!("generate_from_sources accepted the spec that generate_from_dir rejected")
            }
            Err(d) => assert_eq!(
                d.to_string(),
                text,
                "in-memory and on-disk diagnostics differ"
            ),
        }
    }
    text
}

macro_rules! cases {
    ($($(#[$attr:meta])* $name:ident: $input:expr => $expected:literal;)*) => {$(
        $(#[$attr])*
        #[test]
        fn $name() {
            let text = diagnose(&$input);
            assert!(text.contains($expected), "expected {:?} in:\n{text}", $expected);
            insta::assert_snapshot!(stringify!($name), text);
        }
    )*};
}

cases! {
    // Loading: bytes, YAML and the serde model.
    empty_file: raw("empty", "") => "the file is empty";
    blank_file: raw("blank", "\n   \n") => "the file is empty";
    binary_file: raw("binary", b"openapi: 3.0.3\n\xff\xfe\x00binary".to_vec()) => "not UTF-8";
    yaml_list_instead_of_mapping: raw("list", "- openapi: 3.0.3\n- paths: {}\n") => "expected struct Document";
    yaml_syntax_error: mutate("string_enum", &[(
        "      summary: Lists jobs by status.\n",
        "      summary: Lists jobs: by status.\n",
    )]) => "mapping values are not allowed";
    unknown_key_typo: mutate("string_enum", &[(
        "          description: The state of the job.\n",
        "          descripton: The state of the job.\n",
    )]) => "did you mean `description`?";
    wrong_type_name: mutate("required_optional", &[(
        "          description: The channel ID.\n          schema:\n            type: string\n",
        "          description: The channel ID.\n          schema:\n            type: strng\n",
    )]) => "did you mean `string`?";
    missing_required_key: mutate("string_enum", &[("      summary: Lists jobs by status.\n", "")])
        => "add `summary`";

    // References, operations and responses.
    dangling_ref: mutate("string_enum", &[(
        "$ref: '#/components/schemas/ListJobsResponse'",
        "$ref: '#/components/schemas/ListJobResponse'",
    )]) => "`#/components/schemas/ListJobResponse` does not resolve";
    duplicate_operation: with_operation_twice() => "operation `ListJobs` is defined twice";
    path_key_not_matching_operation_id: mutate("string_enum", &[("  /#ListJobs:\n", "  /#ListJob:\n")])
        => "path key `/#ListJob` does not match operationId `ListJobs`";
    missing_200_response: mutate("string_enum", &[("        '200':\n", "        '201':\n")]) => "no `200` response";
    no_json_content: mutate("string_enum", &[("            application/json:\n", "            application/xml:\n")])
        => "no `application/json` content";
    duplicate_product: {
        let mut input = raw("a_string_enum", fixture("string_enum"));
        input.extend(raw("b_integer_enum", edited("integer_enum", &[("x-acs-product: intenum\n", "x-acs-product: strenum\n")])));
        input
    } => "product module `strenum` is already defined";

    // Enums.
    enum_variant_collision: mutate("hyphenated_values", &[(
        "            x-enum-varnames:\n              - NarrowBand\n              - AudioOnly\n",
        "            x-enum-varnames:\n              - narrow_band\n              - NarrowBand\n",
    )]) => "both become the variant `NarrowBand`";
    duplicate_enum_value: mutate("string_enum", &[("        - initial\n", "        - paused\n")])
        => "is listed twice";
    enum_varnames_count_mismatch: mutate("string_enum", &[("        - Started\n", "")])
        => "2 variant names for 3 values";

    // Examples that contradict their schema.
    string_example_on_integer: mutate("required_optional", &[("          example: 5\n", "          example: five\n")])
        => "\"five\" is not an integer";
    example_not_in_enum: mutate("string_enum", &[("          example: started\n", "          example: running\n")])
        => "\"running\" is not one of the enum's values";
    response_example_with_unknown_property: mutate("string_enum", &[(
        "                Priority: high\n",
        "                Priority: high\n                Colour: red\n",
    )]) => "`Colour` is not a property of this schema";
    example_above_maximum: mutate("limits_paging", &[(
        "            default: 10\n          example: 20\n",
        "            default: 10\n          example: 200\n",
    )]) => "200 is outside the documented limits";
    example_not_a_date_time: mutate("date_time", &[(
        "          example: '2022-07-15T08:00:00Z'\n",
        "          example: '2022-07-15 08:00:00'\n",
    )]) => "is not a date-time";
    json_string_example_not_json: mutate("json_string", &[(
        "          example: '[{\"StartTime\": \"2021-06-21T08:01:00Z\", \"EndTime\": \"2021-06-21T08:03:00Z\"}]'\n",
        "          example: '[{\"StartTime\": \"2021-06-21T08:01:00Z\",'\n",
    )]) => "is not valid JSON";

    // Names that collide once they are Rust names.
    property_field_collision: mutate("url_names", &[
        ("        NotifyUrl:\n          type: string\n", "        MediaUrl:\n          type: string\n"),
        ("                NotifyUrl: https://example.com/callback\n", "                MediaUrl: https://example.com/callback\n"),
    ]) => "properties `MediaURL` and `MediaUrl` both become the Rust field `media_url`";
    parameter_field_collision: mutate("url_names", &[("        - name: NotifyUrl\n", "        - name: MediaUrl\n")])
        => "parameters `MediaURL` and `MediaUrl` both become the Rust field `media_url`";
    type_name_collision: mutate("arrays", &[(
        "          items:\n            type: object\n            properties:\n",
        "          items:\n            type: object\n            title: MediaFile\n            properties:\n",
    )]) => "the Rust type name `MediaFile` is already used";
    title_not_upper_camel_case: mutate("arrays", &[("            title: MediaFile\n", "            title: media_file\n")])
        => "title `media_file` is not an UpperCamelCase type name";
    duplicate_error_code: mutate("error_codes", &[("          code: InvalidParameter.TaskId\n", "          code: NotFound.Task\n")])
        => "both become the variant `NotFoundTask`";

    // Schemas and x-acs facts.
    format_not_for_type: mutate("limits_paging", &[(
        "            format: int32\n            minimum: 1\n            default: 1\n",
        "            format: date-time\n            minimum: 1\n            default: 1\n",
    )]) => "does not apply to type";
    pagination_names_missing_parameter: mutate("limits_paging", &[("        page-number: PageNo\n", "        page-number: PageNumber\n")])
        => "`PageNumber` is not an integer request parameter";
    time_range_names_non_date_time_parameter: mutate("limits_paging", &[("        start: StartTime\n", "        start: Keyword\n")])
        => "`Keyword` is not a date-time request parameter";

    // Inputs that once produced Rust that did not compile, or a misleading message.
    error_code_named_unknown: mutate("error_codes", &[("          code: InvalidParameter.TaskId\n", "          code: Unknown\n")])
        => "`Unknown`";
    type_name_shadows_prelude: mutate("type_field", &[
        ("        Input:\n          type: object\n", "        Result:\n          type: object\n"),
        ("                Input:\n", "                Result:\n"),
    ]) => "`Result`";
    // Where and how request parameters travel (x-acs-position, x-acs-serialization).
    object_parameter_without_serialization: mutate("required_optional", &[(
        "          description: The aspect ratio.\n          schema:\n            type: number\n            format: double\n          example: 1.5\n",
        "          description: The aspect ratio.\n          schema:\n            type: object\n            properties:\n              Width:\n                type: integer\n",
    )]) => "`Ratio` is an object parameter without `x-acs-serialization`";
    scalar_parameter_with_serialization: mutate("required_optional", &[(
        "        - name: Description\n          in: query\n",
        "        - name: Description\n          in: query\n          x-acs-serialization: json\n",
    )]) => "`Description` is a scalar";
    body_parameter_on_get: mutate("string_enum", &[(
        "        - name: Status\n          in: query\n",
        "        - name: Status\n          in: query\n          x-acs-position: body\n",
    )]) => "a form body needs POST";
    simple_list_of_objects: mutate("request_objects", &[(
        "          x-acs-serialization: flat\n          required: true\n          description: Required list of component objects, flattened.\n",
        "          x-acs-serialization: simple\n          required: true\n          description: Required list of component objects, flattened.\n",
    )]) => "cannot be joined with commas";
    recursive_schema: mutate("arrays", &[(
        "      description: The response.\n      properties:\n",
        "      description: The response.\n      properties:\n        Parent:\n          $ref: '#/components/schemas/DescribeFilesResponse'\n",
    )]) => "recursive";
}
