//! Reading the values conditions compare, in one place: numbers, booleans, dates (ISO 8601 or
//! epoch seconds), IP addresses and CIDR ranges, base64. Used by condition operators, the
//! request context of the page and share links.

/// The digits of an AWS account id.
pub const ACCOUNT_ID_DIGITS: usize = 12;

/// True for an AWS account id: exactly [`ACCOUNT_ID_DIGITS`] ASCII digits.
pub fn is_account_id(text: &str) -> bool {
    text.len() == ACCOUNT_ID_DIGITS && text.bytes().all(|b| b.is_ascii_digit())
}

/// The account of an ARN: its fifth field when that is an account id (`None` for S3 buckets and
/// other ARNs without one).
pub fn arn_account(arn: &str) -> Option<&str> {
    crate::text::bytes::nth_field(arn, b':', 4).filter(|a| is_account_id(a))
}

/// An IP range: an address and a prefix length.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct IpRange {
    v6: bool,
    bits: u128,
    prefix: u32,
}

impl IpRange {
    /// Reads `a.b.c.d`, `a.b.c.d/n`, an IPv6 address, or an IPv6 CIDR.
    pub fn parse(text: &str) -> Option<IpRange> {
        let (addr, prefix) = match text.split_once('/') {
            Some((a, p)) => (a, Some(p.parse::<u32>().ok()?)),
            None => (text, None),
        };
        let ip: std::net::IpAddr = addr.trim().parse().ok()?;
        let (v6, bits, max) = match ip {
            std::net::IpAddr::V4(v4) => (false, u128::from(u32::from(v4)), 32),
            std::net::IpAddr::V6(v6) => (true, u128::from(v6), 128),
        };
        let prefix = prefix.unwrap_or(max);
        if prefix > max {
            return None;
        }
        Some(IpRange { v6, bits, prefix })
    }

    /// For a CIDR range written with bits set past its prefix (`10.0.0.1/16`), the range written
    /// as AWS reads it (`10.0.0.0/16`); `None` for a plain address or a range already so written.
    pub fn with_host_bits_cleared(text: &str) -> Option<String> {
        if !text.contains('/') {
            return None;
        }
        let range = IpRange::parse(text)?;
        let width = if range.v6 { 128 } else { 32 };
        let host = width - range.prefix;
        let mask = if host >= 128 { 0 } else { u128::MAX << host };
        let network = range.bits & mask;
        if network == range.bits {
            return None;
        }
        let shown = if range.v6 {
            std::net::Ipv6Addr::from(network).to_string()
        } else {
            std::net::Ipv4Addr::from(u32::try_from(network).ok()?).to_string()
        };
        Some(format!("{shown}/{}", range.prefix))
    }

    /// True when `other` (a single address) is inside this range.
    pub fn contains(&self, other: &IpRange) -> bool {
        if self.v6 != other.v6 {
            return false;
        }
        let width = if self.v6 { 128 } else { 32 };
        let shift = width - self.prefix;
        if shift >= 128 {
            return true;
        }
        (self.bits >> shift) == (other.bits >> shift)
    }
}

/// Reads a decimal number (`10`, `-2.5`, `1e3`).
pub fn parse_number(text: &str) -> Option<f64> {
    let t = text.trim();
    if t.is_empty()
        || !t
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|n| n.is_finite())
}

