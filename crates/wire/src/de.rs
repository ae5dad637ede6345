//! The one decoder: request bytes to a typed request, with DynamoDB's errors.
//!
//! Every wire type is read through a *codec* ([`Codec`]): a zero-sized type that knows how to
//! read one JSON value with serde, and what DynamoDB says when the value has the wrong JSON
//! type. Codecs read with `deserialize_any`, so they see the JSON type the body really holds.
//!
//! Errors travel out of serde through a context ([`Cx`]) rather than through serde's error
//! text: a codec that finds a type mismatch stores a typed [`SerializationError`] in the
//! context and returns an empty serde error; [`decode`] then reads the context. An attribute
//! value that breaks DynamoDB's rules does not stop the decoding (DynamoDB reads the whole
//! body before it validates values): the first such fault is kept in the context and
//! reported once the body has been read, unless a SerializationException comes first.

use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};
use std::fmt;
use std::marker::PhantomData;

use serde::de::{
    self, Deserialize, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor,
};

use ddb_model::Number;

use crate::error::{DecodeError, Found, SerializationError, ValueError};
use crate::{Blob, EnumValue, WireEnum};

/// The decoding context: where codecs leave what went wrong.
#[derive(Default)]
pub struct Cx {
    error: Cell<Option<SerializationError>>,
    fault: Cell<Option<ValueError>>,
}

impl Cx {
    /// Records a type mismatch and returns the (empty) serde error that stops decoding.
    pub fn fail<E: de::Error>(&self, error: SerializationError) -> E {
        self.error.set(Some(error));
        E::custom("")
    }

    /// Records an attribute-value fault; the first one is kept and decoding goes on.
    pub fn fault(&self, fault: ValueError) {
        let first = self.fault.take().unwrap_or(fault);
        self.fault.set(Some(first));
    }

    /// Whether a fault has been recorded.
    pub fn has_fault(&self) -> bool {
        let f = self.fault.take();
        let has = f.is_some();
        self.fault.set(f);
        has
    }

    /// Takes the recorded fault.
    pub fn take_fault(&self) -> Option<ValueError> {
        self.fault.take()
    }

    /// Puts back a fault taken with [`Cx::take_fault`].
    pub fn restore_fault(&self, fault: Option<ValueError>) {
        self.fault.set(fault);
    }
}

/// Where a value sits: DynamoDB words some mismatches differently for a structure's member
/// and for a list element or map value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pos {
    /// A member of a structure.
    Field,
    /// An element of a list or a value of a map.
    Value,
}

/// How one wire type is read.
pub trait Codec {
    /// The Rust value read.
    type Out;
    /// Appends the Java type DynamoDB's reader names for this value (`java.lang.String`,
    /// `java.util.List<...>`, a class name).
    fn java(out: &mut String);
    /// Reads one value.
    fn decode<'de, D: Deserializer<'de>>(d: D, cx: &Cx, pos: Pos) -> Result<Self::Out, D::Error>;
    /// Reads one value, `null` as `None`. Codecs whose visitor can take `null` itself
    /// override this to read the value in one pass (scalars and attribute values: the bulk
    /// of a body).
    #[inline]
    fn decode_nullable<'de, D: Deserializer<'de>>(
        d: D,
        cx: &Cx,
        pos: Pos,
    ) -> Result<Option<Self::Out>, D::Error>
    where
        Self: Sized,
    {
        d.deserialize_option(Optional::<Self>(cx, pos, PhantomData))
    }
}

/// A structure that can be decoded member by member.
pub trait DecodeStruct: Default {
    /// The class DynamoDB's reader names for it.
    const JAVA: &'static str;
    /// Reads the value of the member `name` (skipping members it does not know).
    fn member<'de, A: MapAccess<'de>>(
        &mut self,
        name: &str,
        map: &mut A,
        cx: &Cx,
    ) -> Result<(), A::Error>;
}

