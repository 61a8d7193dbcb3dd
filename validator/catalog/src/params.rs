//! Requirement parameters: jurisdiction-specific values a requirement declares with a type,
//! a documented default and an allowed range, that a jurisdiction sets in `conform.toml`.
//!
//! ```toml
//! [[requirement]]
//! id = "time-limit"
//! title = "... a statutory time limit of at most {max-days} days"
//! check = { engine = "bpmn", rule = "time-limit", options = { max-days = "{max-days}" } }
//!
//! [requirement.parameters.max-days]
//! type = "integer"
//! default = 56
//! minimum = 1
//! doc = "The longest time limit, in days, a process may declare."
//! ```
//!
//! A check option whose whole value is `"{name}"` takes the parameter's value with its type;
//! `{name}` inside a check option's text, the title, rationale or fix is replaced by the value
//! written out. A whole-value reference to an undeclared name is an error; a declared
//! parameter nothing refers to is one too.

/// The type of a parameter's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParamType {
    /// A TOML integer.
    Integer,
    /// A TOML integer or float.
    Number,
    /// A string.
    String,
    /// `true` or `false`.
    Boolean,
    /// An array of strings.
    StringList,
}

impl ParamType {
    /// Every type name, as written in `type = "..."`.
    pub const NAMES: [&'static str; 5] = ["integer", "number", "string", "boolean", "string-list"];

    /// The type a name denotes.
    #[must_use]
    pub fn parse(name: &str) -> Option<Self> {
        match name {
            "integer" => Some(Self::Integer),
            "number" => Some(Self::Number),
            "string" => Some(Self::String),
            "boolean" => Some(Self::Boolean),
            "string-list" => Some(Self::StringList),
            _ => None,
        }
    }

    /// The name, as written in `type = "..."`.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Integer => "integer",
            Self::Number => "number",
            Self::String => "string",
            Self::Boolean => "boolean",
            Self::StringList => "string-list",
        }
    }

    /// Whether `minimum` and `maximum` apply.
    #[must_use]
    pub fn is_numeric(self) -> bool {
        matches!(self, Self::Integer | Self::Number)
    }

    /// Whether `values` applies (to the string, or to each item of the list).
    #[must_use]
    pub fn has_strings(self) -> bool {
        matches!(self, Self::String | Self::StringList)
    }
}

/// One declared parameter of a requirement, with the value in force.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Kebab-case name, unique within the requirement.
    pub name: String,
    /// Type of its value.
    pub kind: ParamType,
    /// The documented default.
    pub default: toml::Value,
    /// The value in force: the default unless a configuration set another.
    pub value: toml::Value,
    /// Smallest allowed value (numeric types).
    pub minimum: Option<f64>,
    /// Largest allowed value (numeric types).
    pub maximum: Option<f64>,
    /// Allowed values (strings, or the items of a string list); empty: any.
    pub values: Vec<String>,
    /// One line on what it means.
    pub doc: String,
}

impl Parameter {
    /// Whether a configuration set a value other than the default.
    #[must_use]
    pub fn is_overridden(&self) -> bool {
        self.value != self.default
    }

    /// Checks that `value` has the parameter's type and lies in its range; the message says
    /// what is wrong.
    pub fn accepts(&self, value: &toml::Value) -> Result<(), String> {
        let name = &self.name;
        let wrong_type = || format!("`{name}` must be {}, not {}", article(self.kind), describe(value));
        match (self.kind, value) {
            (ParamType::Integer, toml::Value::Integer(_))
            | (ParamType::Number, toml::Value::Integer(_) | toml::Value::Float(_))
            | (ParamType::String, toml::Value::String(_))
            | (ParamType::Boolean, toml::Value::Boolean(_)) => {}
            (ParamType::StringList, toml::Value::Array(items)) if items.iter().all(toml::Value::is_str) => {}
            _ => return Err(wrong_type()),
        }
        if let Some(number) = as_number(value) {
            if number.is_nan() {
                return Err(format!("`{name}` must be a number, not nan"));
            }
            if let Some(min) = self.minimum.filter(|min| number < *min) {
                return Err(format!("`{name}` = {} is below its minimum {}", render(value), number_text(min)));
            }
            if let Some(max) = self.maximum.filter(|max| number > *max) {
                return Err(format!("`{name}` = {} is above its maximum {}", render(value), number_text(max)));
            }
        }
        // An empty string matches everything a name or keyword is compared with: never a value.
        match value {
            toml::Value::String(s) if s.trim().is_empty() => return Err(format!("`{name}` cannot be empty")),
            toml::Value::Array(items) if items.is_empty() => return Err(format!("`{name}` needs at least one item")),
            toml::Value::Array(items) if items.iter().any(|i| i.as_str().is_some_and(|s| s.trim().is_empty())) => {
                return Err(format!("`{name}` cannot hold an empty string"));
            }
            _ => {}
        }
        if !self.values.is_empty() {
            let strings: Vec<&str> = match value {
                toml::Value::String(s) => vec![s.as_str()],
                toml::Value::Array(items) => items.iter().filter_map(toml::Value::as_str).collect(),
                _ => Vec::new(),
            };
            if let Some(bad) = strings.iter().find(|s| !self.values.iter().any(|v| v == *s)) {
                return Err(format!("`{name}` cannot be `{bad}` (allowed: {})", self.values.join(", ")));
            }
        }
        Ok(())
    }

