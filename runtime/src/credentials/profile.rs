//! Credentials from the Alibaba Cloud CLI configuration file, `~/.aliyun/config.json`: every mode
//! the CLI writes (AK, StsToken, RamRoleArn, EcsRamRole, OIDC, ChainableRamRoleArn, CredentialsURI).

use super::cli_config::{CliConfig, profile_spec};
use super::spec::{Endpoints, Memo, Spec};
use super::{
    Credentials, CredentialsError, CredentialsProvider, EnvLookup, non_empty, process_env,
};
use futures::future::BoxFuture;
use std::fmt;
use std::path::PathBuf;

pub(super) const NAME: &str = "cli_profile";
/// Selects the profile instead of the file's `current`.
pub const PROFILE_VAR: &str = "ALIBABA_CLOUD_PROFILE";
/// `true` removes the CLI profile from the default chain.
pub const CLI_PROFILE_DISABLED_VAR: &str = "ALIBABA_CLOUD_CLI_PROFILE_DISABLED";

/// Reads the CLI profile file on every `provide()`, so an edited file is seen without a restart.
/// The provider a profile asks for (an assumed role, the metadata service...) is kept while the
/// profile is unchanged, so its cached credentials are reused.
pub struct ProfileCredentials {
    path: Option<PathBuf>,
    profile: Option<String>,
    lookup: EnvLookup,
    endpoints: Endpoints,
    memo: Memo,
}

file_provider_setters!(
    ProfileCredentials,
    from_path: "Reads this file instead of `~/.aliyun/config.json`.",
    env_lookup: "Looks up `HOME` / `USERPROFILE` / `ALIBABA_CLOUD_PROFILE` and the variables of the \
                 providers the profile asks for through `lookup` (for tests).",
    metadata: "The metadata service used by `EcsRamRole` profiles (default `http://100.100.100.200`).",
    sts: "The STS endpoint used by `RamRoleArn`, `ChainableRamRoleArn` and `OIDC` profiles, instead \
          of the one their `sts_region` / `enable_vpc` give.",
);

impl ProfileCredentials {
    /// `~/.aliyun/config.json` (home from `HOME`, else `USERPROFILE`), profile from
    /// `ALIBABA_CLOUD_PROFILE`, else the file's `current`.
    pub fn new() -> Self {
        Self::from_lookup(process_env())
    }

    /// Uses this profile, whatever `ALIBABA_CLOUD_PROFILE` and `current` say.
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = Some(profile.into());
        self
    }

    pub(crate) fn from_lookup(lookup: EnvLookup) -> Self {
        ProfileCredentials {
            path: None,
            profile: None,
            lookup,
            endpoints: Endpoints::default(),
            memo: Memo::default(),
        }
    }

    fn resolve_path(&self) -> Result<PathBuf, CredentialsError> {
        if let Some(p) = &self.path {
            return Ok(p.clone());
        }
        let home = home_dir(&self.lookup).ok_or_else(|| {
            CredentialsError::not_found(
                NAME,
                "cannot locate ~/.aliyun/config.json: neither HOME nor USERPROFILE is set",
            )
        })?;
        Ok(home.join(".aliyun").join("config.json"))
    }

    fn read(&self) -> Result<(PathBuf, CliConfig), CredentialsError> {
        let path = self.resolve_path()?;
        let shown = path.display();
        let bytes = match std::fs::read(&path) {
            Ok(b) => b,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(CredentialsError::not_found(
                    NAME,
                    format!("{shown}: file not found"),
                ));
            }
            Err(e) => {
                return Err(CredentialsError::invalid(
                    NAME,
                    format!("{shown}: cannot read the file: {e}"),
                ));
            }
        };
        // serde_json's message gives line and column only, never the offending text.
        let config: CliConfig = serde_json::from_slice(&bytes).map_err(|e| {
            CredentialsError::invalid(NAME, format!("{shown}: not a valid CLI config file: {e}"))
        })?;
        Ok((path, config))
    }

    /// The selected profile's request, following `source_profile` links.
    fn spec(&self) -> Result<Spec, CredentialsError> {
        if super::is_true(&self.lookup, CLI_PROFILE_DISABLED_VAR) {
            return Err(CredentialsError::not_found(
                NAME,
                format!("disabled by {CLI_PROFILE_DISABLED_VAR}=true"),
            ));
        }
        let (path, config) = self.read()?;
        let shown = path.display().to_string();
        let wanted = self
            .profile
            .clone()
            .or_else(|| non_empty(&self.lookup, PROFILE_VAR))
            .or_else(|| config.current.clone().filter(|c| !c.is_empty()))
            .ok_or_else(|| {
                CredentialsError::invalid(
                    NAME,
                    format!("{shown}: no profile selected (set {PROFILE_VAR} or \"current\")"),
                )
            })?;
        profile_spec(&config, &wanted, &shown, 0)
    }

    fn provider(&self) -> Result<std::sync::Arc<dyn CredentialsProvider>, CredentialsError> {
        let spec = self.spec()?;
        self.memo
            .provider(spec, NAME, &self.lookup, &self.endpoints)
    }

    #[cfg(test)]
    fn load(&self) -> Result<Credentials, CredentialsError> {
        futures::executor::block_on(self.provide())
    }
}