/// Decodes a request body into `T`: DynamoDB's SerializationException for a body that is
/// not JSON or does not fit `T`'s shape, its ValidationException for a bad attribute value.
/// An empty or whitespace-only body reads as `{}`.
pub fn decode<T: DecodeStruct>(body: &[u8]) -> Result<T, DecodeError> {
    match decode_with_fault(body)? {
        (_, Some(fault)) => Err(DecodeError::Validation(fault)),
        (value, None) => Ok(value),
    }
}

/// Decodes as [`decode`] does, but a body whose only fault is an attribute value that breaks
/// DynamoDB's rules still gives its request, beside the first such fault: DynamoDB reports
/// that fault only after the request's other parameters pass their checks, which the caller
/// makes first. (A faulty value is read as a stand-in that those checks do not look at.)
pub fn decode_with_fault<T: DecodeStruct>(
    body: &[u8],
) -> Result<(T, Option<ValueError>), DecodeError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    match read_struct(body, false) {
        Err(ReadFault::TooDeepForDefault) if json_depth(body) <= MAX_JSON_DEPTH => {
            match read_struct(body, true) {
                Err(ReadFault::TooDeepForDefault) => Err(SerializationError::Malformed.into()),
                other => other.map_err(ReadFault::into_error),
            }
        }
        other => other.map_err(ReadFault::into_error),
    }
}

/// The deepest JSON nesting a request may have: past serde_json's default of 128, up to this,
/// a body is read again without that limit. DynamoDB parses items nested far beyond its own
/// 32-level limit and refuses them with its nesting message (a 100-level value in the
/// conformance suite run against AWS, paritysuite/dynamodb-conformance); this bound keeps a
/// hostile body from exhausting the stack (each level is one frame of the codecs).
pub const MAX_JSON_DEPTH: usize = 512;

/// Why [`read_struct`] failed.
enum ReadFault {
    /// serde_json's default depth limit was reached.
    TooDeepForDefault,
    /// Any other fault, as DynamoDB answers it.
    Error(DecodeError),
}

impl ReadFault {
    fn into_error(self) -> DecodeError {
        match self {
            ReadFault::TooDeepForDefault => SerializationError::Malformed.into(),
            ReadFault::Error(e) => e,
        }
    }
}

/// One reading of `body` as `T`; `unbounded` lifts serde_json's depth limit (the caller bounds
/// the depth first).
fn read_struct<T: DecodeStruct>(
    body: &[u8],
    unbounded: bool,
) -> Result<(T, Option<ValueError>), ReadFault> {
    let cx = Cx::default();
    let mut de = serde_json::Deserializer::from_slice(body);
    if unbounded {
        de.disable_recursion_limit();
    }
    let read = Struct::<T>::decode(&mut de, &cx, Pos::Field).and_then(|v| de.end().map(|()| v));
    match read {
        Ok(value) => Ok((value, cx.take_fault())),
        // serde_json's own depth guard (codecs fail with an empty message).
        Err(e) if !unbounded && e.to_string().starts_with("recursion limit exceeded") => {
            Err(ReadFault::TooDeepForDefault)
        }
        Err(_) => {
            // DynamoDB reads the whole body as JSON before it looks at types: bad syntax
            // anywhere wins, and has no message.
            let mut syntax = serde_json::Deserializer::from_slice(body);
            syntax.disable_recursion_limit();
            if IgnoredAny::deserialize(&mut syntax)
                .and_then(|_| syntax.end())
                .is_err()
            {
                return Err(ReadFault::Error(SerializationError::Malformed.into()));
            }
            Err(ReadFault::Error(
                cx.error
                    .take()
                    .unwrap_or(SerializationError::Malformed)
                    .into(),
            ))
        }
    }
}

