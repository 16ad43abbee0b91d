//! Credentials from the shared ini file of the official SDKs: `~/.alibabacloud/credentials.ini`
//! (the Python SDK's name) or `~/.alibabacloud/credentials` (the Go SDK's), relocated by
//! `ALIBABA_CLOUD_CREDENTIALS_FILE`; section from `ALIBABA_CLOUD_PROFILE`, else `default`.
//!
//! ```ini
//! [default]
//! type = access_key            # access_key | ram_role_arn | oidc_role_arn | ecs_ram_role
//! access_key_id = LTAI...
//! access_key_secret = ...
//! ```

use super::profile::{PROFILE_VAR, home_dir};
use super::spec::{Endpoints, Memo, RoleSpec, Spec};
use super::{
    Credentials, CredentialsError, CredentialsProvider, EnvLookup, non_empty, process_env,
};
use futures::future::BoxFuture;
use std::collections::BTreeMap;
use std::fmt;
use std::path::PathBuf;

const NAME: &str = "profile";
/// Relocates the ini file.
pub const CREDENTIALS_FILE_VAR: &str = "ALIBABA_CLOUD_CREDENTIALS_FILE";
/// Largest ini file read.
const MAX_FILE: u64 = 1024 * 1024;

/// Reads the ini file on every call; the provider a section asks for is kept while the section is
/// unchanged, so its cache survives.
pub struct IniProfileCredentials {
    path: Option<PathBuf>,
    lookup: EnvLookup,
    endpoints: Endpoints,
    memo: Memo,
}

impl fmt::Debug for IniProfileCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("IniProfileCredentials")
            .field("path", &self.path)
            .field("endpoints", &self.endpoints)
            .finish_non_exhaustive()
    }
}

impl Default for IniProfileCredentials {
    fn default() -> Self {
        Self::new()
    }
}

file_provider_setters!(
    IniProfileCredentials,
    from_path: "Reads this file.",
    env_lookup: "Looks up `HOME`, `ALIBABA_CLOUD_CREDENTIALS_FILE`, `ALIBABA_CLOUD_PROFILE` and the \
                 variables of the providers a section asks for through `lookup` (for tests).",
    metadata: "The metadata service used by `ecs_ram_role` sections (default `http://100.100.100.200`).",
    sts: "The STS endpoint used by `ram_role_arn` and `oidc_role_arn` sections.",
);

impl IniProfileCredentials {
    /// The file and section the environment names.
    pub fn new() -> Self {
        Self::from_lookup(process_env())
    }

    pub(crate) fn from_lookup(lookup: EnvLookup) -> Self {
        IniProfileCredentials {
            path: None,
            lookup,
            endpoints: Endpoints::default(),
            memo: Memo::default(),
        }
    }

    fn resolve_path(&self) -> Result<PathBuf, CredentialsError> {
        if let Some(p) = self
            .path
            .clone()
            .or_else(|| non_empty(&self.lookup, CREDENTIALS_FILE_VAR).map(PathBuf::from))
        {
            return Ok(p);
        }
        let home = home_dir(&self.lookup).ok_or_else(|| {
            CredentialsError::not_found(
                NAME,
                "cannot locate ~/.alibabacloud/credentials: neither HOME nor USERPROFILE is set",
            )
        })?;
        let dir = home.join(".alibabacloud");
        let ini = dir.join("credentials.ini");
        Ok(if ini.exists() {
            ini
        } else {
            dir.join("credentials")
        })
    }

