//! Facet applicability and consistency (XSD 1.0 Part 2, 4.1.5 and the constraints on each
//! facet in 4.3): a facet the base type's variety or primitive does not have (`length` on
//! `xs:int`, `totalDigits` on `xs:string`), bounds that leave no value (`minInclusive`
//! above `maxInclusive`), or a restriction that loosens its base (`maxLength` above the
//! base's, `fractionDigits` on an integer type, `whiteSpace="preserve"` under `collapse`)
//! is a schema error.

use std::cmp::Ordering;

use super::datatypes::{Builtin, WhiteSpace};
use super::model::{Facet, SimpleType, Variety};

/// Whether the facet element `kind` applies to a type of variety `variety`.
pub fn applicable(variety: &Variety, kind: &str) -> bool {
    let builtin = match variety {
        Variety::Union(_) => return matches!(kind, "pattern" | "enumeration"),
        Variety::List(_) => {
            return matches!(kind, "length" | "minLength" | "maxLength" | "pattern" | "enumeration" | "whiteSpace");
        }
        Variety::Atomic(builtin) => *builtin,
    };
    if builtin.is_list() {
        return matches!(kind, "length" | "minLength" | "maxLength" | "pattern" | "enumeration" | "whiteSpace");
    }
    let shared = matches!(kind, "pattern" | "enumeration" | "whiteSpace");
    match primitive(builtin) {
        Builtin::AnySimpleType => true,
        Builtin::Boolean => matches!(kind, "pattern" | "whiteSpace"),
        Builtin::String
        | Builtin::AnyUri
        | Builtin::QName
        | Builtin::Notation
        | Builtin::HexBinary
        | Builtin::Base64Binary => shared || matches!(kind, "length" | "minLength" | "maxLength"),
        Builtin::Decimal => shared || is_bound(kind) || matches!(kind, "totalDigits" | "fractionDigits"),
        _ => shared || is_bound(kind),
    }
}

fn is_bound(kind: &str) -> bool {
    matches!(kind, "maxInclusive" | "maxExclusive" | "minInclusive" | "minExclusive")
}

/// The primitive type a built-in type derives from.
fn primitive(mut builtin: Builtin) -> Builtin {
    while let Some(base) = builtin.base().filter(|b| *b != Builtin::AnySimpleType) {
        builtin = base;
    }
    builtin
}

/// Checks the facets `derived` adds (those after the `base`'s) against each other and the
/// base's; `kinds` are this step's facet element names.
pub fn consistent(base: &SimpleType, derived: &SimpleType, kinds: &[&str]) -> Result<(), String> {
    let both = |a: &str, b: &str| kinds.contains(&a) && kinds.contains(&b);
    if both("minInclusive", "minExclusive") || both("maxInclusive", "maxExclusive") {
        return Err("a restriction cannot have both an inclusive and an exclusive bound on the same side".into());
    }
    if let Variety::Atomic(builtin) = derived.variety
        && kinds.contains(&"fractionDigits")
        && primitive(builtin) == Builtin::Decimal
        && is_integer(builtin)
        && derived.facets.iter().any(|f| matches!(f, Facet::FractionDigits(n) if *n > 0))
    {
        return Err("an integer type's `fractionDigits` is 0 and cannot be raised".into());
    }
    if loosens_white_space(base.white_space, derived.white_space) {
        return Err(format!("whiteSpace `{:?}` loosens the base type's `{:?}`", derived.white_space, base.white_space));
    }
    if derived.facets.iter().any(|f| matches!(f, Facet::TotalDigits(0))) {
        return Err("`totalDigits` must be positive".into());
    }
    let inherited = &derived.facets[..base.facets.len().min(derived.facets.len())];
    let own = &derived.facets[inherited.len()..];
    for (i, a) in derived.facets.iter().enumerate() {
        for b in &derived.facets[i + 1..] {
            pair(a, b)?;
            pair(b, a)?;
        }
    }
    for new in own {
        for old in inherited {
            narrower(new, old)?;
        }
    }
    Ok(())
}

fn is_integer(builtin: Builtin) -> bool {
    let mut at = Some(builtin);
    while let Some(b) = at {
        if b == Builtin::Integer {
            return true;
        }
        at = b.base();
    }
    false
}

fn loosens_white_space(base: WhiteSpace, derived: WhiteSpace) -> bool {
    let rank = |w: WhiteSpace| match w {
        WhiteSpace::Preserve => 0,
        WhiteSpace::Replace => 1,
        WhiteSpace::Collapse => 2,
    };
    rank(derived) < rank(base)
}

