//! Turning file bytes into text: UTF-8 (with or without a BOM) is accepted;
//! UTF-16/32 and invalid UTF-8 become errors that say how to fix the file.

use std::borrow::Cow;

use portcullis_source::Span;

use crate::node::YamlError;

fn utf16_error() -> YamlError {
    YamlError {
        span: Span::empty(0),
        message: "file is UTF-16 encoded; convert it to UTF-8".into(),
        fatal: true,
    }
}

/// Decodes a YAML file's bytes: strips a UTF-8 BOM, rejects UTF-16/UTF-32
/// (by BOM or by NUL bytes) and invalid UTF-8 (error at the first bad byte).
pub fn decode(bytes: &[u8]) -> Result<Cow<'_, str>, YamlError> {
    if bytes.starts_with(&[0, 0, 0xfe, 0xff]) || bytes.starts_with(&[0xff, 0xfe, 0, 0]) {
        return Err(YamlError {
            span: Span::empty(0),
            message: "file is UTF-32 encoded; convert it to UTF-8".into(),
            fatal: true,
        });
    }
    if bytes.starts_with(&[0xfe, 0xff]) || bytes.starts_with(&[0xff, 0xfe]) {
        return Err(utf16_error());
    }
    let body = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    // UTF-16 without a BOM: ASCII text with the NULs all on even or all on
    // odd positions (a NUL-filled or binary file is not that, and is reported
    // as invalid text below or by the parser).
    let head = &body[..body.len().min(1024) & !1];
    let even = head.iter().step_by(2).filter(|&&b| b == 0).count();
    let odd = head.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
    let pairs = head.len() / 2;
    if pairs >= 1
        && ((even * 4 >= pairs * 3 && odd * 4 < pairs)
            || (odd * 4 >= pairs * 3 && even * 4 < pairs))
    {
        return Err(utf16_error());
    }
    match std::str::from_utf8(body) {
        Ok(s) => Ok(Cow::Borrowed(s)),
        Err(e) => {
            let at = (e.valid_up_to() + (bytes.len() - body.len())) as u32;
            Err(YamlError {
                span: Span::new(at, at + 1),
                message: format!(
                    "file is not valid UTF-8 (bad byte 0x{:02x} at offset {at}); save it as UTF-8",
                    bytes.get(at as usize).copied().unwrap_or(0)
                ),
                fatal: true,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_alternating_nuls_mean_utf16() {
        let utf16le: Vec<u8> = "a: b\n".bytes().flat_map(|b| [b, 0]).collect();
        assert!(decode(&utf16le).unwrap_err().message.contains("UTF-16"));
        // NUL is valid UTF-8; the parser, not the decoder, rejects such text.
        assert!(decode(&[0u8; 64]).is_ok());
        let mut binary = vec![0u8; 32];
        binary.extend([0x7f, 0x45, 0x4c, 0x46, 0, 0, 1, 0]);
        assert!(decode(&binary).is_ok());
    }

    #[test]
    fn utf8_with_and_without_bom() {
        assert_eq!(decode(b"a: 1\n").unwrap(), "a: 1\n");
        assert!(matches!(decode(b"a: 1\n").unwrap(), Cow::Borrowed(_)));
        assert_eq!(decode(b"\xef\xbb\xbfa: \xc3\xa9\n").unwrap(), "a: é\n");
        assert_eq!(decode(b"").unwrap(), "");
    }

    #[test]
    fn utf16_and_utf32_are_rejected() {
        let e = decode(b"\xff\xfea\x00:\x00").unwrap_err();
        assert_eq!(e.message, "file is UTF-16 encoded; convert it to UTF-8");
        assert!(e.fatal);
        let e = decode(b"\xfe\xff\x00a\x00:").unwrap_err();
        assert!(e.message.contains("UTF-16"));
        let e = decode(b"a\x00:\x00 \x001\x00\n\x00").unwrap_err();
        assert!(e.message.contains("UTF-16"));
        let e = decode(b"\xff\xfe\x00\x00a\x00\x00\x00").unwrap_err();
        assert!(e.message.contains("UTF-32"));
    }

    #[test]
    fn invalid_utf8_points_at_the_bad_byte() {
        let e = decode(b"a: ok\nb: \xff\n").unwrap_err();
        assert_eq!(e.span.start, 9);
        assert!(e.message.contains("offset 9"), "{}", e.message);
        let e = decode(b"\xef\xbb\xbfab\xc3").unwrap_err();
        assert_eq!(e.span.start, 5);
    }
}
