mod common;

#[test]
#[ignore]
fn dump() {
    for name in common::PAGES {
        let parsed = page_import::parse_page(&format!("{name}.txt"), &common::page(name)).unwrap_or_else(|e| panic!("{e}"));
        println!("{}", parsed.report);
        let (m, ..) = common::facts(name);
        println!("{}", page_import::to_spec_yaml(&parsed.operation, m, &common::header(name)));
    }
}
