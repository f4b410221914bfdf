//! The offline map: an SVG of the region drawn at build time from bundled country outlines
//! (`data/map/region.json`, Natural Earth via world-atlas, simplified by
//! `scripts/map/build_region.py`), with one marker per located incident.
//!
//! Why at build time and not with a web map library: the site must work from `file://`, on
//! paper and without the network, and a briefing must not leak its readers to a tile server.
//!
//! Geometry is computed here (projection, clipping, label placement, marker sizes) and written
//! as SVG by [`MapView::svg`]; templates insert it as `map.svg`. Every number printed is
//! rounded to one decimal by [`num`], so the output is byte-identical across builds.

use super::templates::{escape_into, push_attr};
use super::{format as fmt, routes};
use crate::model::Incident;
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, HashMap, VecDeque};
use std::sync::{Arc, Mutex};
use std::sync::{LazyLock, OnceLock};

/// The bundled outlines: integers in hundredths of a degree, longitude first.
const REGION_JSON: &str = include_str!("../../data/map/region.json");

#[derive(Deserialize, Default)]
struct RegionFile {
    #[serde(default)]
    countries: Vec<CountryFile>,
}

#[derive(Deserialize)]
struct CountryFile {
    iso: String,
    name: String,
    #[serde(default)]
    short: Option<String>,
    rings: Vec<Vec<i32>>,
}

/// One country: rings in degrees (lon, lat) and its extent, for quick rejection.
struct Country {
    iso: String,
    name: String,
    short: Option<String>,
    rings: Vec<Vec<(f64, f64)>>,
    /// west, south, east, north
    bbox: (f64, f64, f64, f64),
}

/// Parsed once. The file is part of the binary and checked by a test; should it ever be
/// malformed the map is drawn without countries rather than failing the build.
static REGION: LazyLock<Vec<Country>> = LazyLock::new(|| {
    let file: RegionFile = serde_json::from_str(REGION_JSON).unwrap_or_default();
    file.countries
        .into_iter()
        .filter_map(|c| {
            let rings: Vec<Vec<(f64, f64)>> = c
                .rings
                .iter()
                .map(|r| {
                    r.chunks_exact(2)
                        .map(|p| (f64::from(p[0]) / 100.0, f64::from(p[1]) / 100.0))
                        .collect::<Vec<_>>()
                })
                .filter(|r: &Vec<(f64, f64)>| r.len() >= 3)
                .collect();
            let pts = rings.iter().flatten();
            let west = pts.clone().map(|p| p.0).fold(f64::INFINITY, f64::min);
            let east = pts.clone().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max);
            let south = pts.clone().map(|p| p.1).fold(f64::INFINITY, f64::min);
            let north = pts.map(|p| p.1).fold(f64::NEG_INFINITY, f64::max);
            (!rings.is_empty()).then(|| Country {
                iso: c.iso,
                name: c.name,
                short: c.short,
                rings,
                bbox: (west, south, east, north),
            })
        })
        .collect()
});

/// Number of countries in the bundled outlines (for tests and `briefing check`).
pub fn country_count() -> usize {
    REGION.len()
}

/// A located incident, as the map needs it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapPoint {
    pub id: String,
    /// Incident page, from the site root.
    pub href: String,
    pub place: String,
    pub country: Option<String>,
    pub date: String,
    pub lat: f64,
    pub lon: f64,
    /// Best estimate; `None` when no source states a toll.
    pub killed: Option<u32>,
    /// Geo precision 2 or 3: near a town, or a region only.
    pub approximate: bool,
    /// The page of the place, linked from a marker that stands for several incidents there.
    pub place_href: Option<String>,
    /// How many incidents the marker stands for: other incidents at the same spot are drawn
    /// as one marker (their tolls summed), so that a map stays small and legible whatever
    /// the size of the briefing.
    pub count: usize,
}

/// By every field, the coordinates by their bits: what [`MapIndex`]'s fingerprints hash.
/// They hashed the `Debug` form before, which was most of `MapIndex::new`'s 17 to 27 ms at
/// 10,000 articles (2 ms since, issue 8).
impl std::hash::Hash for MapPoint {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        let MapPoint {
            id,
            href,
            place,
            country,
            date,
            lat,
            lon,
            killed,
            approximate,
            place_href,
            count,
        } = self;
        id.hash(state);
        href.hash(state);
        place.hash(state);
        country.hash(state);
        date.hash(state);
        lat.to_bits().hash(state);
        lon.to_bits().hash(state);
        killed.hash(state);
        approximate.hash(state);
        place_href.hash(state);
        count.hash(state);
    }
}

/// The incidents that have usable coordinates, in the order given; `place_href` gives the
/// page of an incident's place (linked from a marker standing for several incidents).
pub fn points(
    incidents: &[&Incident],
    place_href: &dyn Fn(&Incident) -> Option<String>,
) -> Vec<MapPoint> {
    incidents
        .iter()
        .filter_map(|i| {
            let p = &i.place.as_ref()?.value;
            let (lat, lon) = (p.lat?, p.lon?);
            let valid =
                lat.is_finite() && lon.is_finite() && lat.abs() <= 90.0 && lon.abs() <= 180.0;
            valid.then(|| MapPoint {
                id: i.id.clone(),
                href: routes::incident_href(&i.id),
                place: p.name.clone(),
                country: p.country.as_ref().map(|c| c.to_ascii_uppercase()),
                date: i
                    .date
                    .as_ref()
                    .map(|d| fmt::date_value_short(&d.value))
                    .unwrap_or_else(|| "undated".into()),
                lat,
                lon,
                killed: i.fatalities.map(|e| e.best),
                approximate: p.geo_precision >= 2,
                place_href: place_href(i),
                count: 1,
            })
        })
        .collect()
}

/// What part of the region to show.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Frame {
    /// The highlighted points (all points when none is highlighted), with a margin.
    Fit,
    /// A window about `span` degrees of longitude wide centred on a point.
    Around { lat: f64, lon: f64, span: f64 },
}

