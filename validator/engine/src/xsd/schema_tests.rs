//! Whole schemas compiled from text and instances validated against them: the bundled W3C
//! schemas, occurrence bounds past the children limit, identity-constraint values.

use crate::artifacts::ArtifactRoot;
use crate::xsd::XsdCheck;

/// Compiles `main.xsd` (with the other `files`) and validates `instance`: its findings.
fn run(files: &[(&str, &str)], instance: &str) -> Result<Vec<String>, String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in files {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let check = XsdCheck::compile(&ArtifactRoot::Directory(dir.path().to_path_buf()), "main.xsd")
        .map_err(|err| err.to_string())?;
    Ok(check.validate(instance.as_bytes()).into_iter().map(|f| f.message).collect())
}

const XLINK_USER: &str = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
    xmlns:xlink="http://www.w3.org/1999/xlink">
  <xs:import namespace="http://www.w3.org/1999/xlink" LOCATION/>
  <xs:element name="link"><xs:complexType>
    <xs:attributeGroup ref="xlink:simpleAttrs"/>
  </xs:complexType></xs:element>
</xs:schema>"#;

#[test]
fn the_w3c_xlink_schema_is_read_from_the_bundle() {
    for location in [r#"schemaLocation="http://www.w3.org/XML/2008/06/xlink.xsd""#, ""] {
        let schema = XLINK_USER.replace("LOCATION", location);
        let ok = r#"<link xmlns:xlink="http://www.w3.org/1999/xlink" xlink:href="a.xml" xlink:show="new"/>"#;
        assert_eq!(run(&[("main.xsd", &schema)], ok).unwrap(), Vec::<String>::new(), "{location}");
        let bad = r#"<link xmlns:xlink="http://www.w3.org/1999/xlink" xlink:type="extended"/>"#;
        let findings = run(&[("main.xsd", &schema)], bad).unwrap();
        assert_eq!(findings.len(), 1, "{findings:?}");
    }
}

