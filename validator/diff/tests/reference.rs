//! docs/diff-checks.md is the generated reference of every check id: it must match the
//! registry.

#[test]
fn the_check_reference_is_up_to_date() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../docs/diff-checks.md");
    let expected = conform_diff::rules::reference();
    if std::env::var_os("CONFORM_BLESS").is_some() {
        std::fs::write(&path, &expected).unwrap();
    }
    let actual = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        actual == expected,
        "{} is out of date: run `CONFORM_BLESS=1 cargo test -p conform-diff --test reference`",
        path.display()
    );
}