/// `HOME`, else `USERPROFILE`.
pub(crate) fn home_dir(lookup: &EnvLookup) -> Option<PathBuf> {
    non_empty(lookup, "HOME")
        .or_else(|| non_empty(lookup, "USERPROFILE"))
        .map(PathBuf::from)
}

/// The `region_id` of the selected CLI profile, if the file and the profile exist.
pub(crate) fn profile_region(lookup: &EnvLookup) -> Option<String> {
    let p = ProfileCredentials::from_lookup(lookup.clone());
    let (_, config) = p.read().ok()?;
    let wanted = non_empty(lookup, PROFILE_VAR).or(config.current.clone())?;
    config
        .profiles
        .into_iter()
        .find(|p| p.name == wanted)
        .and_then(|p| p.region_id)
        .filter(|r| !r.is_empty())
}

impl Default for ProfileCredentials {
    fn default() -> Self {
        Self::new()
    }
}

impl fmt::Debug for ProfileCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ProfileCredentials")
            .field("path", &self.path)
            .field("profile", &self.profile)
            .field("endpoints", &self.endpoints)
            .finish_non_exhaustive()
    }
}

impl CredentialsProvider for ProfileCredentials {
    fn provide(&self) -> BoxFuture<'_, Result<Credentials, CredentialsError>> {
        Box::pin(async move {
            // The file is tiny; a blocking read costs microseconds and keeps us runtime-agnostic.
            let provider = self.provider()?;
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
    use std::path::Path;

    struct TempDir(PathBuf);
    impl TempDir {
        fn new(tag: &str) -> TempDir {
            let p = std::env::temp_dir().join(format!(
                "rpc-runtime-profile-{tag}-{}-{}",
                std::process::id(),
                rand::random::<u64>()
            ));
            std::fs::create_dir_all(&p).ok();
            TempDir(p)
        }
        fn write(&self, name: &str, content: &str) -> PathBuf {
            let p = self.0.join(name);
            std::fs::write(&p, content).ok();
            p
        }
    }
    impl Drop for TempDir {
        fn drop(&mut self) {
            let _ = std::fs::remove_dir_all(&self.0);
        }
    }

    const FILE: &str = r#"{
        "current": "p1",
        "profiles": [
            {"name": "p1", "mode": "AK", "access_key_id": "id1", "access_key_secret": "secret1", "region_id": "cn-shanghai"},
            {"name": "sts", "mode": "StsToken", "access_key_id": "id2", "access_key_secret": "secret2", "sts_token": "tok2"},
            {"name": "role", "mode": "CloudSSO", "access_key_id": "id3", "access_key_secret": "secret3", "ram_role_arn": "acs:ram::1:role/x"},
            {"name": "empty", "mode": "AK", "access_key_id": "", "access_key_secret": "x"}
        ],
        "meta_path": ""
    }"#;

    fn no_env(_: &str) -> Option<String> {
        None
    }

    fn err_text(p: &ProfileCredentials) -> String {
        match p.load() {
            Ok(_) => panic!("expected an error"),
            Err(e) => e.to_string(),
        }
    }

    fn contains_path(text: &str, path: &Path) -> bool {
        text.contains(&path.display().to_string())
    }

    #[test]
    fn reads_current_profile_and_named_profiles() {
        let dir = TempDir::new("ok");
        let path = dir.write("config.json", FILE);
        let p = ProfileCredentials::from_path(&path).with_env_lookup(no_env);
        assert_eq!(p.load(), Ok(Credentials::new("id1", "secret1")));
        let p = ProfileCredentials::from_path(&path).with_profile("sts");
        assert_eq!(
            p.load(),
            Ok(Credentials::new("id2", "secret2").with_security_token("tok2"))
        );
        let p = ProfileCredentials::from_path(&path)
            .with_env_lookup(|k| (k == PROFILE_VAR).then(|| "sts".to_owned()));
        assert_eq!(
            p.load().map(|c| c.access_key_id().to_owned()),
            Ok("id2".to_owned())
        );
    }

    #[test]
    fn home_directory_default_path() {
        let dir = TempDir::new("home");
        std::fs::create_dir_all(dir.0.join(".aliyun")).ok();
        dir.write(".aliyun/config.json", FILE);
        let home = dir.0.display().to_string();
        let p =
            ProfileCredentials::new().with_env_lookup(move |k| (k == "HOME").then(|| home.clone()));
        assert_eq!(p.load(), Ok(Credentials::new("id1", "secret1")));
        let p = ProfileCredentials::new().with_env_lookup(no_env);
        assert!(matches!(p.load(), Err(CredentialsError::NotFound { .. })));
    }

    #[test]
    fn errors_name_the_file() {
        let dir = TempDir::new("err");
        let missing = dir.0.join("missing.json");
        let p = ProfileCredentials::from_path(&missing).with_env_lookup(no_env);
        assert!(matches!(p.load(), Err(CredentialsError::NotFound { .. })));
        assert!(contains_path(&err_text(&p), &missing));

        // A directory cannot be read as a file: the "unreadable" case, portable across users.
        let unreadable = dir.0.clone();
        let p = ProfileCredentials::from_path(&unreadable).with_env_lookup(no_env);
        let t = err_text(&p);
        assert!(t.contains("cannot read"), "{t}");
        assert!(contains_path(&t, &unreadable));

        let bad = dir.write(
            "bad.json",
            "{\"current\": \"p1\", \"profiles\": [ {\"access_key_secret\": \"leak\" ",
        );
        let p = ProfileCredentials::from_path(&bad).with_env_lookup(no_env);
        let t = err_text(&p);
        assert!(t.contains("not a valid CLI config file"), "{t}");
        assert!(contains_path(&t, &bad));
        assert!(!t.contains("leak"));

        let good = dir.write("config.json", FILE);
        let p = ProfileCredentials::from_path(&good).with_profile("nope");
        let t = err_text(&p);
        assert!(t.contains("profile \"nope\" not found"), "{t}");
        assert!(t.contains("p1, sts, role, empty"), "{t}");
        assert!(contains_path(&t, &good));

        let p = ProfileCredentials::from_path(&good).with_profile("role");
        let t = err_text(&p);
        assert!(t.contains("mode \"CloudSSO\""), "{t}");
        assert!(t.contains("not support"), "{t}");
        assert!(contains_path(&t, &good));
        assert!(!t.contains("secret3"));

        let p = ProfileCredentials::from_path(&good).with_profile("empty");
        let t = err_text(&p);
        assert!(t.contains("has no access_key_id"), "{t}");
        assert!(contains_path(&t, &good));

        let nocurrent = dir.write("nocurrent.json", r#"{"profiles": []}"#);
        let p = ProfileCredentials::from_path(&nocurrent).with_env_lookup(no_env);
        let t = err_text(&p);
        assert!(t.contains("no profile selected"), "{t}");
        assert!(contains_path(&t, &nocurrent));
    }

    #[test]
    fn file_is_reread_on_every_call() {
        let dir = TempDir::new("reread");
        let path = dir.write("config.json", FILE);
        let p = ProfileCredentials::from_path(&path).with_env_lookup(no_env);
        assert_eq!(
            p.load().map(|c| c.access_key_id().to_owned()),
            Ok("id1".to_owned())
        );
        dir.write("config.json", &FILE.replace("id1", "rotated"));
        assert_eq!(
            p.load().map(|c| c.access_key_id().to_owned()),
            Ok("rotated".to_owned())
        );
        assert!(!format!("{p:?}").contains("secret"));
    }
}