/// How to draw one map.
#[derive(Debug, Clone)]
pub struct MapOptions {
    /// Width in SVG user units; the page shows the SVG at about this many CSS pixels, so
    /// text sizes below are roughly pixel sizes.
    pub width: f64,
    pub frame: Frame,
    /// Incident ids drawn emphasised; the other markers are drawn faint. Empty: all normal.
    pub highlight: BTreeSet<String>,
    /// ISO codes of the countries drawn emphasised (the briefing's countries).
    pub emphasis: BTreeSet<String>,
    /// Extra CSS class of the `<svg>` (`map-wide`, `map-narrow`).
    pub class: String,
    /// Name of the view for the text alternative ("Mali and neighbouring countries").
    pub subject: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Shape {
    pub d: String,
    pub class: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Label {
    pub x: String,
    pub y: String,
    pub text: String,
    pub class: String,
    /// `start`, `middle` or `end`.
    pub anchor: String,
    /// Font size in user units (set here, not in CSS, so placement and drawing agree).
    pub size: String,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Marker {
    pub id: String,
    pub href: String,
    /// Accessible name and tooltip: place, date, toll.
    pub title: String,
    pub cx: String,
    pub cy: String,
    pub r: String,
    /// Written on the marker's group, not the marker (see [`MapView::svg`]).
    pub class: String,
    /// Radius of a ring drawn around a highlighted marker, so that even a small one stands out.
    pub halo: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct LegendItem {
    pub cx: String,
    pub cy: String,
    pub r: String,
    pub class: String,
    pub tx: String,
    pub ty: String,
    pub text: String,
}

/// Everything a map's SVG shows; [`MapView::svg`] writes it.
#[derive(Debug, Clone, PartialEq)]
pub struct MapView {
    pub width: String,
    /// Whole SVG, legend band included.
    pub height: String,
    /// Height of the map area (the sea rectangle).
    pub map_height: String,
    pub class: String,
    /// The base layer's countries, shared by every map drawn on the same base.
    pub countries: Arc<[Shape]>,
    /// The countries as SVG paths, written once per base layer.
    basemap: Arc<str>,
    pub labels: Vec<Label>,
    /// In drawing order; written as runs of equal class (see [`MapView::svg`]).
    pub markers: Vec<Marker>,
    pub legend: Vec<LegendItem>,
    pub legend_title: Label,
    pub legend_line: String,
    /// Text alternative (`aria-label`) and caption.
    pub summary: String,
    /// Located incidents not shown because they fall outside the window.
    pub outside: usize,
}

/// What a template receives as `map`: the SVG, already written, and the facts a caption
/// needs. The SVG is written in Rust rather than by a template macro: a page's map is a few
/// hundred numbers, and evaluating them through Tera cost more than the rest of the page.
#[derive(Serialize, Debug, Clone, PartialEq)]
pub struct MapFigure {
    /// The whole `<svg>` element (insert it with `{{ map.svg | safe }}`).
    pub svg: String,
    /// Text alternative of the SVG, for a caption.
    pub summary: String,
    /// Located incidents not shown because they fall outside the window.
    pub outside: usize,
    /// The `<svg>`'s extra class (`map-zoom`, `map-wide`, …).
    pub class: String,
}

impl MapView {
    /// The SVG element. Links are relative to the page: `root` is the way back to the
    /// site's root from it (`""`, `"../"`). The SVG is a group named by its text alternative
    /// (not role="img": that would hide the marker links from assistive technology). Base
    /// map and legend are decorative; each marker is a link named by its `<title>`.
    pub fn svg(&self, root: &str) -> String {
        let mut o = String::with_capacity(self.basemap.len() + 600 * self.markers.len() + 2048);
        let o = &mut o;
        let a = push_attr;
        o.push_str("<svg");
        a(o, "class", &format!("map {}", self.class));
        a(o, "viewBox", &format!("0 0 {} {}", self.width, self.height));
        a(o, "role", "group");
        a(o, "aria-label", &self.summary);
        a(o, "preserveAspectRatio", "xMidYMid meet");
        o.push_str(
            ">\n<g class=\"basemap\" aria-hidden=\"true\">\n<rect class=\"sea\" x=\"0\" y=\"0\"",
        );
        a(o, "width", &self.width);
        a(o, "height", &self.map_height);
        o.push_str("/>\n");
        o.push_str(&self.basemap);
        o.push_str("</g>\n<g class=\"markers\">\n");
        // Consecutive markers with the same classes share one `<g class="…">`: a map shows
        // up to thirty faint markers drawn alike (`marker killed other approx`), and writing
        // the classes once per run keeps an incident page's map about a kilobyte lighter.
        // The stylesheet selects `.marker… circle` and `.marker a:hover`, which hold for a
        // class on the group as they did on the link.
        for run in self.markers.chunk_by(|x, y| x.class == y.class) {
            o.push_str("<g");
            a(o, "class", &run[0].class);
            o.push_str(">\n");
            for k in run {
                o.push_str("<a");
                a(o, "href", &format!("{root}{}", k.href));
                o.push_str("><title>");
                escape_into(o, &k.title);
                o.push_str("</title>");
                if let Some(halo) = &k.halo {
                    o.push_str("<circle class=\"halo\"");
                    circle(o, &k.cx, &k.cy, halo);
                }
                o.push_str("<circle");
                circle(o, &k.cx, &k.cy, &k.r);
                o.push_str("</a>\n");
            }
            o.push_str("</g>\n");
        }
        o.push_str("</g>\n<g class=\"labels\" aria-hidden=\"true\">\n");
        for l in &self.labels {
            o.push_str("<text");
            a(o, "class", &l.class);
            a(o, "x", &l.x);
            a(o, "y", &l.y);
            a(o, "font-size", &l.size);
            if l.anchor != "start" {
                a(o, "text-anchor", &l.anchor);
            }
            o.push('>');
            escape_into(o, &l.text);
            o.push_str("</text>\n");
        }
        o.push_str("</g>\n<rect class=\"frame\" x=\"0\" y=\"0\"");
        a(o, "width", &self.width);
        a(o, "height", &self.map_height);
        o.push_str("/>\n<g class=\"map-legend\" aria-hidden=\"true\"");
        a(o, "font-size", &self.legend_title.size);
        o.push_str(">\n<text class=\"legend-title\"");
        a(o, "x", &self.legend_title.x);
        a(o, "y", &self.legend_title.y);
        o.push('>');
        escape_into(o, &self.legend_title.text);
        o.push_str("</text>\n");
        for it in &self.legend {
            o.push_str("<g");
            a(o, "class", &it.class);
            o.push_str("><circle");
            circle(o, &it.cx, &it.cy, &it.r);
            o.push_str("</g><text class=\"legend-text\"");
            a(o, "x", &it.tx);
            a(o, "y", &it.ty);
            o.push('>');
            escape_into(o, &it.text);
            o.push_str("</text>\n");
        }
        o.push_str("</g>\n</svg>");
        std::mem::take(o)
    }

    /// The map as a template sees it, with links relative to `root`.
    pub fn figure(&self, root: &str) -> MapFigure {
        MapFigure {
            svg: self.svg(root),
            summary: self.summary.clone(),
            outside: self.outside,
            class: self.class.clone(),
        }
    }
}

/// The rest of a `<circle`: its centre and radius, closed.
fn circle(o: &mut String, cx: &str, cy: &str, r: &str) {
    push_attr(o, "cx", cx);
    push_attr(o, "cy", cy);
    push_attr(o, "r", r);
    o.push_str("/>");
}

/// The base layer's paths, as [`MapView::svg`] writes them.
fn basemap_svg(countries: &[Shape]) -> String {
    let mut o = String::with_capacity(countries.iter().map(|c| c.d.len() + 32).sum());
    for c in countries {
        o.push_str("<path");
        push_attr(&mut o, "class", &c.class);
        push_attr(&mut o, "d", &c.d);
        o.push_str("/>\n");
    }
    o
}

/// A number for SVG output: one decimal, no trailing `.0`, never `-0`.
pub fn num(x: f64) -> String {
    let v = (x * 10.0).round() / 10.0;
    if v == 0.0 || !v.is_finite() {
        "0".into()
    } else {
        format!("{v}")
    }
}

/// Marker sizes: area proportional to the toll (radius grows with its square root), with a
/// minimum so that one death is still visible and clickable. The slope is reduced when the
/// largest toll would exceed `r_max`, so the scale stays strictly increasing.
#[derive(Debug, Clone, Copy)]
pub struct RadiusScale {
    r_min: f64,
    r_max: f64,
    slope: f64,
}

impl RadiusScale {
    pub fn new(width: f64, max_killed: u32) -> Self {
        let unit = (width / 640.0).clamp(1.0, 1.5);
        let (r_min, r_max) = (3.5 * unit, 20.0 * unit);
        let slope = (1.8 * unit).min((r_max - r_min) / f64::from(max_killed.max(1)).sqrt());
        RadiusScale {
            r_min,
            r_max,
            slope,
        }
    }

    /// Radius of a marker for a best-estimate toll; 0 and unknown get the minimum (drawn hollow).
    pub fn radius(&self, killed: Option<u32>) -> f64 {
        match killed {
            // Capped: a marker summing several incidents may exceed the largest single toll.
            Some(k) if k > 0 => (self.r_min + self.slope * f64::from(k).sqrt()).min(self.r_max),
            _ => self.r_min + 0.5,
        }
    }
}

/// Projection window: plate carrée with the longitude scaled by the cosine of the central
/// latitude (an equirectangular projection true at the centre; the Sahel spans few degrees of
/// latitude, so shapes stay recognisable).
#[derive(Debug, Clone, Copy)]
struct Window {
    west: f64,
    north: f64,
    /// User units per degree of latitude.
    k: f64,
    cos: f64,
    width: f64,
    height: f64,
}

impl Window {
    fn new(lon_c: f64, lat_c: f64, span_lon: f64, span_lat: f64, width: f64) -> Window {
        let cos = lat_c.to_radians().cos().max(0.2);
        // Aspect between 0.5 and 0.85 of the width (0.62 for a wide drawing, which would
        // otherwise fill a desktop screen); extend the shorter span to match.
        let natural = span_lat / (span_lon * cos);
        let aspect = natural.clamp(0.5, if width > 700.0 { 0.62 } else { 0.85 });
        let height = (width * aspect).round();
        let k = (width / (span_lon * cos)).min(height / span_lat);
        let (half_w, half_h) = (width / (k * cos) / 2.0, height / k / 2.0);
        Window {
            west: lon_c - half_w,
            north: lat_c + half_h,
            k,
            cos,
            width,
            height,
        }
    }

    fn project(&self, lon: f64, lat: f64) -> (f64, f64) {
        (
            (lon - self.west) * self.k * self.cos,
            (self.north - lat) * self.k,
        )
    }

    fn contains(&self, (x, y): (f64, f64)) -> bool {
        (0.0..=self.width).contains(&x) && (0.0..=self.height).contains(&y)
    }

    fn bounds(&self) -> (f64, f64, f64, f64) {
        let east = self.west + self.width / (self.k * self.cos);
        let south = self.north - self.height / self.k;
        (self.west, south, east, self.north)
    }
}

fn frame_window(points: &[&MapPoint], frame: Frame, width: f64) -> Option<Window> {
    match frame {
        Frame::Around { lat, lon, span } => {
            let span = if span.is_finite() && span > 0.5 {
                span
            } else {
                7.0
            };
            Some(Window::new(lon, lat, span, span * 0.7, width))
        }
        Frame::Fit => {
            let first = points.first()?;
            let (mut w, mut e, mut s, mut n) = (first.lon, first.lon, first.lat, first.lat);
            for p in points {
                w = w.min(p.lon);
                e = e.max(p.lon);
                s = s.min(p.lat);
                n = n.max(p.lat);
            }
            // A margin of a fifth of the extent, at least 1.5°, and at least 8° across, so
            // that a single incident still shows its country and neighbours.
            let mx = ((e - w) * 0.2).max(1.5);
            let my = ((n - s) * 0.2).max(1.5);
            let span_lon = (e - w + 2.0 * mx).max(8.0);
            let span_lat = (n - s + 2.0 * my).max(5.0);
            Some(Window::new(
                (w + e) / 2.0,
                (s + n) / 2.0,
                span_lon,
                span_lat,
                width,
            ))
        }
    }
}

/// Sutherland–Hodgman clipping of a ring to a rectangle: keeps the paths short on zoomed
/// maps and keeps strokes of far-away coasts out of the picture.
fn clip(ring: &[(f64, f64)], x0: f64, y0: f64, x1: f64, y1: f64) -> Vec<(f64, f64)> {
    type Inside = fn((f64, f64), f64) -> bool;
    type Cross = fn((f64, f64), (f64, f64), f64) -> (f64, f64);
    fn cross_x(a: (f64, f64), b: (f64, f64), x: f64) -> (f64, f64) {
        let t = if b.0 == a.0 {
            0.0
        } else {
            (x - a.0) / (b.0 - a.0)
        };
        (x, a.1 + t * (b.1 - a.1))
    }
    fn cross_y(a: (f64, f64), b: (f64, f64), y: f64) -> (f64, f64) {
        let t = if b.1 == a.1 {
            0.0
        } else {
            (y - a.1) / (b.1 - a.1)
        };
        (a.0 + t * (b.0 - a.0), y)
    }
    let edges: [(Inside, Cross, f64); 4] = [
        (|p, v| p.0 >= v, cross_x, x0),
        (|p, v| p.0 <= v, cross_x, x1),
        (|p, v| p.1 >= v, cross_y, y0),
        (|p, v| p.1 <= v, cross_y, y1),
    ];
    let mut out: Vec<(f64, f64)> = ring.to_vec();
    for (inside, cross, v) in edges {
        let input = std::mem::take(&mut out);
        let Some(&last) = input.last() else { break };
        let mut prev = last;
        for &cur in &input {
            match (inside(cur, v), inside(prev, v)) {
                (true, true) => out.push(cur),
                (true, false) => {
                    out.push(cross(prev, cur, v));
                    out.push(cur);
                }
                (false, true) => out.push(cross(prev, cur, v)),
                (false, false) => {}
            }
            prev = cur;
        }
    }
    out
}

/// An SVG path of rings, one decimal, dropping points that round onto the previous one.
///
/// Each ring is its first point (`M`, absolute) then one `l` of relative steps: a border's
/// steps are a few units, so `l.6-3.7` says what `L367.7 340.3` did in half the bytes. Steps
/// are taken between the rounded points, in whole tenths, so every vertex lands exactly where
/// the absolute form put it (no rounding drift along the ring).
fn path(rings: &[Vec<(f64, f64)>]) -> String {
    let mut d = String::new();
    for ring in rings {
        let mut pts: Vec<(i64, i64)> = Vec::with_capacity(ring.len());
        for &(x, y) in ring {
            let p = (tenths(x), tenths(y));
            if pts.last() != Some(&p) {
                pts.push(p);
            }
        }
        if pts.len() < 3 {
            continue;
        }
        let mut prev = pts[0];
        d.push('M');
        push_tenths(&mut d, prev.0, false);
        push_tenths(&mut d, prev.1, true);
        d.push('l');
        for (i, &(x, y)) in pts.iter().enumerate().skip(1) {
            push_tenths(&mut d, x - prev.0, i > 1);
            push_tenths(&mut d, y - prev.1, true);
            prev = (x, y);
        }
        d.push('Z');
    }
    d
}

/// `x` in whole tenths (as [`num`] rounds it); not finite counts as 0.
fn tenths(x: f64) -> i64 {
    let t = (x * 10.0).round();
    if t.is_finite() { t as i64 } else { 0 }
}

/// Append `t` tenths as the shortest SVG number (`12`, `-3.7`, `.6`), after a space when it
/// follows another number and does not start with its own `-` sign.
fn push_tenths(d: &mut String, t: i64, separate: bool) {
    use std::fmt::Write;
    if t < 0 {
        d.push('-');
    } else if separate {
        d.push(' ');
    }
    let (int, frac) = (t.unsigned_abs() / 10, t.unsigned_abs() % 10);
    match (int, frac) {
        (i, 0) => {
            let _ = write!(d, "{i}");
        }
        (0, f) => {
            let _ = write!(d, ".{f}");
        }
        (i, f) => {
            let _ = write!(d, "{i}.{f}");
        }
    }
}

/// A rectangle for collision tests: x0, y0, x1, y1.
type Rect = (f64, f64, f64, f64);

fn overlaps(a: &Rect, b: &Rect) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

/// Estimated box of a text (no font metrics at build time: average sans advance ≈ 0.58 em).
fn text_box(x: f64, y: f64, text: &str, size: f64, anchor: &str) -> Rect {
    let w = text.chars().count() as f64 * size * 0.58;
    let x0 = match anchor {
        "middle" => x - w / 2.0,
        "end" => x - w,
        _ => x,
    };
    (x0 - 2.0, y - size * 0.8, x0 + w + 2.0, y + size * 0.25)
}

/// Which country covers each cell of a grid over the window (scanline, even-odd rule).
struct Grid {
    cols: usize,
    rows: usize,
    cell: f64,
    /// The country (index into `REGION`) owning each cell: `u16`, as a map holds a few
    /// hundred of these grids at once.
    owner: Vec<Option<u16>>,
}

impl Grid {
    fn build(shapes: &[(usize, Vec<Vec<(f64, f64)>>)], width: f64, height: f64, cell: f64) -> Grid {
        let cols = (width / cell).floor().max(1.0) as usize;
        let rows = (height / cell).floor().max(1.0) as usize;
        let mut owner = vec![None; cols * rows];
        for (ci, rings) in shapes {
            for row in 0..rows {
                let y = (row as f64 + 0.5) * cell;
                let mut xs: Vec<f64> = Vec::new();
                for ring in rings {
                    for (i, &(ax, ay)) in ring.iter().enumerate() {
                        let (bx, by) = ring[(i + 1) % ring.len()];
                        if (ay <= y) != (by <= y) {
                            xs.push(ax + (y - ay) / (by - ay) * (bx - ax));
                        }
                    }
                }
                xs.sort_by(f64::total_cmp);
                for pair in xs.chunks_exact(2) {
                    let c0 = ((pair[0] / cell) - 0.5).ceil().max(0.0) as usize;
                    let c1 = ((pair[1] / cell) - 0.5).floor();
                    if c1 < 0.0 {
                        continue;
                    }
                    for col in c0..=(c1 as usize).min(cols - 1) {
                        if let Ok(ci) = u16::try_from(*ci) {
                            owner[row * cols + col].get_or_insert(ci);
                        }
                    }
                }
            }
        }
        Grid {
            cols,
            rows,
            cell,
            owner,
        }
    }

    fn at(&self, col: isize, row: isize) -> Option<usize> {
        if col < 0 || row < 0 || col as usize >= self.cols || row as usize >= self.rows {
            return None;
        }
        self.owner[row as usize * self.cols + col as usize].map(usize::from)
    }

    /// Candidate centres for a label of `w`×`h` inside country `ci`, best first: cells from
    /// which the country extends at least half the label in every direction.
    fn label_spots(&self, ci: usize, w: f64, h: f64) -> Vec<(f64, f64)> {
        let need_x = ((w / 2.0) / self.cell).ceil() as isize;
        let need_y = ((h / 2.0) / self.cell).ceil() as isize;
        // Centre of the country's visible cells: labels sit near it when there is room.
        let (mut sx, mut sy, mut n) = (0.0, 0.0, 0.0);
        for (i, o) in self.owner.iter().enumerate() {
            if o.map(usize::from) == Some(ci) {
                sx += (i % self.cols) as f64;
                sy += (i / self.cols) as f64;
                n += 1.0;
            }
        }
        let (cx, cy) = if n > 0.0 {
            (sx / n, sy / n)
        } else {
            (0.0, 0.0)
        };
        let mut spots: Vec<(isize, f64, (f64, f64))> = Vec::new();
        for row in 0..self.rows as isize {
            for col in 0..self.cols as isize {
                if self.at(col, row) != Some(ci) {
                    continue;
                }
                let run = |dx: isize, dy: isize, max: isize| {
                    let mut n = 0;
                    while n < max + 4 && self.at(col + dx * (n + 1), row + dy * (n + 1)) == Some(ci)
                    {
                        n += 1;
                    }
                    n
                };
                let horizontal = run(-1, 0, need_x).min(run(1, 0, need_x));
                let vertical = run(0, -1, need_y).min(run(0, 1, need_y));
                if horizontal >= need_x && vertical >= need_y {
                    let c = self.cell;
                    // Prefer spots with some room to spare, then near the centre; ties keep
                    // scan order (stable sort), so the choice is deterministic.
                    let slack = (horizontal - need_x).min(2) + (vertical - need_y).min(2);
                    let dist = (col as f64 - cx).powi(2) + (row as f64 - cy).powi(2);
                    spots.push((
                        slack,
                        dist,
                        ((col as f64 + 0.5) * c, (row as f64 + 0.5) * c),
                    ));
                }
            }
        }
        spots.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.total_cmp(&b.1)));
        spots.into_iter().map(|s| s.2).collect()
    }
}

fn killed_text(k: Option<u32>) -> String {
    match k {
        Some(1) => "1 killed".into(),
        Some(k) => format!("{} killed", fmt::int(u64::from(k))),
        None => "toll not stated".into(),
    }
}

fn marker_title(p: &MapPoint) -> String {
    let mut t = if p.count > 1 {
        format!(
            "{}: {} incidents, latest {}; {} in all",
            p.place,
            fmt::int(p.count as u64),
            p.date,
            killed_text(p.killed)
        )
    } else {
        format!("{}, {}: {}", p.place, p.date, killed_text(p.killed))
    };
    if p.approximate {
        t.push_str(" (location approximate)");
    }
    t
}

/// Sample tolls for the legend: up to three round values not above the largest toll.
fn legend_values(max: u32) -> Vec<u32> {
    let candidates = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];
    let usable: Vec<u32> = candidates
        .into_iter()
        .filter(|v| *v <= max.max(1))
        .collect();
    match usable.len() {
        0..=3 => usable,
        n => vec![usable[0], usable[n / 2], usable[n - 1]],
    }
}

/// Draw a map of `all` (every located incident of the briefing) with `opts`.
/// `None` when there is nothing to show (no located incident for a fitted map).
pub fn draw(all: &[MapPoint], opts: &MapOptions) -> Option<MapView> {
    draw_in(&MapIndex::new(all), opts)
}

/// The located incidents of a briefing, indexed for drawing many maps of them: by
/// longitude, so that a zoomed map looks only at the points near it, with the largest toll
/// (one marker scale for every map), and with the drawn country outlines of each window
/// cached — the incidents of one place share their zoomed window, so the outlines, their
/// clipping and the label grid are computed once per place, not once per page.
pub struct MapIndex<'a> {
    all: &'a [MapPoint],
    /// The incidents grouped by spot (same coordinates and place), in the order of their
    /// first incident: one marker each unless one of them is highlighted.
    spots: Vec<Spot>,
    /// Incident id → index into `all`.
    by_id: HashMap<&'a str, usize>,
    /// Index into `spots` of each point of `all`.
    spot_of: Vec<usize>,
    /// (longitude, index into `spots`), sorted.
    by_lon: Vec<(f64, usize)>,
    /// Fingerprint of each spot's incidents (see [`MapIndex::fingerprint_around`]), made
    /// when first asked for: `briefing serve`'s early pages need none.
    spot_fps: OnceLock<Vec<u64>>,
    max_killed: u32,
    /// The base layers drawn lately, oldest first in the queue: a few hundred kilobytes
    /// each, so only the last [`BASES_KEPT`] are kept (pages near each other on the map
    /// are rendered together; see `site::render_into`).
    bases: Mutex<(HashMap<BaseKey, Arc<Base>>, VecDeque<BaseKey>)>,
}

