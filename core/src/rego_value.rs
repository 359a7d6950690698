//! Build the rules' input straight into regorus values.
//!
//! The input is the largest structure of a lint (at 50k resources, more than
//! the parsed documents). Building it as `serde_json` first and converting
//! afterwards cost two trees, sorted-map inserts of every key and a copy of
//! every string. [`Builder`] is a serde `Serializer` that produces
//! `regorus::Value` directly, and shares one allocation between equal
//! strings: the keys of a kind's resources repeat in every resource, and
//! names repeat in every reference, so most strings of the input are shared.

use std::collections::{BTreeMap, HashSet};
use std::fmt;
use std::sync::Arc;

use regorus::Value;
use serde::Serialize;
use serde::ser::{self, Impossible};

/// An error of the serializer (a map key that is not a string or a number;
/// no type in the input has one).
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl ser::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Self(msg.to_string())
    }
}

/// Builds regorus values, sharing equal strings, and one empty list and
/// one empty object among all (most name lists of the facts are empty).
#[derive(Default)]
pub struct Builder {
    strings: HashSet<Arc<str>, foldhash::fast::RandomState>,
    empty_array: Option<Value>,
    empty_object: Option<Value>,
}

impl fmt::Debug for Builder {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Builder")
            .field("strings", &self.strings.len())
            .finish()
    }
}

impl Builder {
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// A string value, shared with any equal string built before.
    pub fn str(&mut self, s: &str) -> Value {
        if let Some(existing) = self.strings.get(s) {
            return Value::String(Arc::clone(existing));
        }
        let shared: Arc<str> = Arc::from(s);
        self.strings.insert(Arc::clone(&shared));
        Value::String(shared)
    }

    /// An array of `items` (empty ones shared).
    fn array(&mut self, items: Vec<Value>) -> Value {
        if items.is_empty() {
            return self
                .empty_array
                .get_or_insert_with(|| Value::from(Vec::<Value>::new()))
                .clone();
        }
        Value::from(items)
    }

    /// An object of `entries` (empty ones shared).
    fn shared_object(&mut self, entries: Vec<(Value, Value)>) -> Value {
        if entries.is_empty() {
            return self
                .empty_object
                .get_or_insert_with(|| Self::object(Vec::new()))
                .clone();
        }
        Self::object(entries)
    }

    /// Any serializable value.
    ///
    /// # Errors
    /// Only for a map whose keys are neither strings nor numbers.
    pub fn value<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<Value, Error> {
        v.serialize(&mut *self)
    }

    /// An object from entries in any order (later duplicates win).
    #[must_use]
    pub fn object(entries: Vec<(Value, Value)>) -> Value {
        let map: BTreeMap<Value, Value> = entries.into_iter().collect();
        Value::from(map)
    }
}

/// Object under construction.
pub struct ObjectBuilder<'a> {
    builder: &'a mut Builder,
    entries: Vec<(Value, Value)>,
    key: Option<Value>,
}

/// Array under construction.
pub struct ArrayBuilder<'a> {
    builder: &'a mut Builder,
    items: Vec<Value>,
}

/// An enum variant with content: `{"Variant": content}`, as serde_json writes it.
pub struct VariantBuilder<'a> {
    builder: &'a mut Builder,
    variant: &'static str,
    inner: Vec<Value>,
    fields: Vec<(Value, Value)>,
}

impl<'a> ser::Serializer for &'a mut Builder {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = ArrayBuilder<'a>;
    type SerializeTuple = ArrayBuilder<'a>;
    type SerializeTupleStruct = ArrayBuilder<'a>;
    type SerializeTupleVariant = VariantBuilder<'a>;
    type SerializeMap = ObjectBuilder<'a>;
    type SerializeStruct = ObjectBuilder<'a>;
    type SerializeStructVariant = VariantBuilder<'a>;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        Ok(Value::Bool(v))
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        Ok(Value::from(i64::from(v)))
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        Ok(Value::from(u64::from(v)))
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        Ok(Value::from(v))
    }
    fn serialize_f32(self, v: f32) -> Result<Value, Error> {
        self.serialize_f64(f64::from(v))
    }
    fn serialize_f64(self, v: f64) -> Result<Value, Error> {
        // As serde_json: a number that JSON cannot hold is null.
        Ok(if v.is_finite() {
            Value::from(v)
        } else {
            Value::Null
        })
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        let mut buf = [0u8; 4];
        Ok(self.str(v.encode_utf8(&mut buf)))
    }
    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        Ok(self.str(v))
    }
    fn serialize_bytes(self, v: &[u8]) -> Result<Value, Error> {
        Ok(Value::from(
            v.iter()
                .map(|b| Value::from(u64::from(*b)))
                .collect::<Vec<_>>(),
        ))
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Ok(Value::Null)
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        Ok(self.str(variant))
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        let inner = value.serialize(&mut *self)?;
        let key = self.str(variant);
        Ok(Builder::object(vec![(key, inner)]))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<ArrayBuilder<'a>, Error> {
        Ok(ArrayBuilder {
            builder: self,
            items: Vec::with_capacity(len.unwrap_or(0)),
        })
    }
    fn serialize_tuple(self, len: usize) -> Result<ArrayBuilder<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        len: usize,
    ) -> Result<ArrayBuilder<'a>, Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<'a>, Error> {
        Ok(VariantBuilder {
            builder: self,
            variant,
            inner: Vec::with_capacity(len),
            fields: Vec::new(),
        })
    }
    fn serialize_map(self, len: Option<usize>) -> Result<ObjectBuilder<'a>, Error> {
        Ok(ObjectBuilder {
            builder: self,
            entries: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, _name: &'static str, len: usize) -> Result<ObjectBuilder<'a>, Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<VariantBuilder<'a>, Error> {
        Ok(VariantBuilder {
            builder: self,
            variant,
            inner: Vec::new(),
            fields: Vec::with_capacity(len),
        })
    }
}

