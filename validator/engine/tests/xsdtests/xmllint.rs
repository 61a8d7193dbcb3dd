//! xmllint's verdicts on the same tests, for the figures beside conform's
//! (`XSDTESTS_XMLLINT`). xmllint takes one schema document: a group of several is given its
//! first, and 60 s per test (`timeout`).

use std::collections::BTreeMap;
use std::path::Path;
use std::process::Command;

use rayon::prelude::*;

use super::Group;

/// How long xmllint may take on one test (`timeout` duration).
const TIMEOUT: &str = "60";

/// The XML catalog mapping the W3C addresses the suite imports to conform's bundled copies.
fn catalog(dir: &Path) -> std::path::PathBuf {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/xsd/w3c");
    let entry =
        |uri: &str, file: &str| format!("  <uri name=\"{uri}\" uri=\"file://{}\"/>\n", bundled.join(file).display());
    let text = format!(
        "<?xml version=\"1.0\"?>\n<catalog xmlns=\"urn:oasis:names:tc:entity:xmlns:xml:catalog\">\n{}{}{}</catalog>\n",
        entry("http://www.w3.org/2001/xml.xsd", "xml.xsd"),
        entry("http://www.w3.org/XML/2008/06/xlink.xsd", "xlink.xsd"),
        entry("http://www.w3.org/1999/xlink.xsd", "xlink.xsd"),
    );
    let path = dir.join("w3c-catalog.xml");
    std::fs::write(&path, text).unwrap();
    path
}

/// xmllint's verdict: whether the schema compiles and, given an instance, whether it is valid.
fn verdict(root: &Path, schema: &str, instance: Option<&str>, catalog: Option<&Path>) -> (bool, bool) {
    // libxml2 can take hours on large occurrence bounds (`particlesZ012.xsd`): no verdict
    // within `TIMEOUT` is a schema it does not compile.
    let mut command = Command::new("timeout");
    command.current_dir(root).args([TIMEOUT, "xmllint", "--noout", "--nonet", "--schema", schema]);
    // Without an instance the schema document itself is validated: only compiling counts.
    command.arg(instance.unwrap_or(schema));
    match catalog {
        Some(path) => command.env("XML_CATALOG_FILES", path),
        None => command.env("XML_CATALOG_FILES", ""),
    };
    let Ok(output) = command.output() else { return (false, false) };
    let stderr = String::from_utf8_lossy(&output.stderr);
    let compiled = !stderr.contains("failed to compile") && output.status.code() != Some(124);
    (compiled, compiled && output.status.success())
}

/// Prints xmllint's three figures on `groups`.
pub fn compare(root: &Path, groups: &BTreeMap<String, Group>, with_catalog: bool) {
    if Command::new("xmllint").arg("--version").output().is_err() {
        println!("xmllint: not installed, no figures");
        return;
    }
    let catalog = with_catalog.then(|| catalog(Path::new(env!("CARGO_TARGET_TMPDIR"))));
    let results: Vec<(bool, bool, bool)> = groups
        .par_iter()
        .flat_map_iter(|(_, group)| {
            let schema = group.schemas.first().cloned().unwrap_or_default();
            let catalog = catalog.clone();
            group.tests.iter().map(move |test| {
                let (compiled, valid) = verdict(root, &schema, test.instance.as_deref(), catalog.as_deref());
                let accepted = if test.instance.is_some() { valid } else { compiled };
                (test.instance.is_some(), test.valid, accepted == test.valid)
            })
        })
        .collect();
    let figure = |instance: bool, valid: Option<bool>| {
        let of: Vec<_> = results.iter().filter(|r| r.0 == instance && valid.is_none_or(|v| r.1 == v)).collect();
        let right = of.iter().filter(|r| r.2).count();
        #[expect(clippy::cast_precision_loss, reason = "test counts are far below 2^52")]
        let percent = 100.0 * right as f64 / of.len().max(1) as f64;
        format!("{right} / {} ({percent:.2} %)", of.len())
    };
    let label = if with_catalog { "with a catalog of the bundled W3C schemas" } else { "no catalog" };
    println!("xmllint --noout --nonet ({label}), same tests:");
    println!("  instance tests right:    {}", figure(true, None));
    println!("  invalid schemas refused: {}", figure(false, Some(false)));
    println!("  valid schemas accepted:  {}", figure(false, Some(true)));
}
