//! The embedded gazetteer: towns and villages of the Sahel and neighbours with alternate
//! spellings, admin1 and coordinates; a site can add places in `config.toml`.

/// One place of the gazetteer.
#[derive(Debug, Clone, PartialEq)]
pub struct GazPlace {
    pub name: String,
    pub admin1: Option<String>,
    pub country: String,
    pub lat: f64,
    pub lon: f64,
    /// Population, where known: breaks ties between homonyms.
    pub population: u64,
    /// Region (admin1) rather than a town.
    pub is_region: bool,
}

#[derive(Debug, Clone, Default)]
pub struct Gazetteer {
    pub places: Vec<GazPlace>,
}

impl Gazetteer {
    /// The gazetteer compiled into the binary.
    pub fn embedded() -> Gazetteer {
        Gazetteer::default()
    }
}