/// How many base layers a [`MapIndex`] keeps.
const BASES_KEPT: usize = 8;

/// The incidents at one spot.
struct Spot {
    /// The marker standing for all of them.
    point: MapPoint,
    /// Indexes into the points, in order.
    members: Vec<usize>,
}

/// One marker for several incidents at one spot: the latest (points come in chronological
/// order) represents it, tolls add up, and it links to the place's page. Called with at
/// least one point.
fn aggregate(group: &[&MapPoint]) -> MapPoint {
    let (Some(first), Some(latest)) = (group.first(), group.last()) else {
        return MapPoint {
            id: String::new(),
            href: String::new(),
            place: String::new(),
            country: None,
            date: String::new(),
            lat: 0.0,
            lon: 0.0,
            killed: None,
            approximate: false,
            place_href: None,
            count: 0,
        };
    };
    if group.len() == 1 {
        return (*first).clone();
    }
    MapPoint {
        href: first
            .place_href
            .clone()
            .unwrap_or_else(|| latest.href.clone()),
        date: latest.date.clone(),
        killed: group
            .iter()
            .filter_map(|p| p.killed)
            .reduce(|a, b| a.saturating_add(b)),
        count: group.len(),
        approximate: group.iter().any(|p| p.approximate),
        ..(*first).clone()
    }
}

