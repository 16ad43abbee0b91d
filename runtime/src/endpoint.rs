//! Which host a product is called on, and how a user-supplied endpoint is parsed.

use crate::config::ConfigError;
use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr};

/// A product's static facts, emitted by the generator from the spec's document level.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Product {
    /// Product code, e.g. `ICE`.
    pub code: &'static str,
    /// API version sent as `x-acs-version`, e.g. `2020-11-09`.
    pub version: &'static str,
    /// Host for regions not listed, with `{region}` to replace, e.g. `ice.{region}.aliyuncs.com`.
    pub endpoint_pattern: &'static str,
    /// Documented region → host pairs, sorted by region.
    pub regional_endpoints: &'static [(&'static str, &'static str)],
}

impl Product {
    /// The host for `region`: the documented one if listed, else the pattern with `{region}` filled.
    pub fn endpoint_for(&self, region: &str) -> Result<String, ConfigError> {
        validate_region(region)?;
        // Linear scan: the table is small and this does not rely on it being sorted.
        if let Some((_, host)) = self.regional_endpoints.iter().find(|(r, _)| *r == region) {
            return Ok((*host).to_owned());
        }
        if self.endpoint_pattern.is_empty() {
            return Err(ConfigError::InvalidEndpoint {
                endpoint: String::new(),
                reason: format!("product {} has no endpoint pattern", self.code),
            });
        }
        Ok(self.endpoint_pattern.replace("{region}", region))
    }
}

/// Region ids are lower-case letters, digits and `-` (`cn-shanghai`); anything else would end up in a
/// host name, so it is refused.
pub fn validate_region(region: &str) -> Result<(), ConfigError> {
    let ok = !region.is_empty()
        && region.len() <= 64
        && region
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
    if ok {
        Ok(())
    } else {
        Err(ConfigError::InvalidRegion {
            region: region.to_owned(),
        })
    }
}

/// URL scheme of an endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Scheme {
    /// TLS (the default).
    Https,
    /// Plain text: only for loopback test servers unless explicitly allowed.
    Http,
}

impl Scheme {
    /// `https` or `http`.
    pub fn as_str(self) -> &'static str {
        match self {
            Scheme::Https => "https",
            Scheme::Http => "http",
        }
    }
    fn default_port(self) -> u16 {
        match self {
            Scheme::Https => 443,
            Scheme::Http => 80,
        }
    }
}

/// A parsed endpoint: scheme plus the `host[:port]` that is both dialled and signed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    scheme: Scheme,
    host: String,
    port: Option<u16>,
}

impl Endpoint {
    /// Parses `host`, `host:port`, `https://host[:port]` or `http://host[:port]` (a trailing `/` is
    /// allowed; paths, queries and user-info are not). No scheme means HTTPS.
    pub fn parse(input: &str) -> Result<Endpoint, ConfigError> {
        let invalid = |reason: &str| ConfigError::InvalidEndpoint {
            endpoint: input.to_owned(),
            reason: reason.to_owned(),
        };
        let trimmed = input.trim();
        let (scheme, rest) = if let Some(r) = strip_prefix_ci(trimmed, "https://") {
            (Scheme::Https, r)
        } else if let Some(r) = strip_prefix_ci(trimmed, "http://") {
            (Scheme::Http, r)
        } else if trimmed.contains("://") {
            return Err(invalid("only http:// and https:// are supported"));
        } else {
            (Scheme::Https, trimmed)
        };
        let authority = rest.strip_suffix('/').unwrap_or(rest);
        if authority.is_empty() {
            return Err(invalid("the host is empty"));
        }
        if authority.contains(['/', '?', '#', '@'])
            || authority
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(invalid(
                "expected only host[:port] (no path, query, user-info or spaces)",
            ));
        }
        let (host, port) =
            split_host_port(authority).ok_or_else(|| invalid("malformed host:port"))?;
        let host_ok = if let Some(inner) = host.strip_prefix('[').and_then(|h| h.strip_suffix(']'))
        {
            inner.parse::<Ipv6Addr>().is_ok()
        } else {
            !host.is_empty()
                && host
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'.' || b == b'_')
        };
        if !host_ok {
            return Err(invalid(
                "the host name contains characters not allowed in a host",
            ));
        }
        let port = match port {
            None => None,
            Some(p) => Some(
                p.parse::<u16>()
                    .ok()
                    .filter(|p| *p != 0)
                    .ok_or_else(|| invalid("the port is not a number in 1-65535"))?,
            ),
        };
        Ok(Endpoint {
            scheme,
            host: host.to_ascii_lowercase(),
            // A default port is dropped so the signed `host` equals what the HTTP client sends.
            port: port.filter(|p| *p != scheme.default_port()),
        })
    }

    /// An HTTPS endpoint for a bare host name (as produced by [`Product::endpoint_for`]).
    pub fn https(host: &str) -> Result<Endpoint, ConfigError> {
        let e = Endpoint::parse(host)?;
        Ok(Endpoint {
            scheme: Scheme::Https,
            ..e
        })
    }

    /// The scheme.
    pub fn scheme(&self) -> Scheme {
        self.scheme
    }

    /// The `host` header value: host, plus `:port` when it is not the scheme's default.
    pub fn authority(&self) -> String {
        match self.port {
            Some(p) => format!("{}:{p}", self.host),
            None => self.host.clone(),
        }
    }

    /// `scheme://authority`, without a trailing slash.
    pub fn base_url(&self) -> String {
        format!("{}://{}", self.scheme.as_str(), self.authority())
    }

    /// Whether the host is loopback (`localhost`, 127.0.0.0/8, `[::1]`): plain HTTP is fine there.
    pub fn is_loopback(&self) -> bool {
        if self.host == "localhost" || self.host.ends_with(".localhost") {
            return true;
        }
        let bare = self
            .host
            .strip_prefix('[')
            .and_then(|h| h.strip_suffix(']'))
            .unwrap_or(&self.host);
        match bare.parse::<IpAddr>() {
            Ok(IpAddr::V4(v4)) => v4.is_loopback(),
            Ok(IpAddr::V6(v6)) => {
                v6.is_loopback()
                    || v6
                        .to_ipv4_mapped()
                        .is_some_and(|v4: Ipv4Addr| v4.is_loopback())
            }
            Err(_) => false,
        }
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.base_url())
    }
}

