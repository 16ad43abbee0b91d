//! The CLI configuration file's format (`~/.aliyun/config.json`) and how a profile in it becomes a
//! provider [`Spec`]: every mode the CLI writes, with `ChainableRamRoleArn` followed to its source
//! profile (bounded depth).

use super::profile::NAME;
use super::spec::{RoleSpec, Spec, StsChoice};
use super::{Credentials, CredentialsError};
use serde::Deserialize;

/// Longest `source_profile` chain followed (a loop is an error, not a hang).
const MAX_CHAIN: usize = 8;

#[derive(Deserialize)]
pub(super) struct CliConfig {
    #[serde(default)]
    pub(super) current: Option<String>,
    #[serde(default)]
    pub(super) profiles: Vec<CliProfile>,
}

/// Every field the supported modes read; unknown fields are ignored.
#[derive(Deserialize, Default)]
#[serde(default)]
pub(super) struct CliProfile {
    pub(super) name: String,
    pub(super) mode: Option<String>,
    pub(super) access_key_id: Option<String>,
    pub(super) access_key_secret: Option<String>,
    pub(super) sts_token: Option<String>,
    pub(super) ram_role_arn: Option<String>,
    pub(super) ram_session_name: Option<String>,
    pub(super) role_session_name: Option<String>,
    pub(super) expired_seconds: Option<u32>,
    pub(super) policy: Option<String>,
    pub(super) external_id: Option<String>,
    pub(super) sts_region: Option<String>,
    pub(super) enable_vpc: Option<bool>,
    pub(super) ram_role_name: Option<String>,
    pub(super) oidc_provider_arn: Option<String>,
    pub(super) oidc_token_file: Option<String>,
    pub(super) source_profile: Option<String>,
    pub(super) credentials_uri: Option<String>,
    pub(super) region_id: Option<String>,
}

pub(super) fn profile_spec(
    config: &CliConfig,
    wanted: &str,
    shown: &str,
    depth: usize,
) -> Result<Spec, CredentialsError> {
    let names: Vec<&str> = config.profiles.iter().map(|p| p.name.as_str()).collect();
    let Some(profile) = config.profiles.iter().find(|p| p.name == wanted) else {
        return Err(CredentialsError::invalid(
            NAME,
            format!(
                "{shown}: profile \"{wanted}\" not found (profiles in the file: {})",
                if names.is_empty() {
                    "none".to_owned()
                } else {
                    names.join(", ")
                }
            ),
        ));
    };
    let mode = profile.mode.as_deref().unwrap_or("AK");
    let field = |value: &Option<String>, key: &str| {
        value.clone().filter(|v| !v.is_empty()).ok_or_else(|| {
            CredentialsError::invalid(
                NAME,
                format!("{shown}: profile \"{wanted}\" (mode {mode}) has no {key}"),
            )
        })
    };
    let ak = || -> Result<Credentials, CredentialsError> {
        Ok(Credentials::new(
            field(&profile.access_key_id, "access_key_id")?,
            field(&profile.access_key_secret, "access_key_secret")?,
        ))
    };
    let role = |session: &Option<String>| -> Result<RoleSpec, CredentialsError> {
        Ok(RoleSpec {
            role_arn: field(&profile.ram_role_arn, "ram_role_arn")?,
            session_name: session.clone().filter(|s| !s.is_empty()),
            duration_seconds: profile.expired_seconds,
            policy: profile.policy.clone().filter(|s| !s.is_empty()),
            external_id: profile.external_id.clone().filter(|s| !s.is_empty()),
            sts: StsChoice {
                region: profile.sts_region.clone().filter(|s| !s.is_empty()),
                vpc: profile.enable_vpc,
            },
        })
    };
    let spec = match mode {
        "AK" => Spec::Static(ak()?),
        "StsToken" => {
            Spec::Static(ak()?.with_security_token(field(&profile.sts_token, "sts_token")?))
        }
        "RamRoleArn" => Spec::RamRole {
            base: Box::new(Spec::Static(ak()?)),
            role: role(&profile.ram_session_name)?,
        },
        "EcsRamRole" => Spec::Ecs {
            role_name: profile.ram_role_name.clone().filter(|s| !s.is_empty()),
        },
        "OIDC" => Spec::Oidc {
            role: role(&profile.role_session_name)?,
            provider_arn: field(&profile.oidc_provider_arn, "oidc_provider_arn")?,
            token_file: field(&profile.oidc_token_file, "oidc_token_file")?,
        },
        "ChainableRamRoleArn" => {
            let source = field(&profile.source_profile, "source_profile")?;
            if depth >= MAX_CHAIN {
                return Err(CredentialsError::invalid(
                    NAME,
                    format!(
                        "{shown}: profile \"{wanted}\": source_profile chain longer than {MAX_CHAIN} (a loop?)"
                    ),
                ));
            }
            Spec::RamRole {
                base: Box::new(profile_spec(config, &source, shown, depth + 1)?),
                role: role(&profile.ram_session_name)?,
            }
        }
        "CredentialsURI" => Spec::Uri(field(&profile.credentials_uri, "credentials_uri")?),
        other => {
            return Err(CredentialsError::invalid(
                NAME,
                format!(
                    "{shown}: profile \"{wanted}\" uses mode \"{other}\", which this SDK does not support (supported: AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn, CredentialsURI)"
                ),
            ));
        }
    };
    if let Spec::Static(c) = &spec {
        c.check(NAME).map_err(|e| {
            CredentialsError::invalid(
                NAME,
                format!("{shown}: profile \"{wanted}\": {}", strip(&e)),
            )
        })?;
    }
    Ok(spec)
}

/// The reason of an error, without its provider prefix.
fn strip(e: &CredentialsError) -> String {
    let text = e.to_string();
    text.strip_prefix(&format!("{NAME}: "))
        .map(str::to_owned)
        .unwrap_or(text)
}