/// A window, its width and the emphasised countries: what the base layer depends on.
type BaseKey = ([u64; 6], Vec<String>);

/// The part of a map that does not depend on the markers.
struct Base {
    shapes: Vec<(usize, Vec<Vec<(f64, f64)>>)>,
    countries: Arc<[Shape]>,
    basemap: Arc<str>,
    grid: Grid,
    /// Candidate label spots per (country, label width, label height), computed on demand.
    spots: Mutex<HashMap<(usize, u64, u64), Arc<Vec<(f64, f64)>>>>,
}

impl Base {
    fn label_spots(&self, ci: usize, w: f64, h: f64) -> Arc<Vec<(f64, f64)>> {
        let key = (ci, w.to_bits(), h.to_bits());
        if let Some(s) = self
            .spots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&key)
        {
            return Arc::clone(s);
        }
        let spots = Arc::new(self.grid.label_spots(ci, w, h));
        self.spots
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, Arc::clone(&spots));
        spots
    }
}

impl<'a> MapIndex<'a> {
    pub fn new(all: &'a [MapPoint]) -> MapIndex<'a> {
        let mut members: Vec<Vec<usize>> = Vec::new();
        let mut at: HashMap<(u64, u64, &str), usize> = HashMap::new();
        let mut spot_of = Vec::with_capacity(all.len());
        for (i, p) in all.iter().enumerate() {
            let key = (p.lat.to_bits(), p.lon.to_bits(), p.place.as_str());
            let s = *at.entry(key).or_insert_with(|| {
                members.push(Vec::new());
                members.len() - 1
            });
            members[s].push(i);
            spot_of.push(s);
        }
        let spots: Vec<Spot> = members
            .into_iter()
            .map(|m| Spot {
                point: aggregate(&m.iter().map(|&i| &all[i]).collect::<Vec<_>>()),
                members: m,
            })
            .collect();
        let mut by_lon: Vec<(f64, usize)> = spots
            .iter()
            .enumerate()
            .map(|(i, s)| (s.point.lon, i))
            .collect();
        by_lon.sort_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
        MapIndex {
            all,
            spot_fps: OnceLock::new(),
            spots,
            by_id: all
                .iter()
                .enumerate()
                .map(|(i, p)| (p.id.as_str(), i))
                .collect(),
            spot_of,
            by_lon,
            max_killed: all.iter().filter_map(|p| p.killed).max().unwrap_or(1),
            bases: Mutex::new((HashMap::new(), VecDeque::new())),
        }
    }

    /// A fingerprint of everything a map framed `Around` (`lat`, `lon`, `span`) at `width`
    /// shows: the incidents of exactly the spots inside its window (what
    /// [`draw_in`] draws), the number of located incidents (the count "outside the map") and
    /// the marker scale. A page whose map inputs are unchanged keeps its fingerprint.
    ///
    /// Exact rather than a band of longitude: with a band, one changed toll changed the
    /// fingerprint of nearly every incident page of a region, and all were rendered again
    /// for the few hundred whose map shows it.
    pub fn fingerprint_around(&self, lat: f64, lon: f64, span: f64, width: f64) -> u64 {
        let frame = Frame::Around { lat, lon, span };
        let spots = frame_window(&[], frame, map_width(width))
            .map(|win| self.spots_inside(&win))
            .unwrap_or_default();
        super::fingerprint::combine(
            [
                u64::from(self.max_killed),
                self.all.len() as u64,
                spots.len() as u64,
            ]
            .into_iter()
            .chain(spots.into_iter().map(|s| self.spot_fps()[s])),
        )
    }

    /// The spots whose point lies inside `win` (a spot's incidents share its coordinates,
    /// so they fall inside or outside with it), in their original order.
    fn spots_inside(&self, win: &Window) -> Vec<usize> {
        let (west, _, east, _) = win.bounds();
        self.between(west - 1.0, east + 1.0)
            .into_iter()
            .filter(|s| {
                let p = &self.spots[*s].point;
                win.contains(win.project(p.lon, p.lat))
            })
            .collect()
    }

    /// A fingerprint of every located incident (what a fitted map may show).
    pub fn fingerprint(&self) -> u64 {
        super::fingerprint::combine(
            std::iter::once(u64::from(self.max_killed)).chain(self.spot_fps().iter().copied()),
        )
    }

    fn spot_fps(&self) -> &[u64] {
        self.spot_fps.get_or_init(|| {
            self.spots
                .iter()
                .map(|s| {
                    let members: Vec<&MapPoint> = s.members.iter().map(|&i| &self.all[i]).collect();
                    super::fingerprint::hashed(&members)
                })
                .collect()
        })
    }

    /// The located incident with this id.
    pub fn point(&self, id: &str) -> Option<&'a MapPoint> {
        self.by_id.get(id).map(|&i| &self.all[i])
    }

