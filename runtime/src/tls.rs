//! The TLS crypto provider for the HTTP client the runtime builds, chosen by cargo feature:
//! `tls-ring` (rustls with ring), else `tls-aws-lc` (rustls with aws-lc-rs, reqwest's default), else
//! whatever provider the application installed with `CryptoProvider::install_default`.

use crate::config::ConfigError;

/// Sets the TLS backend of a client builder, or says why none is available (rather than letting
/// reqwest panic when no provider exists).
pub(crate) fn configure(
    builder: reqwest::ClientBuilder,
) -> Result<reqwest::ClientBuilder, ConfigError> {
    #[cfg(feature = "tls-ring")]
    {
        use rustls_platform_verifier::BuilderVerifierExt;
        let provider = std::sync::Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ClientConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .and_then(|b| b.with_platform_verifier())
            .map_err(|e| ConfigError::HttpClient {
                reason: format!("TLS with ring: {e}"),
            })?
            .with_no_client_auth();
        Ok(builder.tls_backend_preconfigured(config))
    }
    #[cfg(all(not(feature = "tls-ring"), feature = "tls-aws-lc"))]
    {
        Ok(builder)
    }
    #[cfg(not(any(feature = "tls-ring", feature = "tls-aws-lc")))]
    {
        if rustls::crypto::CryptoProvider::get_default().is_some() {
            Ok(builder)
        } else {
            Err(ConfigError::HttpClient {
                reason: "no TLS crypto provider: enable the `tls-aws-lc` or `tls-ring` feature, \
                         or install one with rustls::crypto::CryptoProvider::install_default"
                    .to_owned(),
            })
        }
    }
}
