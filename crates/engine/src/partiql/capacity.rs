//! Adding up the ConsumedCapacity of the native operations a statement ran: one object for
//! ExecuteStatement (a SELECT of several partition-key values runs several Queries), one per
//! table for BatchExecuteStatement.

use std::collections::BTreeMap;

use ddb_wire::{Capacity, ConsumedCapacity};

/// Adds `more` to `total` (both of one table).
pub fn add(total: &mut Option<ConsumedCapacity>, more: Option<ConsumedCapacity>) {
    let Some(more) = more else { return };
    let Some(t) = total else {
        *total = Some(more);
        return;
    };
    sum(&mut t.capacity_units, more.capacity_units);
    sum(&mut t.read_capacity_units, more.read_capacity_units);
    sum(&mut t.write_capacity_units, more.write_capacity_units);
    add_arm(&mut t.table, more.table);
    add_arms(&mut t.local_secondary_indexes, more.local_secondary_indexes);
    add_arms(
        &mut t.global_secondary_indexes,
        more.global_secondary_indexes,
    );
}

/// Adds `more` to the entry of its table in `per_table`.
pub fn add_per_table(
    per_table: &mut BTreeMap<String, ConsumedCapacity>,
    more: Option<ConsumedCapacity>,
) {
    let Some(more) = more else { return };
    let name = more.table_name.clone().unwrap_or_default();
    let mut entry = per_table.remove(&name);
    add(&mut entry, Some(more));
    if let Some(entry) = entry {
        per_table.insert(name, entry);
    }
}

fn sum(total: &mut Option<f64>, more: Option<f64>) {
    if let Some(m) = more {
        *total = Some(total.unwrap_or(0.0) + m);
    }
}

fn add_arm(total: &mut Option<Capacity>, more: Option<Capacity>) {
    let Some(more) = more else { return };
    match total {
        None => *total = Some(more),
        Some(t) => {
            sum(&mut t.capacity_units, more.capacity_units);
            sum(&mut t.read_capacity_units, more.read_capacity_units);
            sum(&mut t.write_capacity_units, more.write_capacity_units);
        }
    }
}

fn add_arms(
    total: &mut Option<BTreeMap<String, Capacity>>,
    more: Option<BTreeMap<String, Capacity>>,
) {
    let Some(more) = more else { return };
    let arms = total.get_or_insert_with(BTreeMap::new);
    for (name, arm) in more {
        let mut entry = arms.remove(&name);
        add_arm(&mut entry, Some(arm));
        if let Some(entry) = entry {
            arms.insert(name, entry);
        }
    }
}
