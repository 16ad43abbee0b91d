//! The ACS3-HMAC-SHA256 ("V3") request signature.
//!
//! Public so that tests (and anyone debugging a `SignatureDoesNotMatch`) can compare the canonical
//! request and the `Authorization` value with the official SDK byte for byte.

use hmac::{Hmac, KeyInit, Mac};
use sha2::{Digest, Sha256};
use std::fmt::Write as _;

/// The signature algorithm name, first token of the `Authorization` header.
pub const ALGORITHM: &str = "ACS3-HMAC-SHA256";

/// Lower-case hex SHA-256 of the empty body: the `x-acs-content-sha256` of every RPC call we send.
pub const EMPTY_BODY_SHA256: &str =
    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Everything the signature covers. Borrowed, so signing needs no copies of the request.
#[derive(Debug, Clone, Copy)]
pub struct SignableRequest<'a> {
    /// HTTP method, upper-case (`GET`, `POST`).
    pub method: &'a str,
    /// The `host` header value (`host` or `host:port`). Informational: sign it by listing it in `headers`.
    pub host: &'a str,
    /// Canonical URI; `/` for every RPC call. An empty path is signed as `/`.
    pub path: &'a str,
    /// Query parameters, unencoded, in any order.
    pub query: &'a [(String, String)],
    /// Every header to sign (name in any case). `Authorization` must not be among them.
    pub headers: &'a [(String, String)],
    /// The request body (empty for RPC calls).
    pub body: &'a [u8],
}

/// Appends `input` percent-encoded per RFC 3986: `A-Z a-z 0-9 - _ . ~` literal, every other UTF-8
/// byte as upper-case `%XX` (so space is `%20`, never `+`).
pub fn percent_encode_into(input: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &b in input.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(char::from(b));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(b >> 4)]));
            out.push(char::from(HEX[usize::from(b & 0x0f)]));
        }
    }
}

/// [`percent_encode_into`] returning a new string.
pub fn percent_encode(input: &str) -> String {
    let mut out = String::with_capacity(input.len() * 3 / 2 + 4);
    percent_encode_into(input, &mut out);
    out
}

/// The canonical query string: keys and values RFC 3986-encoded, sorted by encoded key then encoded
/// value in byte order, `k=v` joined by `&` (`k=` for an empty value). It is also what goes on the wire.
pub fn canonical_query_string(query: &[(String, String)]) -> String {
    // One buffer holds every encoded piece; the sort works on ranges into it (no per-pair allocation).
    let mut buf =
        String::with_capacity(query.iter().map(|(k, v)| k.len() + v.len()).sum::<usize>() * 2);
    let mut spans: Vec<(usize, usize, usize)> = Vec::with_capacity(query.len());
    for (k, v) in query {
        let start = buf.len();
        percent_encode_into(k, &mut buf);
        let mid = buf.len();
        percent_encode_into(v, &mut buf);
        spans.push((start, mid, buf.len()));
    }
    let piece = |a: usize, b: usize| buf.get(a..b).unwrap_or_default();
    spans.sort_by(|x, y| {
        piece(x.0, x.1)
            .cmp(piece(y.0, y.1))
            .then_with(|| piece(x.1, x.2).cmp(piece(y.1, y.2)))
    });
    let mut out = String::with_capacity(buf.len() + spans.len() * 2);
    for (i, &(start, mid, end)) in spans.iter().enumerate() {
        if i > 0 {
            out.push('&');
        }
        out.push_str(piece(start, mid));
        out.push('=');
        out.push_str(piece(mid, end));
    }
    out
}

/// Lower-case hex SHA-256 of `data`.
pub fn hex_sha256(data: &[u8]) -> String {
    if data.is_empty() {
        return EMPTY_BODY_SHA256.to_owned();
    }
    hex::encode(Sha256::digest(data))
}