    /// The spots whose longitude lies in `west..=east`, in their original order.
    fn between(&self, west: f64, east: f64) -> Vec<usize> {
        let from = self.by_lon.partition_point(|(lon, _)| *lon < west);
        let to = self.by_lon.partition_point(|(lon, _)| *lon <= east);
        let mut idx: Vec<usize> = self.by_lon[from..to.max(from)]
            .iter()
            .map(|(_, i)| *i)
            .collect();
        idx.sort_unstable();
        idx
    }

    /// The markers of a map before projection: a marker per spot, except that the
    /// highlighted incidents of a spot are drawn apart from the rest of it: on their own
    /// when there is one (linking to its page), else as one highlighted marker standing for
    /// all of them (linking to the place's page). An actor's map highlights thousands of
    /// incidents at a few hundred spots: one marker each drew circles stacked on circles,
    /// megabytes of them.
    fn markers(&self, spots: &[usize], highlight: &BTreeSet<String>) -> Vec<MapPoint> {
        let mut split: BTreeMap<usize, Vec<usize>> = BTreeMap::new();
        for id in highlight {
            if let Some(&i) = self.by_id.get(id.as_str()) {
                split.entry(self.spot_of[i]).or_default().push(i);
            }
        }
        let mut out = Vec::with_capacity(spots.len() + split.len());
        for &s in spots {
            let spot = &self.spots[s];
            match split.get(&s) {
                None => out.push(spot.point.clone()),
                Some(current) => {
                    let mut current = current.clone();
                    current.sort_unstable();
                    let highlighted: Vec<&MapPoint> =
                        current.iter().map(|&i| &self.all[i]).collect();
                    out.push(aggregate(&highlighted));
                    let others: Vec<&MapPoint> = spot
                        .members
                        .iter()
                        .filter(|i| current.binary_search(i).is_err())
                        .map(|&i| &self.all[i])
                        .collect();
                    if !others.is_empty() {
                        out.push(aggregate(&others));
                    }
                }
            }
        }
        out
    }

    fn base(&self, win: &Window, width: f64, emphasis: &BTreeSet<String>) -> Arc<Base> {
        let key: BaseKey = (
            [
                win.west.to_bits(),
                win.north.to_bits(),
                win.k.to_bits(),
                win.width.to_bits(),
                win.height.to_bits(),
                width.to_bits(),
            ],
            emphasis.iter().cloned().collect(),
        );
        if let Some(b) = self
            .bases
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .0
            .get(&key)
        {
            return Arc::clone(b);
        }
        let base = Arc::new(draw_base(win, width, emphasis));
        let mut guard = self.bases.lock().unwrap_or_else(|e| e.into_inner());
        let (kept, order) = &mut *guard;
        if kept.insert(key.clone(), Arc::clone(&base)).is_none() {
            order.push_back(key);
            while order.len() > BASES_KEPT {
                if let Some(oldest) = order.pop_front() {
                    kept.remove(&oldest);
                }
            }
        }
        base
    }
}

/// Countries meeting the window, clipped to it (with a margin so that clipped edges and
/// their strokes stay outside the picture), and the grid that places their labels.
fn draw_base(win: &Window, width: f64, emphasis: &BTreeSet<String>) -> Base {
    let (w, h) = (win.width, win.height);
    let (west, south, east, north) = win.bounds();
    let pad = 8.0;
    let mut shapes: Vec<(usize, Vec<Vec<(f64, f64)>>)> = Vec::new();
    for (ci, c) in REGION.iter().enumerate() {
        let (cw, cs, ce, cn) = c.bbox;
        if ce < west || cw > east || cn < south || cs > north {
            continue;
        }
        let rings: Vec<Vec<(f64, f64)>> = c
            .rings
            .iter()
            .map(|r| {
                let projected: Vec<(f64, f64)> =
                    r.iter().map(|&(lon, lat)| win.project(lon, lat)).collect();
                // Not below the map: the legend band is there.
                clip(&projected, -pad, -pad, w + pad, h)
            })
            .filter(|r| r.len() >= 3)
            .collect();
        if !rings.is_empty() {
            shapes.push((ci, rings));
        }
    }
    let countries: Vec<Shape> = shapes
        .iter()
        .filter_map(|(ci, rings)| {
            let c = &REGION[*ci];
            let d = path(rings);
            (!d.is_empty()).then(|| Shape {
                d,
                class: if emphasis.contains(&c.iso) {
                    "land focus".into()
                } else {
                    "land".into()
                },
                name: c.name.clone(),
            })
        })
        .collect();
    let grid = Grid::build(&shapes, w, h, if width < 560.0 { 6.0 } else { 8.0 });
    Base {
        shapes,
        basemap: basemap_svg(&countries).into(),
        countries: countries.into(),
        grid,
        spots: Mutex::new(HashMap::new()),
    }
}

