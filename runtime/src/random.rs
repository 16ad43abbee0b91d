//! Random numbers for signature nonces and retry jitter, straight from the operating system
//! (`getrandom`), without a user-space generator crate in every user's tree.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

/// A random `u64`. If the operating system cannot provide one (practically never), a value mixed
/// from the clock, the process id and a counter: nonces must only be unique, and jitter spread.
pub(crate) fn u64() -> u64 {
    let mut bytes = [0u8; 8];
    match getrandom::getrandom(&mut bytes) {
        Ok(()) => u64::from_le_bytes(bytes),
        Err(_) => fallback(),
    }
}

/// A 128-bit signature nonce as 32 hex digits.
pub(crate) fn nonce() -> String {
    format!("{:016x}{:016x}", u64(), u64())
}

/// A value in `0..=max`, spread evenly enough for retry jitter.
pub(crate) fn up_to(max: u64) -> u64 {
    match max.checked_add(1) {
        Some(bound) => u64() % bound,
        None => u64(),
    }
}

fn fallback() -> u64 {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    // splitmix64 over the mixed inputs, so consecutive fallbacks differ in every bit.
    let mut z =
        nanos ^ (u64::from(std::process::id()) << 32) ^ count.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[cfg(test)]
mod tests {
    #[test]
    fn nonces_are_32_hex_digits_and_differ() {
        let a = super::nonce();
        let b = super::nonce();
        assert_eq!(a.len(), 32);
        assert!(a.chars().all(|c| c.is_ascii_hexdigit()));
        assert_ne!(a, b);
    }

    #[test]
    fn up_to_stays_in_range() {
        for max in [0, 1, 7, 1000] {
            for _ in 0..200 {
                assert!(super::up_to(max) <= max);
            }
        }
        let _ = super::up_to(u64::MAX);
    }

    #[test]
    fn fallback_values_differ() {
        assert_ne!(super::fallback(), super::fallback());
    }
}