#[test]
fn another_remote_address_is_never_replaced() {
    let schema = XLINK_USER.replace("LOCATION", r#"schemaLocation="http://example.org/xlink.xsd""#);
    let err = run(&[("main.xsd", &schema)], "<link/>").unwrap_err();
    assert!(err.contains("simpleAttrs"), "{err}");
}

#[test]
fn the_schemas_own_copy_wins_over_the_bundle() {
    // A local XML-namespace document and the bundled XLink schema, which imports the
    // bundled one: the local one alone declares `xml:lang` (no "declared twice").
    let local_xml = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
        targetNamespace="http://www.w3.org/XML/1998/namespace">
      <xs:attribute name="lang" type="xs:NCName"/>
    </xs:schema>"#;
    let schema = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"
        xmlns:xlink="http://www.w3.org/1999/xlink">
      <xs:import namespace="http://www.w3.org/XML/1998/namespace" schemaLocation="xml.xsd"/>
      <xs:import namespace="http://www.w3.org/1999/xlink" schemaLocation="http://www.w3.org/1999/xlink.xsd"/>
      <xs:element name="title" type="xlink:titleEltType"/>
    </xs:schema>"#;
    let files = [("main.xsd", schema), ("xml.xsd", local_xml)];
    let ok = r#"<title xmlns:xlink="http://www.w3.org/1999/xlink" xlink:type="title" xml:lang="en"/>"#;
    assert_eq!(run(&files, ok).unwrap(), Vec::<String>::new());
    // `_x` is an NCName but not a language: the local declaration is the one used.
    let local = r#"<title xmlns:xlink="http://www.w3.org/1999/xlink" xlink:type="title" xml:lang="_x"/>"#;
    assert_eq!(run(&files, local).unwrap(), Vec::<String>::new());
}

#[test]
fn bounds_past_the_children_limit_are_exact() {
    let schema = |min: &str, max: &str| {
        format!(
            r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
              <xs:element name="r"><xs:complexType>
                <xs:sequence minOccurs="{min}" maxOccurs="{max}">
                  <xs:element name="a"/><xs:element name="b"/>
                </xs:sequence>
              </xs:complexType></xs:element>
            </xs:schema>"#
        )
    };
    // A maximum past 2^32 - 2 is no bound (compiled at once, not unrolled).
    let unbounded = schema("0", "999999999999999");
    assert_eq!(run(&[("main.xsd", &unbounded)], "<r><a/><b/><a/><b/></r>").unwrap(), Vec::<String>::new());
    assert_eq!(run(&[("main.xsd", &unbounded)], "<r><a/></r>").unwrap().len(), 1);
    // A minimum past it is never reached.
    let never = schema("79228162514244337593543950335", "unbounded");
    assert_eq!(run(&[("main.xsd", &never)], "<r><a/><b/></r>").unwrap().len(), 1);
    // Bounds are compared as numbers of any length.
    let err = run(&[("main.xsd", &schema("79228162514244337593543950336", "79228162514244337593543950335"))], "<r/>");
    assert!(err.unwrap_err().contains("maxOccurs is less than minOccurs"));
}

#[test]
fn key_values_of_different_value_spaces_differ() {
    let schema = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:element name="r"><xs:complexType><xs:choice maxOccurs="unbounded">
        <xs:element name="s" type="xs:string"/><xs:element name="d" type="xs:decimal"/>
      </xs:choice></xs:complexType>
        <xs:key name="k"><xs:selector xpath="s|d"/><xs:field xpath="."/></xs:key>
      </xs:element>
    </xs:schema>"#;
    // The string `1` and the decimal `1` are different values; `1.0` and `1` are not.
    assert_eq!(run(&[("main.xsd", schema)], "<r><s>1</s><d>1</d></r>").unwrap(), Vec::<String>::new());
    let findings = run(&[("main.xsd", schema)], "<r><d>1</d><d>1.0</d></r>").unwrap();
    assert_eq!(findings, ["key `k`: duplicate value '1'"]);
}

#[test]
fn a_wildcard_element_without_declaration_is_validated_by_its_xsi_type() {
    let schema = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
      <xs:element name="r"><xs:complexType><xs:sequence>
        <xs:any processContents="strict" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>"#;
    let with_type = |value: &str| {
        format!(
            r#"<r xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <c xsi:type="xs:int">{value}</c></r>"#
        )
    };
    assert_eq!(run(&[("main.xsd", schema)], &with_type("123")).unwrap(), Vec::<String>::new());
    assert_eq!(run(&[("main.xsd", schema)], &with_type("abc")).unwrap().len(), 1);
    // Without `xsi:type`, strict needs a declaration.
    assert_eq!(run(&[("main.xsd", schema)], "<r><c/></r>").unwrap().len(), 1);
}

#[test]
fn a_prefix_bound_again_to_another_namespace_is_resolved_again() {
    // The validator keeps the schema's answer per written name (`p:e`) and namespace: the
    // same written name in another namespace is another element.
    let schema = r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:a"
        xmlns="urn:a" elementFormDefault="qualified">
      <xs:element name="r"><xs:complexType><xs:sequence>
        <xs:element name="e" maxOccurs="unbounded"/>
      </xs:sequence></xs:complexType></xs:element>
    </xs:schema>"#;
    let ok = r#"<p:r xmlns:p="urn:a"><p:e/><p:e/></p:r>"#;
    assert_eq!(run(&[("main.xsd", schema)], ok).unwrap(), Vec::<String>::new());
    let rebound = r#"<p:r xmlns:p="urn:a"><p:e/><p:e xmlns:p="urn:b"/><p:e/></p:r>"#;
    let findings = run(&[("main.xsd", schema)], rebound).unwrap();
    assert_eq!(findings.len(), 1, "{findings:?}");
    assert!(findings[0].contains("`e` is not expected"), "{findings:?}");
}
