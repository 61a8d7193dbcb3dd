//! Reader tests: events, spans, namespaces, encodings and hostile input.

use std::fmt::Write as _;

use super::*;
use crate::SyntaxError;
use conform_diagnostics::Location;

fn events(xml: &[u8]) -> Result<Vec<XmlEvent<'static>>, SyntaxError> {
    let mut reader = XmlReader::new(xml);
    let mut events = Vec::new();
    while let Some((event, _)) = reader.next_event()? {
        events.push(event.into_owned());
    }
    Ok(events)
}

fn error(xml: &[u8]) -> SyntaxError {
    events(xml).expect_err("the input is refused")
}

#[test]
fn yields_namespaced_elements_attributes_and_text() {
    let xml = br#"<?xml version="1.0"?>
<b:definitions xmlns:b="urn:bpmn" xmlns:v="urn:vendor" id="D">
  <b:task id="T&amp;1" v:x="1">a &lt; b<![CDATA[<c>]]></b:task>
  <v:ext/>
</b:definitions>"#;
    let events = events(xml).unwrap();
    let starts: Vec<&StartTag<'_>> =
        events.iter().filter_map(|e| if let XmlEvent::Start(s) = e { Some(s) } else { None }).collect();
    assert_eq!(starts.len(), 3);
    assert!(starts[0].name.is("urn:bpmn", "definitions"));
    let task = starts[1];
    assert_eq!(task.depth, 2);
    assert_eq!(&xml[task.span.start..task.span.end], br#"<b:task id="T&amp;1" v:x="1">"#);
    let id = task.attribute("id").unwrap();
    assert_eq!(id.value, "T&1");
    assert_eq!(&xml[id.value_span.start..id.value_span.end], b"T&amp;1");
    assert_eq!(task.attributes[1].name.namespace.as_deref(), Some("urn:vendor"));
    let text: String =
        events.iter().filter_map(|e| if let XmlEvent::Text(t) = e { Some(t.text.to_string()) } else { None }).collect();
    assert!(text.contains("a < b<c>"));
    assert!(starts[2].self_closing && starts[2].name.is("urn:vendor", "ext"));
    let ends = events.iter().filter(|e| matches!(e, XmlEvent::End(_))).count();
    assert_eq!(ends, 3);
}

#[test]
fn namespace_numbers_are_equal_exactly_when_the_uris_are() {
    // Two prefixes for one URI, one prefix rebound to another URI, and a name in no namespace,
    // across enough elements to span several batches read ahead.
    let mut xml = String::from(r#"<p:r xmlns:p="urn:one" xmlns:q="urn:one">"#);
    for _ in 0..5_000 {
        xml.push_str(r#"<q:a/><p:b xmlns:p="urn:two"><p:c/></p:b><d/>"#);
    }
    xml.push_str("</p:r>");
    let mut reader = XmlReader::new(std::io::Cursor::new(xml.into_bytes())).read_ahead();
    let mut ids: Vec<(Option<String>, Option<u32>)> = Vec::new();
    while let Some((event, _)) = reader.next_event().unwrap() {
        if let XmlEvent::Start(tag) = event {
            ids.push((tag.name.namespace.map(std::borrow::Cow::into_owned), tag.name.namespace_id));
        }
    }
    assert_eq!(ids.len(), 1 + 5_000 * 4);
    for (a_uri, a_id) in &ids {
        assert_eq!(a_uri.is_none(), a_id.is_none());
        for (b_uri, b_id) in ids.iter().take(5) {
            assert_eq!(a_uri == b_uri, a_id == b_id, "{a_uri:?} {b_uri:?}");
        }
    }
}

#[test]
fn default_namespace_applies_to_elements_not_attributes() {
    let xml = br#"<a xmlns="urn:x" k="v"><b xmlns=""/></a>"#;
    let events = events(xml).unwrap();
    let XmlEvent::Start(a) = &events[0] else { panic!() };
    assert_eq!(a.name.namespace.as_deref(), Some("urn:x"));
    assert_eq!(a.attributes[0].name.namespace, None);
    let XmlEvent::Start(b) = &events[1] else { panic!() };
    assert_eq!(b.name.namespace, None);
}

#[test]
fn latin1_declared_documents_are_decoded_and_positioned() {
    let xml = b"<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?>\n<a n=\"Gem\xE9ente\">\xE9<b id=\"x\"/></a>";
    let mut reader = XmlReader::new(&xml[..]);
    let mut starts = Vec::new();
    while let Some((event, scope)) = reader.next_event().unwrap() {
        if let XmlEvent::Start(tag) = event {
            let at = scope.location(tag.span);
            let value = tag.attributes.first().map(|a| (a.value.to_string(), scope.line_col(a.value_span.start)));
            starts.push((at, value));
        }
    }
    let (_, Some((value, at))) = &starts[0] else { panic!() };
    assert_eq!((value.as_str(), at.line, at.column), ("Geméente", 2, 7));
    let (at, _) = &starts[1];
    assert_eq!((at.start.line, at.start.column, at.end.column), (2, 18, 29));
    let positions = Positions::new(xml, reader.encoding());
    assert_eq!(positions.line_col(xml, 61).column, 18);
}

/// Every span an event carries: the tag, text or end tag, and each attribute's name and value.
fn spans(event: &XmlEvent<'_>) -> Vec<conform_diagnostics::Span> {
    match event {
        XmlEvent::Start(tag) => {
            let mut spans = vec![tag.span];
            spans.extend(tag.attributes.iter().flat_map(|a| [a.name_span, a.value_span]));
            spans
        }
        XmlEvent::End(end) => vec![end.span],
        XmlEvent::Text(text) => vec![text.span],
    }
}

#[test]
fn streamed_positions_match_the_whole_input_index() {
    let xml = "\u{feff}<a>\n  <b k=\"é\">ü</b>\r\n<c\n x=\"1\"/>ç<d/></a>".as_bytes();
    let positions = Positions::new(xml, TextEncoding::Utf8);
    let mut reader = XmlReader::new(xml);
    let mut seen = 0;
    while let Some((event, scope)) = reader.next_event().unwrap() {
        for span in spans(&event) {
            assert_eq!(scope.location(span), positions.location(xml, span), "{span:?}");
            seen += 1;
        }
    }
    assert!(seen > 10);
}

#[test]
fn utf8_bom_is_skipped_and_counted() {
    let xml = b"\xEF\xBB\xBF<a/>";
    let events = events(xml).unwrap();
    let XmlEvent::Start(a) = &events[0] else { panic!() };
    assert_eq!(a.span, conform_diagnostics::Span::new(3, 7));
}

#[test]
fn billion_laughs_is_refused() {
    let mut xml = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n <!ENTITY lol0 \"lol\">\n");
    for i in 1..10 {
        let previous = format!("&lol{};", i - 1).repeat(10);
        writeln!(xml, " <!ENTITY lol{i} \"{previous}\">").unwrap();
    }
    xml.push_str("]>\n<lolz>&lol9;</lolz>");
    let err = error(xml.as_bytes());
    assert!(err.message.contains("entity expansion attack"), "{}", err.message);
    assert_eq!(err.span.start, xml.find("&lol9;").unwrap());
}

#[test]
fn entities_expanding_into_too_many_elements_are_refused() {
    let mut xml = String::from("<!DOCTYPE d [<!ENTITY e0 \"<a/>\">");
    for i in 1..6 {
        let previous = format!("&e{};", i - 1).repeat(10);
        write!(xml, "<!ENTITY e{i} \"{previous}\">").unwrap();
    }
    xml.push_str("]><d>&e5;</d>");
    assert!(error(xml.as_bytes()).message.contains("events"));
}

#[test]
fn internal_entities_are_expanded_in_text_markup_and_attributes() {
    let xml = br#"<!DOCTYPE d [
<!ENTITY who "world">
<!ENTITY greet "<g n='&who;'>hello &who;</g>">
<!ATTLIST d a CDATA #IMPLIED>
]>
<d a="&who;&#33;">&greet;!</d>"#;
    let events = events(xml).unwrap();
    let XmlEvent::Start(d) = &events[0] else { panic!() };
    assert_eq!(d.attributes[0].value, "world!");
    let XmlEvent::Start(g) = &events[1] else { panic!("{events:?}") };
    assert_eq!((g.name.local.as_ref(), g.attributes[0].value.as_ref()), ("g", "world"));
    assert!(matches!(&events[2], XmlEvent::Text(t) if t.text == "hello world"));
    assert!(matches!(&events[3], XmlEvent::End(e) if e.name.local == "g"));
    assert!(matches!(&events[4], XmlEvent::Text(t) if t.text == "!"));
}

#[test]
fn parameter_entities_are_read_as_declarations() {
    let xml = br#"<!DOCTYPE doc [
<!ENTITY % m "(#PCDATA)">
<!ENTITY % d "<!ELEMENT doc &#37;m;><!ENTITY e 'x'>">
%d;
]><doc>&e;</doc>"#;
    let read = events(xml).unwrap();
    assert!(matches!(&read[1], XmlEvent::Text(t) if t.text == "x"), "{read:?}");
    let xml = br#"<!DOCTYPE doc [
<!ENTITY % c "<![INCLUDE[<!ENTITY e 'in'>]]><![IGNORE[<![IGNORE[ junk ]]> <!ENTITY e 'out'>]]>">
%c;
]><doc>&e;</doc>"#;
    assert!(matches!(&events(xml).unwrap()[1], XmlEvent::Text(t) if t.text == "in"));
    assert!(error(b"<!DOCTYPE doc [<![INCLUDE[]]>]><doc/>").message.contains("external DTD subset"));
    let err = error(b"<!DOCTYPE doc [<!ELEMENT doc %m;>]><doc/>");
    assert!(err.message.contains("malformed DTD"), "{}", err.message);
}

