//! UTF-16 input (with its byte order mark, as XML 1.0 section 4.3.3 requires), transcoded
//! to UTF-8 as it is read. Lines and columns are exact; byte offsets of spans are offsets
//! in the UTF-8 transcoding, not in the UTF-16 file.

use conform_diagnostics::Span;
use encoding_rs::{Decoder, DecoderResult, UTF_16BE, UTF_16LE};

use crate::SyntaxError;

/// The decoder of a UTF-16 document and the UTF-8 it last produced.
pub(super) struct Utf16 {
    decoder: Decoder,
    out: Vec<u8>,
}

impl Utf16 {
    /// A transcoder when `head` (the first bytes read) starts with a UTF-16 byte order mark.
    pub(super) fn detect(head: &[u8]) -> Option<Self> {
        let encoding = match head {
            [0xFF, 0xFE, ..] => UTF_16LE,
            [0xFE, 0xFF, ..] => UTF_16BE,
            _ => return None,
        };
        Some(Self { decoder: encoding.new_decoder_with_bom_removal(), out: Vec::new() })
    }

    /// `bytes` (the next bytes read; `last` at the end of the input) as UTF-8; `offset` is
    /// where the produced text starts, for locating an error.
    pub(super) fn transcode(&mut self, bytes: &[u8], last: bool, offset: usize) -> Result<&[u8], SyntaxError> {
        let capacity = self.decoder.max_utf8_buffer_length_without_replacement(bytes.len()).unwrap_or(usize::MAX);
        self.out.clear();
        self.out.resize(capacity.min(bytes.len() * 3 + 16), 0);
        let (result, _, written) = self.decoder.decode_to_utf8_without_replacement(bytes, &mut self.out, last);
        match result {
            DecoderResult::InputEmpty => {
                self.out.truncate(written);
                Ok(&self.out)
            }
            DecoderResult::Malformed(..) | DecoderResult::OutputFull => Err(SyntaxError::new(
                Span::new(offset + written, offset + written + 1),
                "invalid UTF-16: an unpaired surrogate or a truncated character",
            )),
        }
    }
}

/// Whether an encoding label names UTF-16.
pub(super) fn is_utf16_label(label: &[u8]) -> bool {
    encoding_rs::Encoding::for_label(label).is_some_and(|e| e == UTF_16LE || e == UTF_16BE)
}