/// Canonical request plus the `SignedHeaders` list, computed together.
fn canonical_parts(request: &SignableRequest<'_>) -> (String, String) {
    // Names lower-cased, values trimmed; sorted by name then value so duplicates join deterministically.
    let mut headers: Vec<(String, &str)> = request
        .headers
        .iter()
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim()))
        .collect();
    headers.sort_unstable();

    let query = canonical_query_string(request.query);
    let path = if request.path.is_empty() {
        "/"
    } else {
        request.path
    };
    let mut out = String::with_capacity(256 + query.len() + headers.len() * 48);
    out.push_str(request.method);
    out.push('\n');
    out.push_str(path);
    out.push('\n');
    out.push_str(&query);
    out.push('\n');

    let mut signed = String::with_capacity(headers.len() * 16);
    let mut previous: Option<&str> = None;
    for (name, value) in &headers {
        if previous == Some(name.as_str()) {
            // Duplicate header: values joined with ',' on the same line.
            out.push(',');
            out.push_str(value);
            continue;
        }
        if previous.is_some() {
            out.push('\n');
            signed.push(';');
        }
        out.push_str(name);
        out.push(':');
        out.push_str(value);
        signed.push_str(name);
        previous = Some(name.as_str());
    }
    if previous.is_some() {
        out.push('\n');
    }
    // CanonicalHeaders ends with '\n' and the join adds another: the blank line is part of the format.
    out.push('\n');
    out.push_str(&signed);
    out.push('\n');
    if request.body.is_empty() {
        out.push_str(EMPTY_BODY_SHA256);
    } else {
        out.push_str(&hex_sha256(request.body));
    }
    (out, signed)
}

/// The canonical request exactly as Alibaba's V3 documentation defines it:
/// `METHOD\nURI\nQUERY\nHEADERS\n\nSIGNED_HEADERS\nHEX(SHA256(BODY))`.
pub fn canonical_request(request: &SignableRequest<'_>) -> String {
    canonical_parts(request).0
}

/// The `SignedHeaders` value: header names lower-cased, sorted, de-duplicated, joined by `;`.
pub fn signed_headers(request: &SignableRequest<'_>) -> String {
    canonical_parts(request).1
}

/// The string to sign: `ACS3-HMAC-SHA256\n` + hex SHA-256 of the canonical request.
pub fn string_to_sign(canonical_request: &str) -> String {
    let mut out = String::with_capacity(ALGORITHM.len() + 65);
    out.push_str(ALGORITHM);
    out.push('\n');
    out.push_str(&hex::encode(Sha256::digest(canonical_request.as_bytes())));
    out
}

/// The full `Authorization` header value:
/// `ACS3-HMAC-SHA256 Credential=<id>,SignedHeaders=<a;b>,Signature=<hex>`.
pub fn authorization(
    access_key_id: &str,
    access_key_secret: &str,
    request: &SignableRequest<'_>,
) -> String {
    let (canonical, signed) = canonical_parts(request);
    let to_sign = string_to_sign(&canonical);
    let signature = hmac_sha256_hex(access_key_secret.as_bytes(), to_sign.as_bytes());
    let mut out = String::with_capacity(
        ALGORITHM.len() + access_key_id.len() + signed.len() + signature.len() + 40,
    );
    // Infallible: writing to a String cannot fail.
    let _ = write!(
        out,
        "{ALGORITHM} Credential={access_key_id},SignedHeaders={signed},Signature={signature}"
    );
    out
}