/// The deepest nesting of arrays and objects in `body` (brackets inside strings not counted).
fn json_depth(body: &[u8]) -> usize {
    let (mut depth, mut deepest) = (0usize, 0usize);
    let (mut in_string, mut escaped) = (false, false);
    for &b in body {
        if in_string {
            match (escaped, b) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
            continue;
        }
        match b {
            b'"' => in_string = true,
            b'[' | b'{' => {
                depth += 1;
                deepest = deepest.max(depth);
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    deepest
}

/// Whether `body` is JSON at all. DynamoDB reads the whole body before anything else, so a
/// request that fails before its operation runs (unknown target, authentication) is answered
/// SerializationException when its body is not JSON; the server asks this only then, so no
/// request is parsed twice on its way to an answer. An empty body is "no JSON", not bad JSON.
pub fn is_json(body: &[u8]) -> bool {
    body.is_empty() || serde_json::from_slice::<IgnoredAny>(body).is_ok()
}

/// Reads a member's value: `null` is absent.
pub fn member<'de, C: Codec, A: MapAccess<'de>>(
    map: &mut A,
    cx: &Cx,
) -> Result<Option<C::Out>, A::Error> {
    map.next_value_seed(Optional::<C>(cx, Pos::Field, PhantomData))
}

/// Skips a member DynamoDB does not know (as DynamoDB does).
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(|_| ())
}

/// A seed reading `null` as `None` and anything else with `C`.
pub struct Optional<'a, C>(pub &'a Cx, pub Pos, pub PhantomData<C>);

impl<'de, C: Codec> DeserializeSeed<'de> for Optional<'_, C> {
    type Value = Option<C::Out>;
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        C::decode_nullable(d, self.0, self.1)
    }
}

impl<'de, C: Codec> Visitor<'de> for Optional<'_, C> {
    type Value = Option<C::Out>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a value or null")
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        C::decode(d, self.0, self.1).map(Some)
    }
}

/// A map key: borrowed from the body when it has no escapes.
pub enum Key<'de> {
    /// Borrowed from the body.
    Borrowed(&'de str),
    /// Unescaped into a new string.
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The key as an owned string.
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_string(),
            Key::Owned(s) => s,
        }
    }
}

/// The seed reading a [`Key`].
pub struct KeySeed;

impl<'de> DeserializeSeed<'de> for KeySeed {
    type Value = Key<'de>;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Key<'de>, D::Error> {
        d.deserialize_str(self)
    }
}

impl<'de> Visitor<'de> for KeySeed {
    type Value = Key<'de>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a key")
    }
    fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Key<'de>, E> {
        Ok(Key::Borrowed(v))
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v.to_string()))
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Key<'de>, E> {
        Ok(Key::Owned(v))
    }
}

/// What a scalar codec accepts; the other JSON types get DynamoDB's mismatch messages.
struct ScalarVisitor<'a, S> {
    cx: &'a Cx,
    kind: PhantomData<S>,
}

/// A scalar wire type: its Java name and how it takes each JSON scalar.
trait Scalar: Sized {
    type Out;
    /// The type's name in mismatch messages (`String`, `Integer`, ...).
    const JAVA: &'static str;
    /// The fully qualified Java class (for "Unrecognized collection type class ...").
    const CLASS: &'static str;
    fn from_bool<E: de::Error>(cx: &Cx, v: bool) -> Result<Self::Out, E> {
        Err(cx.fail(SerializationError::Scalar {
            found: if v { Found::True } else { Found::False },
            expected: Self::JAVA,
        }))
    }
    fn from_int<E: de::Error>(cx: &Cx, _v: i128) -> Result<Self::Out, E> {
        Err(cx.fail(SerializationError::Scalar {
            found: Found::Number,
            expected: Self::JAVA,
        }))
    }
    fn from_f64<E: de::Error>(cx: &Cx, _v: f64) -> Result<Self::Out, E> {
        Err(cx.fail(SerializationError::Scalar {
            found: Found::Decimal,
            expected: Self::JAVA,
        }))
    }
    fn from_str<E: de::Error>(cx: &Cx, _v: &str) -> Result<Self::Out, E> {
        Err(cx.fail(SerializationError::Scalar {
            found: Found::String,
            expected: Self::JAVA,
        }))
    }
    fn from_string<E: de::Error>(cx: &Cx, v: String) -> Result<Self::Out, E> {
        Self::from_str(cx, &v)
    }
}

