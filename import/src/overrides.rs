//! What the page cannot say, given on the command line: which parameters travel in the form body
//! (`--body`), how an object or array parameter is written (`--style Name=flat`), and which fields an
//! object row without an example has (`--fields Obj=A,B`). Each overrides the importer's guess, and
//! the report says so.

use codegen::spec::{Parameter, SchemaType, Serialization};

use crate::report::Doubt;

/// The overrides of one import run; they apply to every page of the run that has the names.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Overrides {
    /// Parameters that travel in the form body.
    pub body: Vec<String>,
    /// Top-level object or array parameters and how they are written.
    pub styles: Vec<(String, Serialization)>,
    /// Request object rows (path, e.g. `Input/Settings`) and the names of their fields.
    pub fields: Vec<(String, Vec<String>)>,
}

impl Overrides {
    /// The style given for parameter `name`.
    pub fn style(&self, name: &str) -> Option<Serialization> {
        self.styles.iter().find(|(n, _)| n == name).map(|(_, s)| *s)
    }

    /// Sets how the top-level object or array parameter `p` (at page `line`) travels: as `--style`
    /// says, else in the usual style of `product`; the report says which.
    pub fn travel(&self, p: &mut Parameter, line: usize, product: &str, doubts: &mut Vec<Doubt>) {
        let name = &p.name;
        let list = p.schema.ty == Some(SchemaType::Array);
        let (style, message) = match self.style(name) {
            Some(style) => (
                style,
                format!("{name} travels as {} (--style)", style_name(style)),
            ),
            None => {
                let style = usual_style(product, list);
                let what = if list { "a list" } else { "an object" };
                (
                    style,
                    format!(
                        "{name} is an object or array parameter; it travels as {} (the product's usual style for {what}); if the official SDK sends it otherwise, pass --style {name}=json|simple|flat",
                        style_name(style),
                    ),
                )
            }
        };
        doubts.push(Doubt::new(line, message));
        p.serialization = Some(style);
    }

    /// The fields given for the request object at `path` (as [`field_path`] writes it).
    pub fn fields_of(&self, path: &str) -> Option<&[String]> {
        self.fields
            .iter()
            .find(|(p, _)| field_path(p) == field_path(path))
            .map(|(_, f)| &f[..])
    }
}

/// A request field path in one spelling: `A/B`, whether given as `A.B`, `A/[]/B` or `?A/B`.
pub fn field_path(path: &str) -> String {
    path.trim_start_matches('?')
        .split(['/', '.'])
        .filter(|s| !s.is_empty() && *s != "[]")
        .collect::<Vec<_>>()
        .join("/")
}

/// The style as the spec writes it.
pub fn style_name(style: Serialization) -> &'static str {
    match style {
        Serialization::Json => "json",
        Serialization::Simple => "simple",
        Serialization::Flat => "flat",
    }
}

/// `--style Name=json|simple|flat`.
pub fn parse_style(value: &str) -> Result<(String, Serialization), String> {
    let (name, style) = value
        .split_once('=')
        .ok_or_else(|| format!("expected NAME=json|simple|flat, got `{value}`"))?;
    let style = match style {
        "json" => Serialization::Json,
        "simple" => Serialization::Simple,
        "flat" => Serialization::Flat,
        other => {
            return Err(format!(
                "unknown style `{other}`: expected json, simple or flat"
            ));
        }
    };
    if name.is_empty() {
        return Err(format!("expected NAME=json|simple|flat, got `{value}`"));
    }
    Ok((name.to_owned(), style))
}

/// `--fields Path=A,B,C`: the object row at `Path` has exactly the fields `A`, `B` and `C`.
pub fn parse_fields(value: &str) -> Result<(String, Vec<String>), String> {
    let (path, names) = value
        .split_once('=')
        .ok_or_else(|| format!("expected PATH=NAME,NAME, got `{value}`"))?;
    let names: Vec<String> = names
        .split(',')
        .map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_owned)
        .collect();
    if field_path(path).is_empty() || names.is_empty() {
        return Err(format!("expected PATH=NAME,NAME, got `{value}`"));
    }
    Ok((field_path(path), names))
}

/// The product's usual style for an object or array parameter (product code as in the RAM action):
/// the official SDKs send ICE objects and lists as JSON in one parameter (their `*Shrink` fields);
/// Live flattens lists into `Name.1.Key=value` and sends objects as JSON.
pub fn usual_style(product: &str, list: bool) -> Serialization {
    if list && product.eq_ignore_ascii_case("live") {
        Serialization::Flat
    } else {
        Serialization::Json
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_have_one_spelling() {
        for spelling in ["?A/[]/B", "A.B", "A/B"] {
            assert_eq!(field_path(spelling), "A/B", "{spelling}");
        }
        assert_eq!(
            parse_fields("A/[]/B=X, Y").unwrap(),
            ("A/B".into(), vec!["X".into(), "Y".into()])
        );
        assert!(parse_fields("A=").is_err());
        assert_eq!(parse_style("L=flat").unwrap().1, Serialization::Flat);
        assert!(parse_style("L=xml").is_err());
    }
}