#[test]
fn entity_constraints_are_located_at_the_reference() {
    let refused = |xml: &str, needle: &str| {
        let err = error(xml.as_bytes());
        assert!(err.message.contains(needle), "{xml}: {}", err.message);
        err.span.start
    };
    let xml = "<!DOCTYPE d [<!ENTITY e \"<a>\">]><d>&e;</d>";
    assert_eq!(refused(xml, "balanced"), xml.find("&e;").unwrap());
    refused("<!DOCTYPE d [<!ENTITY e \"&e;\">]><d>&e;</d>", "No Recursion");
    refused("<!DOCTYPE d [<!ENTITY e \"<\">]><d a='&e;'/>", "`<`");
    refused("<!DOCTYPE d [<!ENTITY e SYSTEM 'e.xml'>]><d a='&e;'/>", "external entity");
    refused("<!DOCTYPE d [<!ENTITY e SYSTEM 'e.xml'>]><d>&e;</d>", "never fetched");
    refused("<!DOCTYPE d [<!ENTITY a 'x'>]><d>&b;</d>", "Entity Declared");
    assert_eq!(refused("<!DOCTYPE d SYSTEM 'd.dtd'><d>&b;</d>", "never fetched"), 12);
    refused("<!DOCTYPE d [<!ENTITY % p SYSTEM 'p.ent'> %p;]><d/>", "never fetched");
    refused("<?xml version='1.0' standalone='yes'?><!DOCTYPE d SYSTEM 'd.dtd'><d>&b;</d>", "Entity Declared");
    let xml = "<!DOCTYPE d [\n<!ELEMENT d (a|b,c)>\n]><d/>";
    let err = error(xml.as_bytes());
    assert!(err.message.contains("mixes"), "{}", err.message);
    let mut reader = XmlReader::new(xml.as_bytes());
    let err = reader.next_event().err().unwrap();
    let location = reader.location(err.span);
    assert_eq!((location.start.line, location.start.column), (2, 17));
}