    /// One line for people: `max-days = 70 (default 56)`.
    #[must_use]
    pub fn summary(&self) -> String {
        if self.is_overridden() {
            format!("{} = {} (default {})", self.name, render(&self.value), render(&self.default))
        } else {
            format!("{} = {}", self.name, render(&self.value))
        }
    }
}

fn as_number(value: &toml::Value) -> Option<f64> {
    match value {
        #[expect(clippy::cast_precision_loss, reason = "range checks of configuration values, far below 2^53")]
        toml::Value::Integer(i) => Some(*i as f64),
        toml::Value::Float(f) => Some(*f),
        _ => None,
    }
}

fn number_text(number: f64) -> String {
    format!("{number}")
}

fn article(kind: ParamType) -> &'static str {
    match kind {
        ParamType::Integer => "an integer",
        ParamType::Number => "a number",
        ParamType::String => "a string",
        ParamType::Boolean => "true or false",
        ParamType::StringList => "a list of strings",
    }
}

fn describe(value: &toml::Value) -> String {
    let kind = match value {
        toml::Value::String(_) => "a string",
        toml::Value::Integer(_) => "an integer",
        toml::Value::Float(_) => "a float",
        toml::Value::Boolean(_) => "a boolean",
        toml::Value::Datetime(_) => "a date",
        toml::Value::Array(_) => "an array",
        toml::Value::Table(_) => "a table",
    };
    format!("{kind} (`{}`)", render(value))
}