/// Two facets of one type that leave no value, or contradict each other.
fn pair(a: &Facet, b: &Facet) -> Result<(), String> {
    use Facet as F;
    let order = |x: &super::datatypes::Value, y: &super::datatypes::Value| x.compare(y);
    let bad = match (a, b) {
        (F::MinLength(min), F::MaxLength(max)) => min > max,
        (F::Length(len), F::MinLength(min)) => len < min,
        (F::Length(len), F::MaxLength(max)) => len > max,
        (F::Length(x), F::Length(y)) => x != y,
        (F::FractionDigits(f), F::TotalDigits(t)) => f > t,
        (F::MinInclusive(lo, _), F::MaxInclusive(hi, _)) | (F::MinExclusive(lo, _), F::MaxExclusive(hi, _)) => {
            order(lo, hi) == Some(Ordering::Greater)
        }
        (F::MinInclusive(lo, _), F::MaxExclusive(hi, _)) | (F::MinExclusive(lo, _), F::MaxInclusive(hi, _)) => {
            matches!(order(lo, hi), Some(Ordering::Greater | Ordering::Equal))
        }
        _ => false,
    };
    if bad { Err(format!("facets {} and {} contradict each other", describe(a), describe(b))) } else { Ok(()) }
}

/// A facet of a restriction that allows more than the base's facet `old`.
fn narrower(new: &Facet, old: &Facet) -> Result<(), String> {
    use Facet as F;
    let order = |x: &super::datatypes::Value, y: &super::datatypes::Value| x.compare(y);
    let gt = |x, y| order(x, y) == Some(Ordering::Greater);
    let lt = |x, y| order(x, y) == Some(Ordering::Less);
    let bad = match (new, old) {
        (F::MaxLength(n), F::MaxLength(o))
        | (F::TotalDigits(n), F::TotalDigits(o))
        | (F::FractionDigits(n), F::FractionDigits(o)) => n > o,
        (F::MinLength(n), F::MinLength(o)) => n < o,
        (F::MaxInclusive(n, _), F::MaxInclusive(o, _)) | (F::MaxExclusive(n, _), F::MaxExclusive(o, _)) => gt(n, o),
        (F::MinInclusive(n, _), F::MinInclusive(o, _)) | (F::MinExclusive(n, _), F::MinExclusive(o, _)) => lt(n, o),
        (F::MaxInclusive(n, _), F::MaxExclusive(o, _)) => !lt(n, o) && order(n, o).is_some(),
        (F::MinInclusive(n, _), F::MinExclusive(o, _)) => !gt(n, o) && order(n, o).is_some(),
        _ => false,
    };
    if bad { Err(format!("{} is wider than the base type's {}", describe(new), describe(old))) } else { Ok(()) }
}

fn describe(facet: &Facet) -> String {
    match facet {
        Facet::Length(n) => format!("`length={n}`"),
        Facet::MinLength(n) => format!("`minLength={n}`"),
        Facet::MaxLength(n) => format!("`maxLength={n}`"),
        Facet::TotalDigits(n) => format!("`totalDigits={n}`"),
        Facet::FractionDigits(n) => format!("`fractionDigits={n}`"),
        Facet::MaxInclusive(_, v) => format!("`maxInclusive={v}`"),
        Facet::MaxExclusive(_, v) => format!("`maxExclusive={v}`"),
        Facet::MinInclusive(_, v) => format!("`minInclusive={v}`"),
        Facet::MinExclusive(_, v) => format!("`minExclusive={v}`"),
        Facet::Pattern(..) => "`pattern`".into(),
        Facet::Enumeration(_) => "`enumeration`".into(),
        Facet::Identifier(name) => format!("`conform:identifier={name}`"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn applicability() {
        assert!(!applicable(&Variety::Atomic(Builtin::Int), "length"));
        assert!(applicable(&Variety::Atomic(Builtin::Int), "totalDigits"));
        assert!(!applicable(&Variety::Atomic(Builtin::String), "totalDigits"));
        assert!(!applicable(&Variety::Atomic(Builtin::Boolean), "enumeration"));
        assert!(applicable(&Variety::Atomic(Builtin::NmTokens), "minLength"));
        assert!(!applicable(&Variety::Union(Vec::new()), "minLength"));
    }

    fn simple(builtin: Builtin, facets: Vec<Facet>) -> SimpleType {
        SimpleType {
            name: None,
            base: None,
            variety: Variety::Atomic(builtin),
            white_space: builtin.white_space(),
            facets,
        }
    }

    #[test]
    fn consistency() {
        let base = simple(Builtin::String, vec![Facet::MaxLength(5)]);
        let wider = simple(Builtin::String, vec![Facet::MaxLength(5), Facet::MaxLength(6)]);
        assert!(consistent(&base, &wider, &["maxLength"]).is_err());
        let narrower = simple(Builtin::String, vec![Facet::MaxLength(5), Facet::MaxLength(4), Facet::MinLength(2)]);
        assert!(consistent(&base, &narrower, &["maxLength", "minLength"]).is_ok());
        let empty = simple(Builtin::String, vec![Facet::MaxLength(5), Facet::MinLength(6)]);
        assert!(consistent(&base, &empty, &["minLength"]).is_err());
        let integer = simple(Builtin::Int, vec![Facet::FractionDigits(1)]);
        assert!(consistent(&simple(Builtin::Int, Vec::new()), &integer, &["fractionDigits"]).is_err());
        let mut preserve = simple(Builtin::Token, Vec::new());
        preserve.white_space = WhiteSpace::Preserve;
        assert!(consistent(&simple(Builtin::Token, Vec::new()), &preserve, &["whiteSpace"]).is_err());
    }
}
