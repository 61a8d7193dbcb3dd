use super::*;
use conform_diagnostics::{LineCol, Span};

fn read_all(text: &[u8], dialect: Dialect) -> Batch {
    let mut reader = CsvReader::new(text, dialect).unwrap();
    let mut batch = Batch::new();
    reader.read_batch(&mut batch, usize::MAX, usize::MAX).unwrap();
    batch
}

fn start(record: &Record<'_>, field: usize) -> (u32, u32) {
    let LineCol { line, column } = record.location(record.field_span(field), &utf8_chars).start;
    (line, column)
}

#[test]
fn keeps_positions_across_quoted_line_breaks() {
    let text = "id,note\n1,\"two\nlines\"\n2,ç\r\n\n3,\"a\"\"b\"\n".as_bytes();
    let batch = read_all(text, Dialect::default());
    let records: Vec<_> = batch.iter().collect();
    assert_eq!(records.len(), 5);
    assert_eq!(records[1].value(1), b"two\nlines");
    assert_eq!(start(&records[1], 1), (2, 3));
    assert_eq!(records[2].number(), 3);
    assert_eq!(records[2].line(), 4);
    assert_eq!(start(&records[2], 1), (4, 3));
    // The blank line is record 4, without fields.
    assert_eq!((records[3].line(), records[3].len()), (5, 0));
    assert_eq!(records[4].line(), 6);
    assert_eq!(records[4].value(1), b"a\"b");
    assert_eq!(records[4].field_span(1).len(), 6);
}

#[test]
fn counts_lone_carriage_returns_as_line_breaks() {
    let batch = read_all(b"a,b\r1,2\r\n3,4\n5,6", Dialect::default());
    let lines: Vec<u64> = batch.iter().map(|r| r.line()).collect();
    assert_eq!(lines, [1, 2, 3, 4]);
    assert_eq!(batch.get(3).value(1), b"6");
}

#[test]
fn skips_a_bom_and_counts_columns_after_it() {
    let batch = read_all(b"\xEF\xBB\xBFa,b\n1,2\n", Dialect::default());
    assert_eq!(batch.get(0).value(0), b"a");
    assert_eq!(start(&batch.get(0), 1), (1, 3));
    assert_eq!(batch.get(0).field_span(0), Span::new(3, 4));
}

#[test]
fn flags_an_unterminated_quote() {
    let batch = read_all(b"a,b\n1,\"open\n2,3\n", Dialect::default());
    assert_eq!(batch.len(), 2);
    assert!(batch.get(1).unterminated());
    assert!(!batch.get(0).unterminated());
}

#[test]
fn skips_oversized_records_without_buffering_them() {
    let mut text = b"a\n\"".to_vec();
    text.resize(MAX_RECORD_BYTES + 10, b'x');
    text.extend_from_slice(b"\"\nnext\n");
    let mut reader = CsvReader::new(&text[..], Dialect::default()).unwrap();
    let mut batch = Batch::new();
    reader.read_batch(&mut batch, usize::MAX, usize::MAX).unwrap();
    assert_eq!(batch.len(), 3);
    assert!(batch.get(1).oversized().is_some());
    assert!(batch.get(1).is_empty());
    assert!(batch.raw_len() < 64);
    assert_eq!(batch.get(2).value(0), b"next");
    assert_eq!(batch.get(2).line(), 3);
}

#[test]
fn reads_in_bounded_batches() {
    let text = b"h\n1\n2\n3\n4\n5\n";
    let mut reader = CsvReader::new(&text[..], Dialect::default()).unwrap();
    let mut batch = Batch::new();
    let mut numbers = Vec::new();
    while reader.read_batch(&mut batch, 2, usize::MAX).unwrap() {
        assert!(batch.len() <= 2);
        numbers.extend(batch.iter().map(|r| r.number()));
    }
    assert_eq!(numbers, [1, 2, 3, 4, 5, 6]);
}

#[test]
fn reads_other_delimiters_and_nul_bytes() {
    let dialect = Dialect { delimiter: b';', ..Dialect::default() };
    let batch = read_all(b"a;b\n\x001;2\n", dialect);
    assert_eq!(batch.get(1).value(0), b"\x001");
    assert_eq!(batch.get(1).len(), 2);
}