    fn spec(&self) -> Result<Spec, CredentialsError> {
        let path = self.resolve_path()?;
        let shown = path.display();
        let text = match std::fs::metadata(&path) {
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CredentialsError::not_found(
                    NAME,
                    format!("{shown}: file not found"),
                ));
            }
            Ok(m) if m.len() > MAX_FILE => {
                return Err(CredentialsError::invalid(
                    NAME,
                    format!("{shown}: over {MAX_FILE} bytes"),
                ));
            }
            _ => std::fs::read_to_string(&path).map_err(|e| {
                CredentialsError::invalid(NAME, format!("{shown}: cannot read the file: {e}"))
            })?,
        };
        let sections = parse(&text);
        let wanted = non_empty(&self.lookup, PROFILE_VAR).unwrap_or_else(|| "default".to_owned());
        let Some(section) = sections.get(&wanted) else {
            let names: Vec<&str> = sections.keys().map(String::as_str).collect();
            return Err(CredentialsError::invalid(
                NAME,
                format!(
                    "{shown}: no section [{wanted}] (sections: {})",
                    if names.is_empty() {
                        "none".to_owned()
                    } else {
                        names.join(", ")
                    }
                ),
            ));
        };
        let kind = section.get("type").map(String::as_str).unwrap_or("");
        let field = |key: &str| {
            section
                .get(key)
                .filter(|v| !v.is_empty())
                .cloned()
                .ok_or_else(|| {
                    CredentialsError::invalid(
                        NAME,
                        format!("{shown}: [{wanted}] (type {kind}) has no {key}"),
                    )
                })
        };
        let opt = |key: &str| section.get(key).filter(|v| !v.is_empty()).cloned();
        let role = || -> Result<RoleSpec, CredentialsError> {
            Ok(RoleSpec {
                role_arn: field("role_arn")?,
                session_name: opt("role_session_name"),
                policy: opt("policy"),
                ..RoleSpec::default()
            })
        };
        let ak = || -> Result<Credentials, CredentialsError> {
            Ok(Credentials::new(
                field("access_key_id")?,
                field("access_key_secret")?,
            ))
        };
        Ok(match kind {
            "access_key" => Spec::Static(ak()?),
            "ram_role_arn" => Spec::RamRole {
                base: Box::new(Spec::Static(ak()?)),
                role: role()?,
            },
            "oidc_role_arn" => Spec::Oidc {
                role: role()?,
                provider_arn: field("oidc_provider_arn")?,
                token_file: field("oidc_token_file_path")?,
            },
            "ecs_ram_role" => Spec::Ecs {
                role_name: opt("role_name"),
            },
            other => {
                return Err(CredentialsError::invalid(
                    NAME,
                    format!(
                        "{shown}: [{wanted}] has type {other:?}, which this SDK does not support (supported: access_key, ram_role_arn, oidc_role_arn, ecs_ram_role)"
                    ),
                ));
            }
        })
    }
}

/// `[section]` and `key = value` lines; `#`/`;` comment lines; a value ends at `#` (as the Python
/// SDK reads it). Later sections and keys replace earlier ones.
fn parse(text: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut sections: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut current: Option<String> = None;
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            let name = name.trim().to_owned();
            sections.entry(name.clone()).or_default();
            current = Some(name);
            continue;
        }
        let (Some(section), Some((key, value))) = (&current, line.split_once(['=', ':'])) else {
            continue;
        };
        let value = value.split('#').next().unwrap_or("").trim();
        if let Some(s) = sections.get_mut(section) {
            s.insert(key.trim().to_ascii_lowercase(), value.to_owned());
        }
    }
    sections
}

impl CredentialsProvider for IniProfileCredentials {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            let provider = self
                .memo
                .provider(self.spec()?, NAME, &self.lookup, &self.endpoints)?;
            provider.provide().await
        })
    }
    fn name(&self) -> &'static str {
        NAME
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_sections_comments_and_trailing_hashes() {
        let s = parse(
            "# c\n[default]\ntype = access_key  # the type\naccess_key_id=id\n; x\n[other]\nk: v\n",
        );
        assert_eq!(
            s.get("default")
                .and_then(|d| d.get("type"))
                .map(String::as_str),
            Some("access_key")
        );
        assert_eq!(
            s.get("default")
                .and_then(|d| d.get("access_key_id"))
                .map(String::as_str),
            Some("id")
        );
        assert_eq!(
            s.get("other").and_then(|d| d.get("k")).map(String::as_str),
            Some("v")
        );
    }
}
