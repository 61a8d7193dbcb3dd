//! The XSD conformance suite in `fixtures/xsd-suite`: every case's verdict equals the one
//! `xmllint --schema` gave (recorded in `expected.json` by `record.sh`), except the cases of
//! `deviations.json`, where libxml2 departs from the XSD 1.0 recommendation (each with the
//! clause); there conform must give the opposite, specified verdict.

use std::collections::BTreeMap;
use std::path::PathBuf;

use conform_engine::artifacts::ArtifactRoot;
use conform_engine::xsd::XsdCheck;

fn suite() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/xsd-suite")
}

#[test]
fn every_case_matches_xmllint() {
    let expected: BTreeMap<String, bool> =
        serde_json::from_str(&std::fs::read_to_string(suite().join("expected.json")).unwrap()).unwrap();
    let deviations: BTreeMap<String, String> =
        serde_json::from_str(&std::fs::read_to_string(suite().join("deviations.json")).unwrap()).unwrap();
    assert!(expected.len() >= 200, "the suite has {} cases", expected.len());
    assert!(deviations.keys().all(|k| expected.contains_key(k)), "deviations name unknown cases");
    let mut compiled: BTreeMap<String, XsdCheck> = BTreeMap::new();
    let mut failures = Vec::new();
    for (case, valid) in &expected {
        let (group, _) = case.split_once('/').unwrap();
        let dir = suite().join("cases").join(group);
        if !compiled.contains_key(group) {
            let entry = if dir.join("schema.xsd").exists() { "schema.xsd" } else { "include.xsd" };
            let check = XsdCheck::compile(&ArtifactRoot::Directory(dir.clone()), entry)
                .unwrap_or_else(|err| panic!("{group}: the schema does not compile: {err}"));
            compiled.insert(group.to_owned(), check);
        }
        let bytes = std::fs::read(suite().join("cases").join(case)).unwrap();
        let findings = compiled[group].validate(&bytes[..]);
        let valid = if deviations.contains_key(case) { !valid } else { *valid };
        if findings.is_empty() != valid {
            let messages: Vec<String> = findings.iter().map(|f| f.message.clone()).collect();
            failures.push(format!("{case}: xmllint valid={valid}, conform: {messages:?}"));
        }
    }
    assert!(failures.is_empty(), "{} of {} cases differ:\n{}", failures.len(), expected.len(), failures.join("\n"));
}

