//! The server's key table: which AccessKeyIds exist, their secrets, and (for STS credentials) the
//! security token a request must carry.
//!
//! The defaults are the fixed test credentials the fixtures and the interop scripts use, so a test that
//! starts a server with [`crate::server::ServerOptions::default`] can sign with these constants.

use std::collections::BTreeMap;

/// The plain AccessKey pair every test uses unless it needs something else.
pub const TEST_ACCESS_KEY_ID: &str = "LTAI5tTestAccessKeyId";
/// Secret of [`TEST_ACCESS_KEY_ID`].
pub const TEST_ACCESS_KEY_SECRET: &str = "TestAccessKeySecret123";
/// AccessKeyId of the STS triple (real STS ids start with `STS.`).
pub const STS_ACCESS_KEY_ID: &str = "STS.NTestStsAccessKeyId";
/// Secret of [`STS_ACCESS_KEY_ID`].
pub const STS_ACCESS_KEY_SECRET: &str = "TestStsAccessKeySecret456";
/// Security token of [`STS_ACCESS_KEY_ID`]; shaped like a real one (base64 with `+`, `/`, `=`), because
/// those characters are the ones a header encoder could get wrong.
pub const STS_SECURITY_TOKEN: &str = "CAIS+TestSecurityToken/0123456789abcdefABCDEF+xyz/Sts==";

/// One credential the server knows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credential {
    pub access_key_id: String,
    pub access_key_secret: String,
    /// `Some` for STS credentials: requests must then send this exact `x-acs-security-token`.
    pub security_token: Option<String>,
}

/// AccessKeyId → credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyTable {
    entries: BTreeMap<String, Credential>,
}

impl KeyTable {
    /// A table with no keys at all (every request is refused with `InvalidAccessKeyId.NotFound`).
    pub fn empty() -> Self {
        KeyTable {
            entries: BTreeMap::new(),
        }
    }

    /// Adds (or replaces) a plain AccessKey pair.
    pub fn with_key(mut self, access_key_id: &str, access_key_secret: &str) -> Self {
        self.insert(Credential {
            access_key_id: access_key_id.to_owned(),
            access_key_secret: access_key_secret.to_owned(),
            security_token: None,
        });
        self
    }

    /// Adds (or replaces) an STS triple.
    pub fn with_sts(mut self, access_key_id: &str, access_key_secret: &str, token: &str) -> Self {
        self.insert(Credential {
            access_key_id: access_key_id.to_owned(),
            access_key_secret: access_key_secret.to_owned(),
            security_token: Some(token.to_owned()),
        });
        self
    }

    pub fn insert(&mut self, credential: Credential) {
        self.entries
            .insert(credential.access_key_id.clone(), credential);
    }

    pub fn get(&self, access_key_id: &str) -> Option<&Credential> {
        self.entries.get(access_key_id)
    }
}

impl Default for KeyTable {
    /// The test AccessKey pair and the STS triple.
    fn default() -> Self {
        KeyTable::empty()
            .with_key(TEST_ACCESS_KEY_ID, TEST_ACCESS_KEY_SECRET)
            .with_sts(STS_ACCESS_KEY_ID, STS_ACCESS_KEY_SECRET, STS_SECURITY_TOKEN)
    }
}
