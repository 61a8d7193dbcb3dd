//! In-scope namespace bindings while reading.

/// The namespace of the `xml:` prefix, bound in every document.
pub(super) const XML_NAMESPACE: &str = "http://www.w3.org/XML/1998/namespace";

/// Distinct namespace URIs accepted in one document (each is kept until the end).
const MAX_NAMESPACES: usize = 10_000;

/// A namespace URI, as an index into [`Namespaces::uri`].
pub(super) type Ns = u32;

/// Prefix → namespace bindings of the open elements, innermost last. URIs are interned:
/// each distinct URI is stored once and names carry its index, so an element's namespace
/// outlives the scope that bound it (its end tag still names it).
#[derive(Debug)]
pub(super) struct Namespaces {
    uris: Vec<Box<str>>,
    bindings: Vec<(Box<str>, Option<Ns>)>,
    scopes: Vec<usize>,
}

impl Default for Namespaces {
    fn default() -> Self {
        Self { uris: vec![XML_NAMESPACE.into()], bindings: Vec::new(), scopes: Vec::new() }
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
    /// `uri` undeclares the default namespace. `Err` when the document names more
    /// distinct namespaces than are kept.
    pub(super) fn bind(&mut self, prefix: &str, uri: &str) -> Result<Option<Ns>, ()> {
        let uri = if uri.is_empty() { None } else { Some(self.intern(uri)?) };
        self.bind_interned(prefix, uri);
        Ok(uri)
    }

    /// Binds `prefix` to an already interned namespace.
    pub(super) fn bind_interned(&mut self, prefix: &str, uri: Option<Ns>) {
        self.bindings.push((prefix.into(), uri));
    }

    /// How many namespaces are interned.
    pub(super) fn count(&self) -> usize {
        self.uris.len()
    }

    /// The URIs interned from index `from` on.
    pub(super) fn since(&self, from: usize) -> impl Iterator<Item = &str> {
        self.uris.iter().skip(from).map(|uri| &**uri)
    }

    /// Interns `uri` as the next namespace, as another reader numbered it.
    pub(super) fn push_uri(&mut self, uri: Box<str>) {
        self.uris.push(uri);
    }

    /// The namespace of `prefix`, or `Err(())` when the prefix is not bound. `Ok(None)` is
    /// no namespace (the default prefix with no default namespace declared).
    pub(super) fn resolve(&self, prefix: &str) -> Result<Option<Ns>, ()> {
        if prefix == "xml" {
            return Ok(Some(0));
        }
        match self.bindings.iter().rev().find(|(p, _)| &**p == prefix) {
            Some((_, uri)) => Ok(*uri),
            None if prefix.is_empty() => Ok(None),
            None => Err(()),
        }
    }

    /// The URI of an interned namespace.
    pub(super) fn uri(&self, ns: Ns) -> &str {
        self.uris.get(ns as usize).map_or("", |uri| uri)
    }

    /// The index of `uri`, stored on first use.
    pub(super) fn intern(&mut self, uri: &str) -> Result<Ns, ()> {
        if let Some(i) = self.uris.iter().rposition(|u| &**u == uri) {
            return Ok(i as Ns);
        }
        if self.uris.len() >= MAX_NAMESPACES {
            return Err(());
        }
        self.uris.push(uri.into());
        Ok((self.uris.len() - 1) as Ns)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scopes_shadow_and_restore() {
        let mut ns = Namespaces::default();
        let resolved = |ns: &Namespaces, prefix: &str| ns.resolve(prefix).map(|n| n.map(|n| ns.uri(n).to_owned()));
        ns.push_scope();
        ns.bind("b", "urn:one").unwrap();
        ns.push_scope();
        ns.bind("b", "urn:two").unwrap();
        assert_eq!(resolved(&ns, "b"), Ok(Some("urn:two".into())));
        ns.pop_scope();
        assert_eq!(resolved(&ns, "b"), Ok(Some("urn:one".into())));
        assert_eq!(ns.resolve(""), Ok(None));
        assert_eq!(ns.resolve("zz"), Err(()));
        assert_eq!(resolved(&ns, "xml"), Ok(Some(XML_NAMESPACE.into())));
        assert_eq!(ns.intern("urn:two"), Ok(2));
    }
}
