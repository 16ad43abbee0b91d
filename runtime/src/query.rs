//! Request parameters as wire name → unencoded value pairs; encoding happens once, in signing (query)
//! or in [`crate::wire::form_body`] (form body). Objects and lists are turned into pairs here, in the
//! three styles of `x-acs-serialization` (see [`crate::wire`]).

use jiff::Timestamp;
use serde::Serialize;
use std::borrow::Cow;

use crate::wire;

/// The parameters of one request (its query string, or its form body), in the order the generated
/// code writes them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QueryParams(Vec<(Cow<'static, str>, String)>);

impl QueryParams {
    /// No parameters.
    pub fn new() -> Self {
        QueryParams(Vec::new())
    }

    /// Adds `name=value` when `value` is `Some`; `None` means "not sent" (as the official SDK does).
    pub fn push<V: QueryValue + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(v) = value {
            self.0.push((Cow::Borrowed(name), v.to_query_value()));
        }
    }

    /// Adds a parameter whose name is built at run time (flattened lists: `Ids.1`, `Filter.Tags.1.Key`).
    pub fn push_dynamic<V: QueryValue + ?Sized>(&mut self, name: String, value: Option<&V>) {
        if let Some(v) = value {
            self.0.push((Cow::Owned(name), v.to_query_value()));
        }
    }

    /// Adds `value` as compact JSON text in one parameter (`x-acs-serialization: json`).
    pub fn push_json<V: Serialize + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(text) = value.and_then(wire::json_text) {
            self.0.push((Cow::Borrowed(name), text));
        }
    }

    /// Adds the values joined with `,` in one parameter (`x-acs-serialization: simple`).
    pub fn push_simple<V: QueryValue>(&mut self, name: &'static str, values: Option<&[V]>) {
        if let Some(values) = values {
            let joined: Vec<String> = values.iter().map(QueryValue::to_query_value).collect();
            self.0.push((Cow::Borrowed(name), joined.join(",")));
        }
    }

    /// Adds one parameter per leaf of `value`: `Name.Key`, `Name.1.Key`, ... (`x-acs-serialization: flat`).
    pub fn push_flat<V: Serialize + ?Sized>(&mut self, name: &'static str, value: Option<&V>) {
        if let Some(value) = value {
            let mut leaves = Vec::new();
            wire::flatten_into(name, value, &mut leaves);
            self.0
                .extend(leaves.into_iter().map(|(k, v)| (Cow::Owned(k), v)));
        }
    }

    /// Number of parameters.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The value of the first parameter called `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// The pairs, in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &str)> {
        self.0.iter().map(|(k, v)| (k.as_ref(), v.as_str()))
    }

    /// Owned pairs, the form [`crate::signing::SignableRequest`] takes.
    pub fn to_pairs(&self) -> Vec<(String, String)> {
        self.0
            .iter()
            .map(|(k, v)| (k.clone().into_owned(), v.clone()))
            .collect()
    }
}

/// How a value is written in the query string (before percent-encoding).
pub trait QueryValue {
    /// The unencoded wire form.
    fn to_query_value(&self) -> String;
}

impl QueryValue for str {
    fn to_query_value(&self) -> String {
        self.to_owned()
    }
}

impl QueryValue for String {
    fn to_query_value(&self) -> String {
        self.clone()
    }
}

impl<T: QueryValue + ?Sized> QueryValue for &T {
    fn to_query_value(&self) -> String {
        (**self).to_query_value()
    }
}

macro_rules! display_query_value {
    ($($t:ty),*) => {$(
        impl QueryValue for $t {
            fn to_query_value(&self) -> String {
                self.to_string()
            }
        }
    )*};
}
display_query_value!(i8, i16, i32, i64, u8, u16, u32, u64, usize);

/// As the official Python SDK writes it (`100.0`, `1e+16`): see [`wire::python_float`].
impl QueryValue for f64 {
    fn to_query_value(&self) -> String {
        wire::python_float(*self)
    }
}

/// The f32's shortest digits, written as a Python float.
impl QueryValue for f32 {
    fn to_query_value(&self) -> String {
        wire::python_float(self.to_string().parse().unwrap_or(f64::from(*self)))
    }
}

/// `True` / `False`, byte for byte what the official Python SDK sends (its `str()` of a boolean).
/// The service reads booleans case-insensitively; the Go and Java SDKs send `true`.
impl QueryValue for bool {
    fn to_query_value(&self) -> String {
        wire::python_bool(*self).to_owned()
    }
}

/// UTC, whole seconds: `2024-01-31T23:59:59Z`, the form the API documents.
impl QueryValue for Timestamp {
    fn to_query_value(&self) -> String {
        crate::datetime::format(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_rendering() {
        assert_eq!("a b".to_query_value(), "a b");
        assert_eq!(String::from("模板").to_query_value(), "模板");
        assert_eq!(5i32.to_query_value(), "5");
        assert_eq!(0i64.to_query_value(), "0");
        assert_eq!((-7i64).to_query_value(), "-7");
        assert_eq!(42u32.to_query_value(), "42");
        assert_eq!(u64::MAX.to_query_value(), "18446744073709551615");
        assert_eq!(1.5f64.to_query_value(), "1.5");
        assert_eq!(100f64.to_query_value(), "100.0");
        assert_eq!(1.1f32.to_query_value(), "1.1");
        assert_eq!(true.to_query_value(), "True");
        assert_eq!(false.to_query_value(), "False");
        let ts: Timestamp = "2024-01-31T23:59:59.789+08:00".parse().unwrap_or_default();
        assert_eq!(ts.to_query_value(), "2024-01-31T15:59:59Z");
    }

    #[test]
    fn push_skips_none_and_keeps_order() {
        let mut q = QueryParams::new();
        q.push("JobId", Some("j-1"));
        q.push::<i32>("PageNo", None);
        q.push("PageSize", Some(&20i32));
        q.push("Keyword", Some(&String::from("")));
        q.push_dynamic("Ids.1".to_owned(), Some("a"));
        assert_eq!(q.len(), 4);
        assert_eq!(q.get("PageSize"), Some("20"));
        assert_eq!(q.get("PageNo"), None);
        assert_eq!(
            q.iter().collect::<Vec<_>>(),
            vec![
                ("JobId", "j-1"),
                ("PageSize", "20"),
                ("Keyword", ""),
                ("Ids.1", "a")
            ]
        );
        assert_eq!(q.to_pairs().len(), 4);
    }
}