fn hmac_sha256_hex(key: &[u8], message: &[u8]) -> String {
    // HMAC accepts keys of any length, so this never takes the error branch.
    match Hmac::<Sha256>::new_from_slice(key) {
        Ok(mut mac) => {
            mac.update(message);
            hex::encode(mac.finalize().into_bytes())
        }
        Err(_) => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    type Pairs = Vec<(String, String)>;

    fn published() -> (Pairs, Pairs) {
        let query = s(&[
            ("RegionId", "cn-shanghai"),
            (
                "ImageId",
                "win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd",
            ),
        ]);
        let headers = s(&[
            ("host", "ecs.cn-shanghai.aliyuncs.com"),
            ("x-acs-action", "RunInstances"),
            ("x-acs-version", "2014-05-26"),
            ("x-acs-date", "2023-10-26T10:22:32Z"),
            ("x-acs-signature-nonce", "3156853299f313e23d1673dc12e1703d"),
            ("x-acs-content-sha256", EMPTY_BODY_SHA256),
        ]);
        (query, headers)
    }

    #[test]
    fn published_vector_matches_byte_for_byte() {
        let (query, headers) = published();
        let req = SignableRequest {
            method: "POST",
            host: "ecs.cn-shanghai.aliyuncs.com",
            path: "/",
            query: &query,
            headers: &headers,
            body: b"",
        };
        let expected_canonical = "POST\n/\nImageId=win2019_1809_x64_dtc_zh-cn_40G_alibase_20230811.vhd&RegionId=cn-shanghai\nhost:ecs.cn-shanghai.aliyuncs.com\nx-acs-action:RunInstances\nx-acs-content-sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\nx-acs-date:2023-10-26T10:22:32Z\nx-acs-signature-nonce:3156853299f313e23d1673dc12e1703d\nx-acs-version:2014-05-26\n\nhost;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        let canonical = canonical_request(&req);
        assert_eq!(canonical, expected_canonical);
        assert_eq!(
            hex::encode(Sha256::digest(canonical.as_bytes())),
            "7ea06492da5221eba5297e897ce16e55f964061054b7695beedaac1145b1e259"
        );
        assert_eq!(
            authorization("YourAccessKeyId", "YourAccessKeySecret", &req),
            "ACS3-HMAC-SHA256 Credential=YourAccessKeyId,SignedHeaders=host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version,Signature=06563a9e1b43f5dfe96b81484da74bceab24a1d853912eee15083a6f0f3283c0"
        );
    }

    #[test]
    fn header_case_and_whitespace_do_not_change_the_signature() {
        let (query, headers) = published();
        let messy: Vec<(String, String)> = headers
            .iter()
            .rev()
            .map(|(k, v)| (k.to_ascii_uppercase(), format!("  {v}\t")))
            .collect();
        let a = SignableRequest {
            method: "POST",
            host: "h",
            path: "/",
            query: &query,
            headers: &headers,
            body: b"",
        };
        let b = SignableRequest {
            headers: &messy,
            ..a
        };
        assert_eq!(authorization("k", "s", &a), authorization("k", "s", &b));
    }

    #[test]
    fn encoding_cases() {
        let cases = [
            (" ", "%20"),
            ("*", "%2A"),
            ("~", "~"),
            ("/", "%2F"),
            (":", "%3A"),
            ("+", "%2B"),
            ("=", "%3D"),
            ("&", "%26"),
            ("模板1", "%E6%A8%A1%E6%9D%BF1"),
            ("aZ09-_.", "aZ09-_."),
            ("%", "%25"),
        ];
        for (raw, encoded) in cases {
            assert_eq!(percent_encode(raw), encoded, "encoding {raw:?}");
        }
    }

    #[test]
    fn canonical_query_sorts_by_encoded_key_then_value_and_keeps_empty() {
        let q = s(&[
            ("b", "2"),
            ("a", "x y"),
            ("Z", ""),
            ("a", "w"),
            ("Keyword", "模板1 a*b~c/d:e"),
        ]);
        assert_eq!(
            canonical_query_string(&q),
            "Keyword=%E6%A8%A1%E6%9D%BF1%20a%2Ab~c%2Fd%3Ae&Z=&a=w&a=x%20y&b=2"
        );
        assert_eq!(canonical_query_string(&[]), "");
    }

    #[test]
    fn synthetic_flattening_vector_from_the_protocol_doc() {
        let q = s(&[
            ("Ids.1", "a"),
            ("Ids.2", "b c"),
            ("Filter.Name", "x"),
            ("Filter.Tags.1.Key", "k1"),
            ("Filter.Tags.1.Value", "v1"),
            ("Enabled", "True"),
            ("Count", "3"),
            ("Empty", ""),
        ]);
        assert_eq!(
            canonical_query_string(&q),
            "Count=3&Empty=&Enabled=True&Filter.Name=x&Filter.Tags.1.Key=k1&Filter.Tags.1.Value=v1&Ids.1=a&Ids.2=b%20c"
        );
    }

    #[test]
    fn duplicate_headers_join_with_comma_and_body_is_hashed() {
        let headers = s(&[("x-b", "2"), ("X-A", "1"), ("x-b", "1")]);
        let req = SignableRequest {
            method: "GET",
            host: "h",
            path: "",
            query: &[],
            headers: &headers,
            body: b"abc",
        };
        assert_eq!(
            canonical_request(&req),
            "GET\n/\n\nx-a:1\nx-b:1,2\n\nx-a;x-b\nba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
        );
        assert_eq!(signed_headers(&req), "x-a;x-b");
    }
}
