//! Text that was itself inside other text: a policy in a JSON string
//! (`s3api get-bucket-policy`), or URL-encoded (raw IAM API output). Decoding keeps a map
//! from each decoded byte back to where it was written, so findings in the inner document
//! point into what the user pasted.

/// Maps byte offsets in a decoded text back to the text it was decoded from.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OffsetMap {
    /// `(decoded_start, source_start)`: from `decoded_start` on, decoded bytes map one to
    /// one onto source bytes, until the next segment.
    segments: Vec<(u32, u32)>,
}

impl OffsetMap {
    /// The source offset of a decoded offset. A byte produced by an escape maps to the
    /// escape's first byte.
    pub fn to_source(&self, decoded: u32) -> u32 {
        let i = self.segments.partition_point(|&(d, _)| d <= decoded);
        match i.checked_sub(1).and_then(|i| self.segments.get(i)) {
            Some(&(d, s)) => s.saturating_add(decoded - d),
            None => decoded,
        }
    }

    fn push(&mut self, decoded: usize, source: usize) {
        let seg = (super::to_u32(decoded), super::to_u32(source));
        if let Some(last) = self.segments.last() {
            // Skip a segment that continues the previous one exactly.
            if seg.1 - last.1 == seg.0 - last.0 {
                return;
            }
        }
        self.segments.push(seg);
    }

    /// Decodes the JSON string literal `raw` (with its quotes), written at `offset` in the
    /// source. `raw` has already been validated by the parser.
    pub fn json_string(raw: &str, offset: u32) -> (String, OffsetMap) {
        let inner = raw.get(1..raw.len().saturating_sub(1)).unwrap_or_default();
        let base = offset as usize + 1;
        let mut out = String::with_capacity(inner.len());
        let mut map = OffsetMap::default();
        let mut i = 0;
        // `i` stays on a character boundary: runs end at a `\`, escapes span whole characters.
        while let Some(rest) = inner.get(i..).filter(|rest| !rest.is_empty()) {
            map.push(out.len(), base + i);
            if !rest.starts_with('\\') {
                let run = rest.split('\\').next().unwrap_or(rest);
                out.push_str(run);
                i += run.len();
                continue;
            }
            let (c, len) = decode_escape(rest);
            out.push(c);
            // Every byte of the decoded character maps to the escape's start.
            for k in 1..c.len_utf8() {
                map.segments.push((super::to_u32(out.len() - c.len_utf8() + k), super::to_u32(base + i)));
            }
            i += len;
            map.segments.push((super::to_u32(out.len()), super::to_u32(base + i)));
        }
        map.segments.dedup_by_key(|s| s.0);
        (out, map)
    }
}

fn hex4(s: &str) -> u32 {
    u32::from_str_radix(s.get(..4).unwrap_or("0"), 16).unwrap_or(0xfffd)
}

/// One escape at the start of `s`: the character and how many source bytes it used.
fn decode_escape(s: &str) -> (char, usize) {
    let b = s.as_bytes();
    match b.get(1) {
        Some(b'n') => ('\n', 2),
        Some(b't') => ('\t', 2),
        Some(b'r') => ('\r', 2),
        Some(b'b') => ('\u{8}', 2),
        Some(b'f') => ('\u{c}', 2),
        Some(b'u') => {
            let hi = hex4(s.get(2..).unwrap_or_default());
            if (0xD800..0xDC00).contains(&hi) && s.get(6..8) == Some("\\u") {
                let lo = hex4(s.get(8..).unwrap_or_default());
                if (0xDC00..0xE000).contains(&lo) {
                    let c = char::from_u32(0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00));
                    return (c.unwrap_or('\u{fffd}'), 12);
                }
            }
            (char::from_u32(hi).unwrap_or('\u{fffd}'), 6)
        }
        Some(_) => match s.get(1..).and_then(|rest| rest.chars().next()) {
            Some(c) => (c, 1 + c.len_utf8()),
            None => ('\\', 1),
        },
        None => ('\\', 1),
    }
}

/// Decodes RFC 3986 percent-encoding (`%7B%22Version%22…`), as the IAM API returns policy
/// documents. `None` when an escape is malformed or the result is not UTF-8.
pub fn decode_percent(s: &str) -> Option<(String, OffsetMap)> {
    let b = s.as_bytes();
    let mut out = Vec::with_capacity(b.len());
    let mut map = OffsetMap::default();
    let mut i = 0;
    while let Some(&byte) = b.get(i) {
        map.push(out.len(), i);
        if byte == b'%' {
            // `from_str_radix` alone would take a sign (`%+F`).
            let hex = s.get(i + 1..i + 3).filter(|h| h.bytes().all(|b| b.is_ascii_hexdigit()))?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
            map.segments.push((super::to_u32(out.len()), super::to_u32(i)));
        } else {
            out.push(byte);
            i += 1;
        }
    }
    map.segments.dedup_by_key(|s| s.0);
    Some((String::from_utf8(out).ok()?, map))
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::string_slice)]
mod tests {
    use super::*;

    #[test]
    fn json_string_offsets_map_back() {
        let src = r#"{"Policy": "{\"Version\":\"2012\",\n\"a\":\u00e9}"}"#;
        let start = src.find("\"{").unwrap();
        let end = src.rfind('"').unwrap() + 1;
        let (text, map) = OffsetMap::json_string(&src[start..end], start as u32);
        assert_eq!(text, "{\"Version\":\"2012\",\n\"a\":é}");
        for needle in ["Version", "2012", "a\""] {
            let d = text.find(needle).unwrap() as u32;
            let s = map.to_source(d) as usize;
            assert!(src[s..].starts_with(&needle[..1]), "{needle}: {}", &src[s..]);
        }
        let e = text.find('é').unwrap() as u32;
        assert!(src[map.to_source(e) as usize..].starts_with("\\u00e9"));
        assert!(src[map.to_source(e + 2) as usize..].starts_with('}'));
    }

    #[test]
    fn percent_decoding() {
        let (text, map) = decode_percent("%7B%22Version%22%3A%20x%7D").unwrap();
        assert_eq!(text, "{\"Version\": x}");
        assert_eq!(map.to_source(text.find('V').unwrap() as u32), 6);
        assert_eq!(map.to_source(text.find('x').unwrap() as u32), 22);
        assert!(decode_percent("%7").is_none());
        assert!(decode_percent("%FF").is_none());
    }
}