#[test]
fn utf16_documents_are_transcoded_with_exact_lines_and_columns() {
    let text = "<?xml version='1.0' encoding='UTF-16'?>\n<a b='é'>x</a>";
    for bom in [&b"\xFF\xFE"[..], b"\xFE\xFF"] {
        let mut bytes = bom.to_vec();
        for unit in text.encode_utf16() {
            bytes.extend(if bom[0] == 0xFF { unit.to_le_bytes() } else { unit.to_be_bytes() });
        }
        let mut reader = XmlReader::new(&bytes[..]);
        let (XmlEvent::Start(a), scope) = reader.next_event().unwrap().unwrap() else { panic!() };
        assert_eq!(a.attributes[0].value, "é");
        let at = scope.line_col(a.attributes[0].value_span.start);
        assert_eq!((at.line, at.column), (2, 7));
    }
}

#[test]
fn dtd_namespace_defaults_apply_and_tokenized_values_collapse() {
    let xml = br#"<!DOCTYPE d [
<!ATTLIST d xmlns CDATA #FIXED "urn:d" t NMTOKENS #IMPLIED c CDATA #IMPLIED>
]>
<d t="  a
  b " c=" x "/>"#;
    let events = events(xml).unwrap();
    let XmlEvent::Start(d) = &events[0] else { panic!() };
    assert_eq!(d.name.namespace.as_deref(), Some("urn:d"));
    let values: Vec<&str> = d.attributes.iter().map(|a| a.value.as_ref()).collect();
    assert_eq!(values, ["a b", " x "]);
}

