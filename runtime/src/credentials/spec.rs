//! What a profile asks for, independent of the file it came from (`~/.aliyun/config.json` or the
//! ini file), and the provider built from it. A provider is kept while its profile is unchanged, so
//! its cache survives the file being re-read on every call.

use super::ecs::EcsRamRoleCredentials;
use super::role::{OidcRoleArnCredentials, RamRoleArnCredentials};
use super::sts::StsEndpoint;
use super::uri::UriCredentials;
use super::{Credentials, CredentialsError, CredentialsProvider, EnvLookup, StaticCredentials};
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Endpoint overrides for the providers a profile or the chain builds (local stand-ins, private
/// endpoints). Unset: the official defaults.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Endpoints {
    pub metadata: Option<String>,
    pub sts: Option<String>,
}

/// Where STS is for a profile.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StsChoice {
    pub region: Option<String>,
    pub vpc: Option<bool>,
}

/// The parameters of an assumed role.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct RoleSpec {
    pub role_arn: String,
    pub session_name: Option<String>,
    pub duration_seconds: Option<u32>,
    pub policy: Option<String>,
    pub external_id: Option<String>,
    pub sts: StsChoice,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Spec {
    Static(Credentials),
    RamRole {
        base: Box<Spec>,
        role: RoleSpec,
    },
    Ecs {
        role_name: Option<String>,
    },
    Oidc {
        role: RoleSpec,
        provider_arn: String,
        token_file: String,
    },
    Uri(String),
}

fn sts_endpoint(choice: &StsChoice, endpoints: &Endpoints) -> StsEndpoint {
    let mut sts = StsEndpoint::new();
    if let Some(e) = &endpoints.sts {
        sts = sts.endpoint(e.clone());
    }
    if let Some(r) = &choice.region {
        sts = sts.region(r.clone());
    }
    if let Some(v) = choice.vpc {
        sts = sts.vpc(v);
    }
    sts
}

impl Spec {
    pub(crate) fn build(
        &self,
        source: &'static str,
        lookup: &EnvLookup,
        endpoints: &Endpoints,
    ) -> Result<Arc<dyn CredentialsProvider>, CredentialsError> {
        Ok(match self {
            Spec::Static(c) => {
                c.check(source)?;
                Arc::new(StaticCredentials::from(c.clone()))
            }
            Spec::RamRole { base, role } => {
                let base = base.build(source, lookup, endpoints)?;
                let mut b = RamRoleArnCredentials::builder_from(
                    lookup.clone(),
                    base,
                    role.role_arn.clone(),
                )
                .sts(sts_endpoint(&role.sts, endpoints));
                if let Some(n) = &role.session_name {
                    b = b.session_name(n.clone());
                }
                if let Some(d) = role.duration_seconds {
                    b = b.duration(Duration::from_secs(u64::from(d)));
                }
                if let Some(p) = &role.policy {
                    b = b.policy(p.clone());
                }
                if let Some(x) = &role.external_id {
                    b = b.external_id(x.clone());
                }
                Arc::new(b.build()?)
            }
            Spec::Ecs { role_name } => {
                let mut b = EcsRamRoleCredentials::builder_from(lookup);
                if let Some(r) = role_name {
                    b = b.role_name(r.clone());
                }
                if let Some(e) = &endpoints.metadata {
                    b = b.endpoint(e.clone());
                }
                Arc::new(b.build())
            }
            Spec::Oidc {
                role,
                provider_arn,
                token_file,
            } => {
                let mut b = OidcRoleArnCredentials::builder_from(lookup.clone())
                    .role_arn(role.role_arn.clone())
                    .provider_arn(provider_arn.clone())
                    .token_file(token_file.clone())
                    .sts(sts_endpoint(&role.sts, endpoints));
                if let Some(n) = &role.session_name {
                    b = b.session_name(n.clone());
                }
                if let Some(d) = role.duration_seconds {
                    b = b.duration(Duration::from_secs(u64::from(d)));
                }
                if let Some(p) = &role.policy {
                    b = b.policy(p.clone());
                }
                Arc::new(b.build()?)
            }
            Spec::Uri(uri) => Arc::new(UriCredentials::new(uri.clone())),
        })
    }
}

/// The provider of the last profile seen, rebuilt only when the profile changes.
#[derive(Default)]
pub(crate) struct Memo(Mutex<Option<(Spec, Arc<dyn CredentialsProvider>)>>);

impl Memo {
    pub(crate) fn provider(
        &self,
        spec: Spec,
        source: &'static str,
        lookup: &EnvLookup,
        endpoints: &Endpoints,
    ) -> Result<Arc<dyn CredentialsProvider>, CredentialsError> {
        if let Spec::Static(_) = spec {
            // Nothing to cache: keep no copy of the file's secrets between calls.
            return spec.build(source, lookup, endpoints);
        }
        let mut memo = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((_, provider)) = memo.as_ref().filter(|(seen, _)| *seen == spec) {
            return Ok(provider.clone());
        }
        let provider = spec.build(source, lookup, endpoints)?;
        *memo = Some((spec, provider.clone()));
        Ok(provider)
    }
}
