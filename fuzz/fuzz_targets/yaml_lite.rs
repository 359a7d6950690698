//! Arbitrary text through the YAML fast path: wherever it returns a value,
//! granit (the full parser) must return the same value and root offset.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Some((value, root)) = caregov_core::yaml_lite::parse(text) {
        let granit = caregov_core::yaml::parse_document_with_granit(text, 0, false);
        let Ok(Some((expected, nodes))) = granit else {
            panic!("the fast path read {text:?}; granit: {granit:?}");
        };
        assert_eq!(value, expected, "{text:?}");
        assert_eq!(Some(root as u32), nodes.first().map(|n| n.offset), "{text:?}");
    }
});
