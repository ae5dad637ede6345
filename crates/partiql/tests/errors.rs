//! Every parse-time error text of research §1 and §5. These are wire strings: each assertion is
//! on the whole message, not a fragment.

use ddb_partiql::{parse, ErrorKind, Position};

const NWF: &str = "Statement wasn't well formed, can't be processed: ";

fn message(src: &str) -> String {
    match parse(src) {
        Ok(tree) => panic!("{src}: parsed, as {tree:?}"),
        Err(e) => e.message(),
    }
}

/// Asserts the not-well-formed envelope around `detail`.
fn wrapped(src: &str, detail: &str) {
    assert_eq!(message(src), format!("{NWF}{detail}"), "for {src}");
}

fn bare(src: &str, text: &str) {
    assert_eq!(message(src), text, "for {src}");
}

#[test]
fn not_a_data_manipulation_statement() {
    for src in [
        "SLECT * FROM t",
        "",
        "   ",
        "-- only a comment",
        "MERGE INTO t",
        "x = 1",
    ] {
        wrapped(src, "Expected data manipulation");
    }
}

#[test]
fn leftover_tokens() {
    for src in [
        "SELECT * FROM t WHERE pk = 1 foo",
        "SELECT * FROM t WHERE pk = 1 e5",
        "INSERT INTO t VALUE {'pk': 1} foo",
        "UPDATE t SET a = 9 WHERE pk = 2 foo",
        "DELETE FROM t WHERE pk = 3 foo",
        "SELECT * FROM t WHERE pk = 1)",
        "DELETE FROM t WHERE pk = 4 ORDER BY pk",
        "SELECT * FROM t ORDER BY pk WHERE pk = 1",
        // An alias on INSERT is read as the value, leaving `VALUE …` over (research §1.1).
        "INSERT INTO t x VALUE {'pk': 'x'}",
        "INSERT INTO \"t\" \"x\" VALUE {'pk': 'x'}",
        // The FROM-first update takes WHERE before its actions only.
        "FROM t SET c = 1 WHERE pk = 'a'",
        "FROM t SET c = 1 WHERE pk = 'a' SET d = 2",
        "EXISTS(SELECT * FROM t WHERE pk = 1) x",
    ] {
        wrapped(src, "Unexpected token after expression");
    }
}

#[test]
fn unexpected_term() {
    for src in [
        "SELECT * FROM t WHERE",
        "SELECT * FROM t WHERE;",
        "SELECT * FROM t WHERE   ",
        "SELECT pk FROM t WHERE",
        "UPDATE t SET a = 1 WHERE",
        "DELETE FROM t WHERE",
        "SELECT * FROM t WHERE NOT",
        "SELECT * FROM t WHERE (",
        "SELECT * FROM",
        "SELECT * FROM ;",
    ] {
        wrapped(src, "Unexpected term");
    }
}

#[test]
fn missing_right_hand_side() {
    for src in [
        "SELECT * FROM t WHERE pk = 'p1' AND",
        "SELECT * FROM t WHERE pk = 'p1' OR",
        "SELECT * FROM t WHERE pk =",
        "SELECT * FROM t WHERE a IN",
    ] {
        wrapped(src, "Missing right-hand side expression of infix operator");
    }
}

#[test]
fn keyword_or_operator_where_a_term_should_start() {
    wrapped("SELECT * FROM t WHERE ORDER BY pk", "Unexpected keyword");
    wrapped("SELECT * FROM t WHERE a = SELECT", "Unexpected keyword");
    wrapped("SELECT * FROM t WHERE IS NULL", "Unexpected operator");
    wrapped("SELECT * FROM t WHERE pk = LIKE", "Unexpected operator");
    wrapped("SELECT * FROM t WHERE AND a = 1", "Unexpected operator");
    wrapped("SELECT * FROM t WHERE = 1", "Unexpected operator");
}

#[test]
fn is_needs_a_type_name() {
    wrapped(
        "SELECT * FROM t WHERE pk = 'a' AND x IS FOO",
        "Expected type name",
    );
    wrapped("SELECT * FROM t WHERE x IS NOT 1", "Expected type name");
    wrapped("SELECT * FROM t WHERE x IS", "Expected type name");
}

