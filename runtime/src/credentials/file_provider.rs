//! The builder methods the two file-based providers ([`super::ProfileCredentials`] and
//! [`super::IniProfileCredentials`]) share: the file, the environment lookup, and the endpoints of the
//! providers a profile asks for. Each provider keeps its own documentation of what they mean for it.

/// Implements `from_path`, `with_env_lookup`, `with_metadata_endpoint`, `with_sts_endpoint` and
/// `with_endpoints` for a provider with `path`, `lookup` and `endpoints` fields and a `new()`.
macro_rules! file_provider_setters {
    (
        $provider:ident,
        from_path: $from_path:literal,
        env_lookup: $env_lookup:literal,
        metadata: $metadata:literal,
        sts: $sts:literal $(,)?
    ) => {
        impl $provider {
            #[doc = $from_path]
            pub fn from_path(path: impl Into<std::path::PathBuf>) -> Self {
                let mut provider = Self::new();
                provider.path = Some(path.into());
                provider
            }

            #[doc = $env_lookup]
            pub fn with_env_lookup(
                mut self,
                lookup: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
            ) -> Self {
                self.lookup = std::sync::Arc::new(lookup);
                self
            }

            #[doc = $metadata]
            pub fn with_metadata_endpoint(mut self, endpoint: impl Into<String>) -> Self {
                self.endpoints.metadata = Some(endpoint.into());
                self
            }

            #[doc = $sts]
            pub fn with_sts_endpoint(mut self, endpoint: impl Into<String>) -> Self {
                self.endpoints.sts = Some(endpoint.into());
                self
            }

            pub(crate) fn with_endpoints(mut self, endpoints: super::spec::Endpoints) -> Self {
                self.endpoints = endpoints;
                self
            }
        }
    };
}