impl ser::SerializeSeq for ArrayBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.items.push(value.serialize(&mut *self.builder)?);
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(self.builder.array(self.items))
    }
}

impl ser::SerializeTuple for ArrayBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Value, Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleStruct for ArrayBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        ser::SerializeSeq::serialize_element(self, value)
    }
    fn end(self) -> Result<Value, Error> {
        ser::SerializeSeq::end(self)
    }
}

impl ser::SerializeTupleVariant for VariantBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        self.inner.push(value.serialize(&mut *self.builder)?);
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        let key = self.builder.str(self.variant);
        Ok(Builder::object(vec![(key, Value::from(self.inner))]))
    }
}

impl ser::SerializeStructVariant for VariantBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let v = value.serialize(&mut *self.builder)?;
        let k = self.builder.str(key);
        self.fields.push((k, v));
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        let key = self.builder.str(self.variant);
        Ok(Builder::object(vec![(key, Builder::object(self.fields))]))
    }
}

impl ser::SerializeMap for ObjectBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Error> {
        self.key = Some(key.serialize(KeyBuilder(&mut *self.builder))?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Error> {
        let key = self
            .key
            .take()
            .ok_or_else(|| Error("a map value without a key".to_owned()))?;
        let v = value.serialize(&mut *self.builder)?;
        self.entries.push((key, v));
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(self.builder.shared_object(self.entries))
    }
}

impl ser::SerializeStruct for ObjectBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Error> {
        let v = value.serialize(&mut *self.builder)?;
        let k = self.builder.str(key);
        self.entries.push((k, v));
        Ok(())
    }
    fn end(self) -> Result<Value, Error> {
        Ok(self.builder.shared_object(self.entries))
    }
}

/// Map keys become strings, as in JSON (numbers and booleans are written out).
struct KeyBuilder<'a>(&'a mut Builder);

impl KeyBuilder<'_> {
    fn text(self, s: &str) -> Result<Value, Error> {
        Ok(self.0.str(s))
    }
}

fn key_error() -> Error {
    Error("a map key must be a string or a number".to_owned())
}

