//! Open enums: the documented values of a parameter as variants, anything else kept in `Unknown`, so
//! a value the service adds later still decodes, displays and is sent back unchanged.
//!
//! The generated crate declares each one with [`open_enum!`](crate::open_enum!), which writes the
//! type and its conversions, `Display`, `FromStr`, serde and query encoding. The shared logic lives
//! here, written and type-checked once instead of once per enum.

use std::borrow::Cow;
use std::fmt;

use serde::Deserializer;
use serde::de::{Error, Visitor};

/// Declares an open enum: a string- or integer-valued type whose documented values are variants and
/// whose other values are kept in an `Unknown` variant added by the macro.
///
/// ```
/// use alibabacloud_rpc_runtime::open_enum;
///
/// open_enum! {
///     /// The sorting order.
///     #[non_exhaustive]
///     pub enum SortBy: String {
///         /// Oldest first.
///         Asc = "asc",
///         /// Newest first.
///         Desc = "desc",
///     }
/// }
///
/// open_enum! {
///     /// How a job starts.
///     pub enum StartMode: i64 {
///         /// At once.
///         Immediate = 0,
///         /// At the scheduled time.
///         Scheduled = 1,
///     }
/// }
///
/// assert_eq!(SortBy::from("desc"), SortBy::Desc);
/// assert_eq!(SortBy::from("random").as_str(), "random");
/// assert!(SortBy::from("random").is_unknown());
/// assert_eq!(SortBy::VALUES, ["asc", "desc"]);
/// assert_eq!("1".parse::<StartMode>(), Ok(StartMode::Scheduled));
/// assert_eq!(StartMode::from(7), StartMode::Unknown(7));
/// assert_eq!(StartMode::Scheduled.to_string(), "1");
/// ```
///
/// A `String` enum gets `VALUES`, `as_str`, `is_unknown`, `From<&str>`, `FromStr` (infallible),
/// `Display`, serde as a string and [`QueryValue`](crate::QueryValue); an `i64` enum the same with
/// `value` instead of `as_str`, `From<i64>`, a `FromStr` that parses an integer, and serde as an integer.
/// Both derive `Clone`, `Debug`, `PartialEq`, `Eq` and `Hash` (an `i64` enum also `Copy`).
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident: String {
            $($(#[$variant_meta:meta])* $variant:ident = $value:literal),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)*
            /// A value the documentation does not list, kept as received.
            Unknown(::std::string::String),
        }

        impl $name {
            /// Every documented value, in the documentation's order.
            pub const VALUES: &'static [&'static str] = &[$($value),*];

            /// The value as it travels on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => value,
                }
            }

            /// Whether this value is one the documentation does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(::std::borrow::ToOwned::to_owned(other)),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            // The error type spelled out: `Self::Err` would be ambiguous with a variant named `Err`.
            fn from_str(text: &str) -> ::std::result::Result<Self, ::std::convert::Infallible> {
                ::std::result::Result::Ok(Self::from(text))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                $crate::open_enum::deserialize_str(deserializer).map(|text| Self::from(&*text))
            }
        }

        impl $crate::QueryValue for $name {
            fn to_query_value(&self) -> ::std::string::String {
                ::std::borrow::ToOwned::to_owned(self.as_str())
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident: i64 {
            $($(#[$variant_meta:meta])* $variant:ident = $value:literal),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        $vis enum $name {
            $($(#[$variant_meta])* $variant,)*
            /// A value the documentation does not list, kept as received.
            Unknown(i64),
        }

        impl $name {
            /// Every documented value, in the documentation's order.
            pub const VALUES: &'static [i64] = &[$($value),*];

            /// The value on the wire.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::Unknown(value) => *value,
                }
            }

            /// Whether this value is one the documentation does not list.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(value: i64) -> Self {
                match value {
                    $($value => Self::$variant,)*
                    other => Self::Unknown(other),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::num::ParseIntError;
            fn from_str(text: &str) -> ::std::result::Result<Self, ::std::num::ParseIntError> {
                $crate::open_enum::parse_i64(text).map(Self::from)
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                ::std::fmt::Display::fmt(&self.value(), f)
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(
                &self,
                serializer: S,
            ) -> ::std::result::Result<S::Ok, S::Error> {
                serializer.serialize_i64(self.value())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: D,
            ) -> ::std::result::Result<Self, D::Error> {
                <i64 as $crate::__private::serde::Deserialize<'de>>::deserialize(deserializer)
                    .map(Self::from)
            }
        }

        impl $crate::QueryValue for $name {
            fn to_query_value(&self) -> ::std::string::String {
                ::std::string::ToString::to_string(&self.value())
            }
        }
    };
}

/// The text of a string-valued enum: borrowed from the input when the format allows it, so a known
/// value costs no allocation. One instance per deserializer, shared by every string enum.
pub fn deserialize_str<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(TextVisitor)
}

/// An integer-valued enum's text (`FromStr`): surrounding whitespace is ignored.
pub fn parse_i64(text: &str) -> Result<i64, std::num::ParseIntError> {
    text.trim().parse()
}

struct TextVisitor;

impl<'de> Visitor<'de> for TextVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a string")
    }

    fn visit_borrowed_str<E: Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(text))
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text.to_owned()))
    }

    fn visit_string<E: Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(text))
    }
}

