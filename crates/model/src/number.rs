//! DynamoDB numbers: up to 38 significant decimal digits, magnitude between 1E-130 and
//! 9.99…E+125, exact arithmetic, and the canonical text DynamoDB returns.
//!
//! A number is kept as sign, significant digits (no leading or trailing zeros) and a decimal
//! exponent such that `value = 0.d1d2d3… × 10^exp`. That form makes comparison, the
//! order-preserving key encoding and the item-size rule direct, so we keep our own type rather
//! than a general big-decimal: the rules it enforces are DynamoDB's, not arithmetic's.

use std::cmp::Ordering;
use std::fmt;

/// Largest number of significant digits DynamoDB stores.
pub const MAX_DIGITS: usize = 38;
/// Largest exponent (in `0.d × 10^exp` form): 9.99…E+125 = 0.999… × 10^126.
const MAX_EXP: i32 = 126;
/// Smallest exponent: 1E-130 = 0.1 × 10^-129.
const MIN_EXP: i32 = -129;

/// Why a text or a computation does not give a DynamoDB number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum NumberError {
    /// The text is not a decimal number (empty, stray characters, a bare exponent).
    #[error("The parameter cannot be converted to a numeric value")]
    NotANumber,
    /// The magnitude is 1E+126 or more.
    #[error(
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    )]
    Overflow,
    /// The magnitude is non-zero but below 1E-130.
    #[error("Number underflow. Attempting to store a number with magnitude smaller than supported range")]
    Underflow,
    /// More than 38 significant digits once leading and trailing zeros are dropped.
    #[error("Attempting to store more than 38 significant digits in a Number")]
    TooManyDigits,
}

/// An exact DynamoDB number.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Number {
    negative: bool,
    /// Significant digits as values 0..=9, first and last non-zero; empty for zero.
    digits: Box<[u8]>,
    /// Decimal exponent of the `0.d…` form; 0 for zero.
    exp: i32,
}

impl Number {
    /// Zero.
    pub fn zero() -> Number {
        Number {
            negative: false,
            digits: Box::new([]),
            exp: 0,
        }
    }

    /// Parses DynamoDB's number text (what Java's BigDecimal accepts: sign, digits, point,
    /// exponent), enforcing DynamoDB's precision and range.
    pub fn parse(text: &str) -> Result<Number, NumberError> {
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut negative = false;
        if let Some(&c) = bytes.first() {
            if c == b'-' || c == b'+' {
                negative = c == b'-';
                i = 1;
            }
        }
        let mut mantissa: Vec<u8> = Vec::with_capacity(bytes.len());
        let mut int_len: i64 = 0;
        let mut seen_point = false;
        let mut seen_digit = false;
        while i < bytes.len() {
            match bytes[i] {
                c @ b'0'..=b'9' => {
                    mantissa.push(c - b'0');
                    seen_digit = true;
                    if !seen_point {
                        int_len += 1;
                    }
                }
                b'.' if !seen_point => seen_point = true,
                b'e' | b'E' => break,
                _ => return Err(NumberError::NotANumber),
            }
            i += 1;
        }
        if !seen_digit {
            return Err(NumberError::NotANumber);
        }
        let mut exponent: i64 = 0;
        if i < bytes.len() {
            i += 1; // the 'e'
            let mut exp_negative = false;
            if i < bytes.len() && (bytes[i] == b'-' || bytes[i] == b'+') {
                exp_negative = bytes[i] == b'-';
                i += 1;
            }
            if i == bytes.len() {
                return Err(NumberError::NotANumber);
            }
            while i < bytes.len() {
                let c = bytes[i];
                if !c.is_ascii_digit() {
                    return Err(NumberError::NotANumber);
                }
                // Saturate: anything this large is out of range either way.
                exponent = (exponent * 10 + i64::from(c - b'0')).min(1 << 40);
                i += 1;
            }
            if exp_negative {
                exponent = -exponent;
            }
        }
        Number::from_parts(negative, mantissa, int_len + exponent)
    }