fn strip_prefix_ci<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    if head.eq_ignore_ascii_case(prefix) {
        s.get(prefix.len()..)
    } else {
        None
    }
}

/// Splits `host`, `host:port`, `[v6]` or `[v6]:port`.
fn split_host_port(authority: &str) -> Option<(&str, Option<&str>)> {
    if authority.starts_with('[') {
        let end = authority.find(']')?;
        let host = authority.get(..=end)?;
        let rest = authority.get(end + 1..)?;
        if rest.is_empty() {
            return Some((host, None));
        }
        return Some((host, Some(rest.strip_prefix(':')?)));
    }
    match authority.split_once(':') {
        None => Some((authority, None)),
        Some((h, p)) if !p.contains(':') => Some((h, Some(p))),
        Some(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    static ICE: Product = Product {
        code: "ICE",
        version: "2020-11-09",
        endpoint_pattern: "ice.{region}.aliyuncs.com",
        regional_endpoints: &[
            ("cn-hangzhou", "ice.cn-hangzhou.aliyuncs.com"),
            ("cn-shanghai", "ice.cn-shanghai.aliyuncs.com"),
        ],
    };
    static LIVE: Product = Product {
        code: "live",
        version: "2016-11-01",
        endpoint_pattern: "live.{region}.aliyuncs.com",
        regional_endpoints: &[("cn-beijing", "live.aliyuncs.com")],
    };

    #[test]
    fn regional_map_then_pattern() {
        assert_eq!(
            ICE.endpoint_for("cn-shanghai").ok().as_deref(),
            Some("ice.cn-shanghai.aliyuncs.com")
        );
        assert_eq!(
            ICE.endpoint_for("cn-guangzhou").ok().as_deref(),
            Some("ice.cn-guangzhou.aliyuncs.com")
        );
        assert_eq!(
            LIVE.endpoint_for("cn-beijing").ok().as_deref(),
            Some("live.aliyuncs.com")
        );
        assert_eq!(
            LIVE.endpoint_for("ap-southeast-1").ok().as_deref(),
            Some("live.ap-southeast-1.aliyuncs.com")
        );
    }

    #[test]
    fn bad_regions_are_refused() {
        for r in [
            "",
            "CN-SHANGHAI",
            "cn_shanghai",
            "cn-shanghai.evil.com/",
            "a b",
            "东京",
        ] {
            assert!(
                matches!(ICE.endpoint_for(r), Err(ConfigError::InvalidRegion { .. })),
                "{r:?} should be refused"
            );
        }
    }

    #[test]
    fn endpoint_forms() {
        let e = |s: &str| Endpoint::parse(s).map(|e| (e.scheme(), e.authority()));
        assert_eq!(
            e("ice.cn-shanghai.aliyuncs.com"),
            Ok((Scheme::Https, "ice.cn-shanghai.aliyuncs.com".into()))
        );
        assert_eq!(
            e("ice.example.com:8443"),
            Ok((Scheme::Https, "ice.example.com:8443".into()))
        );
        assert_eq!(
            e("https://ice.example.com/"),
            Ok((Scheme::Https, "ice.example.com".into()))
        );
        assert_eq!(
            e("HTTPS://Ice.Example.com:443"),
            Ok((Scheme::Https, "ice.example.com".into()))
        );
        assert_eq!(
            e("http://127.0.0.1:8080"),
            Ok((Scheme::Http, "127.0.0.1:8080".into()))
        );
        assert_eq!(
            e("http://[::1]:9000"),
            Ok((Scheme::Http, "[::1]:9000".into()))
        );
        assert_eq!(
            e("http://localhost:80"),
            Ok((Scheme::Http, "localhost".into()))
        );
        assert_eq!(
            Endpoint::parse("http://127.0.0.1:8080").map(|e| e.base_url()),
            Ok("http://127.0.0.1:8080".into())
        );
        for bad in [
            "",
            "https://",
            "ftp://x",
            "https://x/path",
            "x?q",
            "u@x",
            "x:0",
            "x:99999",
            "x:abc",
            "a b",
            "[::1",
            "x:1:2",
        ] {
            assert!(Endpoint::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }

    #[test]
    fn loopback_detection() {
        let lb = |s: &str| Endpoint::parse(s).map(|e| e.is_loopback()).unwrap_or(false);
        assert!(lb("http://127.0.0.1:1"));
        assert!(lb("http://127.1.2.3"));
        assert!(lb("http://localhost:1"));
        assert!(lb("http://[::1]:1"));
        assert!(!lb("http://10.0.0.1"));
        assert!(!lb("http://127.0.0.1.evil.com"));
        assert!(!lb("http://localhost.evil.com"));
        assert!(!lb("http://example.com"));
    }
}