impl<'de, S: Scalar> Visitor<'de> for ScalarVisitor<'_, S> {
    type Value = S::Out;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(S::JAVA)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<S::Out, E> {
        S::from_bool(self.cx, v)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<S::Out, E> {
        S::from_int(self.cx, i128::from(v))
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<S::Out, E> {
        S::from_int(self.cx, i128::from(v))
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<S::Out, E> {
        S::from_f64(self.cx, v)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<S::Out, E> {
        S::from_str(self.cx, v)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<S::Out, E> {
        S::from_string(self.cx, v)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<S::Out, A::Error> {
        Err(self.cx.fail(SerializationError::Collection {
            expected: format!("class {}", S::CLASS),
        }))
    }
    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<S::Out, A::Error> {
        Err(self.cx.fail(SerializationError::StructureFound))
    }
}

/// [`ScalarVisitor`] that also takes `null` (as `None`), so that an optional scalar is read
/// in one pass.
struct NullableScalarVisitor<'a, S>(ScalarVisitor<'a, S>);

impl<'de, S: Scalar> Visitor<'de> for NullableScalarVisitor<'_, S> {
    type Value = Option<S::Out>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(S::JAVA)
    }
    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(None)
    }
    fn visit_bool<E: de::Error>(self, v: bool) -> Result<Self::Value, E> {
        self.0.visit_bool(v).map(Some)
    }
    fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
        self.0.visit_i64(v).map(Some)
    }
    fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
        self.0.visit_u64(v).map(Some)
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Self::Value, E> {
        self.0.visit_f64(v).map(Some)
    }
    fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
        self.0.visit_str(v).map(Some)
    }
    fn visit_string<E: de::Error>(self, v: String) -> Result<Self::Value, E> {
        self.0.visit_string(v).map(Some)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Self::Value, A::Error> {
        self.0.visit_seq(seq).map(Some)
    }
    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
        self.0.visit_map(map).map(Some)
    }
}

macro_rules! scalar_codec {
    ($codec:ident, $out:ty) => {
        impl Codec for $codec {
            type Out = $out;
            fn java(out: &mut String) {
                out.push_str(<$codec as Scalar>::CLASS);
            }
            fn decode<'de, D: Deserializer<'de>>(
                d: D,
                cx: &Cx,
                _pos: Pos,
            ) -> Result<Self::Out, D::Error> {
                d.deserialize_any(ScalarVisitor::<$codec> {
                    cx,
                    kind: PhantomData,
                })
            }
            #[inline]
            fn decode_nullable<'de, D: Deserializer<'de>>(
                d: D,
                cx: &Cx,
                _pos: Pos,
            ) -> Result<Option<Self::Out>, D::Error> {
                d.deserialize_any(NullableScalarVisitor(ScalarVisitor::<$codec> {
                    cx,
                    kind: PhantomData,
                }))
            }
        }
    };
}

/// A string.
pub struct Str;
impl Scalar for Str {
    const CLASS: &'static str = "java.lang.String";
    type Out = String;
    const JAVA: &'static str = "String";
    fn from_str<E: de::Error>(_cx: &Cx, v: &str) -> Result<String, E> {
        Ok(v.to_string())
    }
    fn from_string<E: de::Error>(_cx: &Cx, v: String) -> Result<String, E> {
        Ok(v)
    }
}
scalar_codec!(Str, String);

/// A 32-bit integer. A number with a fraction is truncated, and one out of range wraps, as
/// Java's narrowing does (DynamoDB's reader holds numbers as big decimals).
pub struct Int;
impl Scalar for Int {
    const CLASS: &'static str = "java.lang.Integer";
    type Out = i32;
    const JAVA: &'static str = "Integer";
    fn from_int<E: de::Error>(_cx: &Cx, v: i128) -> Result<i32, E> {
        Ok(v as i32)
    }
    fn from_f64<E: de::Error>(_cx: &Cx, v: f64) -> Result<i32, E> {
        Ok(v as i64 as i32)
    }
}
scalar_codec!(Int, i32);

