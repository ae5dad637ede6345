//! DynamoDB's first check after parsing: the ordering operators (`<`, `<=`, `>`, `>=`) and
//! BETWEEN take only string, number and binary values. It runs before the table is looked up,
//! on literals and bound parameters alike (a path's type is known only per item, where a
//! mismatch is simply false).

use ddb_model::AttributeValue;
use ddb_partiql::{Expr, Statement};

use super::fault::{Fault, FaultResult};
use super::native::ordering_operator;
use super::value::{descriptor, value_of, Params};
use super::walk::each_expr;

/// The first operand of an ordering operator that is a value of another type than S, N or B.
pub fn check_operand_types(statement: &Statement, params: Params<'_>) -> FaultResult<()> {
    let mut fault: Option<Fault> = None;
    each_expr(statement, &mut |e| {
        if fault.is_some() {
            return;
        }
        let (op, operands): (&'static str, Vec<&Expr>) = match e {
            Expr::Compare { op, lhs, rhs } => match ordering_operator(*op) {
                Some(op) => (op, vec![lhs, rhs]),
                None => return,
            },
            Expr::Between { expr, low, high } => ("BETWEEN", vec![expr, low, high]),
            _ => return,
        };
        for operand in operands {
            match value_of(operand, params, "root") {
                Ok(Some(v)) if !orderable(&v) => {
                    fault = Some(Fault::OperandType {
                        op,
                        operand: descriptor(&v),
                    });
                    return;
                }
                Err(e) => {
                    fault = Some(e);
                    return;
                }
                _ => {}
            }
        }
    });
    fault.map_or(Ok(()), Err)
}

fn orderable(v: &AttributeValue) -> bool {
    matches!(
        v,
        AttributeValue::S(_) | AttributeValue::N(_) | AttributeValue::B(_)
    )
}
