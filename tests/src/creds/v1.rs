//! The legacy RPC query signature (`SignatureMethod=HMAC-SHA1`) that the official Python credentials
//! library still sends to STS: `Signature = base64(HMAC-SHA1(secret + "&", "GET&%2F&" +
//! quote_plus(canonical query)))`, every key and value in `quote_plus` form, keys sorted.

use base64::Engine;
use hmac::{Hmac, KeyInit, Mac};

use crate::server::KeyTable;

/// Python's `urllib.parse.quote_plus`: letters, digits and `_.-~` kept, space as `+`, the rest `%XX`.
fn quote_plus(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for b in text.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'_' | b'.' | b'-' | b'~' => {
                out.push(b as char)
            }
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// The signature of `params` (without `Signature`) for `method` with `secret`.
pub fn sign(method: &str, params: &[(String, String)], secret: &str) -> String {
    let mut sorted: Vec<&(String, String)> =
        params.iter().filter(|(k, _)| k != "Signature").collect();
    sorted.sort_by(|a, b| a.0.cmp(&b.0));
    let canonical = sorted
        .iter()
        .map(|(k, v)| format!("{}={}", quote_plus(k), quote_plus(v)))
        .collect::<Vec<_>>()
        .join("&");
    let to_sign = format!("{method}&{}&{}", quote_plus("/"), quote_plus(&canonical));
    let mut mac = match Hmac::<sha1::Sha1>::new_from_slice(format!("{secret}&").as_bytes()) {
        Ok(m) => m,
        Err(_) => return String::new(),
    };
    mac.update(to_sign.as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

/// Checks a V1-signed request; the signer's AccessKeyId, or why it is refused.
pub fn verify(
    method: &str,
    params: &[(String, String)],
    keys: &KeyTable,
) -> Result<String, String> {
    let param = |name: &str| {
        params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    };
    let id = param("AccessKeyId").ok_or("AccessKeyId is missing")?;
    let given = param("Signature").ok_or("Signature is missing")?;
    let key = keys.get(id).ok_or("InvalidAccessKeyId.NotFound")?;
    if key
        .security_token
        .as_deref()
        .is_some_and(|token| param("SecurityToken") != Some(token))
    {
        return Err("the SecurityToken does not match".to_owned());
    }
    if sign(method, params, &key.access_key_secret) != given {
        return Err("SignatureDoesNotMatch".to_owned());
    }
    Ok(id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quote_plus_matches_python() {
        assert_eq!(quote_plus("a b/c~d*e+f=g"), "a+b%2Fc~d%2Ae%2Bf%3Dg");
    }

    #[test]
    fn a_signed_request_verifies_and_a_tampered_one_does_not() {
        let keys = KeyTable::empty().with_key("id", "secret");
        let mut params = vec![
            ("Action".to_owned(), "AssumeRole".to_owned()),
            ("AccessKeyId".to_owned(), "id".to_owned()),
            ("RoleArn".to_owned(), "acs:ram::1:role/x y".to_owned()),
        ];
        let signature = sign("GET", &params, "secret");
        params.push(("Signature".to_owned(), signature));
        assert_eq!(verify("GET", &params, &keys), Ok("id".to_owned()));
        params[2].1.push('z');
        assert!(verify("GET", &params, &keys).is_err());
    }
}