    /// Builds a number from digit values and the exponent of the `0.d…` form, trimming zeros and
    /// checking DynamoDB's limits.
    fn from_parts(
        negative: bool,
        mut digits: Vec<u8>,
        mut exp: i64,
    ) -> Result<Number, NumberError> {
        let leading = digits.iter().take_while(|&&d| d == 0).count();
        if leading == digits.len() {
            return Ok(Number::zero());
        }
        digits.drain(..leading);
        exp -= leading as i64;
        while digits.last() == Some(&0) {
            digits.pop();
        }
        if digits.len() > MAX_DIGITS {
            return Err(NumberError::TooManyDigits);
        }
        if exp > i64::from(MAX_EXP) {
            return Err(NumberError::Overflow);
        }
        if exp < i64::from(MIN_EXP) {
            return Err(NumberError::Underflow);
        }
        Ok(Number {
            negative,
            digits: digits.into_boxed_slice(),
            exp: exp as i32,
        })
    }

    /// Rebuilds a number from the parts [`Number::digits`], [`Number::exponent`] and
    /// [`Number::is_negative`] of a valid number (the storage codec's inverse), checking them.
    pub fn from_stored_parts(
        negative: bool,
        digits: &[u8],
        exp: i32,
    ) -> Result<Number, NumberError> {
        if digits.iter().any(|&d| d > 9) {
            return Err(NumberError::NotANumber);
        }
        Number::from_parts(negative, digits.to_vec(), i64::from(exp))
    }

    /// Whether this is zero (zero has no sign: `-0` parses to plain zero).
    pub fn is_zero(&self) -> bool {
        self.digits.is_empty()
    }

    /// Whether this is below zero.
    pub fn is_negative(&self) -> bool {
        self.negative
    }

    /// Significant digits (values 0..=9).
    pub fn digits(&self) -> &[u8] {
        &self.digits
    }

    /// Exponent of the `0.d…` form.
    pub fn exponent(&self) -> i32 {
        self.exp
    }

    /// The number with its sign flipped.
    pub fn negate(&self) -> Number {
        let mut n = self.clone();
        if !n.is_zero() {
            n.negative = !n.negative;
        }
        n
    }

    /// Exact sum, failing as DynamoDB does when the result leaves its range or precision.
    pub fn add(&self, other: &Number) -> Result<Number, NumberError> {
        if self.is_zero() {
            return Ok(other.clone());
        }
        if other.is_zero() {
            return Ok(self.clone());
        }
        // Both as integers scaled to the exponent of the lowest digit either has.
        let scale_a = i64::from(self.exp) - self.digits.len() as i64;
        let scale_b = i64::from(other.exp) - other.digits.len() as i64;
        let scale = scale_a.min(scale_b);
        let a = scaled_le(&self.digits, (scale_a - scale) as usize);
        let b = scaled_le(&other.digits, (scale_b - scale) as usize);
        let (negative, sum) = if self.negative == other.negative {
            (self.negative, add_le(&a, &b))
        } else {
            match cmp_le(&a, &b) {
                Ordering::Equal => return Ok(Number::zero()),
                Ordering::Greater => (self.negative, sub_le(&a, &b)),
                Ordering::Less => (other.negative, sub_le(&b, &a)),
            }
        };
        let mut digits: Vec<u8> = sum.into_iter().rev().collect();
        let leading = digits.iter().take_while(|&&d| d == 0).count();
        digits.drain(..leading);
        let exp = digits.len() as i64 + scale;
        // DynamoDB words a sum that needs more than 38 digits as an overflow, unlike a number
        // written with too many (Alternator's suite quotes its answer for 1e50 + 1).
        Number::from_parts(negative, digits, exp).map_err(|e| match e {
            NumberError::TooManyDigits => NumberError::Overflow,
            other => other,
        })
    }

    /// Exact difference.
    pub fn sub(&self, other: &Number) -> Result<Number, NumberError> {
        self.add(&other.negate())
    }

    /// Bytes this number counts for in DynamoDB's item size: its significant digits in
    /// base-100 pairs aligned on the decimal point, one byte more, and one more if negative.
    pub fn size(&self) -> usize {
        if self.is_zero() {
            return 1;
        }
        // Digits are stored in base-100 pairs aligned on the decimal point.
        let mut len = self.digits.len();
        if self.exp.rem_euclid(2) == 1 {
            len += 1;
        }
        len.div_ceil(2) + 1 + usize::from(self.negative)
    }

    /// Whether the number is an integer.
    pub fn is_integer(&self) -> bool {
        self.is_zero() || self.exp >= self.digits.len() as i32
    }