/// A 64-bit integer (see [`Int`] for fractions and range).
pub struct Long;
impl Scalar for Long {
    const CLASS: &'static str = "java.lang.Long";
    type Out = i64;
    const JAVA: &'static str = "Long";
    fn from_int<E: de::Error>(_cx: &Cx, v: i128) -> Result<i64, E> {
        Ok(v as i64)
    }
    fn from_f64<E: de::Error>(_cx: &Cx, v: f64) -> Result<i64, E> {
        Ok(v as i64)
    }
}
scalar_codec!(Long, i64);

/// A double.
pub struct Dbl;
impl Scalar for Dbl {
    const CLASS: &'static str = "java.lang.Double";
    type Out = f64;
    const JAVA: &'static str = "Double";
    fn from_int<E: de::Error>(_cx: &Cx, v: i128) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn from_f64<E: de::Error>(_cx: &Cx, v: f64) -> Result<f64, E> {
        Ok(v)
    }
}
scalar_codec!(Dbl, f64);

/// A timestamp: seconds since the epoch, as a JSON number.
pub struct Time;
impl Scalar for Time {
    const CLASS: &'static str = "java.util.Date";
    type Out = f64;
    const JAVA: &'static str = "Date";
    fn from_int<E: de::Error>(_cx: &Cx, v: i128) -> Result<f64, E> {
        Ok(v as f64)
    }
    fn from_f64<E: de::Error>(_cx: &Cx, v: f64) -> Result<f64, E> {
        Ok(v)
    }
}
scalar_codec!(Time, f64);

/// A boolean: JSON `true`/`false`, or the strings DynamoDB's reader takes for them (true,
/// false, yes, no, 1, 0, in any case).
pub struct Bool;
impl Scalar for Bool {
    const CLASS: &'static str = "java.lang.Boolean";
    type Out = bool;
    const JAVA: &'static str = "Boolean";
    fn from_bool<E: de::Error>(_cx: &Cx, v: bool) -> Result<bool, E> {
        Ok(v)
    }
    fn from_str<E: de::Error>(cx: &Cx, v: &str) -> Result<bool, E> {
        match lenient_bool(v) {
            Some(b) => Ok(b),
            None => Err(cx.fail(SerializationError::UnexpectedToken)),
        }
    }
}
scalar_codec!(Bool, bool);

/// The boolean a string stands for, as DynamoDB's reader takes it.
pub fn lenient_bool(text: &str) -> Option<bool> {
    const TRUE: [&str; 3] = ["true", "yes", "1"];
    const FALSE: [&str; 3] = ["false", "no", "0"];
    if TRUE.iter().any(|t| t.eq_ignore_ascii_case(text)) {
        Some(true)
    } else if FALSE.iter().any(|t| t.eq_ignore_ascii_case(text)) {
        Some(false)
    } else {
        None
    }
}

/// A DynamoDB number, read from a string without copying it. A text that is not a number
/// is recorded as a fault (and read as zero), as DynamoDB reports it after reading the body.
pub struct NumC;
impl Scalar for NumC {
    const CLASS: &'static str = "java.lang.String";
    type Out = Number;
    const JAVA: &'static str = "String";
    fn from_str<E: de::Error>(cx: &Cx, v: &str) -> Result<Number, E> {
        Ok(Number::parse(v).unwrap_or_else(|error| {
            cx.fault(ValueError::Number {
                error,
                text: v.to_string(),
            });
            Number::zero()
        }))
    }
}
scalar_codec!(NumC, Number);

/// Binary: a base64 string.
pub struct BlobC;
impl Scalar for BlobC {
    const CLASS: &'static str = "java.nio.ByteBuffer";
    type Out = Blob;
    const JAVA: &'static str = "ByteBuffer";
    fn from_bool<E: de::Error>(cx: &Cx, _v: bool) -> Result<Blob, E> {
        Err(cx.fail(SerializationError::NotBase64String))
    }
    fn from_int<E: de::Error>(cx: &Cx, _v: i128) -> Result<Blob, E> {
        Err(cx.fail(SerializationError::NotBase64String))
    }
    fn from_f64<E: de::Error>(cx: &Cx, _v: f64) -> Result<Blob, E> {
        Err(cx.fail(SerializationError::NotBase64String))
    }
    fn from_str<E: de::Error>(cx: &Cx, v: &str) -> Result<Blob, E> {
        crate::value::decode_base64(v)
            .map(Blob)
            .map_err(|fault| cx.fail(SerializationError::Base64(fault)))
    }
}
scalar_codec!(BlobC, Blob);