#[test]
fn schema_that_imports_itself_loads_once() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("self.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:s" xmlns:s="urn:s">
             <xs:import namespace="urn:s" schemaLocation="self.xsd"/>
             <xs:include schemaLocation="./self.xsd"/>
             <xs:element name="r" type="xs:int"/>
           </xs:schema>"#,
    )
    .unwrap();
    let check = XsdCheck::compile(&ArtifactRoot::Directory(dir.path().to_path_buf()), "self.xsd").unwrap();
    assert!(check.validate(&br#"<r xmlns="urn:s">1</r>"#[..]).is_empty());
    assert_eq!(check.validate(&br#"<r xmlns="urn:s">x</r>"#[..]).len(), 1);
}

#[test]
fn remote_and_malformed_schemas_are_diagnostics() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "remote.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="urn:x" schemaLocation="http://example.com/x.xsd"/>
  <xs:element name="r" xmlns:x="urn:x" type="x:t"/>
</xs:schema>"#,
    );
    write(
        "redefine.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:redefine schemaLocation="http://example.com/x.xsd">
    <xs:simpleType name="t"><xs:restriction base="t"/></xs:simpleType>
  </xs:redefine>
</xs:schema>"#,
    );
    write(
        "bad.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="r" type="nope"/>
</xs:schema>"#,
    );
    write(
        "unsupported.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="t"><xs:restriction base="xs:string"><xs:pattern value="a+?"/></xs:restriction></xs:simpleType>
</xs:schema>"#,
    );
    let root = ArtifactRoot::Directory(dir.path().to_path_buf());
    let message = |name: &str| XsdCheck::compile(&root, name).err().unwrap().to_string();
    // A remote schema is never fetched: what it would declare is missing (an import is
    // a hint, so the import itself is no error); a redefinition of it cannot be applied.
    assert!(message("remote.xsd").contains("remote.xsd:3:3"), "{}", message("remote.xsd"));
    assert!(message("remote.xsd").contains("is not defined"), "{}", message("remote.xsd"));
    assert!(message("redefine.xsd").contains("redefine.xsd:2:3"), "{}", message("redefine.xsd"));
    assert!(message("redefine.xsd").contains("never fetched"), "{}", message("redefine.xsd"));
    assert!(message("bad.xsd").contains("bad.xsd:2:3"), "{}", message("bad.xsd"));
    assert!(message("unsupported.xsd").contains("unsupported.xsd:2:"), "{}", message("unsupported.xsd"));
    assert!(message("unsupported.xsd").contains("not an XSD regular expression"), "{}", message("unsupported.xsd"));
}

/// The alternatives an unexpected element is told about: an abstract head is named only
/// through its substitution group, in a sequence and in `xs:all` alike, and the end of
/// the parent is offered where the content may end.
#[test]
fn expected_alternatives_name_substitution_group_members() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="shape" abstract="true"/>
  <xs:element name="circle" substitutionGroup="shape"/>
  <xs:element name="square" substitutionGroup="shape"/>
  <xs:element name="seq">
    <xs:complexType><xs:sequence>
      <xs:element name="id" type="xs:int"/>
      <xs:element ref="shape" minOccurs="0"/>
    </xs:sequence></xs:complexType>
  </xs:element>
  <xs:element name="all">
    <xs:complexType><xs:all>
      <xs:element name="id" type="xs:int"/>
      <xs:element ref="shape"/>
    </xs:all></xs:complexType>
  </xs:element>
</xs:schema>"#,
    )
    .unwrap();
    let check = XsdCheck::compile(&ArtifactRoot::Directory(dir.path().to_path_buf()), "s.xsd").unwrap();
    let messages =
        |xml: &str| -> Vec<String> { check.validate(xml.as_bytes()).into_iter().map(|f| f.message).collect() };
    assert_eq!(
        messages("<seq><id>1</id><x/></seq>"),
        ["element `x` is not expected here: expected one of: circle, square (or the end of the parent element)"]
    );
    assert_eq!(messages("<seq><id>1</id><square/></seq>"), Vec::<String>::new());
    assert_eq!(messages("<seq><x/></seq>"), ["element `x` is not expected here: expected one of: id"]);
    assert_eq!(messages("<all><circle/><x/></all>"), ["element `x` is not expected here: expected one of: id"]);
    let incomplete = messages("<all><id>1</id></all>");
    assert_eq!(incomplete.len(), 1);
    assert!(incomplete[0].contains("circle, square"), "{incomplete:?}");
}

/// XSD 1.0 forms the engine once refused or ignored: `1`/`0` booleans, the predeclared
/// `xml` prefix with the XML namespace's attributes, recursion through a local element,
/// Unicode block escapes, and identity XPaths with `attribute::` and spaces.
#[test]
fn xsd10_forms_compile_and_validate() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:import namespace="http://www.w3.org/XML/1998/namespace"/>
  <xs:group name="g"><xs:sequence>
    <xs:element name="e" minOccurs="0"><xs:complexType mixed="1"><xs:group ref="g"/></xs:complexType></xs:element>
  </xs:sequence></xs:group>
  <xs:element name="r" nillable="1">
    <xs:complexType>
      <xs:sequence><xs:group ref="g"/><xs:element name="k" minOccurs="0" maxOccurs="unbounded">
        <xs:complexType><xs:attribute name="v" type="xs:string"/></xs:complexType></xs:element></xs:sequence>
      <xs:attribute ref="xml:lang"/>
      <xs:attribute name="b"><xs:simpleType><xs:restriction base="xs:string">
        <xs:pattern value="\p{IsBasicLatin}*"/></xs:restriction></xs:simpleType></xs:attribute>
    </xs:complexType>
    <xs:unique name="u"><xs:selector xpath=" . / k "/><xs:field xpath="attribute :: v"/></xs:unique>
  </xs:element>
