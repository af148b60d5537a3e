//! Arbitrary bytes -> encoding repair (`load::repair`). Must not panic; property: pure-ASCII text is never changed.
#![no_main]

use libfuzzer_sys::fuzz_target;
use milepost::diagnostics::Diagnostics;
use milepost::load::{decode, repair};

fn check(text: &str) {
    let best = repair::repair(text);
    if let Some(r) = &best {
        assert!(r.fixed + r.lost_lines.len() > 0, "repair() returned a Repair that fixed nothing");
    }
    if text.is_ascii() {
        assert_eq!(best, None, "repair() changed pure ASCII");
        for encoding in repair::Misreading::ALL {
            let r = repair::repair_with(text, encoding);
            assert_eq!(r.text, text, "repair_with({encoding:?}) changed pure ASCII");
            assert_eq!((r.fixed, r.lost_lines.len()), (0, 0));
        }
    }
}

fuzz_target!(|data: &[u8]| {
    // the text as `load` hands it on (UTF-8, else Windows-1252), and the raw bytes when they are other UTF-8
    let mut diagnostics = Diagnostics::new();
    let decoded = decode(data, "fuzz.md", &mut diagnostics);
    check(&decoded);
    if let Ok(s) = std::str::from_utf8(data)
        && s != decoded
    {
        check(s);
    }
    // the ASCII property on every input: the same bytes with the high bit cleared
    let ascii: String = data.iter().map(|b| char::from(b & 0x7F)).collect();
    check(&ascii);
});
