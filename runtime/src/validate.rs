//! Checks the generated `validate()` calls, so documented limits fail before a request is sent.

use crate::error::ValidationError;
use jiff::Timestamp;

/// The value must not be empty (or only whitespace).
pub fn required_non_empty(
    op: &'static str,
    field: &'static str,
    value: &str,
) -> Result<(), ValidationError> {
    if value.trim().is_empty() {
        Err(ValidationError::new(op, field, "must not be empty"))
    } else {
        Ok(())
    }
}

/// `value <= max`.
pub fn at_most(
    op: &'static str,
    field: &'static str,
    value: i64,
    max: i64,
) -> Result<(), ValidationError> {
    if value > max {
        Err(ValidationError::new(
            op,
            field,
            format!("must be at most {max}, got {value}"),
        ))
    } else {
        Ok(())
    }
}

/// `value >= min`.
pub fn at_least(
    op: &'static str,
    field: &'static str,
    value: i64,
    min: i64,
) -> Result<(), ValidationError> {
    if value < min {
        Err(ValidationError::new(
            op,
            field,
            format!("must be at least {min}, got {value}"),
        ))
    } else {
        Ok(())
    }
}

/// At most `max` characters.
pub fn max_length(
    op: &'static str,
    field: &'static str,
    value: &str,
    max: usize,
) -> Result<(), ValidationError> {
    let n = value.chars().count();
    if n > max {
        Err(ValidationError::new(
            op,
            field,
            format!("must be at most {max} characters, got {n}"),
        ))
    } else {
        Ok(())
    }
}

/// `end` must be after `start`, and at most `max_days` later. Either missing → nothing to check
/// (the service applies its own default window).
pub fn time_range(
    op: &'static str,
    start_field: &'static str,
    start: Option<&Timestamp>,
    end_field: &'static str,
    end: Option<&Timestamp>,
    max_days: i64,
) -> Result<(), ValidationError> {
    let (Some(start), Some(end)) = (start, end) else {
        return Ok(());
    };
    if end <= start {
        return Err(ValidationError::new(
            op,
            end_field,
            format!("must be after {start_field} ({end} is not after {start})"),
        ));
    }
    let span = end.as_second().saturating_sub(start.as_second());
    let limit = max_days.saturating_mul(86_400);
    if max_days >= 0 && span > limit {
        return Err(ValidationError::new(
            op,
            end_field,
            format!("must be at most {max_days} days after {start_field} ({start} to {end})"),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ts(s: &str) -> Timestamp {
        s.parse().unwrap_or_default()
    }

    #[test]
    fn required_and_bounds() {
        assert!(required_non_empty("Op", "JobId", "j").is_ok());
        assert_eq!(
            required_non_empty("Op", "JobId", "  ")
                .err()
                .map(|e| e.to_string()),
            Some("Op: invalid JobId: must not be empty".to_owned())
        );
        assert!(at_most("Op", "PageSize", 100, 100).is_ok());
        assert_eq!(
            at_most("Op", "PageSize", 101, 100).err().map(|e| e.reason),
            Some("must be at most 100, got 101".to_owned())
        );
        assert!(at_least("Op", "PageNo", 1, 1).is_ok());
        assert!(at_least("Op", "PageNo", 0, 1).is_err());
        assert!(max_length("Op", "K", "模板模板", 4).is_ok());
        assert!(max_length("Op", "K", "模板模板x", 4).is_err());
    }

    #[test]
    fn time_range_rules() {
        let a = ts("2024-01-01T00:00:00Z");
        let b = ts("2024-01-31T00:00:00Z");
        let c = ts("2024-01-31T00:00:01Z");
        assert!(time_range("Op", "StartTime", Some(&a), "EndTime", Some(&b), 30).is_ok());
        let e = time_range("Op", "StartTime", Some(&a), "EndTime", Some(&c), 30).err();
        assert_eq!(e.as_ref().map(|e| e.field), Some("EndTime"));
        assert!(
            e.map(|e| e.reason)
                .unwrap_or_default()
                .contains("at most 30 days")
        );
        let e = time_range("Op", "StartTime", Some(&b), "EndTime", Some(&a), 30).err();
        assert!(
            e.map(|e| e.reason)
                .unwrap_or_default()
                .contains("must be after StartTime")
        );
        assert!(time_range("Op", "StartTime", Some(&a), "EndTime", Some(&a), 30).is_err());
        assert!(time_range("Op", "StartTime", None, "EndTime", Some(&a), 30).is_ok());
        assert!(time_range("Op", "StartTime", Some(&a), "EndTime", None, 30).is_ok());
        assert!(time_range("Op", "StartTime", None, "EndTime", None, 30).is_ok());
    }
}