#[test]
fn a_type_test_as_the_statement_parses_and_is_refused() {
    // paritysuite/dynamodb-conformance partiqlGrammar (AWS 2026): the refusal names the type
    // test, so the type name was read.
    for src in [
        "x IS INT4",
        "x IS INT8",
        "x is double precision",
        "x IS CHARACTER VARYING",
        "x IS INT4;",
    ] {
        bare(src, "Unsupported operation: IsType");
    }
    wrapped("x IS INT4 y", "Expected data manipulation");
}

#[test]
fn a_write_with_no_table() {
    for src in [
        "DELETE FROM",
        "DELETE FROM   ",
        "DELETE FROM;",
        "DELETE FROM WHERE pk = 'a'",
        "UPDATE SET a = 1",
        "INSERT INTO",
    ] {
        wrapped(src, "Expected identifier for simple path");
    }
}

#[test]
fn unreadable_text_has_nothing_after_the_colon() {
    for src in [
        "SELECT * FROM t WHERE pk = 1 # note",
        "SELECT * FROM t WHERE pk = 1 /* note",
        "SELECT * FROM t WHERE pk = 'open",
        "SELECT * FROM \"open",
        "SELECT * FROM t WHERE pk = 1e99999999999",
        "SELECT * FROM t WHERE pk = 1e2147483648",
        "SELECT * FROM t WHERE pk = 1.5e-2147483647",
        // The lexer runs first, so a bad token anywhere wins over a later grammar fault.
        "SLECT # x",
    ] {
        assert_eq!(message(src), NWF, "for {src}");
    }
}

#[test]
fn aliases() {
    for src in [
        "SELECT * FROM t x WHERE pk = 'x'",
        "SELECT * FROM t AS x WHERE pk = 'x'",
        "SELECT * FROM \"t\" \"x\"",
        "UPDATE t x SET a = 3 WHERE pk = 'x'",
        "UPDATE t AS x SET a = 3 WHERE pk = 'x'",
        "DELETE FROM t x WHERE pk = 'x'",
        "FROM t x WHERE pk = 'x' SET a = 1",
    ] {
        bare(src, "Aliasing is not supported");
    }
}

#[test]
fn a_keyword_after_a_dot_is_no_path() {
    // paritysuite/dynamodb-conformance partiqlFunctions (AWS 2026): `m.inner`.
    for src in [
        "SELECT * FROM t WHERE attribute_exists(m.inner)",
        "UPDATE t SET m.inner = set_add(m.inner, <<'y'>>) WHERE pk = 'a'",
        "SELECT * FROM t WHERE m.VALUE = 1",
        "SELECT * FROM t WHERE m. = 1",
        "SELECT * FROM t WHERE m.5 = 1",
    ] {
        wrapped(src, "Invalid path dot component");
    }
    assert!(parse("SELECT * FROM t WHERE m.\"inner\" = 1 AND m.name = 2").is_ok());
}

#[test]
fn an_index_on_insert_quotes_line_column_and_length() {
    let err = parse("INSERT INTO \"t\".\"i\" VALUE {'a': 1}").unwrap_err();
    assert_eq!(
        err.message(),
        "FROM clause may only contain a single table name in data manipulation statements at 1:13:7"
    );
    assert_eq!(
        err.position,
        Position {
            offset: 12,
            line: 1,
            column: 13
        }
    );
    // The length counts characters of the reference alone, not the blank after it.
    bare(
        "INSERT INTO tbl.idx   VALUE {'a': 1}",
        "FROM clause may only contain a single table name in data manipulation statements at 1:13:7",
    );
    bare(
        "INSERT INTO \"tä\".\"ï\" VALUE {'a': 1}",
        "FROM clause may only contain a single table name in data manipulation statements at 1:13:8",
    );
}

