//! String formats as Spectral checks them (the "full" formats of ajv-formats 2.1), so examples
//! pass and fail as they do under Spectral: a `date-time` without a time zone is accepted, a
//! `uri` needs a scheme, `byte` is padded base64.

use std::sync::LazyLock;

use regex::Regex;

/// A format check.
type Check = fn(&str) -> bool;

/// Every format name with its check.
pub(super) const FORMATS: &[(&str, Check)] = &[
    ("date", date),
    ("time", time),
    ("date-time", date_time),
    ("duration", duration),
    ("uri", uri),
    ("uri-reference", uri_reference),
    ("regex", regex),
    ("email", email),
    ("hostname", hostname),
    ("ipv4", ipv4),
    ("ipv6", ipv6),
    ("uuid", uuid),
    ("byte", byte),
    ("uri-template", uri_template),
];

fn re(pattern: &str) -> Regex {
    // The patterns are constants of this file; a typo is caught by the unit tests.
    Regex::new(pattern).unwrap_or_else(|_| Regex::new("$^").expect("the empty-match pattern compiles"))
}

static DATE: LazyLock<Regex> = LazyLock::new(|| re(r"^(\d\d\d\d)-(\d\d)-(\d\d)$"));
static TIME: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(\d\d):(\d\d):(\d\d)(\.\d+)?(z|[+-]\d\d(?::?\d\d)?)?$"));
static DURATION: LazyLock<Regex> = LazyLock::new(|| re(r"^P((\d+Y)?(\d+M)?(\d+D)?(T(\d+H)?(\d+M)?(\d+S)?)?|(\d+W)?)$"));
static URI: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^[a-z][a-z0-9+\-.]*:(?:[a-z0-9\-._~!$&'()*+,;=:@/?#\[\]]|%[0-9a-f]{2})*$"));
static URI_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)^(?:[a-z][a-z0-9+\-.]*:)?(?:\/?\/(?:(?:[a-z0-9\-._~!$&'()*+,;=:]|%[0-9a-f]{2})*@)?(?:\[(?:(?:(?:(?:[0-9a-f]{1,4}:){6}|::(?:[0-9a-f]{1,4}:){5}|(?:[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){4}|(?:(?:[0-9a-f]{1,4}:){0,1}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){3}|(?:(?:[0-9a-f]{1,4}:){0,2}[0-9a-f]{1,4})?::(?:[0-9a-f]{1,4}:){2}|(?:(?:[0-9a-f]{1,4}:){0,3}[0-9a-f]{1,4})?::[0-9a-f]{1,4}:|(?:(?:[0-9a-f]{1,4}:){0,4}[0-9a-f]{1,4})?::)(?:[0-9a-f]{1,4}:[0-9a-f]{1,4}|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?))|(?:(?:[0-9a-f]{1,4}:){0,5}[0-9a-f]{1,4})?::[0-9a-f]{1,4}|(?:(?:[0-9a-f]{1,4}:){0,6}[0-9a-f]{1,4})?::)|[Vv][0-9a-f]+\.[a-z0-9\-._~!$&'()*+,;=:]+)\]|(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)|(?:[a-z0-9\-._~!$&'"()*+,;=]|%[0-9a-f]{2})*)(?::\d*)?(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*|\/(?:(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?|(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})+(?:\/(?:[a-z0-9\-._~!$&'"()*+,;=:@]|%[0-9a-f]{2})*)*)?(?:\?(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?(?:#(?:[a-z0-9\-._~!$&'"()*+,;=:@/?]|%[0-9a-f]{2})*)?$"#,
    )
});
static EMAIL: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r"(?i)^[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z0-9](?:[a-z0-9-]*[a-z0-9])?$",
    )
});
static HOSTNAME: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?i)^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[-0-9a-z]{0,61}[0-9a-z])?)*\.?$"));
static IPV4: LazyLock<Regex> =
    LazyLock::new(|| re(r"^(?:(?:25[0-5]|2[0-4]\d|[01]?\d\d?)\.){3}(?:25[0-5]|2[0-4]\d|[01]?\d\d?)$"));