    /// The value as an i64 when it is an integer in range.
    pub fn to_i64(&self) -> Option<i64> {
        if !self.is_integer() || self.exp > 19 {
            return None;
        }
        let mut v: i128 = 0;
        for i in 0..self.exp as usize {
            v = v * 10 + i128::from(*self.digits.get(i).unwrap_or(&0));
        }
        if self.negative {
            v = -v;
        }
        i64::try_from(v).ok()
    }

    /// Order-preserving byte encoding: the byte order of encodings is the numeric order.
    /// Self-delimiting, so it can be followed by more key components.
    pub fn encode_ordered(&self, out: &mut Vec<u8>) {
        if self.is_zero() {
            out.push(0x80);
            return;
        }
        // Exponent biased into a u16 so it sorts as unsigned.
        let biased = (self.exp + 1024) as u16;
        if self.negative {
            out.push(0x7f);
            out.extend_from_slice(&(!biased).to_be_bytes());
            out.extend(self.digits.iter().map(|d| 0xfe - d));
            out.push(0xff);
        } else {
            out.push(0x81);
            out.extend_from_slice(&biased.to_be_bytes());
            out.extend(self.digits.iter().map(|d| d + 1));
            out.push(0x00);
        }
    }
}

/// Digits (most significant first) as little-endian with `shift` zeros below.
fn scaled_le(digits: &[u8], shift: usize) -> Vec<u8> {
    let mut v = vec![0u8; shift];
    v.extend(digits.iter().rev());
    v
}

fn add_le(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len().max(b.len()) + 1);
    let mut carry = 0u8;
    for i in 0..a.len().max(b.len()) {
        let s = a.get(i).copied().unwrap_or(0) + b.get(i).copied().unwrap_or(0) + carry;
        out.push(s % 10);
        carry = s / 10;
    }
    if carry > 0 {
        out.push(carry);
    }
    out
}

/// `a - b` for `a >= b`.
fn sub_le(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(a.len());
    let mut borrow = 0i8;
    for (i, &digit) in a.iter().enumerate() {
        let mut d = digit as i8 - b.get(i).copied().unwrap_or(0) as i8 - borrow;
        borrow = 0;
        if d < 0 {
            d += 10;
            borrow = 1;
        }
        out.push(d as u8);
    }
    out
}

fn cmp_le(a: &[u8], b: &[u8]) -> Ordering {
    let trim = |v: &[u8]| v.len() - v.iter().rev().take_while(|&&d| d == 0).count();
    let (la, lb) = (trim(a), trim(b));
    la.cmp(&lb)
        .then_with(|| a[..la].iter().rev().cmp(b[..lb].iter().rev()))
}

impl Ord for Number {
    fn cmp(&self, other: &Number) -> Ordering {
        let sign = |n: &Number| {
            if n.is_zero() {
                0
            } else if n.negative {
                -1
            } else {
                1
            }
        };
        let (sa, sb) = (sign(self), sign(other));
        if sa != sb || sa == 0 {
            return sa.cmp(&sb);
        }
        let magnitude = self
            .exp
            .cmp(&other.exp)
            .then_with(|| self.digits.cmp(&other.digits));
        if sa < 0 {
            magnitude.reverse()
        } else {
            magnitude
        }
    }
}

impl PartialOrd for Number {
    fn partial_cmp(&self, other: &Number) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// DynamoDB's canonical text: plain notation, no leading or trailing zeros, no `+`.
impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_zero() {
            return f.write_str("0");
        }
        let mut s = String::with_capacity(self.digits.len() + 8);
        if self.negative {
            s.push('-');
        }
        let len = self.digits.len() as i32;
        let digit = |d: &u8| char::from(b'0' + d);
        if self.exp <= 0 {
            s.push_str("0.");
            s.extend(std::iter::repeat_n('0', (-self.exp) as usize));
            s.extend(self.digits.iter().map(digit));
        } else if self.exp >= len {
            s.extend(self.digits.iter().map(digit));
            s.extend(std::iter::repeat_n('0', (self.exp - len) as usize));
        } else {
            let (int, frac) = self.digits.split_at(self.exp as usize);
            s.extend(int.iter().map(digit));
            s.push('.');
            s.extend(frac.iter().map(digit));
        }
        f.write_str(&s)
    }
}

impl std::str::FromStr for Number {
    type Err = NumberError;
    fn from_str(s: &str) -> Result<Number, NumberError> {
        Number::parse(s)
    }
}