impl ser::Serializer for KeyBuilder<'_> {
    type Ok = Value;
    type Error = Error;
    type SerializeSeq = Impossible<Value, Error>;
    type SerializeTuple = Impossible<Value, Error>;
    type SerializeTupleStruct = Impossible<Value, Error>;
    type SerializeTupleVariant = Impossible<Value, Error>;
    type SerializeMap = Impossible<Value, Error>;
    type SerializeStruct = Impossible<Value, Error>;
    type SerializeStructVariant = Impossible<Value, Error>;

    fn serialize_bool(self, v: bool) -> Result<Value, Error> {
        self.text(if v { "true" } else { "false" })
    }
    fn serialize_i8(self, v: i8) -> Result<Value, Error> {
        self.text(&v.to_string())
    }
    fn serialize_i16(self, v: i16) -> Result<Value, Error> {
        self.text(&v.to_string())
    }
    fn serialize_i32(self, v: i32) -> Result<Value, Error> {
        self.text(&v.to_string())
    }
    fn serialize_i64(self, v: i64) -> Result<Value, Error> {
        self.text(&v.to_string())
    }
    fn serialize_u8(self, v: u8) -> Result<Value, Error> {
        self.text(&v.to_string())
    }
    fn serialize_u16(self, v: u16) -> Result<Value, Error> {
        self.text(&v.to_string())
    }
    fn serialize_u32(self, v: u32) -> Result<Value, Error> {
        self.text(&v.to_string())
    }
    fn serialize_u64(self, v: u64) -> Result<Value, Error> {
        self.text(&v.to_string())
    }
    fn serialize_f32(self, _v: f32) -> Result<Value, Error> {
        Err(key_error())
    }
    fn serialize_f64(self, _v: f64) -> Result<Value, Error> {
        Err(key_error())
    }
    fn serialize_char(self, v: char) -> Result<Value, Error> {
        let mut buf = [0u8; 4];
        self.text(v.encode_utf8(&mut buf))
    }
    fn serialize_str(self, v: &str) -> Result<Value, Error> {
        self.text(v)
    }
    fn serialize_bytes(self, _v: &[u8]) -> Result<Value, Error> {
        Err(key_error())
    }
    fn serialize_none(self) -> Result<Value, Error> {
        Err(key_error())
    }
    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_unit(self) -> Result<Value, Error> {
        Err(key_error())
    }
    fn serialize_unit_struct(self, _name: &'static str) -> Result<Value, Error> {
        Err(key_error())
    }
    fn serialize_unit_variant(
        self,
        _name: &'static str,
        _index: u32,
        variant: &'static str,
    ) -> Result<Value, Error> {
        self.text(variant)
    }
    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        value: &T,
    ) -> Result<Value, Error> {
        value.serialize(self)
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _value: &T,
    ) -> Result<Value, Error> {
        Err(key_error())
    }
    fn serialize_seq(self, _len: Option<usize>) -> Result<Self::SerializeSeq, Error> {
        Err(key_error())
    }
    fn serialize_tuple(self, _len: usize) -> Result<Self::SerializeTuple, Error> {
        Err(key_error())
    }
    fn serialize_tuple_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleStruct, Error> {
        Err(key_error())
    }
    fn serialize_tuple_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeTupleVariant, Error> {
        Err(key_error())
    }
    fn serialize_map(self, _len: Option<usize>) -> Result<Self::SerializeMap, Error> {
        Err(key_error())
    }
    fn serialize_struct(
        self,
        _name: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStruct, Error> {
        Err(key_error())
    }
    fn serialize_struct_variant(
        self,
        _name: &'static str,
        _index: u32,
        _variant: &'static str,
        _len: usize,
    ) -> Result<Self::SerializeStructVariant, Error> {
        Err(key_error())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The builder gives exactly what the serde_json route gave.
    #[test]
    fn same_value_as_through_json() {
        #[derive(Serialize)]
        #[serde(rename_all = "camelCase")]
        struct Spec {
            display_name: String,
            count: u32,
            ratio: f64,
            maybe: Option<String>,
            tags: Vec<String>,
            nested: BTreeMap<String, BTreeMap<u32, bool>>,
            mode: Mode,
            shape: Shape,
            #[serde(skip_serializing_if = "Option::is_none")]
            skipped: Option<u8>,
        }
        #[derive(Serialize)]
        enum Mode {
            Direct,
        }
        #[derive(Serialize)]
        enum Shape {
            Square { side: i32 },
        }
        let spec = Spec {
            display_name: "Leeds ICB".into(),
            count: 3,
            ratio: 0.5,
            maybe: None,
            tags: vec!["b".into(), "a".into(), "b".into()],
            nested: BTreeMap::from([("x".into(), BTreeMap::from([(2, true), (10, false)]))]),
            mode: Mode::Direct,
            shape: Shape::Square { side: -4 },
            skipped: None,
        };
        let direct = Builder::new().value(&spec).ok();
        let via_json = serde_json::to_value(&spec).ok().map(Value::from);
        assert!(direct.is_some());
        assert_eq!(direct, via_json);
        assert_eq!(
            direct.map(|v| serde_json::to_value(&v).ok()),
            Some(Some(json!({
                "displayName": "Leeds ICB", "count": 3, "ratio": 0.5, "maybe": null,
                "tags": ["b", "a", "b"], "nested": {"x": {"2": true, "10": false}},
                "mode": "Direct", "shape": {"Square": {"side": -4}}
            })))
        );
    }

    #[test]
    fn equal_strings_share_one_allocation() {
        let mut b = Builder::new();
        let (x, y) = (b.str("org-icb"), b.str("org-icb"));
        assert!(matches!((&x, &y), (Value::String(a), Value::String(c)) if Arc::ptr_eq(a, c)));
    }

    #[test]
    fn non_string_keys_are_refused_not_panicked() {
        let map = BTreeMap::from([(vec![1u8], 1u8)]);
        assert!(Builder::new().value(&map).is_err());
    }
}
