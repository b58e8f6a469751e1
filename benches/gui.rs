//! GUI benchmark: `cargo bench --bench gui`.
//!
//! `gui/frame_after_edit`: the 2,400-lease sample open in a headless kittest harness; one
//! iteration changes the base scenario's CDR (a pool-side assumption, so the projection is
//! redone) and runs frames until the figures on screen are those of the edited deal. It
//! measures what a user waits for between letting go of the slider and seeing new figures:
//! the command, the request to the compute thread, the projection and waterfall there, and
//! the frames that pick the result up and draw it.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use std::path::Path;
use std::time::Duration;
use tranche_studio::app::{Command, Lang, Options, Settings, Startup, TrancheApp, install_fonts};
use tranche_studio::model::Curve;

fn harness() -> Harness<'static, TrancheApp> {
    let deal = Path::new(env!("CARGO_MANIFEST_DIR")).join("sample_deals/data_empowered_leases.ron");
    let options = Options {
        startup: Startup::Path(deal),
        settings: Some(Settings {
            lang: Lang::En,
            ..Settings::default()
        }),
        ..Options::default()
    };
    Harness::builder()
        .with_size(egui::vec2(1280.0, 800.0))
        .with_context_setup(install_fonts)
        .build_ui_state(
            |ui, app: &mut TrancheApp| app.show(ui),
            TrancheApp::new(options),
        )
}

/// Run frames until the figures are current; returns how many it took.
fn frames_until_current(h: &mut Harness<'static, TrancheApp>) -> usize {
    for n in 1..1_000_000 {
        h.step();
        if h.state().figures_current() {
            return n;
        }
    }
    panic!("the figures never became current");
}

fn gui(c: &mut Criterion) {
    let mut h = harness();
    frames_until_current(&mut h);
    assert_eq!(h.state().tape_len(), 2_400);
    let mut cdr = 0.015;
    let mut g = c.benchmark_group("gui");
    g.sample_size(30).measurement_time(Duration::from_secs(15));
    g.bench_function("frame_after_edit", |b| {
        b.iter(|| {
            cdr = if cdr == 0.015 { 0.02 } else { 0.015 };
            let x = cdr;
            h.state_mut().queue(Command::edit(None, move |d| {
                d.scenarios[0].cdr = Curve::Flat(x);
            }));
            frames_until_current(&mut h)
        })
    });
    g.finish();
}

criterion_group!(benches, gui);
criterion_main!(benches);