/// Reads `true`/`false`, ignoring case.
pub fn parse_bool(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

/// Reads an ISO 8601 date (`2026-01-31`, `2026-01-31T12:00:00Z`, with fractions or an offset) or
/// epoch seconds, as milliseconds since the epoch.
pub fn parse_date(text: &str) -> Option<i64> {
    let t = text.trim();
    if !t.is_empty() && t.bytes().all(|b| b.is_ascii_digit()) {
        return t.parse::<i64>().ok()?.checked_mul(1000);
    }
    let num = |s: &str| -> Option<i64> {
        if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        s.parse().ok()
    };
    let (date, time) = match t.split_once(['T', 't', ' ']) {
        Some((d, tm)) => (d, Some(tm)),
        None => (t, None),
    };
    let mut dp = date.split('-');
    let year = num(dp.next()?)?;
    let month = num(dp.next().unwrap_or("1"))?;
    let day = num(dp.next().unwrap_or("1"))?;
    // ISO 8601 years have four digits (a longer one needs a sign this reading has no place
    // for); bounding them keeps the arithmetic below in range whatever the text.
    if dp.next().is_some() || year > 9999 || !(1..=12).contains(&month) || !(1..=31).contains(&day)
    {
        return None;
    }
    let mut millis = days_from_civil(year, month, day) * 86_400_000;
    if let Some(time) = time {
        let (clock, offset_ms) = if let Some(c) = time.strip_suffix(['Z', 'z']) {
            (c, 0)
        } else if let Some(pos) = time.rfind(['+', '-']) {
            let (c, off) = time.split_at(pos);
            let sign = if off.starts_with('-') { -1 } else { 1 };
            let off = &off[1..];
            let (oh, om) = match off.split_once(':') {
                Some((h, m)) => (num(h)?, num(m)?),
                None if off.len() == 4 => (num(&off[..2])?, num(&off[2..])?),
                None => (num(off)?, 0),
            };
            if oh > 23 || om > 59 {
                return None;
            }
            (c, sign * (oh * 3_600_000 + om * 60_000))
        } else {
            (time, 0)
        };
        let mut cp = clock.split(':');
        let h = num(cp.next()?)?;
        let m = num(cp.next().unwrap_or("0"))?;
        let sec_text = cp.next().unwrap_or("0");
        if cp.next().is_some() || h > 24 || m > 59 {
            return None;
        }
        let (s, frac) = match sec_text.split_once('.') {
            Some((s, f)) => (num(s)?, f),
            None => (num(sec_text)?, ""),
        };
        if s > 60 || !frac.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let frac_ms = frac
            .bytes()
            .chain(std::iter::repeat(b'0'))
            .take(3)
            .fold(0i64, |acc, b| acc * 10 + i64::from(b - b'0'));
        millis += h * 3_600_000 + m * 60_000 + s * 1000 + frac_ms - offset_ms;
    }
    Some(millis)
}

/// Days since 1970-01-01 of a civil date (proleptic Gregorian).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = if y >= 0 { y } else { y - 399 } / 400;
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// Decodes standard base64 (padding optional).
pub fn decode_base64(text: &str) -> Option<Vec<u8>> {
    decode_base64_alphabet(text, b'+', b'/')
}

/// Decodes base64 whose last two symbols are `c62` and `c63` (`+` `/` for standard base64, `-`
/// `_` for base64url); padding is optional.
pub fn decode_base64_alphabet(text: &str, c62: u8, c63: u8) -> Option<Vec<u8>> {
    let t = text.trim_end_matches('=');
    let mut out = Vec::with_capacity(t.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for b in t.bytes() {
        let v = match b {
            b'A'..=b'Z' => b - b'A',
            b'a'..=b'z' => b - b'a' + 26,
            b'0'..=b'9' => b - b'0' + 52,
            _ if b == c62 => 62,
            _ if b == c63 => 63,
            _ => return None,
        };
        acc = (acc << 6) | u32::from(v);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if t.is_empty() && !text.is_empty() {
        return None;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::{parse_date, IpRange};

    /// Found by the `policy` fuzz target: a 77-digit year (whose value fits an `i64`) made the
    /// day count overflow; a huge time-zone offset did the same. Neither is a date.
    #[test]
    fn dates_with_years_or_offsets_out_of_range_are_not_dates() {
        let year = "00000000000000000000000000000000000000000000000000000000006148914691236517204";
        for text in [
            format!("{year}-06-15T12:00:00Z"),
            "10000-01-01".to_string(),
            "2026-01-01T00:00:00+9223372036854775807".to_string(),
            "2026-01-01T00:00:00+24:00".to_string(),
            "2026-01-01T00:00:00-12:60".to_string(),
        ] {
            assert_eq!(parse_date(&text), None, "{text}");
        }
        assert_eq!(
            parse_date("9999-12-31T23:59:59Z"),
            Some(253_402_300_799_000)
        );
        assert_eq!(
            parse_date("2026-01-01T01:00:00+01:00"),
            Some(1_767_225_600_000)
        );
        assert_eq!(parse_date("1970-01-01T00:00:00Z"), Some(0));
    }

    #[test]
    fn ranges_with_host_bits_are_written_as_their_network() {
        let cleared = IpRange::with_host_bits_cleared;
        assert_eq!(cleared("10.0.0.1/16").as_deref(), Some("10.0.0.0/16"));
        assert_eq!(cleared("203.0.113.7/0").as_deref(), Some("0.0.0.0/0"));
        assert_eq!(cleared("2001:db8::1/32").as_deref(), Some("2001:db8::/32"));
        for quiet in [
            "10.0.0.0/16",
            "10.0.0.1",
            "10.0.0.1/32",
            "::/0",
            "nonsense/8",
            "1.2.3.4/33",
        ] {
            assert_eq!(cleared(quiet), None, "{quiet}");
        }
    }
}
