//! Names a spec document gives that an API page does not: enum variant names, and the titles of
//! inline objects, array items and enums, following the hand-written spec's conventions
//! (spec/README.md, "Names"). They are the spec's naming rules, kept beside the generator's rules
//! for turning those names into Rust (the parent module); the importer applies them.

use heck::ToUpperCamelCase;

/// PascalCase words of an identifier (`ListLiveRecordJobs` → List, Live, Record, Jobs).
pub fn words(name: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut current = String::new();
    let chars: Vec<char> = name.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let next_lower = chars.get(i + 1).is_some_and(|n| n.is_lowercase());
        let prev_lower = i > 0
            && chars
                .get(i - 1)
                .is_some_and(|p| p.is_lowercase() || p.is_ascii_digit());
        if c.is_uppercase() && !current.is_empty() && (prev_lower || next_lower) {
            out.push(std::mem::take(&mut current));
        }
        if c.is_alphanumeric() {
            current.push(c);
        } else if !current.is_empty() {
            out.push(std::mem::take(&mut current));
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The singular of a PascalCase plural (`StreamInfos` → StreamInfo, `VodMediaList` → VodMedia).
pub fn singular(name: &str) -> String {
    if let Some(stem) = name.strip_suffix("List").filter(|s| !s.is_empty()) {
        return stem.to_owned();
    }
    if let Some(stem) = name.strip_suffix("ies") {
        return format!("{stem}y");
    }
    if name.ends_with('s') && !name.ends_with("ss") && name.len() > 1 {
        return name[..name.len() - 1].to_owned();
    }
    format!("{name}Item")
}

/// The operation's noun: the action without its verb, singular (`ListLiveRecordJobs` → LiveRecordJob).
pub fn operation_noun(action: &str) -> String {
    let w = words(action);
    let noun: String = w.iter().skip(1).cloned().collect();
    if noun.is_empty() {
        action.to_owned()
    } else if noun.ends_with('s') || noun.ends_with("List") {
        singular(&noun)
    } else {
        noun
    }
}

/// The short prefix for a top-level generic field's enum: the noun's last two words (`RecordJob`).
pub fn short_noun(action: &str) -> String {
    let noun = operation_noun(action);
    let w = words(&noun);
    w.iter().skip(w.len().saturating_sub(2)).cloned().collect()
}

/// Field names too generic to name an enum alone.
pub fn is_generic(field: &str) -> bool {
    matches!(
        field,
        "Type" | "Status" | "State" | "Mode" | "Kind" | "Category"
    )
}

/// A leaked item-schema name (`LiveRecordJobItemType`) without its suffix.
pub fn from_leaked(name: &str) -> String {
    for suffix in ["ItemType", "Item", "Type"] {
        if let Some(stem) = name.strip_suffix(suffix).filter(|s| !s.is_empty()) {
            return stem.to_owned();
        }
    }
    name.to_owned()
}

/// Common status meanings and the variant names the spec uses for them, checked before the general rule.
const MEANINGS: &[(&str, &str)] = &[
    ("in progress", "Running"),
    ("not started", "NotStarted"),
    ("immediately", "Immediate"),
    ("scheduled", "Scheduled"),
];

const STOP: &[&str] = &[
    "the", "a", "an", "at", "to", "of", "is", "are", "be", "by", "in", "on", "and", "or",
];

/// The variant name for a value: from the value when it can be an identifier, else from its meaning.
/// Returns the name and whether it came from the meaning (which the report mentions).
pub fn varname(value: &str, meaning: &str) -> (String, bool) {
    if value.starts_with(|c: char| c.is_ascii_alphabetic()) {
        let name = value.to_upper_camel_case();
        if !name.is_empty() {
            return (name, false);
        }
    }
    let m = meaning.trim().trim_end_matches('.').to_lowercase();
    if m.is_empty() {
        return (format!("V{}", value.to_upper_camel_case()), false);
    }
    if let Some((_, name)) = MEANINGS.iter().find(|(phrase, _)| m.contains(phrase)) {
        return ((*name).to_owned(), true);
    }
    let predicate = m
        .rsplit_once(" is ")
        .or_else(|| m.rsplit_once(" are "))
        .map_or(m.as_str(), |(_, p)| p);
    let significant: Vec<&str> = predicate
        .split_whitespace()
        .filter(|w| !STOP.contains(w))
        .collect();
    let tail = &significant[significant.len().saturating_sub(2)..];
    let name = tail.join(" ").to_upper_camel_case();
    if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_alphabetic()) {
        (format!("V{}", value.to_upper_camel_case()), true)
    } else {
        (name, true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names() {
        assert_eq!(
            words("ListLiveRecordJobs"),
            ["List", "Live", "Record", "Jobs"]
        );
        assert_eq!(words("MediaURL"), ["Media", "URL"]);
        assert_eq!(operation_noun("ListLiveTranscodeJobs"), "LiveTranscodeJob");
        assert_eq!(short_noun("GetLiveSnapshotJob"), "SnapshotJob");
        assert_eq!(operation_noun("GetLiveEditingJob"), "LiveEditingJob");
        assert_eq!(singular("VodMediaList"), "VodMedia");
        assert_eq!(singular("StreamInfos"), "StreamInfo");
        assert_eq!(from_leaked("LiveRecordJobItemType"), "LiveRecordJob");
    }

    #[test]
    fn variants() {
        assert_eq!(varname("narrow-band", "").0, "NarrowBand");
        assert_eq!(varname("RUNNING", "").0, "Running");
        assert_eq!(
            varname("0", "The job is not started."),
            ("NotStarted".to_owned(), true)
        );
        assert_eq!(varname("2", "The job is stopped.").0, "Stopped");
        assert_eq!(
            varname("1", "The transcoding job starts at the scheduled time.").0,
            "Scheduled"
        );
        assert_eq!(varname("7", "").0, "V7");
    }
}