/// The drawing's width: `requested`, or 640 when it is not a sensible width.
fn map_width(requested: f64) -> f64 {
    if requested.is_finite() && requested >= 200.0 {
        requested
    } else {
        640.0
    }
}

/// [`draw`] from an index shared by the maps of one site.
pub fn draw_in(index: &MapIndex, opts: &MapOptions) -> Option<MapView> {
    let all = index.all;
    let width = map_width(opts.width);
    // Only a fitted frame depends on the points it frames.
    let focus: Vec<&MapPoint> = match opts.frame {
        Frame::Around { .. } => Vec::new(),
        Frame::Fit if opts.highlight.is_empty() => all.iter().collect(),
        Frame::Fit => all
            .iter()
            .filter(|p| opts.highlight.contains(&p.id))
            .collect(),
    };
    let win = frame_window(&focus, opts.frame, width)?;
    let (w, h) = (win.width, win.height);
    // Type sizes in user units. The narrow drawing is shown at about three quarters of its
    // size on a phone, so its type is larger.
    let font = if width < 560.0 { 15.0 } else { 13.0 };
    let base = index.base(&win, width, &opts.emphasis);
    let shapes = &base.shapes;
    let countries = Arc::clone(&base.countries);
    let basemap = Arc::clone(&base.basemap);
    // Only spots inside the window are drawn. Testing a spot's own point before its markers
    // are made saves copying the thousands a zoomed map leaves out.
    let candidates: Vec<usize> = match opts.frame {
        Frame::Around { .. } => index.spots_inside(&win),
        Frame::Fit => (0..index.spots.len()).collect(),
    };
    let markers = index.markers(&candidates, &opts.highlight);

    // Markers: largest first so that small ones stay on top and clickable.
    let max_killed = index.max_killed;
    let scale = RadiusScale::new(width, max_killed);
    let shown: Vec<(MapPoint, (f64, f64), f64)> = markers
        .into_iter()
        .filter_map(|p| {
            let xy = win.project(p.lon, p.lat);
            let r = scale.radius(p.killed);
            win.contains(xy).then_some((p, xy, r))
        })
        .collect();
    let mut outside = all.len() - shown.iter().map(|s| s.0.count).sum::<usize>();
    let spots = keep_nearby(shown, opts, &win, &mut outside);
    let shown: Vec<(&MapPoint, (f64, f64), f64)> =
        spots.iter().map(|(p, xy, r)| (p, *xy, *r)).collect();
    let highlighted = |p: &MapPoint| !opts.highlight.is_empty() && opts.highlight.contains(&p.id);
    let mut shown = shown;
    shown.sort_by(|a, b| {
        // Faint markers under highlighted ones, then larger under smaller, then by id.
        highlighted(a.0)
            .cmp(&highlighted(b.0))
            .then(b.2.total_cmp(&a.2))
            .then_with(|| a.0.id.cmp(&b.0.id))
    });
    let markers: Vec<Marker> = shown
        .iter()
        .map(|(p, (x, y), r)| {
            let mut class = vec!["marker"];
            if matches!(p.killed, Some(k) if k > 0) {
                class.push("killed");
            } else {
                class.push("no-toll");
            }
            if !opts.highlight.is_empty() {
                class.push(if highlighted(p) { "current" } else { "other" });
            }
            if p.approximate {
                class.push("approx");
            }
            Marker {
                id: p.id.clone(),
                href: p.href.clone(),
                title: marker_title(p),
                cx: num(*x),
                cy: num(*y),
                r: num(*r),
                class: class.join(" "),
                halo: highlighted(p).then(|| num(r + 4.0)),
            }
        })
        .collect();

    // Labels: places first (highlighted ones, then by toll), then countries where they fit.
    let mut taken: Vec<Rect> = shown
        .iter()
        .filter(|(p, _, _)| opts.highlight.is_empty() || highlighted(p))
        .map(|(_, (x, y), r)| (x - r, y - r, x + r, y + r))
        .collect();
    let mut labels = Vec::new();
    let mut order: Vec<&(&MapPoint, (f64, f64), f64)> = shown.iter().collect();
    order.sort_by(|a, b| {
        highlighted(b.0)
            .cmp(&highlighted(a.0))
            .then(b.2.total_cmp(&a.2))
            .then_with(|| a.0.id.cmp(&b.0.id))
    });
    let mut named: BTreeSet<&str> = BTreeSet::new();
    for (p, (x, y), r) in order {
        let place_font = if highlighted(p) {
            font + 1.0
        } else {
            font - 1.0
        };
        if !opts.highlight.is_empty() && !highlighted(p) {
            continue;
        }
        if !named.insert(p.place.as_str()) {
            continue;
        }
        let ty = y + place_font * 0.35;
        let gap = if highlighted(p) { 7.0 } else { 3.0 };
        let right = (x + r + gap, "start");
        let left = (x - r - gap, "end");
        for (tx, anchor) in [right, left] {
            let b = text_box(tx, ty, &p.place, place_font, anchor);
            let fits = b.0 >= 0.0 && b.2 <= w && b.1 >= 0.0 && b.3 <= h;
            let own = (x - r, y - r, x + r, y + r);
            if fits && !taken.iter().any(|t| *t != own && overlaps(t, &b)) {
                taken.push(b);
                labels.push(Label {
                    x: num(tx),
                    y: num(ty),
                    text: p.place.clone(),
                    class: if highlighted(p) {
                        "place current".into()
                    } else {
                        "place".into()
                    },
                    anchor: anchor.into(),
                    size: num(place_font),
                });
                break;
            }
        }
    }
    // Country names keep clear of every marker, and well clear of a highlighted one.
    for (p, (x, y), r) in &shown {
        let m = if highlighted(p) { r + 22.0 } else { r + 3.0 };
        taken.push((x - m, y - m, x + m, y + m));
    }
    // Emphasised countries are labelled first, so they get the best spots.
    let mut label_order: Vec<usize> = shapes.iter().map(|(ci, _)| *ci).collect();
    label_order.sort_by_key(|ci| {
        (
            !opts.emphasis.contains(&REGION[*ci].iso),
            REGION[*ci].iso.clone(),
        )
    });
    for ci in label_order {
        let c = &REGION[ci];
        let focus = opts.emphasis.contains(&c.iso);
        let size = if focus { font + 1.0 } else { font - 1.0 };
        let names = std::iter::once(c.name.as_str()).chain(c.short.as_deref());
        'names: for text in names {
            let tw = text.chars().count() as f64 * size * 0.58 + 6.0;
            for &(x, y) in base.label_spots(ci, tw, size * 1.2).iter() {
                let ty = y + size * 0.35;
                let b = text_box(x, ty, text, size, "middle");
                if taken.iter().any(|t| overlaps(t, &b)) {
                    continue;
                }
                taken.push(b);
                labels.push(Label {
                    x: num(x),
                    y: num(ty),
                    text: text.to_string(),
                    class: if focus {
                        "country focus".into()
                    } else {
                        "country".into()
                    },
                    anchor: "middle".into(),
                    size: num(size),
                });
                break 'names;
            }
        }
    }

    // Legend band under the map: the title, then sample sizes and the hollow ring, on one
    // row when they fit the width, else the title on a row of its own (never clipped).
    let values = legend_values(max_killed);
    let big = values.last().map(|v| scale.radius(Some(*v))).unwrap_or(5.0);
    let row = (2.0 * big + 16.0).max(30.0);
    let legend_font = font - 1.0;
    let advance = legend_font * 0.58;
    let title_text = "Killed (best estimate):";
    let title_w = title_text.chars().count() as f64 * advance + 10.0;
    let r0 = scale.radius(None);
    let mut items: Vec<(f64, String, &str)> = values
        .iter()
        .map(|v| {
            (
                scale.radius(Some(*v)),
                fmt::int(u64::from(*v)),
                "marker killed",
            )
        })
        .collect();
    items.push((r0, "none or not stated".into(), "marker no-toll"));
    let items_w: f64 = items
        .iter()
        .map(|(r, t, _)| 2.0 * r + 10.0 + t.chars().count() as f64 * advance)
        .sum();
    let one_row = 8.0 + title_w + items_w <= w - 4.0;
    let (title_y, cy, x0, band) = if one_row {
        let cy = h + row / 2.0 + 4.0;
        (cy + legend_font * 0.35, cy, 8.0 + title_w, row)
    } else {
        let title_y = h + legend_font + 8.0;
        let cy = title_y + row / 2.0;
        (title_y, cy, 8.0, row + legend_font + 8.0)
    };
    let mut x = x0;
    let mut legend = Vec::new();
    for (r, text, class) in items {
        legend.push(LegendItem {
            cx: num(x + r),
            cy: num(cy),
            r: num(r),
            class: class.into(),
            tx: num(x + 2.0 * r + 4.0),
            ty: num(cy + legend_font * 0.35),
            text: text.clone(),
        });
        x += 2.0 * r + 10.0 + text.chars().count() as f64 * advance;
    }
    let legend_title = Label {
        x: "8".into(),
        y: num(title_y),
        text: title_text.into(),
        class: "legend-title".into(),
        anchor: "start".into(),
        size: num(legend_font),
    };

    let summary = summary(opts, &shown, outside, all.len());
    Some(MapView {
        width: num(w),
        height: num(h + band + 8.0),
        map_height: num(h),
        class: opts.class.clone(),
        countries,
        basemap,
        labels,
        markers,
        legend,
        legend_title,
        legend_line: num(h),
        summary,
        outside,
    })
}