/// An enum: read as a string; a value outside the enum is kept for validation to report.
pub struct EnumC<E>(PhantomData<E>);

impl<T: WireEnum> Codec for EnumC<T> {
    type Out = EnumValue<T>;
    fn java(out: &mut String) {
        out.push_str("java.lang.String");
    }
    fn decode<'de, D: Deserializer<'de>>(d: D, cx: &Cx, pos: Pos) -> Result<Self::Out, D::Error> {
        let text = Str::decode(d, cx, pos)?;
        Ok(match T::from_wire(&text) {
            Some(v) => EnumValue::Known(v),
            None => EnumValue::Unknown(text),
        })
    }
}

/// A list of `C`. A `null` element is dropped.
pub struct ListOf<C>(PhantomData<C>);

impl<C: Codec> Codec for ListOf<C> {
    type Out = Vec<C::Out>;
    fn java(out: &mut String) {
        out.push_str("java.util.List<");
        C::java(out);
        out.push('>');
    }
    fn decode<'de, D: Deserializer<'de>>(d: D, cx: &Cx, pos: Pos) -> Result<Self::Out, D::Error> {
        d.deserialize_any(ListVisitor::<C>(cx, pos, PhantomData))
    }
}

struct ListVisitor<'a, C>(&'a Cx, Pos, PhantomData<C>);

/// The mismatch for a scalar where a list or map is expected.
fn container_mismatch<E: de::Error>(cx: &Cx, pos: Pos) -> E {
    cx.fail(match pos {
        Pos::Field => SerializationError::UnexpectedField,
        Pos::Value => SerializationError::ParameterizedCast,
    })
}

/// Visitor methods for the JSON scalars, all failing with `$fail`.
macro_rules! reject_scalars {
    ($fail:expr) => {
        fn visit_bool<E: de::Error>(self, _v: bool) -> Result<Self::Value, E> {
            Err($fail(self))
        }
        fn visit_i64<E: de::Error>(self, _v: i64) -> Result<Self::Value, E> {
            Err($fail(self))
        }
        fn visit_u64<E: de::Error>(self, _v: u64) -> Result<Self::Value, E> {
            Err($fail(self))
        }
        fn visit_f64<E: de::Error>(self, _v: f64) -> Result<Self::Value, E> {
            Err($fail(self))
        }
        fn visit_str<E: de::Error>(self, _v: &str) -> Result<Self::Value, E> {
            Err($fail(self))
        }
    };
}
pub(crate) use reject_scalars;

impl<'de, C: Codec> Visitor<'de> for ListVisitor<'_, C> {
    type Value = Vec<C::Out>;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }
    reject_scalars!(|s: Self| container_mismatch(s.0, s.1));
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut out = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(v) = seq.next_element_seed(Optional::<C>(self.0, Pos::Value, PhantomData))? {
            if let Some(v) = v {
                out.push(v);
            }
        }
        Ok(out)
    }
    fn visit_map<A: MapAccess<'de>>(self, _map: A) -> Result<Self::Value, A::Error> {
        Err(self.0.fail(SerializationError::StructureFound))
    }
}

/// A map from strings to `C`, into a `HashMap`. A `null` value is dropped.
pub struct HashOf<C>(PhantomData<C>);
/// A map from strings to `C`, into a `BTreeMap`. A `null` value is dropped.
pub struct BTreeOf<C>(PhantomData<C>);

/// A map being filled.
pub trait MapOut<V>: Default {
    /// Adds an entry (a repeated key keeps the last value, as a JSON reader does).
    fn put(&mut self, key: String, value: V);
}

