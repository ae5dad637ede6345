//! Tests of applying updates: every clause, list index semantics, and the runtime errors.

use std::collections::HashMap;

use crate::legacy::{attribute_updates_to_update, AttributeValueUpdate};
use crate::names::ExpressionContext;
use crate::parse_update;
use ddb_model::{AttributeValue, Item};

fn json<T: serde::de::DeserializeOwned>(text: &str) -> T {
    serde_json::from_str(text).unwrap()
}

fn item(text: &str) -> Item {
    json(text)
}

/// Applies `update` to `start`, returning the new item or DynamoDB's message.
fn apply(start: &str, update: &str, values: &str) -> Result<Item, String> {
    let v: HashMap<String, AttributeValue> = json(values);
    let mut ctx = ExpressionContext::new(None, Some(&v));
    let u = parse_update(update, &mut ctx).map_err(|e| e.message)?;
    let mut it = item(start);
    u.apply(&mut it).map_err(|e| e.message)?;
    Ok(it)
}

const V: &str = r#"{":one":{"N":"1"},":two":{"N":"2.5"},":x":{"S":"x"},":l":{"L":[{"N":"9"}]},
    ":ss":{"SS":["a","b"]},":ss2":{"SS":["b","c"]},":ns":{"NS":["1"]},":big":{"N":"9E+125"}}"#;

#[test]
fn set_values_and_arithmetic() {
    let got = apply(
        r#"{"n":{"N":"10"}}"#,
        "SET a = :x, b = n + :two, c = :one - n, d = if_not_exists(zz, :one), e = if_not_exists(n, :one)",
        V,
    )
    .unwrap();
    assert_eq!(
        got,
        item(
            r#"{"n":{"N":"10"},"a":{"S":"x"},"b":{"N":"12.5"},"c":{"N":"-9"},"d":{"N":"1"},"e":{"N":"10"}}"#
        )
    );
}