/// At most this many faint markers around the highlighted incidents of a zoomed map: the
/// nearest spots, enough for context; a dense region would otherwise put thousands of
/// markers on every incident page.
const NEARBY: usize = 30;

/// On a map with highlighted incidents keep only the [`NEARBY`] other markers closest to
/// the centre (the incidents of the others count as `outside`).
fn keep_nearby(
    mut spots: Vec<(MapPoint, (f64, f64), f64)>,
    opts: &MapOptions,
    win: &Window,
    outside: &mut usize,
) -> Vec<(MapPoint, (f64, f64), f64)> {
    if !opts.highlight.is_empty() {
        let (cx, cy) = (win.width / 2.0, win.height / 2.0);
        let dist = |(x, y): (f64, f64)| (x - cx).powi(2) + (y - cy).powi(2);
        let (current, mut faint): (Vec<_>, Vec<_>) = spots
            .into_iter()
            .partition(|(p, _, _)| opts.highlight.contains(&p.id));
        let nearer = |a: &(MapPoint, (f64, f64), f64), b: &(MapPoint, (f64, f64), f64)| {
            dist(a.1)
                .total_cmp(&dist(b.1))
                .then_with(|| a.0.id.cmp(&b.0.id))
        };
        // The nearest first; only they need sorting (spot ids are unique, so the order is
        // total and the same as sorting everything).
        if faint.len() > NEARBY {
            faint.select_nth_unstable_by(NEARBY, nearer);
            faint[..NEARBY].sort_by(nearer);
        } else {
            faint.sort_by(nearer);
        }
        for (p, _, _) in faint.iter().skip(NEARBY) {
            *outside += p.count;
        }
        faint.truncate(NEARBY);
        spots = current.into_iter().chain(faint).collect();
    }
    spots
}