#[cfg(test)]
mod tests {
    use crate::QueryValue;

    crate::open_enum! {
        /// Test values.
        #[non_exhaustive]
        pub enum Kind: String {
            /// `normal`
            Normal = "normal",
            /// `narrow-band`
            NarrowBand = "narrow-band",
        }
    }

    crate::open_enum! {
        /// Test values.
        pub enum Level: i64 {
            /// `-1`
            Off = -1,
            /// `2`
            High = 2,
        }
    }

    crate::open_enum! {
        /// No documented value at all.
        pub enum Empty: String {}
    }

    // Variants named like the `FromStr` items (the random-spec test found `Self::Err` ambiguous).
    crate::open_enum! {
        /// Values named `Err` and `Ok`.
        pub enum Outcome: String {
            /// `err`
            Err = "err",
            /// `ok`
            Ok = "ok",
        }
    }

    crate::open_enum! {
        /// A number named `Err`.
        pub enum Code: i64 {
            /// `1`
            Err = 1,
        }
    }

    #[test]
    fn variants_may_be_named_err() {
        assert_eq!("err".parse::<Outcome>(), Ok(Outcome::Err));
        assert_eq!("1".parse::<Code>(), Ok(Code::Err));
        assert_eq!(Outcome::VALUES, ["err", "ok"]);
        assert_eq!(Code::VALUES, [1]);
        assert!(!Outcome::Ok.is_unknown() && !Code::Err.is_unknown());
    }

    #[test]
    fn strings_keep_unknown_values_and_round_trip() {
        assert_eq!(Kind::from("narrow-band"), Kind::NarrowBand);
        assert_eq!(Kind::NarrowBand.as_str(), "narrow-band");
        assert_eq!(Kind::VALUES, ["normal", "narrow-band"]);
        let other: Kind = "wide".parse().unwrap_or(Kind::Normal);
        assert_eq!(other, Kind::Unknown("wide".into()));
        assert!(other.is_unknown() && !Kind::Normal.is_unknown());
        assert_eq!(other.to_string(), "wide");
        assert_eq!(other.to_query_value(), "wide");
        assert_eq!(
            serde_json::to_string(&Kind::Normal).ok().as_deref(),
            Some("\"normal\"")
        );
        let decoded: Vec<Kind> =
            serde_json::from_str(r#"["normal","wide","narrow-band"]"#).unwrap_or_default();
        assert_eq!(
            decoded,
            [Kind::Normal, Kind::Unknown("wide".into()), Kind::NarrowBand]
        );
        // Escaped text cannot be borrowed; it decodes all the same.
        let escaped: Option<Kind> = serde_json::from_str(r#""narrow\u002dband""#).ok();
        assert_eq!(escaped, Some(Kind::NarrowBand));
        assert!(serde_json::from_str::<Kind>("3").is_err());
        assert_eq!(Empty::from("x"), Empty::Unknown("x".into()));
        assert!(Empty::from("x").is_unknown());
        assert!(Empty::VALUES.is_empty());
    }

    #[test]
    fn integers_keep_unknown_values_and_round_trip() {
        assert_eq!(Level::from(-1), Level::Off);
        assert_eq!(Level::High.value(), 2);
        assert_eq!(Level::VALUES, [-1, 2]);
        assert_eq!(" 2 ".parse::<Level>(), Ok(Level::High));
        assert!("two".parse::<Level>().is_err());
        assert_eq!(Level::from(9), Level::Unknown(9));
        assert!(Level::Unknown(9).is_unknown());
        assert_eq!(Level::Off.to_string(), "-1");
        assert_eq!(Level::Unknown(9).to_query_value(), "9");
        assert_eq!(
            serde_json::to_string(&Level::High).ok().as_deref(),
            Some("2")
        );
        assert_eq!(serde_json::from_str::<Level>("-1").ok(), Some(Level::Off));
        assert!(serde_json::from_str::<Level>("\"2\"").is_err());
    }
}
