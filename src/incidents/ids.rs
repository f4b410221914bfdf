//! Stable incident ids: `<date>-<place-slug>`, with `-2`, `-3`… on collision in the incidents'
//! canonical order, so the same input always gives the same ids.

use crate::extract::text::slugify;
use crate::model::Incident;
use std::collections::HashMap;

/// The id an incident would have without a collision.
pub fn base_id(i: &Incident) -> String {
    let date = i
        .date
        .as_ref()
        .map(|d| d.value.display_key())
        .unwrap_or_else(|| "undated".to_string());
    let place = i
        .place
        .as_ref()
        .map(|p| slugify(&p.value.name))
        .unwrap_or_else(|| "unknown-place".to_string());
    format!("{date}-{place}")
}

/// Give every incident its id; `incidents` must already be in canonical order.
pub fn assign_ids(incidents: &mut [Incident]) {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for i in incidents.iter_mut() {
        let base = base_id(i);
        let n = seen.entry(base.clone()).or_insert(0);
        *n += 1;
        i.id = if *n == 1 { base } else { format!("{base}-{n}") };
    }
}
