//! Encoding repair: finds text that is UTF-8 misread as Windows-1252, Mac Roman or Johab, and turns it back.
//!
//! A run of non-ASCII characters is mapped back to the bytes the wrong decoder saw, and those bytes are decoded as
//! UTF-8. The run is replaced only when every byte decodes and every character that comes out is an emoji,
//! a symbol or punctuation (or, for the one-byte encodings, a Latin letter with an accent). Clean text never makes
//! such a run: accented letters, Hangul, kana and CJK either do not map back or give invalid UTF-8.
//! Each file is repaired with the one encoding that explains the most runs, so a clean file is left alone.

use std::collections::HashMap;
use std::sync::OnceLock;

/// The wrong decoders we know how to undo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Misreading {
    Windows1252,
    MacRoman,
    Johab,
}

impl Misreading {
    pub const ALL: [Misreading; 3] = [Misreading::Windows1252, Misreading::MacRoman, Misreading::Johab];

    pub fn name(self) -> &'static str {
        match self {
            Misreading::Windows1252 => "Windows-1252",
            Misreading::MacRoman => "Mac Roman",
            Misreading::Johab => "Johab",
        }
    }

    fn table(self) -> &'static HashMap<char, Vec<u8>> {
        static W: OnceLock<HashMap<char, Vec<u8>>> = OnceLock::new();
        static M: OnceLock<HashMap<char, Vec<u8>>> = OnceLock::new();
        static J: OnceLock<HashMap<char, Vec<u8>>> = OnceLock::new();
        match self {
            Misreading::Windows1252 => W.get_or_init(|| single_byte_table(encoding_rs::WINDOWS_1252)),
            Misreading::MacRoman => M.get_or_init(|| single_byte_table(encoding_rs::MACINTOSH)),
            Misreading::Johab => J.get_or_init(johab_table),
        }
    }

    /// What a decoder of this kind shows for `bytes` (used by tests to make damage, and by nothing else).
    pub fn misread(self, bytes: &[u8]) -> String {
        let reverse: HashMap<&[u8], char> = self.table().iter().map(|(c, b)| (b.as_slice(), *c)).collect();
        let mut out = String::new();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] < 0x80 {
                out.push(bytes[i] as char);
                i += 1;
                continue;
            }
            let width = if self == Misreading::Johab { 2 } else { 1 };
            match bytes.get(i..i + width).and_then(|k| reverse.get(k)) {
                Some(c) => {
                    out.push(*c);
                    i += width;
                }
                None => {
                    // a decoder that cannot map a pair drops it, as happened to two emoji in seed 003
                    i += width;
                }
            }
        }
        out
    }
}

fn single_byte_table(encoding: &'static encoding_rs::Encoding) -> HashMap<char, Vec<u8>> {
    let mut map = HashMap::new();
    for b in 0x80u8..=0xFF {
        let buf = [b];
        let (text, _) = encoding.decode_without_bom_handling(&buf);
        let mut chars = text.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && c != '\u{FFFD}'
        {
            map.insert(c, vec![b]);
        }
    }
    map
}

/// Johab: Hangul syllables by formula; symbols and hanja are KS X 1001 (EUC-KR) rows moved to new lead bytes.
fn johab_table() -> HashMap<char, Vec<u8>> {
    // 5-bit Johab codes for each Unicode jamo index
    const INITIAL: [u16; 19] = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20];
    const MEDIAL: [u16; 21] = [3, 4, 5, 6, 7, 10, 11, 12, 13, 14, 15, 18, 19, 20, 21, 22, 23, 26, 27, 28, 29];
    const FINAL: [u16; 28] =
        [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29];
    let mut map = HashMap::new();
    for s in 0..11172u32 {
        let (l, v, t) = (s / (21 * 28), (s % (21 * 28)) / 28, s % 28);
        let code = 0x8000 | (INITIAL[l as usize] << 10) | (MEDIAL[v as usize] << 5) | FINAL[t as usize];
        if let Some(c) = char::from_u32(0xAC00 + s) {
            map.insert(c, code.to_be_bytes().to_vec());
        }
    }
    // KS X 1001 symbol rows 1-12 (except row 4, jamo) and hanja rows 42-93, via the EUC-KR table
    for lead in (0xA1u8..=0xACu8).chain(0xCAu8..=0xFDu8) {
        if lead == 0xA4 {
            continue;
        }
        for trail in 0xA1u8..=0xFE {
            let buf = [lead, trail];
            let (text, bad) = encoding_rs::EUC_KR.decode_without_bom_handling(&buf);
            let mut chars = text.chars();
            let (Some(c), None, false) = (chars.next(), chars.next(), bad) else {
                continue;
            };
            let (base, first_lead) = if lead >= 0xCA { (0xE0u8, 0xCAu8) } else { (0xD9u8, 0xA1u8) };
            let johab_lead = base + (lead - first_lead) / 2;
            let johab_trail = if (lead - first_lead) % 2 == 0 {
                if trail <= 0xEE { trail - 0x70 } else { trail - 0x5E }
            } else {
                trail
            };
            map.entry(c).or_insert_with(|| vec![johab_lead, johab_trail]);
        }
    }
    map
}