#[test]
fn unsupported_clauses_and_tokens() {
    bare("SELECT * FROM t LIMIT 5", "Unsupported clause: LIMIT");
    bare(
        "SELECT * FROM t WHERE pk = 1 limit 5",
        "Unsupported clause: LIMIT",
    );
    bare(
        "SELECT * FROM t WHERE pk = 1 ORDER BY a LIMIT 5",
        "Unsupported clause: LIMIT",
    );
    bare("SELECT * FROM t GROUP BY a", "Unsupported clause: GROUP BY");
    bare(
        "SELECT * FROM t WHERE pk = 1 HAVING a = 1",
        "Unsupported clause: HAVING",
    );
    bare(
        "SELECT DISTINCT a FROM t",
        "Unsupported token in expression: DISTINCT",
    );
}

#[test]
fn one_statement_only() {
    for src in [
        "SELECT * FROM t; SELECT * FROM u",
        "DELETE FROM t WHERE pk = 1; DELETE FROM t WHERE pk = 2;",
    ] {
        bare(src, "Only one operation is allowed in a statement.");
    }
}

#[test]
fn insert_restrictions() {
    bare(
        "INSERT INTO t VALUE {'a': 1} RETURNING ALL OLD *",
        "RETURNING is not supported in INSERT",
    );
    let multiple = "Unsupported operation: Inserting multiple items in a single statement is not \
                    supported, use \"INSERT INTO tableName VALUE item\" instead";
    bare("INSERT INTO t VALUES ('a', 1)", multiple);
    bare("INSERT INTO t VALUE {'a': 1}, {'a': 2}", multiple);
}

#[test]
fn missing_only_with_is() {
    for src in [
        "SELECT * FROM t WHERE x = MISSING",
        "SELECT * FROM t WHERE x <> missing",
        "SELECT * FROM t WHERE MISSING = x",
    ] {
        bare(src, "MISSING must be compared using IS operator");
    }
}

#[test]
fn delete_returning_other_than_all_old() {
    for (clause, echoed) in [
        ("RETURNING MODIFIED OLD *", "RETURNING MODIFIED OLD *"),
        ("RETURNING ALL NEW *", "RETURNING ALL NEW *"),
        ("returning modified new *", "RETURNING MODIFIED NEW *"),
    ] {
        bare(
            &format!("DELETE FROM t WHERE pk = 1 {clause}"),
            &format!(
                "Invalid returning clause: {echoed}. Only RETURNING ALL OLD * is allowed in \
                 DELETE statements."
            ),
        );
    }
}

#[test]
fn empty_bag() {
    bare(
        "INSERT INTO t VALUE {'s': <<>>}",
        "Empty bags are not supported",
    );
    bare(
        "UPDATE t SET s = set_add(s, << >>) WHERE pk = 1",
        "Empty bags are not supported",
    );
}

#[test]
fn from_paths() {
    bare(
        "SELECT * FROM \"t\".\"i\".\"more\"",
        "A path may contain at most 2 components in the FROM clause",
    );
    bare(
        "SELECT * FROM a.b.c",
        "A path may contain at most 2 components in the FROM clause",
    );
    for src in [
        "SELECT * FROM \"t\".\"\"",
        "SELECT * FROM \"\"",
        "DELETE FROM \"\" WHERE pk = 1",
    ] {
        bare(src, "Path component cannot be an empty string");
    }
}

#[test]
fn star_with_other_attributes() {
    for src in [
        "SELECT *, a FROM t",
        "SELECT a, * FROM t",
        "SELECT *, * FROM t",
    ] {
        bare(
            src,
            "Other attributes should not be present in the projection when '*' is used.",
        );
    }
}

#[test]
fn errors_carry_the_offending_position() {
    let err = parse("SELECT *\nFROM t WHERE a = 1 AND").unwrap_err();
    assert_eq!(err.kind, ErrorKind::MissingRightHandSide);
    assert_eq!(err.position.line, 2);
    assert_eq!(err.position.column, 23);
    // The display text is the wire message.
    assert_eq!(
        err.to_string(),
        format!("{NWF}Missing right-hand side expression of infix operator")
    );
}
