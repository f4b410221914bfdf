//! Fingerprints of what a page is rendered from, so that a rebuild skips the pages whose
//! inputs did not change (see `output::PageSink::is_fresh`).
//!
//! A fingerprint hashes the `Debug` form of the inputs, streamed into the hasher without
//! building the string. `Debug` of the model covers every field, and the model holds no
//! hash maps, so equal inputs give equal fingerprints on every run. A page's fingerprint
//! must cover everything its template reads: when in doubt a page takes the site-wide
//! fingerprint, which changes with any input (and is then simply rendered every time).

use std::fmt::{Debug, Write};
use xxhash_rust::xxh3::Xxh3;

struct Hasher(Xxh3);

impl Write for Hasher {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0.update(s.as_bytes());
        Ok(())
    }
}

/// The fingerprint of one value.
pub fn of(value: &(impl Debug + ?Sized)) -> u64 {
    let mut h = Hasher(Xxh3::new());
    // Writing to a hasher cannot fail.
    let _ = write!(h, "{value:?}");
    h.0.digest()
}

/// The fingerprint of a value through its `Hash` form: much cheaper than [`of`] for text
/// (no escaping), for the types that have one (articles, and incidents, whose places hash
/// their coordinates' bits).
/// The hasher has no random state, so equal values give equal fingerprints on every run.
pub fn hashed(value: &(impl std::hash::Hash + ?Sized)) -> u64 {
    use std::hash::Hasher as _;
    let mut h = Xxh3::new();
    value.hash(&mut h);
    h.finish()
}

/// The fingerprint of several fingerprints, in order.
pub fn combine(parts: impl IntoIterator<Item = u64>) -> u64 {
    let mut h = Xxh3::new();
    for p in parts {
        h.update(&p.to_le_bytes());
    }
    h.digest()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_inputs_equal_fingerprints_and_order_matters() {
        assert_eq!(of(&("a", 1, Some(2.5))), of(&("a", 1, Some(2.5))));
        assert_ne!(of(&("a", 1)), of(&("a", 2)));
        assert_ne!(combine([1, 2]), combine([2, 1]));
        assert_eq!(combine([of("x")]), combine([of("x")]));
        assert_eq!(hashed(&("a", 1)), hashed(&("a", 1)));
        assert_ne!(hashed(&("ab", "c")), hashed(&("a", "bc")));
    }

    /// An incident's fingerprint follows every field of its place, coordinates included.
    #[test]
    fn an_incident_fingerprint_follows_its_place() {
        use crate::model::{Cited, Incident, PlaceValue};
        let place = PlaceValue {
            name: "Kati".into(),
            admin1: Some("Koulikoro".into()),
            country: Some("ML".into()),
            lat: Some(12.744),
            lon: Some(-8.072),
            geo_precision: 1,
            distance_km: None,
            phrase: "Kati".into(),
        };
        let incident = |place: PlaceValue| Incident {
            id: "2022-07-22-kati".into(),
            place: Some(Cited {
                value: place,
                sentence: 1,
            }),
            ..Incident::default()
        };
        let base = hashed(&incident(place.clone()));
        assert_eq!(base, hashed(&incident(place.clone())));
        let changed = [
            PlaceValue {
                lat: Some(12.745),
                ..place.clone()
            },
            PlaceValue {
                lon: None,
                ..place.clone()
            },
            PlaceValue {
                distance_km: Some(15.0),
                ..place.clone()
            },
            PlaceValue {
                geo_precision: 2,
                ..place.clone()
            },
            PlaceValue {
                phrase: "near Kati".into(),
                ..place.clone()
            },
        ];
        for other in changed {
            assert_ne!(base, hashed(&incident(other.clone())), "{other:?}");
        }
    }
}