/// The text alternative: what the map shows, in words, with the largest tolls.
fn summary(
    opts: &MapOptions,
    shown: &[(&MapPoint, (f64, f64), f64)],
    outside: usize,
    total: usize,
) -> String {
    // Incidents, not markers: one marker may stand for several incidents at one spot.
    let n: usize = shown.iter().map(|s| s.0.count).sum();
    let plural = |n: usize, word: &str| {
        format!(
            "{} {word}{}",
            fmt::int(n as u64),
            if n == 1 { "" } else { "s" }
        )
    };
    let mut s = format!("Map of {}", opts.subject);
    if opts.highlight.is_empty() {
        s.push_str(&format!(
            " with {} marked, sized by fatalities",
            plural(n, "incident")
        ));
        let mut top: Vec<&MapPoint> = shown
            .iter()
            .map(|s| s.0)
            .filter(|p| p.killed.unwrap_or(0) > 0)
            .collect();
        top.sort_by(|a, b| b.killed.cmp(&a.killed).then_with(|| a.id.cmp(&b.id)));
        let top: Vec<String> = top
            .iter()
            .take(3)
            .map(|p| format!("{} ({})", p.place, killed_text(p.killed)))
            .collect();
        if !top.is_empty() {
            s.push_str(&format!("; largest tolls: {}", top.join(", ")));
        }
        s.push('.');
    } else {
        let current: Vec<&MapPoint> = shown
            .iter()
            .map(|s| s.0)
            .filter(|p| opts.highlight.contains(&p.id))
            .collect();
        // Incidents again: a highlighted marker may stand for several.
        let others = n - current.iter().map(|p| p.count).sum::<usize>();
        let current: Vec<String> = current.into_iter().map(marker_title).collect();
        s.push_str(&format!(
            ": {}",
            if current.is_empty() {
                "no located incident".into()
            } else {
                current.join("; ")
            }
        ));
        if others > 0 {
            s.push_str(&format!(
                "; {} nearby shown faint",
                plural(others, "other incident")
            ));
        }
        s.push('.');
    }
    let _ = total;
    if outside > 0 && opts.highlight.is_empty() {
        s.push_str(&format!(
            " {} outside the area shown.",
            plural(outside, "incident")
        ));
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pt(id: &str, lat: f64, lon: f64, killed: Option<u32>) -> MapPoint {
        MapPoint {
            id: id.into(),
            href: format!("incidents/{id}.html"),
            place: id.to_uppercase(),
            country: Some("ML".into()),
            date: "1 Jan 2024".into(),
            lat,
            lon,
            killed,
            approximate: false,
            place_href: None,
            count: 1,
        }
    }

    fn opts(frame: Frame, highlight: &[&str]) -> MapOptions {
        MapOptions {
            width: 640.0,
            frame,
            highlight: highlight.iter().map(|s| s.to_string()).collect(),
            emphasis: ["ML".to_string()].into_iter().collect(),
            class: "map-test".into(),
            subject: "Mali".into(),
        }
    }

    #[test]
    fn bundled_outlines_parse_and_cover_the_region() {
        let isos: BTreeSet<&str> = REGION.iter().map(|c| c.iso.as_str()).collect();
        for iso in [
            "ML", "BF", "NE", "MR", "SN", "GN", "CI", "GH", "TG", "BJ", "NG", "TD", "DZ", "LY",
        ] {
            assert!(
                isos.contains(iso),
                "{iso} missing from data/map/region.json"
            );
        }
        // Bamako lies in Mali's outline.
        let mali = REGION.iter().find(|c| c.iso == "ML").expect("Mali");
        let win = Window::new(-8.0, 12.65, 4.0, 3.0, 400.0);
        let rings: Vec<Vec<(f64, f64)>> = mali
            .rings
            .iter()
            .map(|r| r.iter().map(|&(a, b)| win.project(a, b)).collect())
            .collect();
        let grid = Grid::build(&[(0, rings)], win.width, win.height, 4.0);
        let (x, y) = win.project(-8.0, 12.65);
        assert_eq!(grid.at((x / 4.0) as isize, (y / 4.0) as isize), Some(0));
    }

    #[test]
    fn paths_are_relative_and_land_on_the_rounded_points() {
        let ring = vec![
            (367.14, 344.0),
            (367.7, 340.26),
            (364.9, 313.7),
            (364.91, 313.7),
        ];
        // The last point rounds onto the one before it and is dropped.
        assert_eq!(path(&[ring]), "M367.1 344l.6-3.7-2.8-26.6Z");
        // Fewer than three distinct points draw nothing.
        assert_eq!(path(&[vec![(0.0, 0.0), (0.01, 0.0), (1.0, 1.0)]]), "");
        assert_eq!(
            path(&[vec![(0.0, 0.0), (10.0, 0.0), (10.0, 10.0)]]),
            "M0 0l10 0 0 10Z"
        );
    }

    #[test]
    fn numbers_are_fixed_and_never_negative_zero() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(-0.04), "0");
        assert_eq!(num(12.345), "12.3");
        assert_eq!(num(-3.26), "-3.3");
        assert_eq!(num(f64::NAN), "0");
    }

    #[test]
    fn radius_grows_with_fatalities_and_zero_is_distinct() {
        let s = RadiusScale::new(640.0, 5000);
        let mut prev = 0.0;
        for k in [1, 2, 5, 10, 50, 100, 1000, 5000] {
            let r = s.radius(Some(k));
            assert!(r > prev, "{k}: {r} <= {prev}");
            prev = r;
        }
        assert!(prev <= 20.0 + 1e-9);
        assert_eq!(s.radius(Some(0)), s.radius(None));
    }

    #[test]
    fn clipping_keeps_the_inside() {
        let square = vec![(-10.0, -10.0), (10.0, -10.0), (10.0, 10.0), (-10.0, 10.0)];
        let c = clip(&square, 0.0, 0.0, 5.0, 5.0);
        assert!(
            c.iter()
                .all(|&(x, y)| (0.0..=5.0).contains(&x) && (0.0..=5.0).contains(&y))
        );
        assert_eq!(c.len(), 4);
        assert!(clip(&square, 20.0, 20.0, 30.0, 30.0).is_empty());
    }

    #[test]
    fn fitted_map_shows_every_point_and_is_deterministic() {
        let all = vec![
            pt("a", 12.65, -8.0, Some(70)),
            pt("b", 14.73, -6.12, Some(0)),
            pt("c", 19.9, 2.9, None),
        ];
        let m = draw(&all, &opts(Frame::Fit, &[])).expect("a map");
        assert_eq!(m.markers.len(), 3);
        assert_eq!(m.outside, 0);
        assert!(m.countries.iter().any(|c| c.class == "land focus"));
        assert!(m.labels.iter().any(|l| l.text == "Mali"), "{:?}", m.labels);
        assert!(m.summary.contains("3 incidents") && m.summary.contains("A (70 killed)"));
        assert_eq!(draw(&all, &opts(Frame::Fit, &[])), Some(m));
        assert!(draw(&[], &opts(Frame::Fit, &[])).is_none());
    }

    #[test]
    fn legend_never_runs_off_the_drawing() {
        for (width, max) in [(480.0, 5), (480.0, 5000), (960.0, 5000), (320.0, 300)] {
            let all = vec![
                pt("a", 12.65, -8.0, Some(max)),
                pt("b", 14.0, -4.0, Some(1)),
            ];
            let mut o = opts(Frame::Fit, &[]);
            o.width = width;
            let m = draw(&all, &o).expect("a map");
            let w: f64 = m.width.parse().expect("width");
            let h: f64 = m.height.parse().expect("height");
            for it in &m.legend {
                let (cx, cy, r): (f64, f64, f64) = (
                    it.cx.parse().unwrap(),
                    it.cy.parse().unwrap(),
                    it.r.parse().unwrap(),
                );
                let tx: f64 = it.tx.parse().unwrap();
                let size: f64 = m.legend_title.size.parse().unwrap();
                let end = tx + it.text.chars().count() as f64 * size * 0.58;
                assert!(cx + r <= w && end <= w, "{width}/{max}: {it:?} beyond {w}");
                assert!(cy + r <= h, "{width}/{max}: {it:?} below {h}");
            }
        }
    }

    #[test]
    fn zoomed_map_highlights_and_drops_far_points() {
        let all = vec![
            pt("a", 12.65, -8.0, Some(6)),
            pt("b", 12.74, -8.07, Some(1)),
            pt("c", 19.9, 2.9, Some(50)),
        ];
        let o = opts(
            Frame::Around {
                lat: 12.65,
                lon: -8.0,
                span: 6.0,
            },
            &["a"],
        );
        let m = draw(&all, &o).expect("a map");
        assert_eq!(m.markers.len(), 2);
        assert_eq!(m.outside, 1);
        let a = m.markers.iter().find(|x| x.id == "a").expect("a");
        assert!(a.class.contains("current"));
        assert!(
            m.markers
                .iter()
                .find(|x| x.id == "b")
                .expect("b")
                .class
                .contains("other")
        );
        // Highlighted marker drawn last (on top).
        assert_eq!(m.markers.last().map(|x| x.id.as_str()), Some("a"));
        assert!(
            m.labels
                .iter()
                .any(|l| l.text == "A" && l.class.contains("current"))
        );
    }

    /// An actor's or a place's map highlights many incidents, often several at one spot:
    /// one highlighted marker stands for those, apart from the spot's other incidents.
    #[test]
    fn highlighted_incidents_at_one_spot_are_one_marker() {
        let at_kati = |id: &str, killed| MapPoint {
            place: "Kati".into(),
            place_href: Some("places/kati.html".into()),
            ..pt(id, 12.74, -8.07, Some(killed))
        };
        let all = vec![
            at_kati("k1", 3),
            at_kati("k2", 4),
            at_kati("k3", 10),
            pt("far", 14.5, -4.2, Some(2)),
        ];
        let m = draw(&all, &opts(Frame::Fit, &["k1", "k3", "far"])).expect("a map");
        let current: Vec<&Marker> = m
            .markers
            .iter()
            .filter(|x| x.class.contains("current"))
            .collect();
        assert_eq!(current.len(), 2, "{:?}", m.markers);
        let kati = current
            .iter()
            .find(|x| x.href.contains("kati"))
            .expect("Kati");
        assert!(kati.title.contains("2 incidents"), "{}", kati.title);
        assert!(kati.title.contains("13 killed"), "{}", kati.title);
        // The spot's other incident stays apart, faint, and links to its own page.
        let other = m
            .markers
            .iter()
            .find(|x| x.class.contains("other"))
            .expect("k2 apart");
        assert!(other.title.contains("4 killed"), "{}", other.title);
        assert_eq!(m.markers.len(), 3);
        // The description counts incidents: three highlighted, one other.
        assert!(
            m.summary.contains("1 other incident nearby"),
            "{}",
            m.summary
        );
        // A single highlighted incident is still its own marker, linking to its page.
        let one = draw(&all, &opts(Frame::Fit, &["k2"])).expect("a map");
        let k2 = one.markers.iter().find(|x| x.id == "k2").expect("k2");
        assert!(k2.class.contains("current") && k2.href.ends_with("k2.html"));
    }

    #[test]
    fn a_zoomed_maps_fingerprint_changes_exactly_when_what_it_draws_does() {
        let frame = Frame::Around {
            lat: 12.65,
            lon: -8.0,
            span: 5.0,
        };
        let points = |b: u32, d: u32| {
            vec![
                pt("a", 12.65, -8.0, Some(3)),
                pt("b", 12.74, -8.07, Some(b)),
                pt("c", 19.9, 2.9, Some(50)),
                // Outside the window, but near enough in longitude that a band around the
                // centre would include it.
                pt("d", 12.65, -2.5, Some(d)),
            ]
        };
        let seen = |all: &[MapPoint]| {
            let index = MapIndex::new(all);
            let fp = index.fingerprint_around(12.65, -8.0, 5.0, 480.0);
            let mut o = opts(frame, &["a"]);
            o.width = 480.0;
            let svg = draw_in(&index, &o).expect("a map").svg("");
            (fp, svg)
        };
        let (fp, svg) = seen(&points(1, 1));
        assert!(svg.contains("incidents/b.html"), "b is drawn: {svg}");
        assert!(
            !svg.contains("incidents/d.html"),
            "d lies outside the window: {svg}"
        );
        assert_eq!(seen(&points(1, 1)), (fp, svg.clone()), "deterministic");
        // A toll outside the window changes neither the drawing nor its fingerprint.
        assert_eq!(seen(&points(1, 7)), (fp, svg.clone()));
        // A toll inside it changes both.
        let (fp_b, svg_b) = seen(&points(2, 1));
        assert_ne!(svg_b, svg);
        assert_ne!(fp_b, fp);
    }
}
