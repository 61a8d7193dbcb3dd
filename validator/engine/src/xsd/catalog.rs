//! The W3C's own schema documents, embedded in the binary (an XML catalog that cannot be
//! configured): an `xs:import` of their namespace without a `schemaLocation`, or with one
//! of their exact W3C addresses, reads the bundled copy. Nothing is ever fetched; any other
//! remote location stays unread. Provenance and licence: `w3c/README.md`.

use super::model::XML_NS;

/// A bundled schema document.
#[derive(Debug)]
pub struct Bundled {
    /// Its target namespace.
    pub namespace: &'static str,
    /// The addresses it stands for, `http://` only (an `https://` address is the same).
    pub locations: &'static [&'static str],
    /// Its text.
    pub text: &'static str,
}

impl Bundled {
    /// The key a read schema document is known by (no relative path can be it).
    #[must_use]
    pub fn key(&self) -> String {
        format!("<bundled {}>", self.locations[0])
    }

    /// How a person sees it.
    #[must_use]
    pub fn display(&self) -> String {
        format!("{} (bundled)", self.locations[0])
    }
}

/// The bundled documents.
const BUNDLED: &[Bundled] = &[
    Bundled {
        namespace: XML_NS,
        locations: &["http://www.w3.org/2001/xml.xsd", "http://www.w3.org/2009/01/xml.xsd"],
        text: include_str!("w3c/xml.xsd"),
    },
    Bundled {
        namespace: "http://www.w3.org/1999/xlink",
        locations: &["http://www.w3.org/XML/2008/06/xlink.xsd", "http://www.w3.org/1999/xlink.xsd"],
        text: include_str!("w3c/xlink.xsd"),
    },
];

/// The bundled document an `xs:import` of `namespace` reads: the one at `location` when
/// that is one of its W3C addresses, or, without a location, the one of the namespace.
#[must_use]
pub fn import(namespace: &str, location: Option<&str>) -> Option<&'static Bundled> {
    match location {
        Some(location) => {
            let location = location.trim();
            let http = location.strip_prefix("https://").map_or_else(|| location.to_owned(), |l| format!("http://{l}"));
            BUNDLED.iter().find(|b| b.namespace == namespace && b.locations.contains(&http.as_str()))
        }
        None => BUNDLED.iter().find(|b| b.namespace == namespace),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_addresses_and_namespaces_only() {
        let xlink = "http://www.w3.org/1999/xlink";
        assert!(import(xlink, Some("http://www.w3.org/XML/2008/06/xlink.xsd")).is_some());
        assert!(import(xlink, Some("https://www.w3.org/1999/xlink.xsd")).is_some());
        assert!(import(xlink, None).is_some());
        assert!(import(XML_NS, Some(" http://www.w3.org/2001/xml.xsd ")).is_some());
        // Another address, even of the same namespace, is not the bundled document.
        assert!(import(xlink, Some("http://schemas.opengis.net/xlink/1.0.0/xlinks.xsd")).is_none());
        assert!(import(XML_NS, Some("http://www.w3.org/2001/03/xml.xsd")).is_none());
        // An address under another namespace is not a match either.
        assert!(import("urn:other", Some("http://www.w3.org/2001/xml.xsd")).is_none());
        assert!(import("urn:other", None).is_none());
    }

    #[test]
    fn bundled_documents_are_schemas_of_their_namespace() {
        for bundled in BUNDLED {
            let doc = roxmltree::Document::parse(bundled.text).unwrap();
            assert_eq!(doc.root_element().attribute("targetNamespace"), Some(bundled.namespace));
        }
    }
}