impl From<i64> for Number {
    fn from(v: i64) -> Number {
        Number::parse(&v.to_string()).expect("an i64 is always a valid DynamoDB number")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn n(s: &str) -> Number {
        Number::parse(s).unwrap()
    }

    #[test]
    fn canonical_text() {
        assert_eq!(n("1.0").to_string(), "1");
        assert_eq!(n("0001.500").to_string(), "1.5");
        assert_eq!(n("-0").to_string(), "0");
        assert_eq!(n("1e2").to_string(), "100");
        assert_eq!(n("1.5E-3").to_string(), "0.0015");
        assert_eq!(n("+12.34").to_string(), "12.34");
        assert_eq!(n(".5").to_string(), "0.5");
        assert_eq!(n("5.").to_string(), "5");
    }

    #[test]
    fn rejects_non_numbers() {
        for bad in [
            "", "-", "abc", "1..2", "1e", "1e+", "0x10", " 1", "1 ", "--1", "e5", ".",
        ] {
            assert_eq!(Number::parse(bad), Err(NumberError::NotANumber), "{bad:?}");
        }
    }

    #[test]
    fn enforces_range_and_precision() {
        assert!(Number::parse("9.9999999999999999999999999999999999999E+125").is_ok());
        assert_eq!(Number::parse("1E+126"), Err(NumberError::Overflow));
        assert!(Number::parse("1E-130").is_ok());
        assert_eq!(Number::parse("1E-131"), Err(NumberError::Underflow));
        assert!(Number::parse("12345678901234567890123456789012345678").is_ok());
        assert_eq!(
            Number::parse("123456789012345678901234567890123456789"),
            Err(NumberError::TooManyDigits)
        );
        // Trailing zeros are not significant.
        assert!(Number::parse("123456789012345678901234567890123456780000").is_ok());
        assert_eq!(
            Number::parse("1e99999999999999999999"),
            Err(NumberError::Overflow)
        );
    }

    #[test]
    fn arithmetic_is_exact() {
        assert_eq!(n("0.1").add(&n("0.2")).unwrap(), n("0.3"));
        assert_eq!(n("5").sub(&n("7")).unwrap(), n("-2"));
        assert_eq!(n("-5").add(&n("5")).unwrap(), Number::zero());
        assert_eq!(n("99").add(&n("1")).unwrap().to_string(), "100");
        // A sum needing more than 38 digits is, in DynamoDB's words, an overflow.
        assert_eq!(n("1E+125").add(&n("1E-129")), Err(NumberError::Overflow));
        assert_eq!(n("1E+50").sub(&n("1")), Err(NumberError::Overflow));
        assert_eq!(n("9E+125").add(&n("9E+125")), Err(NumberError::Overflow));
    }

    #[test]
    fn sizes() {
        assert_eq!(n("0").size(), 1);
        assert_eq!(n("1").size(), 2);
        assert_eq!(n("12").size(), 2);
        assert_eq!(n("123").size(), 3);
        assert_eq!(n("1.5").size(), 3);
        assert_eq!(n("-12").size(), 3);
    }

    fn arb_number() -> impl Strategy<Value = Number> {
        (
            any::<bool>(),
            proptest::collection::vec(0u8..10, 0..12),
            -20i32..20,
        )
            .prop_map(|(neg, digits, e)| {
                let mut s = String::new();
                if neg {
                    s.push('-');
                }
                s.push('0');
                for d in digits {
                    s.push(char::from(b'0' + d));
                }
                s.push_str(&format!("e{e}"));
                Number::parse(&s).unwrap()
            })
    }

    proptest! {
        #[test]
        fn encoding_orders_like_numbers(a in arb_number(), b in arb_number()) {
            let (mut ea, mut eb) = (Vec::new(), Vec::new());
            a.encode_ordered(&mut ea);
            b.encode_ordered(&mut eb);
            prop_assert_eq!(ea.cmp(&eb), a.cmp(&b));
        }

        #[test]
        fn text_round_trips(a in arb_number()) {
            prop_assert_eq!(Number::parse(&a.to_string()).unwrap(), a);
        }

        #[test]
        fn add_matches_i128(x in -1_000_000_000i64..1_000_000_000, y in -1_000_000_000i64..1_000_000_000) {
            let sum = Number::from(x).add(&Number::from(y)).unwrap();
            prop_assert_eq!(sum.to_string(), (i128::from(x) + i128::from(y)).to_string());
        }
    }
}