static UUID: LazyLock<Regex> = LazyLock::new(|| re(r"(?i)^(?:urn:uuid:)?[0-9a-f]{8}-(?:[0-9a-f]{4}-){3}[0-9a-f]{12}$"));
static URI_TEMPLATE: LazyLock<Regex> = LazyLock::new(|| {
    re(
        r#"(?i)^(?:(?:[^\x00-\x20"'<>%\\^`{|}]|%[0-9a-f]{2})|\{[+#./;?&=,!@|]?(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?(?:,(?:[a-z0-9_]|%[0-9a-f]{2})+(?::[1-9][0-9]{0,3}|\*)?)*\})*$"#,
    )
});
static BYTE: LazyLock<Regex> =
    LazyLock::new(|| re(r"(?m)^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$"));

fn uri_template(text: &str) -> bool {
    URI_TEMPLATE.is_match(text)
}

fn date(text: &str) -> bool {
    let Some(m) = DATE.captures(text) else { return false };
    let number = |i: usize| m.get(i).and_then(|g| g.as_str().parse::<u32>().ok()).unwrap_or(0);
    let (year, month, day) = (number(1), number(2), number(3));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = [0, 31, if leap { 29 } else { 28 }, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    (1..=12).contains(&month) && day >= 1 && day <= days[month as usize]
}

/// ajv-formats 2.1 accepts a missing time zone even where it asks for one (`undefined !== ""`).
fn time(text: &str) -> bool {
    let Some(m) = TIME.captures(text) else { return false };
    let number = |i: usize| m.get(i).and_then(|g| g.as_str().parse::<u32>().ok()).unwrap_or(99);
    let (hour, minute, second) = (number(1), number(2), number(3));
    (hour <= 23 && minute <= 59 && second <= 59) || (hour == 23 && minute == 59 && second == 60)
}

fn date_time(text: &str) -> bool {
    let parts: Vec<&str> = text.split(|c: char| c == 't' || c == 'T' || c.is_whitespace()).collect();
    parts.len() == 2 && date(parts[0]) && time(parts[1])
}

fn duration(text: &str) -> bool {
    text != "P" && !text.ends_with('T') && DURATION.is_match(text)
}

fn uri(text: &str) -> bool {
    URI.is_match(text)
}

fn uri_reference(text: &str) -> bool {
    URI_REFERENCE.is_match(text)
}

/// A pattern JavaScript compiles (ajv-formats also refuses a `\\Z` escape).
fn regex(text: &str) -> bool {
    let bytes = text.as_bytes();
    let z_anchor = bytes.windows(3).any(|w| w[0] != b'\\' && w[1] == b'\\' && w[2] == b'Z');
    !z_anchor && super::regex::JsRegex::new(text, "").is_ok()
}

fn email(text: &str) -> bool {
    EMAIL.is_match(text)
}

fn hostname(text: &str) -> bool {
    text.len() <= 254 && HOSTNAME.is_match(text)
}

fn ipv4(text: &str) -> bool {
    IPV4.is_match(text)
}

fn ipv6(text: &str) -> bool {
    text.parse::<std::net::Ipv6Addr>().is_ok()
}

fn uuid(text: &str) -> bool {
    UUID.is_match(text)
}

fn byte(text: &str) -> bool {
    BYTE.is_match(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formats_follow_ajv_formats() {
        assert!(date_time("2022-03-10T12:15:50"));
        assert!(date_time("2022-03-10 12:15:50.5+01:00"));
        assert!(!date_time("2019-09-15"));
        assert!(!date("2019-02-29") && date("2020-02-29"));
        assert!(uri("https://asana.com/x?y=1") && !uri("asana.com") && !uri("http://a b"));
        assert!(uri_reference("#/components/x") && uri_reference("../a.yaml") && !uri_reference("a b"));
        assert!(regex("^[a-z]+$") && !regex("[a-") && !regex("a\\Z"));
        assert!(email("a.b@example.org") && !email("a@"));
        assert!(byte("U3dhZ2dlciByb2Nrcw==") && !byte("abc"));
        assert!(duration("P3DT4H") && !duration("P") && !duration("PT"));
        assert!(ipv6("::1") && !ipv4("256.1.1.1") && uuid("123e4567-e89b-12d3-a456-426614174000"));
        assert!(hostname("api.example.org") && !hostname("-bad-"));
    }
}
