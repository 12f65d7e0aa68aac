//! A YAML dataset as written, before its cells are checked against their columns: its keys,
//! columns as declared (shared with a CSV's sidecar), and cells as YAML typed them.

use std::fmt;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Visitor};
use serde_saphyr::Spanned;

use super::number::DecimalMark;
use crate::format::{NamedFormat, NumberFormat};
use crate::model::{Column, ColumnKind, DataSource};

/// A dataset file as written. Its rows' keys `K` and cells `C` are parsed [`Plain`] first,
/// which is faster and lighter (a large dataset has a million cells), and [`Spanned`] only
/// when a problem in a row must be located.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[serde(bound(deserialize = "K: Deserialize<'de> + std::hash::Hash + Eq, C: Deserialize<'de>"))]
pub(super) struct RawDataset<K, C> {
    pub(super) title: Option<String>,
    pub(super) description: Option<String>,
    pub(super) unit: Option<String>,
    pub(super) source: Option<DataSource>,
    pub(super) notes: Option<String>,
    pub(super) columns: Option<IndexMap<Spanned<String>, RawColumn>>,
    /// Labels (first column) of its grand-total rows.
    #[serde(default)]
    pub(super) totals: Vec<Spanned<String>>,
    /// Labels (first column) of its subtotal rows.
    #[serde(default)]
    pub(super) subtotals: Vec<Spanned<String>>,
    pub(super) rows: Spanned<Vec<RawRow<K, C>>>,
}

/// A row as written: column → value.
pub(super) type RawRow<K, C> = Spanned<IndexMap<K, C>>;

/// A value of a row, with its place in the file when it was parsed with one.
pub(super) trait Located {
    type Value;
    fn value(&self) -> &Self::Value;
    fn place(&self) -> Option<(usize, usize)>;
}

/// A value parsed without its place.
#[derive(Debug, Deserialize, PartialEq, Eq, Hash)]
#[serde(transparent)]
pub(super) struct Plain<T>(T);

impl<T> Located for Plain<T> {
    type Value = T;
    fn value(&self) -> &T {
        &self.0
    }
    fn place(&self) -> Option<(usize, usize)> {
        None
    }
}

impl<T> Located for Spanned<T> {
    type Value = T;
    fn value(&self) -> &T {
        &self.value
    }
    fn place(&self) -> Option<(usize, usize)> {
        Some((
            self.referenced.line() as usize,
            self.referenced.column() as usize,
        ))
    }
}

/// A column's description as written (under `columns:`, in a YAML dataset or a CSV's sidecar).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawColumn {
    pub(super) label: Option<String>,
    #[serde(rename = "type")]
    pub(super) kind: Option<RawKind>,
    /// How its numbers show in tables (a table block's own format overrides it).
    pub(super) format: Option<NumberFormat>,
    pub(super) unit: Option<String>,
    /// A CSV column's decimal mark, when it differs from the dataset's.
    pub(super) decimal: Option<DecimalMark>,
    /// A CSV column's words for a missing value, in place of the dataset's.
    pub(super) missing: Option<Vec<Spanned<String>>>,
}

/// A column type as written: the model's three, and two that say how numbers or text show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(super) enum RawKind {
    Text,
    Number,
    List,
    /// Numbers printed as years: `2025`, never grouped.
    Year,
    /// Identifiers (codes, ids) kept as written: text.
    Id,
}

impl RawKind {
    pub(super) fn kind(self) -> ColumnKind {
        match self {
            RawKind::Text | RawKind::Id => ColumnKind::Text,
            RawKind::Number | RawKind::Year => ColumnKind::Number,
            RawKind::List => ColumnKind::List,
        }
    }
}

impl RawColumn {
    /// The column as the model holds it (its type and format settled later when inferred).
    pub(super) fn column(&self, key: &str) -> Column {
        let year = self.kind == Some(RawKind::Year);
        Column {
            key: key.to_string(),
            label: self.label.clone().unwrap_or_else(|| humanize(key)),
            kind: self.kind.map_or(ColumnKind::Text, RawKind::kind),
            format: match &self.format {
                Some(format) => Some(format.clone()),
                None => year.then_some(NumberFormat::Named(NamedFormat::Year)),
            },
            unit: self.unit.clone(),
        }
    }
}

/// A cell as YAML typed it (before checking it against its column's type).
#[derive(Debug, Clone, PartialEq)]
pub(super) enum RawCell {
    Null,
    Bool(bool),
    Number(f64),
    Text(String),
    List(Vec<RawCell>),
    Map,
}

impl RawCell {
    pub(super) fn describe(&self) -> &'static str {
        match self {
            RawCell::Null => "null",
            RawCell::Bool(_) => "a boolean",
            RawCell::Number(_) => "a number",
            RawCell::Text(_) => "text",
            RawCell::List(_) => "a list",
            RawCell::Map => "a mapping",
        }
    }
}

impl<'de> Deserialize<'de> for RawCell {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CellVisitor;
        impl<'de> Visitor<'de> for CellVisitor {
            type Value = RawCell;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number, text, a list or null")
            }
            fn visit_bool<E>(self, v: bool) -> Result<RawCell, E> {
                Ok(RawCell::Bool(v))
            }
            fn visit_i64<E>(self, v: i64) -> Result<RawCell, E> {
                Ok(RawCell::Number(v as f64))
            }
            fn visit_u64<E>(self, v: u64) -> Result<RawCell, E> {
                Ok(RawCell::Number(v as f64))
            }
            fn visit_f64<E>(self, v: f64) -> Result<RawCell, E> {
                Ok(RawCell::Number(v))
            }
            fn visit_str<E>(self, v: &str) -> Result<RawCell, E> {
                Ok(RawCell::Text(v.to_string()))
            }
            fn visit_string<E>(self, v: String) -> Result<RawCell, E> {
                Ok(RawCell::Text(v))
            }
            fn visit_unit<E>(self) -> Result<RawCell, E> {
                Ok(RawCell::Null)
            }
            fn visit_none<E>(self) -> Result<RawCell, E> {
                Ok(RawCell::Null)
            }
            fn visit_some<D: de::Deserializer<'de>>(self, d: D) -> Result<RawCell, D::Error> {
                RawCell::deserialize(d)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<RawCell, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<RawCell>()? {
                    items.push(item);
                }
                Ok(RawCell::List(items))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<RawCell, A::Error> {
                while map
                    .next_entry::<de::IgnoredAny, de::IgnoredAny>()?
                    .is_some()
                {}
                Ok(RawCell::Map)
            }
        }
        deserializer.deserialize_any(CellVisitor)
    }
}

/// `growth_pct` → `Growth pct`: a readable default label for a column.
pub(super) fn humanize(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// README documents every key of a dataset (YAML, or a CSV's sidecar) and of a column.
    #[test]
    fn readme_documents_every_key_of_a_dataset() {
        use crate::testing::{assert_documented, assert_values_documented, serde_keys};
        let yaml = serde_keys::<RawDataset<Plain<String>, Plain<RawCell>>>();
        let sidecar = serde_keys::<super::super::sidecar::Sidecar>();
        assert_documented("dataset", &[&yaml, &sidecar]);
        assert_documented("column", &[&serde_keys::<RawColumn>()]);
        assert_values_documented("column", "type", &serde_keys::<RawKind>());
        let marks = serde_keys::<DecimalMark>();
        assert_values_documented("column", "decimal", &marks);
        assert_values_documented("dataset", "decimal", &marks);
    }
}
