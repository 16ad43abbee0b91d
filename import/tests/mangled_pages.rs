//! Done-when 3: mangled pages give errors that name the line and what was expected; nothing panics,
//! whatever the bytes (a proptest with a fixed seed feeds arbitrary and mutated pages).

mod common;

use page_import::parse_page;
use proptest::prelude::*;
use proptest::test_runner::{FileFailurePersistence, RngSeed};

/// The ListLiveRecordJobs page with its lines (1-based, inclusive) `from..=to` removed.
fn without(from: usize, to: usize) -> Vec<u8> {
    let text = String::from_utf8(common::page("ListLiveRecordJobs")).expect("utf-8");
    text.lines()
        .enumerate()
        .filter(|(i, _)| !(from..=to).contains(&(i + 1)))
        .map(|(_, l)| format!("{l}\n"))
        .collect::<String>()
        .into_bytes()
}

fn first_lines(n: usize) -> Vec<u8> {
    let text = String::from_utf8(common::page("ListLiveRecordJobs")).expect("utf-8");
    text.lines()
        .take(n)
        .map(|l| format!("{l}\n"))
        .collect::<String>()
        .into_bytes()
}

fn replaced(line: usize, with: &str) -> Vec<u8> {
    let text = String::from_utf8(common::page("ListLiveRecordJobs")).expect("utf-8");
    text.lines()
        .enumerate()
        .map(|(i, l)| {
            if i + 1 == line {
                format!("{with}\n")
            } else {
                format!("{l}\n")
            }
        })
        .collect::<String>()
        .into_bytes()
}

/// The response table and example moved before the request table.
fn out_of_order() -> Vec<u8> {
    let text = String::from_utf8(common::page("ListLiveRecordJobs")).expect("utf-8");
    let lines: Vec<&str> = text.lines().collect();
    let request = lines
        .iter()
        .position(|l| *l == "Request parameters")
        .expect("request");
    let response = lines
        .iter()
        .position(|l| *l == "Response elements")
        .expect("response");
    let mut out: Vec<&str> = lines[..request].to_vec();
    out.extend(&lines[response..]);
    out.extend(&lines[request..response]);
    out.join("\n").into_bytes()
}

/// The 1-based line of the first line equal to `text`.
fn line_of(bytes: &[u8], text: &str) -> usize {
    String::from_utf8_lossy(bytes)
        .lines()
        .position(|l| l == text)
        .map_or(0, |i| i + 1)
}

/// Every line in a fixed pseudo-random order (a deterministic shuffle).
fn shuffled() -> Vec<u8> {
    let text = String::from_utf8(common::page("ListLiveRecordJobs")).expect("utf-8");
    let mut lines: Vec<&str> = text.lines().collect();
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for i in (1..lines.len()).rev() {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        lines.swap(i, (state % (i as u64 + 1)) as usize);
    }
    lines.join("\n").into_bytes()
}