/// What repair did to one text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Repair {
    pub text: String,
    pub encoding: Misreading,
    /// How many runs were turned back into what the author wrote.
    pub fixed: usize,
    /// 1-based lines where the damage had already lost bytes; each such run became one U+FFFD.
    pub lost_lines: Vec<usize>,
}

/// Repairs `text` if it holds UTF-8 misread as one of the known encodings; `None` when nothing needs repair.
pub fn repair(text: &str) -> Option<Repair> {
    let mut best: Option<Repair> = None;
    for encoding in Misreading::ALL {
        let candidate = repair_with(text, encoding);
        // a "lost byte" guess is believable only beside runs that repaired whole: clean Chinese such as 当前
        // maps to Johab bytes that look like a cut-off emoji, and must stay as written
        if candidate.fixed == 0 || candidate.lost_lines.len() > candidate.fixed {
            continue;
        }
        let score = candidate.fixed + candidate.lost_lines.len();
        let best_score = best.as_ref().map_or(0, |b| b.fixed + b.lost_lines.len());
        if score > best_score {
            best = Some(candidate);
        }
    }
    best
}

/// Repairs every run that `encoding` explains (see the module docs for when a run counts as explained).
pub fn repair_with(text: &str, encoding: Misreading) -> Repair {
    let table = encoding.table();
    let mut out = String::with_capacity(text.len());
    let mut fixed = 0;
    let mut lost_lines = Vec::new();
    let mut line = 1;
    let mut run_start: Option<usize> = None;
    let mut bytes: Vec<u8> = Vec::new();

    let mut flush = |out: &mut String, run: &str, bytes: &[u8], line: usize| match decode_run(bytes, encoding) {
        Decoded::Whole(s) => {
            out.push_str(&s);
            fixed += 1;
        }
        Decoded::Lost(s) => {
            out.push_str(&s);
            lost_lines.push(line);
        }
        Decoded::No => out.push_str(run),
    };

    for (i, c) in text.char_indices() {
        let mapped = if c.is_ascii() { None } else { table.get(&c) };
        match (mapped, run_start) {
            (Some(b), Some(_)) => bytes.extend_from_slice(b),
            (Some(b), None) => {
                run_start = Some(i);
                bytes.clear();
                bytes.extend_from_slice(b);
            }
            (None, Some(start)) => {
                flush(&mut out, &text[start..i], &bytes, line);
                run_start = None;
                out.push(c);
            }
            (None, None) => out.push(c),
        }
        if c == '\n' {
            line += 1;
        }
    }
    if let Some(start) = run_start {
        flush(&mut out, &text[start..], &bytes, line);
    }
    Repair { text: out, encoding, fixed, lost_lines }
}

enum Decoded {
    Whole(String),
    Lost(String),
    No,
}

fn decode_run(bytes: &[u8], encoding: Misreading) -> Decoded {
    let single_byte = encoding != Misreading::Johab;
    match std::str::from_utf8(bytes) {
        Ok(s) if s.chars().all(|c| is_repair_target(c, single_byte)) => Decoded::Whole(s.to_string()),
        Ok(_) => Decoded::No,
        Err(e) => {
            // Only a cut-off four-byte sequence (an emoji whose last bytes the wrong decoder dropped) at the end.
            let good = e.valid_up_to();
            let rest = &bytes[good..];
            let prefix = std::str::from_utf8(&bytes[..good]).unwrap_or("");
            let cut_emoji = e.error_len().is_none()
                && rest.len() >= 2
                && (0xF0..=0xF4).contains(&rest[0])
                && rest[1..].iter().all(|b| (0x80..=0xBF).contains(b));
            if cut_emoji && prefix.chars().all(|c| is_repair_target(c, single_byte)) {
                Decoded::Lost(format!("{prefix}\u{FFFD}"))
            } else {
                Decoded::No
            }
        }
    }
}

