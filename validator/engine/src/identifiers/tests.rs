use super::*;

#[test]
fn mod11_2_accepts_published_examples() {
    assert!(iso7064_mod11_2("11010519491231002X"));
    assert!(iso7064_mod11_2("440524188001010014"));
    assert!(iso7064_mod11_2("0000000218250097"), "ORCID 0000-0002-1825-0097");
}

#[test]
fn mod11_2_rejects_wrong_check_characters() {
    assert!(!iso7064_mod11_2("110105194912310021"));
    assert!(!iso7064_mod11_2("11010519491231002x"));
    assert!(!iso7064_mod11_2("X"));
    assert!(!iso7064_mod11_2(""));
    assert!(!iso7064_mod11_2("1101A519491231002X"));
}

#[test]
fn gb11643_checks_date_address_and_check_character() {
    assert!(gb11643("11010519491231002X"));
    assert!(gb11643("360426199101010071"), "python-stdnum's example");
    assert!(!gb11643("11010519850702123X"), "check character should be 0");
    assert!(gb11643("110105198507021230"));
    assert!(!gb11643("352122195104315145"), "31 April");
    assert!(!gb11643("72425019790831857X"), "address code never assigned");
    assert!(!gb11643("110105209901010010"), "born in 2099");
    assert!(!gb11643("110103201201010016"), "Chongwen district merged in 2010");
    assert!(!gb11643("11010519491231002x"), "lower-case x");
    assert!(!gb11643("0000000218250097"), "16 characters");
}

#[test]
fn gb11643_components() {
    assert_eq!(component("gb11643", "birthDate", "11010519491231002X").as_deref(), Some("1949-12-31"));
    assert_eq!(component("gb11643", "sex", "11010519491231002X").as_deref(), Some("2"));
    assert_eq!(component("gb11643", "sex", "360426199101010071").as_deref(), Some("1"));
    assert_eq!(component("gb11643", "region", "360426199101010071").as_deref(), Some("360426"));
    assert_eq!(component("gb11643", "sex", "11010519850702123X"), None, "invalid id");
    assert_eq!(component("gb11643", "colour", "360426199101010071"), None);
}

#[test]
fn gb32100_accepts_published_examples() {
    assert!(gb32100("91350100M000100Y43"));
    assert!(gb32100("91110000802100433B"));
    assert!(gb32100("91110000600037341L"), "python-stdnum's example");
    assert!(gb32100("91110000MA01ABCD2Q"));
}

#[test]
fn gb32100_rejects_bad_codes() {
    assert!(!gb32100("91350100M000100Y44"));
    assert!(!gb32100("91350100M000100Y4"));
    assert!(!gb32100("91350100M000100YI3"), "I is not in the alphabet");
    assert!(!gb32100("91110000MA01ABCD2X"), "check character should be Q");
}

/// Makes a code valid by computing its check character (test data only).
fn with_check(body: &str) -> String {
    (0..31u8)
        .map(|i| format!("{body}{}", GB32100_ALPHABET[usize::from(i)] as char))
        .find(|code| gb32100_check_only(code))
        .unwrap_or_else(|| format!("{body}0"))
}

fn gb32100_check_only(code: &str) -> bool {
    let digit = |c: u8| GB32100_ALPHABET.iter().position(|&a| a == c);
    let bytes = code.as_bytes();
    let Some(sum) = bytes[..17].iter().zip(WEIGHTS).map(|(&c, w)| digit(c).map(|d| d * w)).sum::<Option<usize>>()
    else {
        return false;
    };
    digit(bytes[17]) == Some((31 - sum % 31) % 31)
}

const WEIGHTS: [usize; 17] = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];

#[test]
fn gb32100_authority_and_category_pairs() {
    for pair in [
        "11", "12", "13", "19", "21", "35", "51", "53", "62", "72", "81", "91", "92", "93", "A1", "A9", "N1", "N3",
        "Y1",
    ] {
        assert!(gb32100(&with_check(&format!("{pair}110000MA01ABCD2"))), "{pair}");
    }
    for pair in ["B1", "94", "99", "14", "Y2", "A2", "N4", "01", "36", "I1", "1A"] {
        assert!(!gb32100(&with_check(&format!("{pair}110000MA01ABCD2"))), "{pair}");
    }
    assert!(!gb32100(&with_check("91A10000MA01ABCD2")), "the division code is six digits");
}

#[test]
fn gb_t_2260_list_is_built_in() {
    let parsed = CodeList::parse("x@1", include_bytes!("../../../../standards/codelists/gb-t-2260/2026.csv"));
    assert!(parsed.is_ok(), "{:?}", parsed.err());
    let list = GB_T_2260.as_ref().unwrap();
    assert!(list.len() > 6000);
}

#[test]
fn gb_t_2260_codes_in_force() {
    assert!(gb_t_2260("110105"));
    assert!(gb_t_2260("110000"));
    assert!(!gb_t_2260("110103"), "Chongwen district, merged in 2010");
    assert!(!gb_t_2260("724250"));
    assert!(!gb_t_2260("11010"));
}