#[test]
fn reads_text_after_a_closing_quote_as_python_does() {
    let batch = read_all(b"a,b\n\"GAM MODEL\" DI SINISCALCHI,2\nx \"y\" z,3", Dialect::default());
    assert_eq!(batch.get(1).value(0), b"GAM MODEL DI SINISCALCHI");
    assert!(!batch.get(1).unterminated());
    assert_eq!(batch.get(2).value(0), b"x \"y\" z");
    assert!(!batch.get(2).unterminated());
    assert!(read_all(b"a\n\"x\"\"", Dialect::default()).get(1).unterminated());
}

#[test]
fn skips_initial_spaces_and_reads_the_quoted_field_after_them() {
    let dialect = Dialect { skip_initial_space: true, ..Dialect::default() };
    let batch = read_all(b"a, b, \"c \"\"d\"\"\"\n", dialect);
    let values: Vec<&[u8]> = batch.get(0).values().collect();
    assert_eq!(values, [&b"a"[..], b"b", b"c \"d\""]);
}

#[test]
fn a_cursor_locates_the_cells_of_a_wide_multi_line_row_in_one_pass() {
    // 200 000 cells on one line, then a quoted line break: each cell located as a fresh count
    // from the record's start would take quadratic time.
    let mut text = "x,".repeat(200_000);
    text.push_str("\"a\nbc\",ç,z\n");
    let batch = read_all(text.as_bytes(), Dialect::default());
    let record = batch.get(0);
    let cursor = record.cursor(&utf8_chars);
    for field in [0, 1, 199_999] {
        let column = u32::try_from(2 * field + 1).unwrap();
        assert_eq!(cursor.location(record.field_span(field)).start, LineCol { line: 1, column });
    }
    assert_eq!(cursor.location(record.field_span(200_001)).start, LineCol { line: 2, column: 5 });
    assert_eq!(cursor.location(record.field_span(200_002)).start, LineCol { line: 2, column: 7 });
    // Going back restarts the count, with the same answer as a fresh one.
    assert_eq!(cursor.location(record.field_span(3)).start, LineCol { line: 1, column: 7 });
    assert_eq!(start(&record, 200_002), (2, 7));
}

/// Every record, field and value of `batch` with its positions.
fn dump(batch: &Batch) -> Vec<String> {
    let chars = |bytes: &[u8]| utf8_chars(bytes);
    batch
        .iter()
        .map(|r| {
            let fields: Vec<String> = (0..r.len())
                .map(|i| format!("{:?}@{:?}{:?}", r.value(i), r.field_span(i), r.location(r.field_span(i), &chars)))
                .collect();
            format!("{} {} {:?} {:?} {} {fields:?}", r.number(), r.line(), r.span(), r.oversized(), r.unterminated())
        })
        .collect()
}

#[test]
fn reads_simple_lines_as_csv_core_does() {
    // A one-byte buffer never holds a whole line: every record is then read by `csv-core`.
    let texts: [&[u8]; 8] = [
        b"a,b,c\n1,\"x\",3\r\n\"\",,\"y,z\"\r\n\n4,5\r6,7",
        b"q,\"a\"\"b\",\"c\"d,e\"f\n\"open\nline\",2\n",
        b" a, \"b\",  c\n1,\"2\" ,3\n",
        b"a;b\n1;\"2;3\"\n\"4\\\"5\";6\n",
        b"x\n\"\n",
        b"a,b,\n,,\n\"\",\n",
        b"\xC3\xA7,\"\xC3\xA9\"\r\n1,2\r\n",
        b"a\tb\n'1'\t\"2\"\n",
    ];
    let dialects = [
        Dialect::default(),
        Dialect { skip_initial_space: true, ..Dialect::default() },
        Dialect { delimiter: b';', escape: Some(b'\\'), ..Dialect::default() },
        Dialect { delimiter: b'\t', quote: Some(b'\''), ..Dialect::default() },
        Dialect { quote: None, ..Dialect::default() },
        Dialect { double_quote: false, ..Dialect::default() },
        Dialect { delimiter: b'\n', ..Dialect::default() },
        Dialect { quote: Some(b'\r'), ..Dialect::default() },
        Dialect { delimiter: b'"', ..Dialect::default() },
    ];
    for text in texts {
        for dialect in dialects {
            let fast = read_all(text, dialect);
            let mut reader = CsvReader::new(io::BufReader::with_capacity(1, text), dialect).unwrap();
            let mut slow = Batch::new();
            reader.read_batch(&mut slow, usize::MAX, usize::MAX).unwrap();
            assert_eq!(dump(&fast), dump(&slow), "{:?} {dialect:?}", String::from_utf8_lossy(text));
        }
    }
}