/// Characters a repair may produce: emoji, symbols, punctuation; accented Latin only for one-byte misreadings.
fn is_repair_target(c: char, allow_latin: bool) -> bool {
    let u = c as u32;
    matches!(u,
        0x2000..=0x2BFF        // punctuation, arrows, math, technical, dingbats, misc symbols
        | 0x2E00..=0x2E7F
        | 0x3030 | 0x303D | 0x3297 | 0x3299
        | 0xFE00..=0xFE0F      // variation selectors
        | 0x1F000..=0x1FAFF    // emoji
        | 0xE0020..=0xE007F)   // tag characters (subdivision flags)
        || (allow_latin && (0xA0..=0x17F).contains(&u))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn damage(s: &str, e: Misreading) -> String {
        e.misread(s.as_bytes())
    }

    #[test]
    fn seed_samples_come_back() {
        assert_eq!(repair("### ðŸ”¥ CRITICAL").unwrap().text, "### 🔥 CRITICAL");
        assert_eq!(repair("## ‚ö†Ô∏è Critical").unwrap().text, "## ⚠️ Critical");
        assert_eq!(repair("## 游꿢 Executive").unwrap().text, "## 🎯 Executive");
        assert_eq!(repair("0% coverage â†’ 80% target").unwrap().text, "0% coverage → 80% target");
    }

    #[test]
    fn johab_formula_matches_known_pairs() {
        // 游 is the hanja the bytes F0 9F show as in Johab; 꿢 is the Hangul syllable for 8E AF
        assert_eq!(Misreading::Johab.table().get(&'游'), Some(&vec![0xF0, 0x9F]));
        assert_eq!(Misreading::Johab.table().get(&'꿢'), Some(&vec![0x8E, 0xAF]));
        assert_eq!(Misreading::Johab.table().get(&'가'), Some(&vec![0x88, 0x61]));
    }

    #[test]
    fn clean_chinese_is_not_a_lost_emoji() {
        // each of these words maps to Johab bytes shaped like an emoji cut short; with nothing else to repair,
        // the file is clean and stays as it is
        assert!(repair("## 当前主题\n- 自动保存\n").is_none());
    }

    #[test]
    fn lost_bytes_become_one_mark_with_line() {
        let r = repair("# t\n## 游꿢 ok\n## 游 lost\n").unwrap();
        assert_eq!(r.text, "# t\n## 🎯 ok\n## \u{FFFD} lost\n");
        assert_eq!(r.lost_lines, vec![3]);
        assert_eq!(r.fixed, 1);
        assert_eq!(r.encoding, Misreading::Johab);
    }

    const CLEAN: &[&str] = &[
        "Größe und Übermaß: schön, „Anführungszeichen“",
        "Élève, façon, déjà vu, « guillemets », cœur",
        "한국어 텍스트와 로드맵 항목 완료",
        "中文路线图：完成安全审计",
        "日本語のロードマップ、カタカナとひらがな",
        "Русский текст: дорожная карта",
        "Ελληνικά: οδικός χάρτης",
        "“smart quotes” and ‘single’ — dashes – and …",
        "family 👨‍👩‍👧‍👦 and flags 🇩🇪 🇰🇷 🏴󠁧󠁢󠁳󠁣󠁴󠁿",
        "✅ done ⚠️ warn 🔥 hot ❌ no",
        "Ñandú, São Paulo, NÃO, Ærøskøbing, ðe",
        "25°C, ±3, µs, ½, ©2026, ®, ™",
    ];

    #[test]
    fn clean_text_is_untouched() {
        for s in CLEAN {
            assert_eq!(repair(s), None, "{s}");
        }
    }

    proptest! {
        #[test]
        fn repair_of_clean_is_identity(parts in prop::collection::vec(prop::sample::select(CLEAN), 1..5)) {
            let text = parts.join("\n");
            prop_assert_eq!(repair(&text).map(|r| r.text).unwrap_or(text.clone()), text);
        }

        #[test]
        fn repair_undoes_damage(
            words in prop::collection::vec(prop::sample::select(vec![
                "🔥", "🚀", "⚠️", "✅", "❌", "🎯", "📊", "🟡", "🔴", "🟢", "→", "—", "“quoted”", "…", "💡", "👍🏽",
                "🇩🇪", "⭐", "plan", "Week 1", "done", "ok"]), 1..8),
            e in prop::sample::select(Misreading::ALL.to_vec()),
        ) {
            let text = words.join(" ");
            let damaged = damage(&text, e);
            // Johab drops pairs it cannot map; only a damage that kept every byte can be undone exactly.
            let lossless = e.misread(text.as_bytes()) == damaged
                && repair_with(&damaged, e).lost_lines.is_empty()
                && damaged.chars().map(|c| if c.is_ascii() { 1 } else { e.table()[&c].len() }).sum::<usize>() == text.len();
            if !lossless {
                return Ok(());
            }
            prop_assert_eq!(repair_with(&damaged, e).text, text.clone());
            if damaged != text {
                prop_assert_eq!(repair(&damaged).map(|r| r.text), Some(text));
            }
        }
    }
}