#[test]
fn names_and_expanded_attribute_names_are_checked() {
    assert!(error(b"<a 1b='x'/>").message.contains("attribute name"));
    assert!(error(b"<1a/>").message.contains("qualified name"));
    assert!(error(b"<?1pi x?><a/>").message.contains("target"));
    let err = error(br#"<a xmlns:p="u" xmlns:q="u" p:x="1" q:x="2"/>"#);
    assert!(err.message.contains("duplicates"), "{}", err.message);
    assert_eq!(err.span.start, 35);
}

#[test]
fn external_entities_are_refused() {
    let xml = br#"<!DOCTYPE foo SYSTEM "http://example.com/evil.dtd"><foo>&xxe;</foo>"#;
    assert!(error(xml).message.contains("external"));
    let undeclared = error(b"<foo>&xxe;</foo>");
    assert!(undeclared.message.contains("undeclared entity"), "{}", undeclared.message);
    assert_eq!(undeclared.span, conform_diagnostics::Span::new(5, 10));
}

#[test]
fn malformed_documents_are_located() {
    let unclosed = error(b"<a><b></b>");
    assert!(unclosed.message.contains("not closed"), "{}", unclosed.message);
    assert_eq!(unclosed.span.start, 0);
    assert!(error(b"<a><b></a>").message.contains("malformed"));
    assert!(error(b"<a></a><b/>").message.contains("second root"));
    assert!(error(b"{\"json\": true}").message.contains("not XML"));
    assert!(error(b"").message.contains("no root element"));
    assert!(error(b"<p:a/>").message.contains("prefix `p` is not declared"));
    assert!(error(b"<a>\xFF</a>").message.contains("UTF-8"));
    assert!(error(b"\xFF\xFE<\0a\0>\0").message.contains("not closed"));
    assert!(error(b"<?xml version='1.0' encoding='UTF-16'?><a/>").message.contains("byte order mark"));
    assert!(error(b"\xEF\xBB\xBF<?xml version='1.0' encoding='ISO-8859-1'?><a/>").message.contains("byte order mark"));
    assert!(error(b"<a b=1/>").message.contains("quoted"));
}

#[test]
fn deep_nesting_is_refused_without_recursion() {
    let depth = 100_000;
    let xml = format!("{}{}", "<a>".repeat(depth), "</a>".repeat(depth));
    let err = error(xml.as_bytes());
    assert!(err.message.contains("nested deeper than 512"));
    let shallow = format!("{}{}", "<a>".repeat(500), "</a>".repeat(500));
    assert!(events(shallow.as_bytes()).is_ok());
}

/// Events with the location of each of their spans, and how reading ended.
type Located = (Vec<(XmlEvent<'static>, Vec<Location>)>, Option<(SyntaxError, Location)>);

/// Every event of `xml` with the location of each of its spans, read inline or ahead.
fn located_events(xml: &[u8], ahead: bool) -> Located {
    let reader = XmlReader::new(std::io::Cursor::new(xml.to_vec()));
    let mut reader = if ahead { reader.read_ahead() } else { reader };
    let mut out = Vec::new();
    loop {
        match reader.next_event() {
            Ok(Some((event, scope))) => {
                let locations = spans(&event).into_iter().map(|span| scope.location(span)).collect();
                out.push((event.into_owned(), locations));
            }
            Ok(None) => return (out, None),
            Err(err) => {
                let location = reader.location(err.span);
                return (out, Some((err, location)));
            }
        }
    }
}

/// A document of many batches: namespaces, attributes, references, CDATA, multi-byte text.
fn large_document(items: usize) -> String {
    let mut xml = String::from("\u{feff}<?xml version=\"1.0\"?>\n<r:root xmlns:r=\"urn:r\" xmlns=\"urn:d\">\n");
    for i in 0..items {
        use std::fmt::Write as _;
        let _ = writeln!(
            xml,
            "  <item n=\"{i}\" r:k='a &amp; b'><name>Grüße {i} &lt;€&gt;</name><![CDATA[<x>]]><e xmlns=\"urn:e{}\"/></item>",
            i % 3
        );
    }
    xml.push_str("</r:root>\n");
    xml
}

#[test]
fn entities_expand_alike_inline_and_ahead_across_batches() {
    let mut xml =
        String::from("<!DOCTYPE r [<!ENTITY e \"<b a='&f;'>x\r\n&f;</b>\"><!ENTITY f \"Grüße\">]>\r\n<r>\r\n");
    for i in 0..20_000 {
        writeln!(xml, "  <i n=\"{i}\">&e;&amp;&e;</i>\r").unwrap();
    }
    xml.push_str("</r>");
    let (inline, inline_end) = located_events(xml.as_bytes(), false);
    let (ahead, ahead_end) = located_events(xml.as_bytes(), true);
    assert!(inline_end.is_none() && ahead_end.is_none(), "{inline_end:?}");
    assert!(inline == ahead, "same events and locations");
    let texts: Vec<&str> = inline
        .iter()
        .filter_map(|(e, _)| if let XmlEvent::Text(t) = e { Some(t.text.as_ref()) } else { None })
        .take(5)
        .collect();
    assert_eq!(texts, ["\n  ", "x\nGrüße", "&", "x\nGrüße", "\n  "]);
    assert_eq!(inline.iter().filter(|(e, _)| matches!(e, XmlEvent::Start(t) if t.name.local == "b")).count(), 40_000);
}

#[test]
fn reading_ahead_gives_the_same_events_and_positions_as_reading_inline() {
    let xml = large_document(5_000);
    assert!(xml.len() > 400_000, "spans several batches");
    let (inline, inline_end) = located_events(xml.as_bytes(), false);
    let (ahead, ahead_end) = located_events(xml.as_bytes(), true);
    assert!(inline_end.is_none() && ahead_end.is_none());
    assert_eq!(inline.len(), ahead.len());
    assert!(inline == ahead, "same events and locations");
    let positions = Positions::new(xml.as_bytes(), TextEncoding::Utf8);
    let XmlEvent::Start(last_item) =
        &inline.iter().rev().find(|(e, _)| matches!(e, XmlEvent::Start(t) if t.name.local == "item")).unwrap().0
    else {
        panic!()
    };
    assert_eq!(last_item.attribute("n").unwrap().value, "4999");
    for (event, locations) in &inline {
        if let XmlEvent::Start(tag) = event {
            assert_eq!(locations[0], positions.location(xml.as_bytes(), tag.span));
        }
    }
    let texts: String = inline
        .iter()
        .filter_map(|(e, _)| if let XmlEvent::Text(t) = e { Some(t.text.as_ref()) } else { None })
        .collect();
    assert!(texts.contains("Grüße 4998 <€><x>"));
}

#[test]
fn invalid_utf8_far_into_a_document_is_located_either_way() {
    let mut xml = large_document(3_000).into_bytes();
    let at = xml.len() - 300;
    let at = at + xml[at..].iter().position(|&b| b == b'G').unwrap();
    xml[at] = 0xFF;
    let positions = Positions::new(&xml, TextEncoding::Utf8);
    for ahead in [false, true] {
        let (events, end) = located_events(&xml, ahead);
        let (err, location) = end.expect("refused");
        assert_eq!(err.span.start, at, "{err:?}");
        assert!(err.message.contains("UTF-8"));
        assert_eq!(location.start, positions.line_col(&xml, at));
        assert!(events.len() > 26_000, "{ahead}: {}", events.len());
    }
}

#[test]
fn large_single_byte_documents_are_decoded_across_batches() {
    let text = large_document(3_000)
        .replace('€', "e")
        .replace('\u{feff}', "")
        .replace("version=\"1.0\"", "version=\"1.0\" encoding=\"ISO-8859-1\"");
    let (latin1, _, _) = encoding_rs::WINDOWS_1252.encode(&text);
    let (inline, end) = located_events(&latin1, false);
    assert!(end.is_none(), "{end:?}");
    let (ahead, _) = located_events(&latin1, true);
    assert!(inline == ahead);
    let positions = Positions::new(&latin1, TextEncoding::SingleByte(encoding_rs::WINDOWS_1252));
    let names: Vec<&str> = inline
        .iter()
        .filter_map(|(e, _)| if let XmlEvent::Text(t) = e { Some(t.text.as_ref()) } else { None })
        .collect();
    assert!(names.iter().any(|t| t.contains("Grüße 2999")), "decoded");
    for (event, locations) in &inline {
        if let XmlEvent::Start(tag) = event {
            assert_eq!(locations[0], positions.location(&latin1, tag.span));
        }
    }
}

#[test]
fn a_huge_text_node_is_read_in_pieces() {
    let mut xml = b"<a>".to_vec();
    xml.extend(std::iter::repeat_n(b'x', 3 * 1024 * 1024));
    xml.extend("é</a>".as_bytes());
    let (events, end) = located_events(&xml, true);
    assert!(end.is_none());
    let pieces: Vec<&str> = events
        .iter()
        .filter_map(|(e, _)| if let XmlEvent::Text(t) = e { Some(t.text.as_ref()) } else { None })
        .collect();
    assert!(pieces.len() > 1);
    assert_eq!(pieces.iter().map(|p| p.len()).sum::<usize>(), 3 * 1024 * 1024 + 2);
}