#[test]
fn mangled_pages_name_the_line_and_what_was_expected() {
    // (case, page bytes, expected line, expected message fragment)
    let cases: Vec<(&str, Vec<u8>, usize, &str)> = vec![
        ("empty file", Vec::new(), 1, "the page is empty"),
        (
            "blank lines only",
            b"\n\n   \n".to_vec(),
            1,
            "the page is empty",
        ),
        (
            "binary file",
            b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR\xff\xd8".to_vec(),
            1,
            "is this a binary file?",
        ),
        (
            "text with NUL bytes",
            b"ListLiveRecordJobs\n\0\0\0".to_vec(),
            2,
            "expected plain text",
        ),
        (
            "invalid UTF-8",
            b"ok\nstill ok\n\xff\xfe\n".to_vec(),
            3,
            "expected UTF-8 text",
        ),
        ("no title line", without(5, 5), 6, "expected the title line"),
        (
            "truncated in the RAM section",
            first_lines(40),
            39,
            "the page ends here without it: is it cut short?",
        ),
        (
            "truncated in the response table",
            first_lines(250),
            249,
            "expected the `Examples` section",
        ),
        (
            "sections out of order",
            out_of_order(),
            line_of(&out_of_order(), "Response elements"),
            "out of order",
        ),
        (
            "JSON example cut short",
            first_lines(380),
            380,
            "the JSON example ends early",
        ),
        (
            "request table missing",
            without(55, 174),
            55,
            "expected the `Request parameters` section before `Response elements`",
        ),
        (
            "RAM table missing",
            without(17, 53),
            18,
            "expected the `RAM authorization` section before `Request parameters`",
        ),
        (
            "column header missing",
            without(61, 61),
            62,
            "expected the request table column header `Required`",
        ),
        (
            "required cell garbled",
            replaced(71, "Maybe"),
            67,
            "expected a request parameter row",
        ),
        (
            "RAM action missing",
            without(47, 47),
            48,
            "expected the RAM action",
        ),
        (
            "JSON example missing",
            without(369, 395),
            363,
            "expected the JSON example",
        ),
        (
            "JSON example broken",
            replaced(371, "  \"LiveRecordJobs\": [[,"),
            371,
            "the JSON example is not valid JSON",
        ),
        ("shuffled lines", shuffled(), 0, "expected"),
    ];
    let mut failures = Vec::new();
    for (case, bytes, line, fragment) in &cases {
        match parse_page("page.txt", bytes) {
            Ok(_) => failures.push(format!("{case}: parsed without error")),
            Err(e) => {
                if (*line != 0 && e.line != *line) || !e.message.contains(fragment) {
                    failures.push(format!(
                        "{case}: expected line {line} and \"{fragment}\", got {e}"
                    ));
                }
                assert!(e.to_string().starts_with(&format!("page.txt:{}: ", e.line)));
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
}

/// How a real page is mangled.
#[derive(Debug, Clone)]
enum Mutation {
    Drop(usize),
    Duplicate(usize),
    Swap(usize, usize),
    Truncate(usize),
    Replace(usize, String),
}

fn mutate(page: &str, mutations: &[Mutation]) -> Vec<u8> {
    let mut lines: Vec<String> = page.lines().map(str::to_owned).collect();
    for m in mutations {
        if lines.is_empty() {
            break;
        }
        let n = lines.len();
        match m {
            Mutation::Drop(i) => {
                lines.remove(i % n);
            }
            Mutation::Duplicate(i) => {
                let l = lines[i % n].clone();
                lines.insert(i % n, l);
            }
            Mutation::Swap(a, b) => lines.swap(a % n, b % n),
            Mutation::Truncate(i) => lines.truncate(i % n),
            Mutation::Replace(i, s) => lines[i % n] = s.clone(),
        }
    }
    lines.join("\n").into_bytes()
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        any::<usize>().prop_map(Mutation::Drop),
        any::<usize>().prop_map(Mutation::Duplicate),
        (any::<usize>(), any::<usize>()).prop_map(|(a, b)| Mutation::Swap(a, b)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), "[ -~•]{0,30}").prop_map(|(i, s)| Mutation::Replace(i, s)),
    ]
}

/// Importing never panics, and whatever the import writes, the generator accepts.
fn check(bytes: &[u8]) {
    let options = common::options(
        std::path::Path::new("/nonexistent/spec"),
        "ListLiveRecordJobs",
    );
    let (docs, _, _) = common::import_in_memory(options, &[("fuzz.txt", bytes)]);
    if let Err(d) = common::gen_accepts(&docs) {
        panic!("the import wrote a spec that gen rejects: {d}");
    }
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 2000,
        rng_seed: RngSeed::Fixed(0x14b0_27ed),
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        ..ProptestConfig::default()
    })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        check(&bytes);
    }

    #[test]
    fn mutated_pages_never_panic(page in 0..common::PAGES.len(), mutations in proptest::collection::vec(mutation(), 1..6)) {
        let text = String::from_utf8(common::page(common::PAGES[page])).expect("utf-8");
        check(&mutate(&text, &mutations));
    }
}