</xs:schema>"#,
    )
    .unwrap();
    let check = XsdCheck::compile(&ArtifactRoot::Directory(dir.path().to_path_buf()), "s.xsd").unwrap();
    let valid = |xml: &str| check.validate(xml.as_bytes()).is_empty();
    assert!(valid(r#"<r xml:lang="en" b="abc"><e>text<e/></e><k v="1"/><k v="2"/></r>"#));
    assert!(valid(r#"<r xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:nil="true"/>"#));
    assert!(!valid(r#"<r xml:lang="not a language"/>"#));
    assert!(!valid("<r b=\"\u{e9}\"/>"));
    assert!(!valid(r#"<r><k v="1"/><k v="1"/></r>"#));
    std::fs::write(
        dir.path().join("bad.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="r" nillable="yes"/>
</xs:schema>"#,
    )
    .unwrap();
    let err = XsdCheck::compile(&ArtifactRoot::Directory(dir.path().to_path_buf()), "bad.xsd").err().unwrap();
    assert!(err.to_string().contains("bad.xsd:2:3"), "{err}");
}

/// Two global declarations of one name in one symbol space are a schema error at the
/// second, naming the first; a document reached twice is read once.
#[test]
fn duplicate_global_declarations_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let write = |name: &str, text: &str| std::fs::write(dir.path().join(name), text).unwrap();
    write(
        "twice.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="t"><xs:restriction base="xs:string"/></xs:simpleType>
  <xs:complexType name="t"/>
</xs:schema>"#,
    );
    write(
        "common.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:c"><xs:element name="c"/></xs:schema>"#,
    );
    write(
        "main.xsd",
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="urn:c">
  <xs:include schemaLocation="common.xsd"/><xs:include schemaLocation="./common.xsd"/>
  <xs:import namespace="urn:c" schemaLocation="common.xsd"/>
</xs:schema>"#,
    );
    let root = ArtifactRoot::Directory(dir.path().to_path_buf());
    let err = XsdCheck::compile(&root, "twice.xsd").err().unwrap().to_string();
    assert!(err.contains("twice.xsd:3:3") && err.contains("declared twice") && err.contains("twice.xsd:2:3"), "{err}");
    XsdCheck::compile(&root, "main.xsd").unwrap();
}

/// Identity-constraint names are one symbol space; a keyref names a key or unique with as
/// many fields.
#[test]
fn identity_constraint_definitions_are_checked() {
    let dir = tempfile::tempdir().unwrap();
    let root = ArtifactRoot::Directory(dir.path().to_path_buf());
    let compile = |body: &str| {
        std::fs::write(
            dir.path().join("s.xsd"),
            format!(r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="r">{body}</xs:element></xs:schema>"#),
        )
        .unwrap();
        XsdCheck::compile(&root, "s.xsd").err().map(|e| e.to_string())
    };
    let key = r#"<xs:key name="k"><xs:selector xpath="a"/><xs:field xpath="@x"/></xs:key>"#;
    assert_eq!(compile(key), None);
    assert!(compile(&format!("{key}{key}")).unwrap().contains("defined twice"));
    let keyref = r#"<xs:keyref name="r" refer="k"><xs:selector xpath="b"/><xs:field xpath="@x"/><xs:field xpath="@y"/></xs:keyref>"#;
    assert!(compile(&format!("{key}{keyref}")).unwrap().contains("2 fields"));
    assert!(compile(keyref).unwrap().contains("no key or unique"));
}

/// `final` forbids deriving from a type; `block` forbids an `xsi:type` derived that way,
/// and substitution for a head that blocks it.
#[test]
fn block_and_final_are_enforced() {
    let dir = tempfile::tempdir().unwrap();
    let root = ArtifactRoot::Directory(dir.path().to_path_buf());
    std::fs::write(
        dir.path().join("s.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:complexType name="b"><xs:sequence><xs:element name="x" minOccurs="0"/></xs:sequence></xs:complexType>
  <xs:complexType name="d"><xs:complexContent><xs:extension base="b"/></xs:complexContent></xs:complexType>
  <xs:element name="r"><xs:complexType><xs:sequence>
    <xs:element name="open" type="b"/><xs:element name="shut" type="b" block="extension"/>
    <xs:element ref="head"/>
  </xs:sequence></xs:complexType></xs:element>
  <xs:element name="head" type="b" block="substitution"/>
  <xs:element name="member" type="b" substitutionGroup="head"/>
</xs:schema>"#,
    )
    .unwrap();
    let check = XsdCheck::compile(&root, "s.xsd").unwrap();
    let xsi = r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#;
    assert!(check.validate(format!(r#"<r {xsi}><open xsi:type="d"/><shut/><head/></r>"#).as_bytes()).is_empty());
    assert_eq!(check.validate(format!(r#"<r {xsi}><open/><shut xsi:type="d"/><head/></r>"#).as_bytes()).len(), 1);
    assert!(!check.validate(format!("<r {xsi}><open/><shut/><member/></r>").as_bytes()).is_empty());
    std::fs::write(
        dir.path().join("f.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" finalDefault="extension">
  <xs:complexType name="b"/>
  <xs:complexType name="d"><xs:complexContent><xs:extension base="b"/></xs:complexContent></xs:complexType>
</xs:schema>"#,
    )
    .unwrap();
    assert!(XsdCheck::compile(&root, "f.xsd").err().unwrap().to_string().contains("f.xsd:3:"));
}

/// `xsi:type` may name a member type of the declared union (XSD 1.0 Type Derivation OK
/// (Simple) 2.2.4), unless the union is restricted by facets; a substitution-group member's
/// type must derive from the head's.
#[test]
fn union_members_by_xsi_type_and_member_types() {
    let dir = tempfile::tempdir().unwrap();
    let root = ArtifactRoot::Directory(dir.path().to_path_buf());
    std::fs::write(
        dir.path().join("s.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:simpleType name="u"><xs:union memberTypes="xs:int xs:date"/></xs:simpleType>
  <xs:element name="r" type="u"/>
</xs:schema>"#,
    )
    .unwrap();
    let check = XsdCheck::compile(&root, "s.xsd").unwrap();
    let xsi = r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xs="http://www.w3.org/2001/XMLSchema""#;
    assert!(check.validate(format!(r#"<r {xsi} xsi:type="xs:int">5</r>"#).as_bytes()).is_empty());
    assert!(!check.validate(format!(r#"<r {xsi} xsi:type="xs:int">2020-01-01</r>"#).as_bytes()).is_empty());
    assert!(!check.validate(format!(r#"<r {xsi} xsi:type="xs:string">5</r>"#).as_bytes()).is_empty());
    std::fs::write(
        dir.path().join("m.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="h" type="xs:int"/>
  <xs:element name="m" type="xs:string" substitutionGroup="h"/>
</xs:schema>"#,
    )
    .unwrap();
    assert!(XsdCheck::compile(&root, "m.xsd").err().unwrap().to_string().contains("m.xsd:3:"));
}

/// Identity-constraint fields: a field that selects two nodes is an error, and an absent
/// attribute with a default value takes part with that value.
#[test]
fn identity_fields_select_one_node_and_see_default_attributes() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:element name="r">
    <xs:complexType><xs:sequence>
      <xs:element name="u" maxOccurs="unbounded">
        <xs:complexType>
          <xs:sequence>
            <xs:element name="p" type="xs:string" minOccurs="0" maxOccurs="unbounded"/>
            <xs:element name="q" minOccurs="0"><xs:complexType><xs:sequence><xs:element name="z"/></xs:sequence></xs:complexType></xs:element>
          </xs:sequence>
          <xs:attribute name="v" default="d"/>
        </xs:complexType>
      </xs:element>
    </xs:sequence></xs:complexType>
    <xs:unique name="byV"><xs:selector xpath="u"/><xs:field xpath="@v|@v"/></xs:unique>
    <xs:unique name="byP"><xs:selector xpath="u"/><xs:field xpath="p"/></xs:unique>
    <xs:unique name="byQ"><xs:selector xpath="u"/><xs:field xpath="q"/></xs:unique>
  </xs:element>
</xs:schema>"#,
    )
    .unwrap();
    let check = XsdCheck::compile(&ArtifactRoot::Directory(dir.path().to_path_buf()), "s.xsd").unwrap();
    let messages = |xml: &str| check.validate(xml.as_bytes()).into_iter().map(|f| f.message).collect::<Vec<_>>();
    assert_eq!(messages(r#"<r><u v="a"><p>1</p></u><u v="b"/></r>"#), Vec::<String>::new());
    let defaulted = messages(r#"<r><u v="d"/><u/></r>"#);
    assert_eq!(defaulted.len(), 1, "{defaulted:?}");
    assert!(defaulted[0].contains("duplicate value 'd'"), "{defaulted:?}");
    let two = messages(r#"<r><u v="a"><p>1</p><p>2</p></u></r>"#);
    assert_eq!(two.len(), 1, "{two:?}");
    assert!(two[0].contains("`byP`: field 1 selects more than one node"), "{two:?}");
    let complex = messages(r#"<r><u v="a"><q><z/></q></u></r>"#);
    assert_eq!(complex.len(), 1, "{complex:?}");
    assert!(complex[0].contains("`byQ`: field 1 selects an element whose content is not simple"), "{complex:?}");
}

/// An extension's attribute wildcard is the union of its own and its base's; a
/// restriction's is its own only; a type's own meets its attribute groups'. A root element without a declaration is validated
/// against the type its `xsi:type` names.
#[test]
fn extension_wildcards_unite_and_xsi_type_validates_an_undeclared_root() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.xsd"),
        r###"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:complexType name="base"><xs:anyAttribute namespace="##local" processContents="skip"/></xs:complexType>
  <xs:complexType name="ext"><xs:complexContent><xs:extension base="base">
    <xs:anyAttribute namespace="urn:o" processContents="skip"/>
  </xs:extension></xs:complexContent></xs:complexType>
  <xs:complexType name="code"><xs:simpleContent><xs:extension base="xs:string">
    <xs:anyAttribute processContents="skip"/>
  </xs:extension></xs:simpleContent></xs:complexType>
  <xs:complexType name="strict"><xs:simpleContent><xs:restriction base="code"/></xs:simpleContent></xs:complexType>
  <xs:attributeGroup name="other"><xs:anyAttribute namespace="##other" processContents="skip"/></xs:attributeGroup>
  <xs:complexType name="both"><xs:attributeGroup ref="other"/><xs:anyAttribute namespace="urn:o ##local" processContents="skip"/></xs:complexType>
  <xs:element name="e" type="ext"/>
  <xs:element name="s" type="strict"/>
  <xs:element name="b" type="both"/>
</xs:schema>"###,
    )
    .unwrap();
    let check = XsdCheck::compile(&ArtifactRoot::Directory(dir.path().to_path_buf()), "s.xsd").unwrap();
    let count = |xml: &str| check.validate(xml.as_bytes()).len();
    assert_eq!(count(r#"<e a="1" xmlns:o="urn:o" o:b="2"/>"#), 0);
    assert_eq!(count(r#"<e xmlns:p="urn:p" p:b="2"/>"#), 1);
    assert_eq!(count(r#"<s a="1">x</s>"#), 1);
    // A type's own wildcard meets its attribute groups': only urn:o is in both.
    assert_eq!(count(r#"<b xmlns:o="urn:o" o:b="2"/>"#), 0);
    assert_eq!(count(r#"<b a="1"/>"#), 1);
    let xsi = r#"xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance""#;
    assert_eq!(count(&format!(r#"<undeclared {xsi} xsi:type="ext" a="1"/>"#)), 0);
    assert_eq!(count(&format!(r#"<undeclared {xsi} xsi:type="ext"><child/></undeclared>"#)), 1);
    assert_eq!(count(&format!(r#"<undeclared {xsi} xsi:type="nope"/>"#)), 1);
    assert_eq!(count("<undeclared/>"), 1);
}

/// cvc-elt.5.2.2: an element of mixed type with a fixed value has no element children
/// and no other text; cvc-complex-type.5: at most one wildcard attribute of type ID, and
/// none beside a declared one.
#[test]
fn fixed_mixed_elements_and_wildcard_ids() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("s.xsd"),
        r#"<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">
  <xs:complexType name="m" mixed="true"><xs:sequence><xs:element name="c" minOccurs="0"/></xs:sequence></xs:complexType>
  <xs:complexType name="w"><xs:attribute name="own" type="xs:string"/><xs:anyAttribute/></xs:complexType>
  <xs:complexType name="wid"><xs:attribute name="own" type="xs:ID"/><xs:anyAttribute/></xs:complexType>
  <xs:element name="f" type="m" fixed="abc"/>
  <xs:element name="r"><xs:complexType><xs:sequence>
    <xs:element ref="f" minOccurs="0" maxOccurs="unbounded"/>
    <xs:element name="x" type="w" minOccurs="0"/><xs:element name="y" type="wid" minOccurs="0"/>
  </xs:sequence></xs:complexType></xs:element>
  <xs:attribute name="a" type="xs:ID"/>
  <xs:attribute name="b" type="xs:ID"/>
</xs:schema>"#,
    )
    .unwrap();
    let check = XsdCheck::compile(&ArtifactRoot::Directory(dir.path().to_path_buf()), "s.xsd").unwrap();
    let count = |xml: &str| check.validate(xml.as_bytes()).len();
    assert_eq!(count("<r><f>abc</f><f/></r>"), 0);
    assert_eq!(count("<r><f>def</f></r>"), 1);
    assert_eq!(count("<r><f>abc<c/></f></r>"), 1);
    assert_eq!(count(r#"<r><x a="i1"/></r>"#), 0);
    assert_eq!(count(r#"<r><x a="i1" b="i2"/></r>"#), 1);
    assert_eq!(count(r#"<r><y own="i1" a="i2"/></r>"#), 1);
}
