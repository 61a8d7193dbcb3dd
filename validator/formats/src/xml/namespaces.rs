//! In-scope namespace bindings while reading.

use std::sync::Arc;

/// The namespace of the `xml:` prefix, bound in every document.
pub(super) const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// Prefix → namespace bindings of the open elements, innermost last.
#[derive(Debug)]
pub(super) struct Namespaces {
    bindings: Vec<(Box<str>, Option<Arc<str>>)>,
    scopes: Vec<usize>,
    xml: Arc<str>,
}

impl Default for Namespaces {
    fn default() -> Self {
        Self { bindings: Vec::new(), scopes: Vec::new(), xml: Arc::from(XML_NAMESPACE) }
    }
}

impl Namespaces {
    /// Opens the scope of a new element.
    pub(super) fn push_scope(&mut self) {
        self.scopes.push(self.bindings.len());
    }

    /// Closes the innermost element's scope.
    pub(super) fn pop_scope(&mut self) {
        if let Some(len) = self.scopes.pop() {
            self.bindings.truncate(len);
        }
    }

    /// Binds `prefix` (`""` for the default namespace) in the innermost scope; an empty
    /// `uri` undeclares the default namespace.
    pub(super) fn bind(&mut self, prefix: &str, uri: &str) {
        let uri = (!uri.is_empty()).then(|| self.intern(uri));
        self.bindings.push((prefix.into(), uri));
    }

    /// The namespace of `prefix`, or `Err(())` when the prefix is not bound. `Ok(None)` is
    /// no namespace (the default prefix with no default namespace declared).
    pub(super) fn resolve(&self, prefix: &str) -> Result<Option<&Arc<str>>, ()> {
        if prefix == "xml" {
            return Ok(Some(&self.xml));
        }
        match self.bindings.iter().rev().find(|(p, _)| &**p == prefix) {
            Some((_, uri)) => Ok(uri.as_ref()),
            None if prefix.is_empty() => Ok(None),
            None => Err(()),
        }
    }

    /// Reuses the `Arc` of an already bound equal namespace.
    fn intern(&self, uri: &str) -> Arc<str> {
        self.bindings
            .iter()
            .rev()
            .find_map(|(_, u)| u.as_ref().filter(|u| &***u == uri).cloned())
            .unwrap_or_else(|| Arc::from(uri))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_shadow_and_restore() {
        let mut ns = Namespaces::default();
        ns.push_scope();
        ns.bind("b", "urn:one");
        ns.push_scope();
        ns.bind("b", "urn:two");
        assert_eq!(ns.resolve("b").unwrap().map(|n| &**n), Some("urn:two"));
        ns.pop_scope();
        assert_eq!(ns.resolve("b").unwrap().map(|n| &**n), Some("urn:one"));
        assert_eq!(ns.resolve(""), Ok(None));
        assert_eq!(ns.resolve("zz"), Err(()));
        assert_eq!(ns.resolve("xml").unwrap().map(|n| &**n), Some(XML_NAMESPACE));
    }
}
