/// Turns byte offsets into 1-based lines and columns, and into UTF-16 offsets for the page.
///
/// Built once per pasted text; each lookup is a binary search over line starts. Columns
/// count UTF-16 code units, as editors, SARIF and JavaScript do. For text that is not ASCII a
/// lookup also counts the units from the last mark (one every [`MARK`] bytes), so it costs at
/// most that many bytes however long the line: a 100 MB one-line document is no worse than a
/// short one.
#[derive(Clone, Debug)]
pub struct LineIndex {
    /// Byte offset where each line starts.
    starts: Vec<u32>,
    /// For each multiple of [`MARK`] bytes, the UTF-16 offset of the character boundary at or
    /// before it; empty when the text is ASCII (byte and UTF-16 offsets agree then).
    marks: Vec<u32>,
}

/// Bytes between two UTF-16 marks: a lookup counts at most this many.
const MARK: usize = 128;

impl LineIndex {
    pub fn new(text: &str) -> Self {
        let mut starts = vec![0];
        starts.extend(text.bytes().enumerate().filter(|&(_, b)| b == b'\n').map(|(i, _)| super::to_u32(i + 1)));
        let marks = if text.is_ascii() {
            Vec::new()
        } else {
            let (mut acc, mut prev) = (0u32, 0u32);
            (0..=text.len() / MARK)
                .map(|k| {
                    let at = clamp_to_char(text, super::to_u32(k * MARK));
                    acc += text.get(prev as usize..at as usize).map_or(0, utf16_len);
                    prev = at;
                    acc
                })
                .collect()
        };
        LineIndex { starts, marks }
    }

    /// 1-based line and 1-based UTF-16 column of a byte offset (clamped to the text).
    pub fn line_col(&self, text: &str, offset: u32) -> (u32, u32) {
        let offset = clamp_to_char(text, offset);
        let line = self.starts.partition_point(|&s| s <= offset).saturating_sub(1);
        let start = self.starts.get(line).copied().unwrap_or(0);
        let column = if self.marks.is_empty() {
            offset - start
        } else if (offset - start) as usize <= MARK {
            text.get(start as usize..offset as usize).map_or(0, utf16_len)
        } else {
            self.utf16_at(text, offset) - self.utf16_at(text, start)
        };
        (super::to_u32(line + 1), column + 1)
    }

    /// The UTF-16 offset of a byte offset, as a JavaScript string index.
    pub fn utf16_offset(&self, text: &str, offset: u32) -> u32 {
        let offset = clamp_to_char(text, offset);
        if self.marks.is_empty() {
            return offset;
        }
        self.utf16_at(text, offset)
    }

    /// The UTF-16 offset of a character boundary, counted from the mark at or before it.
    fn utf16_at(&self, text: &str, offset: u32) -> u32 {
        let k = offset as usize / MARK;
        let at = clamp_to_char(text, super::to_u32(k * MARK));
        self.marks.get(k).copied().unwrap_or_default() + text.get(at as usize..offset as usize).map_or(0, utf16_len)
    }

    /// The byte range of 1-based line `line`, without its line break.
    pub fn line_span(&self, text: &str, line: u32) -> Option<(usize, usize)> {
        let i = usize::try_from(line).ok()?.checked_sub(1)?;
        let start = *self.starts.get(i)? as usize;
        let end = self.starts.get(i + 1).map_or(text.len(), |&s| (s as usize).saturating_sub(1));
        let end = if text.get(..end).is_some_and(|t| t.ends_with('\r')) { end - 1 } else { end };
        Some((start, end))
    }
}

fn clamp_to_char(text: &str, offset: u32) -> u32 {
    let mut o = (offset as usize).min(text.len());
    while !text.is_char_boundary(o) {
        o -= 1;
    }
    super::to_u32(o)
}

fn utf16_len(s: &str) -> u32 {
    super::to_u32(s.chars().map(char::len_utf16).sum())
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation, clippy::string_slice)]
mod tests {
    use super::LineIndex;

    #[test]
    fn ascii_lines_and_columns() {
        let text = "ab\ncd\r\nef";
        let idx = LineIndex::new(text);
        assert_eq!(idx.line_col(text, 0), (1, 1));
        assert_eq!(idx.line_col(text, 4), (2, 2));
        assert_eq!(idx.line_col(text, 7), (3, 1));
        assert_eq!(idx.line_span(text, 2), Some((3, 5)));
        assert_eq!(idx.utf16_offset(text, 8), 8);
    }

    #[test]
    fn non_ascii_counts_utf16_units() {
        let text = "é😀x\n😀y";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap() as u32;
        assert_eq!(idx.line_col(text, x), (1, 4)); // é = 1 unit, 😀 = 2 units
        let y = text.find('y').unwrap() as u32;
        assert_eq!(idx.line_col(text, y), (2, 3));
        assert_eq!(idx.utf16_offset(text, y), 7);
        assert_eq!(idx.line_col(text, 2), (1, 2), "an offset inside a character is clamped");
    }

    #[test]
    fn marks_agree_with_counting_from_the_start() {
        // Lines longer than a mark, characters of every UTF-8 length across mark boundaries.
        let text: String =
            (0..3000).map(|i| ['a', 'é', '€', '😀', '\n'][if i % 701 == 700 { 4 } else { i % 4 }]).collect();
        let idx = LineIndex::new(&text);
        let mut line_start = 0;
        for (i, (offset, c)) in text.char_indices().enumerate() {
            let before = &text[..offset];
            let units = before.encode_utf16().count() as u32;
            assert_eq!(idx.utf16_offset(&text, offset as u32), units, "offset {offset}");
            let line = before.matches('\n').count() as u32 + 1;
            let column = text[line_start..offset].encode_utf16().count() as u32 + 1;
            assert_eq!(idx.line_col(&text, offset as u32), (line, column), "char {i}");
            if c == '\n' {
                line_start = offset + 1;
            }
        }
        assert_eq!(idx.utf16_offset(&text, text.len() as u32), text.encode_utf16().count() as u32);
    }
}
