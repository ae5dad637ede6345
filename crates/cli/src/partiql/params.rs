//! `--parameters`: a JSON array of attribute values in DynamoDB JSON, as the AWS CLI takes them
//! (`[{"S": "a"}, {"N": "1"}]`), inline or from `file://PATH`.

use aws_sdk_dynamodb::primitives::Blob;
use aws_sdk_dynamodb::types::AttributeValue;
use base64::Engine as _;
use serde_json::Value;

/// Parses the `--parameters` argument; the error completes "--parameters: ...".
pub fn parse(arg: &str) -> Result<Vec<AttributeValue>, String> {
    let text = match arg.strip_prefix("file://") {
        Some(path) => {
            std::fs::read_to_string(path).map_err(|e| format!("cannot read {path}: {e}"))?
        }
        None => arg.to_string(),
    };
    let value: Value = serde_json::from_str(&text).map_err(|e| format!("not JSON: {e}"))?;
    let Value::Array(values) = value else {
        return Err("expected a JSON array of attribute values, e.g. [{\"S\": \"a\"}]".into());
    };
    values
        .iter()
        .enumerate()
        .map(|(i, v)| attribute(v).map_err(|e| format!("parameter {}: {e}", i + 1)))
        .collect()
}

/// One attribute value in DynamoDB JSON: an object with exactly one type key.
fn attribute(v: &Value) -> Result<AttributeValue, String> {
    let Some((kind, inner)) = v
        .as_object()
        .filter(|o| o.len() == 1)
        .and_then(|o| o.iter().next())
    else {
        return Err(format!(
            "expected one type key such as {{\"S\": ...}}, got {v}"
        ));
    };
    let text = || {
        inner
            .as_str()
            .map(str::to_string)
            .ok_or(format!("{kind} takes a string"))
    };
    let texts = || -> Result<Vec<String>, String> {
        let items = inner
            .as_array()
            .ok_or(format!("{kind} takes an array of strings"))?;
        items
            .iter()
            .map(|s| {
                s.as_str()
                    .map(str::to_string)
                    .ok_or(format!("{kind} takes strings"))
            })
            .collect()
    };
    Ok(match kind.as_str() {
        "S" => AttributeValue::S(text()?),
        // The AWS CLI's form is a string; a bare JSON number is accepted as the same number.
        "N" if inner.is_number() => AttributeValue::N(inner.to_string()),
        "N" => AttributeValue::N(text()?),
        "B" => AttributeValue::B(blob(&text()?)?),
        "SS" => AttributeValue::Ss(texts()?),
        "NS" => AttributeValue::Ns(texts()?),
        "BS" => AttributeValue::Bs(texts()?.iter().map(|s| blob(s)).collect::<Result<_, _>>()?),
        "BOOL" => AttributeValue::Bool(inner.as_bool().ok_or("BOOL takes true or false")?),
        "NULL" => AttributeValue::Null(inner.as_bool().ok_or("NULL takes true")?),
        "L" => AttributeValue::L(
            inner
                .as_array()
                .ok_or("L takes an array")?
                .iter()
                .map(attribute)
                .collect::<Result<_, _>>()?,
        ),
        "M" => AttributeValue::M(
            inner
                .as_object()
                .ok_or("M takes an object")?
                .iter()
                .map(|(k, v)| Ok((k.clone(), attribute(v).map_err(|e| format!("{k}: {e}"))?)))
                .collect::<Result<_, String>>()?,
        ),
        other => {
            return Err(format!(
                "unknown type `{other}` (S, N, B, SS, NS, BS, BOOL, NULL, L, M)"
            ))
        }
    })
}

fn blob(text: &str) -> Result<Blob, String> {
    base64::engine::general_purpose::STANDARD
        .decode(text)
        .map(Blob::new)
        .map_err(|e| format!("binary values are base64: {e}"))
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn parses_every_type() {
        let got = parse(
            r#"[{"S":"a"},{"N":"1.5"},{"N":2},{"B":"AAE="},{"SS":["x"]},{"BOOL":true},
                {"NULL":true},{"L":[{"S":"b"}]},{"M":{"k":{"NS":["3"]}}}]"#,
        )
        .unwrap();
        assert_eq!(got.len(), 9);
        assert_eq!(got[1], AttributeValue::N("1.5".into()));
        assert_eq!(got[2], AttributeValue::N("2".into()));
        assert_eq!(got[3], AttributeValue::B(Blob::new(vec![0, 1])));
    }

    #[test]
    fn says_which_parameter_is_wrong() {
        assert_eq!(
            parse(r#"[{"S":"a"},{"X":"b"}]"#).unwrap_err(),
            "parameter 2: unknown type `X` (S, N, B, SS, NS, BS, BOOL, NULL, L, M)"
        );
        assert!(parse(r#"{"S":"a"}"#)
            .unwrap_err()
            .starts_with("expected a JSON array"));
    }
}
