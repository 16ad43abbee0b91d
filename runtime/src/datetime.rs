//! Lenient date-time parsing for responses, strict `yyyy-MM-ddTHH:mm:ssZ` for requests.
//!
//! Alibaba Cloud documents UTC `yyyy-MM-ddTHH:mm:ssZ`, but responses also carry
//! `yyyy-MM-ddTHH:mmZ`, fractional seconds, stray spaces and `yyyy-MM-dd HH:mm:ss`; one odd value
//! must not fail a whole response.

use jiff::Timestamp;
use std::fmt;

/// The wire format of every date-time we send.
pub const FORMAT: &str = "%Y-%m-%dT%H:%M:%SZ";

/// A string that is not a date-time in any accepted form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    input: String,
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid date-time {:?}: expected RFC 3339 (e.g. 2024-01-01T10:00:00Z) or yyyy-MM-dd HH:mm:ss (UTC)",
            self.input
        )
    }
}

impl std::error::Error for DateTimeParseError {}

/// `2024-01-31T23:59:59Z` (UTC, whole seconds).
pub fn format(ts: &Timestamp) -> String {
    ts.strftime(FORMAT).to_string()
}

/// Parses RFC 3339 with or without seconds, with fractional seconds or an offset, surrounded by
/// whitespace, and `yyyy-MM-dd HH:mm:ss` / `yyyy-MM-ddTHH:mm:ss` without offset (taken as UTC).
pub fn parse_lenient(input: &str) -> Result<Timestamp, DateTimeParseError> {
    let s = input.trim();
    let err = || DateTimeParseError {
        input: input.chars().take(64).collect(),
    };
    if s.is_empty() {
        return Err(err());
    }
    if let Ok(ts) = s.parse::<Timestamp>() {
        return Ok(ts);
    }
    // No offset: Alibaba Cloud's APIs speak UTC.
    if let Ok(dt) = s.parse::<jiff::civil::DateTime>() {
        if let Ok(z) = dt.to_zoned(jiff::tz::TimeZone::UTC) {
            return Ok(z.timestamp());
        }
    }
    for fmt in [
        "%Y-%m-%dT%H:%MZ",
        "%Y-%m-%d %H:%MZ",
        "%Y-%m-%dT%H:%M%:z",
        "%Y-%m-%dT%H:%M:%S%.fZ",
    ] {
        if let Ok(ts) = Timestamp::strptime(fmt, s) {
            return Ok(ts);
        }
        if let Ok(z) = jiff::Zoned::strptime(fmt, s) {
            return Ok(z.timestamp());
        }
    }
    Err(err())
}

/// Serde `with` module for a required `Timestamp`.
pub fn serialize<S: serde::Serializer>(
    value: &Timestamp,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    serializer.serialize_str(&format(value))
}

/// Serde `with` module for a required `Timestamp` (lenient).
pub fn deserialize<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Timestamp, D::Error> {
    let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
    parse_lenient(&s).map_err(serde::de::Error::custom)
}

/// Serde `with` module for `Option<Timestamp>`: `#[serde(default, with = "alibabacloud_rpc_runtime::datetime::option")]`.
/// `null`, a missing field (with `default`) and `""` all give `None`.
pub mod option {
    use super::{Timestamp, format, parse_lenient};
    use serde::de::{self, Visitor};
    use std::fmt;

    /// Writes `yyyy-MM-ddTHH:mm:ssZ`, or `null`.
    pub fn serialize<S: serde::Serializer>(
        value: &Option<Timestamp>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(ts) => serializer.serialize_some(&format(ts)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads leniently; `null` and empty strings are `None`.
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Timestamp>, D::Error> {
        deserializer.deserialize_option(OptionVisitor)
    }

    struct OptionVisitor;

    impl<'de> Visitor<'de> for OptionVisitor {
        type Value = Option<Timestamp>;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a date-time string or null")
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
            d.deserialize_str(self)
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            if v.trim().is_empty() {
                return Ok(None);
            }
            parse_lenient(v).map(Some).map_err(E::custom)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::{Deserialize, Serialize};

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct T {
        #[serde(default, with = "super::option")]
        at: Option<Timestamp>,
    }

    #[derive(Serialize, Deserialize, Debug, PartialEq)]
    struct R {
        #[serde(with = "super")]
        at: Timestamp,
    }

    fn secs(s: &str) -> Option<i64> {
        parse_lenient(s).ok().map(|t| t.as_second())
    }

    #[test]
    fn lenient_cases() {
        let base = secs("2024-01-01T10:00:00Z");
        assert_eq!(base, Some(1_704_103_200));
        assert_eq!(secs("2024-01-01T10:00Z"), base);
        assert_eq!(secs("  2024-01-01T10:00:00Z \n"), base);
        assert_eq!(secs("2024-01-01T10:00:00.123Z"), base);
        assert_eq!(secs("2024-01-01 10:00:00"), base);
        assert_eq!(secs("2024-01-01T10:00:00"), base);
        assert_eq!(secs("2024-01-01T18:00:00+08:00"), base);
        assert_eq!(secs("2024-01-01T18:00+08:00"), base);
        assert_eq!(secs("2024-01-01t10:00:00z"), base);
        for bad in [
            "",
            "   ",
            "yesterday",
            "2024-13-01T00:00:00Z",
            "2024-01-01T25:00:00Z",
            "2024-01-01T10:00:00Zjunk",
        ] {
            assert!(parse_lenient(bad).is_err(), "{bad:?} should not parse");
        }
        let long = "x".repeat(1000);
        let e = parse_lenient(&long)
            .err()
            .map(|e| e.to_string())
            .unwrap_or_default();
        assert!(e.len() < 250);
    }

    #[test]
    fn serde_option_round_trip() {
        let t: T = serde_json::from_str(r#"{"at":"2024-01-01T10:00Z"}"#).unwrap_or(T { at: None });
        assert_eq!(t.at.map(|t| t.as_second()), Some(1_704_103_200));
        assert_eq!(
            serde_json::to_string(&t).ok().as_deref(),
            Some(r#"{"at":"2024-01-01T10:00:00Z"}"#)
        );
        for empty in [r#"{"at":""}"#, r#"{"at":null}"#, "{}", r#"{"at":"  "}"#] {
            let t: Result<T, _> = serde_json::from_str(empty);
            assert_eq!(t.ok(), Some(T { at: None }), "{empty}");
        }
        assert!(serde_json::from_str::<T>(r#"{"at":"soon"}"#).is_err());
        assert!(serde_json::from_str::<T>(r#"{"at":5}"#).is_err());
        assert_eq!(
            serde_json::to_string(&T { at: None }).ok().as_deref(),
            Some(r#"{"at":null}"#)
        );
    }

    #[test]
    fn serde_required() {
        let r: Result<R, _> = serde_json::from_str(r#"{"at":" 2024-01-01 10:00:00 "}"#);
        let r = r.ok();
        assert_eq!(r.as_ref().map(|r| r.at.as_second()), Some(1_704_103_200));
        assert_eq!(
            r.and_then(|r| serde_json::to_string(&r).ok()).as_deref(),
            Some(r#"{"at":"2024-01-01T10:00:00Z"}"#)
        );
    }
}
