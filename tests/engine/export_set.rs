//! An export is a set: a failure or a kill part-way leaves the old set or the new one, and the
//! next export (or `export::clean_stale`) finishes or removes what an interrupted one left.
//! `TS_KILLS=1000 cargo test --test export_set` kills more exports (24 by default).
#![cfg(unix)]

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};
use tranche_studio::export::clean_stale;

const DEAL: &str = "sample_deals/receivables_deficiency_guarantee.ron";
/// Every file of a `--tables` export of that deal, sorted.
const NAMES: [&str; 9] = [
    "cashflows.xlsx",
    "per_unit_A.csv",
    "per_unit_A.json",
    "per_unit_S.csv",
    "per_unit_S.json",
    "periods.csv",
    "pool.csv",
    "securities.csv",
    "term_sheet.md",
];

fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ts-set-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn export(out: &Path, scenario: &str) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_tranche-studio"));
    c.current_dir(env!("CARGO_MANIFEST_DIR"))
        .args(["export", DEAL, "--tables", "--scenario", scenario, "--out"])
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

/// The files' bytes (the workbook carries its creation time, so it is left out).
fn contents(dir: &Path) -> Vec<Vec<u8>> {
    NAMES
        .iter()
        .filter(|n| !n.ends_with(".xlsx"))
        .map(|n| std::fs::read(dir.join(n)).unwrap())
        .collect()
}

#[test]
fn killed_exports_leave_the_old_set_or_the_new_one_and_no_stray_files() {
    let (ref_a, ref_b) = (fresh_dir("ref-a"), fresh_dir("ref-b"));
    let start = Instant::now();
    assert!(export(&ref_a, "base").status().unwrap().success());
    let full = start.elapsed();
    assert!(
        export(&ref_b, "two-obligor-default")
            .status()
            .unwrap()
            .success()
    );
    let (a, b) = (contents(&ref_a), contents(&ref_b));
    assert_ne!(a, b);
    let out = fresh_dir("killed");
    assert!(export(&out, "base").status().unwrap().success());
    // Counts of kills that left the old set and the new one.
    let (mut kept, mut replaced) = (0, 0);
    let mut before = a.clone();
    let kills: u32 = std::env::var("TS_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    for i in 0..kills {
        let (scenario, new) = if i % 2 == 0 {
            ("two-obligor-default", &b)
        } else {
            ("base", &a)
        };
        let mut child = export(&out, scenario).spawn().unwrap();
        // Kill points spread over the run (and a little past it), in a scrambled order.
        std::thread::sleep(full.mul_f64(f64::from((i * 7) % 24) / 20.0 + f64::from(i % 5) / 100.0));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        clean_stale(&out);
        assert_eq!(names(&out), NAMES, "kill {i}");
        let now = contents(&out);
        if now == before {
            kept += 1;
        } else {
            assert!(now == *new, "kill {i}: neither the old set nor the new one");
            replaced += 1;
        }
        before = now;
    }
    // The first kill comes at once, before the new set can be in place.
    assert!(kept > 0, "kept {kept}, replaced {replaced}");
}

#[test]
fn a_failure_part_way_changes_nothing() {
    let out = fresh_dir("fail");
    assert!(export(&out, "base").status().unwrap().success());
    let before = contents(&out);
    // A folder where term_sheet.md goes: refused before any file is moved.
    std::fs::remove_file(out.join("term_sheet.md")).unwrap();
    std::fs::create_dir(out.join("term_sheet.md")).unwrap();
    std::fs::write(out.join("term_sheet.md/x"), "x").unwrap();
    let run = export(&out, "two-obligor-default")
        .stderr(Stdio::piped())
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&run.stderr),
        format!(
            "{}: a folder is in the way of this file\n",
            out.join("term_sheet.md").display()
        )
    );
    assert_eq!(names(&out), NAMES);
    std::fs::remove_dir_all(out.join("term_sheet.md")).unwrap();
    let after: Vec<_> = NAMES
        .iter()
        .filter(|n| !n.ends_with(".xlsx") && **n != "term_sheet.md")
        .map(|n| std::fs::read(out.join(n)).unwrap())
        .collect();
    let mut expected = before;
    expected.remove(7); // term_sheet.md, the last of the compared files
    assert_eq!(after, expected);
}

#[test]
fn interrupted_exports_are_finished_or_removed_and_stray_files_cleaned() {
    let out = fresh_dir("stale");
    // A complete staging folder (its exporter died while moving): finished.
    let done = out.join(".export.AAAAAA.ts-tmp");
    std::fs::create_dir(&done).unwrap();
    std::fs::write(done.join(".lock"), "").unwrap();
    std::fs::write(done.join(".complete"), "").unwrap();
    std::fs::write(done.join("periods.csv"), "new").unwrap();
    // An incomplete one: removed.
    let partial = out.join(".export.BBBBBB.ts-tmp");
    std::fs::create_dir(&partial).unwrap();
    std::fs::write(partial.join("pool.csv"), "half").unwrap();
    // One in use by a running export (its lock held): left alone.
    let running = out.join(".export.CCCCCC.ts-tmp");
    std::fs::create_dir(&running).unwrap();
    let held = std::fs::File::create(running.join(".lock")).unwrap();
    held.lock().unwrap();
    // Stray temporary files of interrupted saves, an old one and a fresh one.
    let old = std::fs::File::create(out.join(".deal.ron.x1Y2z3.ts-tmp")).unwrap();
    old.set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    let legacy = std::fs::File::create(out.join(".periods.csv.4242.tmp")).unwrap();
    legacy
        .set_modified(std::time::SystemTime::now() - Duration::from_secs(3600))
        .unwrap();
    std::fs::write(out.join(".deal.ron.fresh1.ts-tmp"), "").unwrap();
    std::fs::write(out.join("periods.csv"), "old").unwrap();
    let mut notes = clean_stale(&out);
    notes.sort();
    assert_eq!(
        notes,
        vec![
            "finished an interrupted export: 1 file(s) moved into place".to_string(),
            format!(
                "removed a stray temporary file {}",
                out.join(".deal.ron.x1Y2z3.ts-tmp").display()
            ),
            format!(
                "removed a stray temporary file {}",
                out.join(".periods.csv.4242.tmp").display()
            ),
            format!(
                "removed an interrupted export's files ({})",
                partial.display()
            ),
        ]
    );
    assert_eq!(
        std::fs::read_to_string(out.join("periods.csv")).unwrap(),
        "new"
    );
    assert_eq!(
        names(&out),
        vec![
            ".deal.ron.fresh1.ts-tmp",
            ".export.CCCCCC.ts-tmp",
            "periods.csv"
        ]
    );
    drop(held);
}
