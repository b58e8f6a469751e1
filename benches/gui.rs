//! GUI benchmark (filled in with the desktop app).
use criterion::{Criterion, criterion_group, criterion_main};

fn gui(_c: &mut Criterion) {}

criterion_group!(benches, gui);
criterion_main!(benches);
