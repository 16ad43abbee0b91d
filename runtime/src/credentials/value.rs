//! The credentials value itself: an AccessKey pair, an optional STS token and an optional expiry.
//!
//! Secrets live in [`Secret`], whose `Debug` prints a placeholder, so a stray `{:?}` of a config,
//! a provider or an error can never leak them.

use super::CredentialsError;
use jiff::Timestamp;
use std::fmt;

/// A secret string (AccessKey secret, STS token). `Debug` is redacted and there is no `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    /// The secret itself; call only where it is really needed (signing, the STS header).
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(\"** redacted **\")")
    }
}

impl From<String> for Secret {
    fn from(s: String) -> Self {
        Secret(s)
    }
}

impl From<&str> for Secret {
    fn from(s: &str) -> Self {
        Secret(s.to_owned())
    }
}

/// An AccessKey pair, optionally with an STS security token and the time it expires.
///
/// Fields are private so the type can grow without breaking users; build with [`Credentials::new`]
/// and the `with_*` methods, read with the accessors.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    access_key_id: String,
    access_key_secret: Secret,
    security_token: Option<Secret>,
    expiration: Option<Timestamp>,
}

impl Credentials {
    /// Long-term AccessKey credentials.
    pub fn new(access_key_id: impl Into<String>, access_key_secret: impl Into<String>) -> Self {
        Credentials {
            access_key_id: access_key_id.into(),
            access_key_secret: Secret::new(access_key_secret),
            security_token: None,
            expiration: None,
        }
    }

    /// Temporary STS credentials.
    pub fn with_security_token(mut self, token: impl Into<String>) -> Self {
        self.security_token = Some(Secret::new(token));
        self
    }

    /// When temporary credentials stop working; caching providers refresh before then.
    pub fn with_expiration(mut self, expiration: Timestamp) -> Self {
        self.expiration = Some(expiration);
        self
    }

    /// The AccessKey id (not secret: it travels in every `Authorization` header).
    pub fn access_key_id(&self) -> &str {
        &self.access_key_id
    }

    /// The AccessKey secret.
    pub fn access_key_secret(&self) -> &Secret {
        &self.access_key_secret
    }

    /// The STS security token, for temporary credentials.
    pub fn security_token(&self) -> Option<&Secret> {
        self.security_token.as_ref()
    }

    /// When the credentials expire, if they do.
    pub fn expiration(&self) -> Option<Timestamp> {
        self.expiration
    }

    /// Refuses credentials that cannot be sent as they are: an empty id or secret, or any character
    /// outside printable ASCII (`!`..`~`). The error names `source` and the field, never the value,
    /// so a pasted secret with a stray newline or a non-ASCII token fails here, before signing,
    /// instead of as a signature mismatch on the server.
    pub fn check(&self, source: &'static str) -> Result<(), CredentialsError> {
        let fields = [
            ("access key id", Some(self.access_key_id.as_str())),
            ("access key secret", Some(self.access_key_secret.expose())),
            (
                "security token",
                self.security_token.as_ref().map(Secret::expose),
            ),
        ];
        for (name, value) in fields {
            let Some(value) = value else { continue };
            if value.is_empty() {
                return Err(CredentialsError::invalid(
                    source,
                    format!("the {name} is empty"),
                ));
            }
            if let Some(position) = value.bytes().position(|b| !b.is_ascii_graphic()) {
                return Err(CredentialsError::invalid(
                    source,
                    format!(
                        "the {name} contains a character that is not printable ASCII (at byte {position}); the value is not shown"
                    ),
                ));
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn check_refuses_unsendable_values_without_showing_them() {
        assert!(Credentials::new("LTAIid", "secret").check("t").is_ok());
        let cases = [
            Credentials::new("LTAIïd", "S3cr3tV4lue"),
            Credentials::new("LTAIid", "S3cr3tV4lue\n"),
            Credentials::new("LTAIid", "s").with_security_token("tøken-vålue"),
            Credentials::new("LTAIid", "s").with_security_token("tok en"),
            Credentials::new("", "s"),
        ];
        for c in cases {
            let err = c.check("profile p").err();
            let text = err.as_ref().map(ToString::to_string).unwrap_or_default();
            assert!(text.starts_with("profile p: the "), "{text}");
            for secret in ["LTAIïd", "S3cr3tV4lue", "tøken", "tok en"] {
                assert!(!text.contains(secret), "{text}");
            }
        }
    }

    #[test]
    fn debug_redacts_secrets_and_accessors_read_fields() {
        let t: Timestamp = "2030-01-01T00:00:00Z".parse().unwrap_or_default();
        let c = Credentials::new("LTAIid", "topsecretvalue")
            .with_security_token("tokenvalue123")
            .with_expiration(t);
        let d = format!("{c:?} {c:#?}");
        assert!(d.contains("LTAIid"));
        assert!(!d.contains("topsecretvalue") && !d.contains("tokenvalue123"));
        assert_eq!(c.access_key_id(), "LTAIid");
        assert_eq!(c.access_key_secret().expose(), "topsecretvalue");
        assert_eq!(
            c.security_token().map(Secret::expose),
            Some("tokenvalue123")
        );
        assert_eq!(c.expiration(), Some(t));
    }
}
