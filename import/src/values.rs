//! Lists of valid values in every form the pages write them: bullets (`value: meaning`), an inline
//! sentence ("Valid values: A, B, and C."), numbered meanings ("0: … 1: …") and "The value can only be X".

/// One documented value and its meaning (`""` when the page gives none).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Value {
    pub value: String,
    pub meaning: String,
}

/// A list of valid values and where it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValueList {
    pub line: usize,
    pub values: Vec<Value>,
}

impl ValueList {
    pub fn contains(&self, value: &str) -> bool {
        self.values.iter().any(|v| v.value == value)
    }
}

/// A value as the pages write them in lists: one token, no spaces.
pub fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= 40
        && !s.ends_with('.')
        && s.chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// `value` or `value: meaning` (or `value : meaning`).
pub fn value_item(text: &str) -> Option<Value> {
    match text.split_once(':') {
        Some((v, meaning)) if is_token(v.trim()) => Some(Value {
            value: v.trim().to_owned(),
            meaning: meaning.trim().to_owned(),
        }),
        Some(_) => None,
        None if is_token(text.trim()) => Some(Value {
            value: text.trim().to_owned(),
            meaning: String::new(),
        }),
        None => None,
    }
}

/// "Valid values: Init, Queuing, Processing, Success, and Failed."
pub fn inline_list(text: &str) -> Option<Result<Vec<Value>, String>> {
    let (_, rest) = text.split_once("Valid values:")?;
    let rest = rest.trim();
    if rest.is_empty() {
        return None; // a header; the list follows as bullets
    }
    let sentence = rest
        .split(". ")
        .next()
        .unwrap_or(rest)
        .trim()
        .trim_end_matches('.');
    let mut values = Vec::new();
    for part in sentence
        .split(',')
        .flat_map(|p| p.split(" and "))
        .flat_map(|p| p.split(" or "))
    {
        let part = part.trim();
        let part = part
            .strip_prefix("and ")
            .or_else(|| part.strip_prefix("or "))
            .unwrap_or(part)
            .trim();
        if part.is_empty() {
            continue;
        }
        if !is_token(part) {
            return Some(Err(sentence.to_owned()));
        }
        values.push(Value {
            value: part.to_owned(),
            meaning: String::new(),
        });
    }
    Some(if values.is_empty() {
        Err(sentence.to_owned())
    } else {
        Ok(values)
    })
}

/// "0: The job is not started. 1: The job is in progress. 2: The job is stopped."
pub fn inline_meanings(text: &str) -> Option<Vec<Value>> {
    let mut values: Vec<Value> = Vec::new();
    for (k, piece) in text.split(". ").enumerate() {
        let item = piece
            .split_once(": ")
            .filter(|(v, _)| is_token(v) && v.len() <= 20);
        match (item, values.last_mut()) {
            (Some((v, meaning)), _) => values.push(Value {
                value: v.to_owned(),
                meaning: meaning.trim().to_owned(),
            }),
            (None, Some(last)) if k > 0 => {
                last.meaning.push_str(". ");
                last.meaning.push_str(piece.trim());
            }
            (None, _) => return None,
        }
    }
    for v in &mut values {
        if !v.meaning.ends_with('.') {
            v.meaning.push('.');
        }
    }
    (values.len() >= 2).then_some(values)
}

/// "The value can only be rtmp."
pub fn only_value(text: &str) -> Option<Vec<Value>> {
    let (_, rest) = text.split_once("The value can only be ")?;
    let v = rest.split_whitespace().next()?.trim_end_matches('.');
    is_token(v).then(|| {
        vec![Value {
            value: v.to_owned(),
            meaning: String::new(),
        }]
    })
}

/// The limits a description states, which become the schema's `maximum`, `minimum` and `maxLength`.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct StatedLimits {
    /// "Maximum value: N".
    pub maximum: Option<i64>,
    /// "Minimum value: N".
    pub minimum: Option<i64>,
    /// "Maximum length: N", "up to N characters": a string's length in characters.
    pub max_length: Option<u64>,
}

impl StatedLimits {
    pub fn read(text: &str) -> Self {
        StatedLimits {
            maximum: number_after(text, "Maximum value:"),
            minimum: number_after(text, "Minimum value:"),
            max_length: max_length(text),
        }
    }
}

/// A length in characters the text states: "Maximum length: N", "The maximum length is N
/// characters" or "up to N characters" (other units, such as bytes or items, are not lengths).
pub fn max_length(text: &str) -> Option<u64> {
    let n = |label: &str, unit: &str| {
        text.match_indices(label).find_map(|(at, _)| {
            let rest = text[at + label.len()..].trim_start();
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            let after = &rest[digits.len()..];
            (after.starts_with(unit))
                .then(|| digits.parse().ok())
                .flatten()
        })
    };
    n("Maximum length:", "")
        .or_else(|| n("maximum length is", " characters"))
        .or_else(|| n("up to", " characters"))
}

/// The number after `label` (e.g. "Maximum value: 100." → 100).
pub fn number_after(text: &str, label: &str) -> Option<i64> {
    let (_, rest) = text.split_once(label)?;
    let digits: String = rest
        .trim_start()
        .chars()
        .take_while(|c| c.is_ascii_digit() || *c == '-')
        .collect();
    digits.parse().ok()
}

#[cfg(test)]
mod tests {
    #[test]
    fn lengths_in_characters_only() {
        use super::max_length;
        assert_eq!(max_length("The URL.\n\n- Maximum length: 255."), Some(255));
        assert_eq!(
            max_length("The maximum length is 128 characters."),
            Some(128)
        );
        assert_eq!(max_length("It can be up to 64 characters long."), Some(64));
        assert_eq!(
            max_length("Up to 20 tags. The maximum length is 4 KB."),
            None
        );
        assert_eq!(max_length("up to 1,024 characters"), None);
    }
}