impl<V> MapOut<V> for HashMap<String, V> {
    fn put(&mut self, key: String, value: V) {
        self.insert(key, value);
    }
}

impl<V> MapOut<V> for BTreeMap<String, V> {
    fn put(&mut self, key: String, value: V) {
        self.insert(key, value);
    }
}

/// The Java type of a map with values of `C`.
fn map_java<C: Codec>(out: &mut String) {
    out.push_str("java.util.Map<java.lang.String, ");
    C::java(out);
    out.push('>');
}

/// Reads a map of `C` values into `M`.
pub(crate) fn decode_map<'de, C: Codec, M: MapOut<C::Out>, D: Deserializer<'de>>(
    d: D,
    cx: &Cx,
    pos: Pos,
) -> Result<M, D::Error> {
    d.deserialize_any(MapVisitor::<C, M>(cx, pos, PhantomData))
}

struct MapVisitor<'a, C, M>(&'a Cx, Pos, PhantomData<(C, M)>);

impl<'de, C: Codec, M: MapOut<C::Out>> Visitor<'de> for MapVisitor<'_, C, M> {
    type Value = M;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a map")
    }
    reject_scalars!(|s: Self| container_mismatch(s.0, s.1));
    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<M, A::Error> {
        let mut expected = String::new();
        map_java::<C>(&mut expected);
        Err(self.0.fail(SerializationError::Collection { expected }))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<M, A::Error> {
        let mut out = M::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            if let Some(v) = map.next_value_seed(Optional::<C>(self.0, Pos::Value, PhantomData))? {
                out.put(key.into_string(), v);
            }
        }
        Ok(out)
    }
}

impl<C: Codec> Codec for HashOf<C> {
    type Out = HashMap<String, C::Out>;
    fn java(out: &mut String) {
        map_java::<C>(out);
    }
    fn decode<'de, D: Deserializer<'de>>(d: D, cx: &Cx, pos: Pos) -> Result<Self::Out, D::Error> {
        decode_map::<C, _, D>(d, cx, pos)
    }
}

impl<C: Codec> Codec for BTreeOf<C> {
    type Out = BTreeMap<String, C::Out>;
    fn java(out: &mut String) {
        map_java::<C>(out);
    }
    fn decode<'de, D: Deserializer<'de>>(d: D, cx: &Cx, pos: Pos) -> Result<Self::Out, D::Error> {
        decode_map::<C, _, D>(d, cx, pos)
    }
}

/// A generated structure.
pub struct Struct<T>(PhantomData<T>);

impl<T: DecodeStruct> Codec for Struct<T> {
    type Out = T;
    fn java(out: &mut String) {
        out.push_str(T::JAVA);
    }
    fn decode<'de, D: Deserializer<'de>>(d: D, cx: &Cx, pos: Pos) -> Result<T, D::Error> {
        d.deserialize_any(StructVisitor::<T>(cx, pos, PhantomData))
    }
}

struct StructVisitor<'a, T>(&'a Cx, Pos, PhantomData<T>);

/// The mismatch for a scalar where a structure is expected.
pub(crate) fn structure_mismatch<E: de::Error>(cx: &Cx, pos: Pos) -> E {
    cx.fail(match pos {
        Pos::Field => SerializationError::UnexpectedField,
        Pos::Value => SerializationError::UnexpectedValue,
    })
}

impl<'de, T: DecodeStruct> Visitor<'de> for StructVisitor<'_, T> {
    type Value = T;
    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::JAVA)
    }
    reject_scalars!(|s: Self| structure_mismatch(s.0, s.1));
    fn visit_unit<E: de::Error>(self) -> Result<T, E> {
        Ok(T::default())
    }
    fn visit_seq<A: SeqAccess<'de>>(self, _seq: A) -> Result<T, A::Error> {
        Err(self.0.fail(SerializationError::Collection {
            expected: format!("class {}", T::JAVA),
        }))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let mut out = T::default();
        while let Some(key) = map.next_key_seed(KeySeed)? {
            out.member(key.as_str(), &mut map, self.0)?;
        }
        Ok(out)
    }
}