#[test]
fn right_hand_sides_read_the_item_before_the_update() {
    let got = apply(r#"{"a":{"N":"1"}}"#, "SET a = :x, b = a", V).unwrap();
    assert_eq!(got, item(r#"{"a":{"S":"x"},"b":{"N":"1"}}"#));
    let got = apply(r#"{"a":{"N":"1"}}"#, "REMOVE a SET b = a", V).unwrap();
    assert_eq!(got, item(r#"{"b":{"N":"1"}}"#));
    assert_eq!(
        apply("{}", "SET x = :one, y = x", V).unwrap_err(),
        "The provided expression refers to an attribute that does not exist in the item"
    );
}

#[test]
fn list_append_and_list_indexes() {
    let start = r#"{"l":{"L":[{"N":"2"},{"N":"3"},{"N":"4"},{"N":"5"},{"N":"6"},{"N":"7"}]}}"#;
    let got = apply(start, "SET l = list_append(:l, l)", V).unwrap();
    assert_eq!(
        got["l"],
        item(
            r#"{"l":{"L":[{"N":"9"},{"N":"2"},{"N":"3"},{"N":"4"},{"N":"5"},{"N":"6"},{"N":"7"}]}}"#
        )["l"]
    );
    // Indexes refer to the list before the update, whatever the clause order.
    for update in ["REMOVE l[1] SET l[3] = :one", "SET l[3] = :one REMOVE l[1]"] {
        let got = apply(start, update, V).unwrap();
        assert_eq!(
            got,
            item(r#"{"l":{"L":[{"N":"2"},{"N":"4"},{"N":"1"},{"N":"6"},{"N":"7"}]}}"#),
            "{update}"
        );
    }
    let got = apply(start, "REMOVE l[0], l[2], l[99]", V).unwrap();
    assert_eq!(
        got,
        item(r#"{"l":{"L":[{"N":"3"},{"N":"5"},{"N":"6"},{"N":"7"}]}}"#)
    );
    // Past the end, SET appends, in index order.
    let got = apply(
        r#"{"l":{"L":[]}}"#,
        "SET l[84] = :one, l[37] = :two, l[50] = :x",
        V,
    )
    .unwrap();
    assert_eq!(
        got,
        item(r#"{"l":{"L":[{"N":"2.5"},{"S":"x"},{"N":"1"}]}}"#)
    );
    assert_eq!(
        apply(r#"{"l":{"S":"x"}}"#, "SET l = list_append(l, :l)", V).unwrap_err(),
        "An operand in the update expression has an incorrect data type"
    );
}

#[test]
fn nested_paths() {
    let start = r#"{"a":{"M":{"b":{"N":"3"},"c":{"L":[{"S":"hi"},{"M":{"x":{"N":"1"}}}]}}}}"#;
    let got = apply(start, "SET a.c[1].x = :two, a.d = :x REMOVE a.b", V).unwrap();
    assert_eq!(
        got,
        item(r#"{"a":{"M":{"d":{"S":"x"},"c":{"L":[{"S":"hi"},{"M":{"x":{"N":"2.5"}}}]}}}}"#)
    );
    let invalid = "The document path provided in the update expression is invalid for update";
    for update in [
        "SET zz.b = :one",
        "SET a.b.c = :one",
        "SET a[0] = :one",
        "SET a.c.x = :one",
        "REMOVE zz.b",
        "REMOVE a.b.c",
        "REMOVE a[0]",
        "REMOVE a.c.x",
    ] {
        assert_eq!(apply(start, update, V).unwrap_err(), invalid, "{update}");
    }
    // A missing leaf is no error; nor is any REMOVE on an item that does not exist.
    assert_eq!(apply(start, "REMOVE a.zz, a.c[7]", V).unwrap(), item(start));
    assert_eq!(apply("{}", "REMOVE x.y", V).unwrap(), item("{}"));
    assert_eq!(apply("{}", "REMOVE x[0]", V).unwrap(), item("{}"));
    assert_eq!(apply("{}", "SET x.y = :one", V).unwrap_err(), invalid);
    // Removing the last member leaves an empty map or list.
    let got = apply(
        r#"{"m":{"M":{"b":{"N":"1"}}},"l":{"L":[{"N":"1"}]}}"#,
        "REMOVE m.b, l[0]",
        V,
    )
    .unwrap();
    assert_eq!(got, item(r#"{"m":{"M":{}},"l":{"L":[]}}"#));
}

#[test]
fn add_numbers_and_sets() {
    let got = apply(
        r#"{"n":{"N":"1"},"s":{"SS":["a"]}}"#,
        "ADD n :two, s :ss2, new_n :one, new_s :ns",
        V,
    )
    .unwrap();
    assert_eq!(
        got,
        item(
            r#"{"n":{"N":"3.5"},"s":{"SS":["a","b","c"]},"new_n":{"N":"1"},"new_s":{"NS":["1"]}}"#
        )
    );
    let mismatch = "An operand in the update expression has an incorrect data type";
    assert_eq!(
        apply(r#"{"n":{"S":"x"}}"#, "ADD n :one", V).unwrap_err(),
        mismatch
    );
    assert_eq!(
        apply(r#"{"n":{"NS":["1"]}}"#, "ADD n :ss", V).unwrap_err(),
        mismatch
    );
    assert_eq!(
        apply(r#"{"n":{"L":[]}}"#, "ADD n :ss", V).unwrap_err(),
        mismatch
    );
    assert_eq!(
        apply(r#"{"n":{"N":"9E+125"}}"#, "ADD n :big", V).unwrap_err(),
        "Number overflow. Attempting to store a number with magnitude larger than supported range"
    );
    let got = apply(r#"{"m":{"M":{}}}"#, "ADD m.n :one", V).unwrap();
    assert_eq!(got, item(r#"{"m":{"M":{"n":{"N":"1"}}}}"#));
}

#[test]
fn delete_from_sets() {
    let got = apply(r#"{"s":{"SS":["a","b","c"]}}"#, "DELETE s :ss", V).unwrap();
    assert_eq!(got, item(r#"{"s":{"SS":["c"]}}"#));
    // Removing the last members removes the attribute; a missing attribute is no error.
    let got = apply(
        r#"{"s":{"SS":["a"]},"k":{"N":"1"}}"#,
        "DELETE s :ss, t :ss",
        V,
    )
    .unwrap();
    assert_eq!(got, item(r#"{"k":{"N":"1"}}"#));
    assert_eq!(
        apply(r#"{"s":{"NS":["1"]}}"#, "DELETE s :ss", V).unwrap_err(),
        "An operand in the update expression has an incorrect data type"
    );
}

#[test]
fn legacy_updates_append_lists_and_word_mismatches_their_own_way() {
    let updates: HashMap<String, AttributeValueUpdate> = json(
        r#"{"l":{"Action":"ADD","Value":{"L":[{"S":"z"}]}},"n":{"Action":"ADD","Value":{"N":"1"}},
            "gone":{"Action":"DELETE"},"p":{"Value":{"S":"v"}}}"#,
    );
    let u = attribute_updates_to_update(&updates).unwrap();
    let mut it = item(r#"{"l":{"L":[{"S":"y"}]},"gone":{"BOOL":true}}"#);
    u.apply(&mut it).unwrap();
    assert_eq!(
        it,
        item(r#"{"l":{"L":[{"S":"y"},{"S":"z"}]},"n":{"N":"1"},"p":{"S":"v"}}"#)
    );
    let updates: HashMap<String, AttributeValueUpdate> =
        json(r#"{"n":{"Action":"ADD","Value":{"N":"1"}}}"#);
    let mut it = item(r#"{"n":{"S":"x"}}"#);
    assert_eq!(
        attribute_updates_to_update(&updates)
            .unwrap()
            .apply(&mut it)
            .unwrap_err()
            .message,
        "Type mismatch for attribute to update"
    );
}
