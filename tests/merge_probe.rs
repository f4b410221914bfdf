//! Diagnostic probe (ignored by default): dumps every incident of a site with the figures of
//! each report, to see how consolidation combines them.
//! `PROBE_ROOT=/tmp/merge-corpus cargo test --test merge_probe -- --ignored`
//! writes `$PROBE_ROOT.probe.json`.

#[test]
#[ignore]
fn dump_incident_figures() {
    let Ok(root) = std::env::var("PROBE_ROOT") else {
        return;
    };
    let analysed = briefing::build::analyse(std::path::Path::new(&root)).expect("analyse");
    let out: Vec<serde_json::Value> = analysed
        .incidents
        .iter()
        .map(|i| {
            serde_json::json!({
                "id": i.id,
                "fatalities": i.fatalities.map(|e| [e.low, e.best, e.high]),
                "reports": i.reports.iter().map(|r| serde_json::json!({
                    "article": r.article,
                    "headline": r.mention.headline,
                    "figures": r.mention.figures,
                })).collect::<Vec<_>>(),
            })
        })
        .collect();
    std::fs::write(
        format!("{root}.probe.json"),
        serde_json::to_string_pretty(&out).expect("json"),
    )
    .expect("write");
}