/// A value written out for people and for text interpolation: strings bare, lists joined
/// with `, `, numbers and booleans as TOML writes them.
#[must_use]
pub fn render(value: &toml::Value) -> String {
    match value {
        toml::Value::String(s) => s.clone(),
        toml::Value::Array(items) => items.iter().map(render).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// Whether `name` is a parameter name: lower-case letters and digits in dash-separated
/// words, starting with a letter.
#[must_use]
pub fn is_name(name: &str) -> bool {
    name.starts_with(|c: char| c.is_ascii_lowercase())
        && name.split('-').all(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit()))
}

/// The name a whole string value refers to (`"{max-days}"` → `max-days`).
#[must_use]
pub fn whole_reference(text: &str) -> Option<&str> {
    let name = text.strip_prefix('{')?.strip_suffix('}')?;
    is_name(name).then_some(name)
}

/// Every `{name}` in `text` whose name is declared, replaced by its value; other braces
/// are left as written (a path template such as `/persons/{id}` stays as it is).
#[must_use]
pub fn interpolate(text: &str, parameters: &[Parameter]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let found = after.find('}').and_then(|close| {
            let name = &after[..close];
            parameters.iter().find(|p| p.name == name).map(|p| (close, p))
        });
        if let Some((close, parameter)) = found {
            out.push_str(&render(&parameter.value));
            rest = &after[close + 1..];
        } else {
            out.push('{');
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

/// Whether `text` refers to the parameter `name` (`{name}` anywhere in it).
#[must_use]
pub fn mentions(text: &str, name: &str) -> bool {
    text.contains(&format!("{{{name}}}"))
}

/// The check options with every reference replaced: a whole `"{name}"` value by the typed
/// value, `{name}` inside text by the value written out. Fails on a whole-value reference
/// to a name that is not declared, naming it.
pub fn substitute(template: &toml::Table, parameters: &[Parameter]) -> Result<toml::Table, String> {
    let mut out = toml::Table::new();
    for (key, value) in template {
        out.insert(key.clone(), substitute_value(value, parameters)?);
    }
    Ok(out)
}

fn substitute_value(value: &toml::Value, parameters: &[Parameter]) -> Result<toml::Value, String> {
    Ok(match value {
        toml::Value::String(text) => match whole_reference(text) {
            Some(name) => match parameters.iter().find(|p| p.name == name) {
                Some(parameter) => parameter.value.clone(),
                None => return Err(undeclared(name, parameters)),
            },
            None => toml::Value::String(interpolate(text, parameters)),
        },
        toml::Value::Array(items) => {
            toml::Value::Array(items.iter().map(|v| substitute_value(v, parameters)).collect::<Result<_, _>>()?)
        }
        toml::Value::Table(table) => toml::Value::Table(substitute(table, parameters)?),
        other => other.clone(),
    })
}

fn undeclared(name: &str, parameters: &[Parameter]) -> String {
    let declared: Vec<&str> = parameters.iter().map(|p| p.name.as_str()).collect();
    let known = if declared.is_empty() {
        "the requirement declares no parameter".to_owned()
    } else {
        format!("declared: {}", declared.join(", "))
    };
    format!(
        "the check refers to the parameter `{{{name}}}`, which is not declared ({known}); \
         declare it under `[requirement.parameters.{name}]`"
    )
}

/// Whether any check option refers to `name` (whole value or inside text).
#[must_use]
pub fn check_mentions(template: &toml::Table, name: &str) -> bool {
    template.values().any(|value| value_mentions(value, name))
}

fn value_mentions(value: &toml::Value, name: &str) -> bool {
    match value {
        toml::Value::String(text) => mentions(text, name),
        toml::Value::Array(items) => items.iter().any(|v| value_mentions(v, name)),
        toml::Value::Table(table) => check_mentions(table, name),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn max_days() -> Parameter {
        Parameter {
            name: "max-days".into(),
            kind: ParamType::Integer,
            default: toml::Value::Integer(56),
            value: toml::Value::Integer(56),
            minimum: Some(1.0),
            maximum: Some(365.0),
            values: Vec::new(),
            doc: "days".into(),
        }
    }

    #[test]
    fn values_are_checked_for_type_and_range() {
        let p = max_days();
        assert!(p.accepts(&toml::Value::Integer(70)).is_ok());
        assert_eq!(p.accepts(&toml::Value::Integer(0)).unwrap_err(), "`max-days` = 0 is below its minimum 1");
        assert_eq!(p.accepts(&toml::Value::Integer(400)).unwrap_err(), "`max-days` = 400 is above its maximum 365");
        let err = p.accepts(&toml::Value::String("70".into())).unwrap_err();
        assert_eq!(err, "`max-days` must be an integer, not a string (`70`)");
        assert!(p.accepts(&toml::Value::Float(7.5)).is_err(), "an integer parameter takes no float");
        let script = Parameter {
            name: "script".into(),
            kind: ParamType::String,
            default: toml::Value::String("latin".into()),
            value: toml::Value::String("latin".into()),
            minimum: None,
            maximum: None,
            values: vec!["latin".into(), "greek".into()],
            doc: String::new(),
        };
        assert!(script.accepts(&toml::Value::String("greek".into())).is_ok());
        assert!(script.accepts(&toml::Value::String("runic".into())).unwrap_err().contains("allowed: latin, greek"));
        assert_eq!(script.accepts(&toml::Value::String(" ".into())).unwrap_err(), "`script` cannot be empty");
        let keywords = Parameter { kind: ParamType::StringList, values: Vec::new(), ..script };
        let list =
            |items: &[&str]| toml::Value::Array(items.iter().map(|i| toml::Value::String((*i).into())).collect());
        assert!(keywords.accepts(&list(&["feedback"])).is_ok());
        assert!(keywords.accepts(&list(&[])).unwrap_err().contains("at least one item"));
        assert!(
            keywords.accepts(&list(&["a", ""])).unwrap_err().contains("empty string"),
            "\"\" would match every step"
        );
    }

    #[test]
    fn references_are_substituted_typed_or_as_text() {
        let mut p = max_days();
        p.value = toml::Value::Integer(70);
        let template: toml::Table =
            toml::from_str("rule = \"time-limit\"\noptions = { max-days = \"{max-days}\", note = \"up to {max-days} days, /x/{id}\" }\n")
                .unwrap();
        let params = substitute(&template, std::slice::from_ref(&p)).unwrap();
        assert_eq!(params["options"]["max-days"], toml::Value::Integer(70));
        assert_eq!(params["options"]["note"].as_str(), Some("up to 70 days, /x/{id}"));
        assert!(
            check_mentions(&template, "max-days")
                && check_mentions(&template, "id")
                && !check_mentions(&template, "days")
        );
        let err = substitute(&template, &[]).unwrap_err();
        assert!(err.contains("`{max-days}`, which is not declared"), "{err}");
        assert_eq!(interpolate("within {max-days} days {", &[p]), "within 70 days {");
    }

    #[test]
    fn names_are_kebab_case() {
        assert!(is_name("max-days") && is_name("a1"));
        assert!(!is_name("Max") && !is_name("max_days") && !is_name("-a") && !is_name("1a") && !is_name(""));
        assert_eq!(whole_reference("{max-days}"), Some("max-days"));
        assert_eq!(whole_reference("{urn:x}Invoice"), None);
    }
}
