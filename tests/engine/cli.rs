//! The CLI contract: exit codes, JSON keys, XIRR from stdin, errors with locations, no panic.

use std::io::Write;
use std::process::{Command, Output, Stdio};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tranche-studio"))
}

fn sample(name: &str) -> String {
    format!("{}/sample_deals/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = bin()
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

fn temp_file(name: &str, text: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ts-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p
}

#[test]
fn check_accepts_every_sample() {
    for f in [
        "data_asset_pledge_loans.ron",
        "data_empowered_leases.ron",
        "receivables_deficiency_guarantee.ron",
    ] {
        let out = bin().args(["check", &sample(f)]).output().unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{f}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
}

#[test]
fn run_json_has_the_contract_keys() {
    let out = bin()
        .args([
            "run",
            &sample("data_asset_pledge_loans.ron"),
            "--format",
            "json",
            "--scenario",
            "stress-cdr5",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["scenario"], "stress-cdr5");
    assert!(v["deal"].as_str().unwrap().contains("鑫欣"));
    let sec = &v["securities"][0];
    for k in [
        "name",
        "irr",
        "wal",
        "macaulay_duration",
        "modified_duration",
        "principal_loss",
        "interest_shortfall",
    ] {
        assert!(sec.get(k).is_some(), "securities[0].{k} missing");
    }
    assert!(sec["irr"].is_number());
    assert!(v["warnings"].is_array());
    for p in v["periods"].as_array().unwrap() {
        for k in ["date", "available", "paid", "retained"] {
            assert!(p.get(k).is_some(), "periods[].{k} missing");
        }
        // The JSON numbers carry the exact fen amounts.
        let (a, pd, r) = (
            p["available"].to_string(),
            p["paid"].to_string(),
            p["retained"].to_string(),
        );
        let dec = |s: &str| s.parse::<rust_decimal::Decimal>().unwrap();
        assert_eq!(dec(&a), dec(&pd) + dec(&r));
    }
}

#[test]
fn run_json_writes_money_exactly() {
    // DL01 25,000,000.00 → 352,292,242,621,313.41 (above f64's fen precision): the pool is
    // 352,292,242,621,313.41 + 139,300,000.00 − 25,000,000.00.
    let text = std::fs::read_to_string(sample("data_asset_pledge_loans.ron"))
        .unwrap()
        .replacen("\"25000000.00\"", "\"352292242621313.41\"", 1);
    let p = temp_file("big.ron", &text);
    let out = bin()
        .args(["run", p.to_str().unwrap(), "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let json = String::from_utf8_lossy(&out.stdout);
    assert!(
        json.contains("\"initial_balance\": 352292356921313.41,"),
        "{json}"
    );
    // The senior's size keeps its two decimals.
    assert!(json.contains("\"size\": 127000000.00,"), "{json}");
}

#[test]
fn run_unknown_scenario_fails_cleanly() {
    let out = bin()
        .args([
            "run",
            &sample("data_asset_pledge_loans.ron"),
            "--scenario",
            "nope",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope"));
}

#[test]
fn xirr_reads_stdin_in_any_order() {
    // −100 on 2020-01-01 and +110 on 2021-01-01 (366 days): r = 1.1^(365/366) − 1.
    let out = with_stdin(&["xirr"], "2021-01-01,110\n2020-01-01,-100\n");
    assert_eq!(out.status.code(), Some(0));
    let r: f64 = String::from_utf8_lossy(&out.stdout).trim().parse().unwrap();
    assert!((r - (1.1f64.powf(365.0 / 366.0) - 1.0)).abs() < 1e-9);
    let none = with_stdin(&["xirr"], "2020-01-01,100\n2021-01-01,110\n");
    assert_eq!(String::from_utf8_lossy(&none.stdout).trim(), "none");
    let bad = with_stdin(&["xirr"], "2020-01-01,100\n2021-13-01,110\n");
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("line 2"));
}

#[test]
fn xirr_input_errors_read_in_chinese_with_lang_zh() {
    let bad = with_stdin(
        &["xirr", "--lang", "zh"],
        "2020-01-01,100\n2021-13-01,110\n",
    );
    assert_eq!(bad.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&bad.stderr),
        "第2行：日期 “2021-13-01” 无法识别，应为 YYYY-MM-DD（input is out of range）\n"
    );
    let no_comma = with_stdin(&["xirr", "--lang", "zh"], "2020-01-01 100\n");
    assert_eq!(
        String::from_utf8_lossy(&no_comma.stderr),
        "第1行：应为“日期,金额”（YYYY-MM-DD,amount）\n"
    );
    let empty = with_stdin(&["xirr", "--lang", "zh"], "");
    assert_eq!(
        String::from_utf8_lossy(&empty.stderr),
        "输入中没有现金流（每行 YYYY-MM-DD,金额）\n"
    );
    let text = with_stdin(
        &["xirr", "--lang", "zh"],
        "2020-01-01,-100\n2021-01-01,abc\n",
    );
    assert_eq!(
        String::from_utf8_lossy(&text.stderr),
        "第2行：金额 “abc” 不是数字\n"
    );
}

#[test]
fn xirr_refuses_empty_input_and_does_not_echo_a_huge_amount() {
    for input in ["", "\n# only a comment\n\n"] {
        let out = with_stdin(&["xirr"], input);
        assert_eq!(out.status.code(), Some(1), "{input:?}");
        assert_eq!(String::from_utf8_lossy(&out.stdout), "");
        assert_eq!(
            String::from_utf8_lossy(&out.stderr),
            "no cash flows in the input (lines YYYY-MM-DD,amount)\n"
        );
    }
    let huge = "9".repeat(5_000_000) + "x";
    let out = with_stdin(&["xirr"], &format!("2020-01-01,-100\n2021-01-01,{huge}\n"));
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        String::from_utf8_lossy(&out.stderr),
        format!(
            "line 2: amount \"{}\"… (5000001 characters) is not a number\n",
            "9".repeat(40)
        )
    );
}

#[test]
fn syntax_error_reports_line_and_column() {
    let text = std::fs::read_to_string(sample("data_asset_pledge_loans.ron")).unwrap();
    let broken = text.replacen("frequency: Quarterly,", "frequency: Quartely,", 1);
    let line = broken.lines().position(|l| l.contains("Quartely")).unwrap() + 1;
    let p = temp_file("typo.ron", &broken);
    let out = bin().args(["check", p.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains(&format!("typo.ron:{line}:")), "{err}");
}

#[test]
fn semantic_errors_name_the_field() {
    let text = std::fs::read_to_string(sample("data_asset_pledge_loans.ron")).unwrap();
    let broken = text
        .replacen("coupon: 0.020", "coupon: -0.020", 1)
        .replacen("balance: \"20000000.00\"", "balance: \"-20000000.00\"", 1);
    let p = temp_file("neg.ron", &broken);
    let out = bin().args(["check", p.to_str().unwrap()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("tranches[0].coupon"), "{err}");
    assert!(err.contains("pool.assets[1].balance"), "{err}");
    let run = bin().args(["run", p.to_str().unwrap()]).output().unwrap();
    assert_eq!(run.status.code(), Some(1));
}

#[test]
fn tape_errors_name_row_and_column() {
    let dir = std::env::temp_dir().join(format!("ts-tape-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let deal = std::fs::read_to_string(sample("data_empowered_leases.ron")).unwrap();
    std::fs::write(dir.join("data_empowered_leases.ron"), deal).unwrap();
    let tape = std::fs::read_to_string(sample("data_empowered_leases_tape.csv")).unwrap();
    let mut lines: Vec<String> = tape.lines().map(String::from).collect();
    lines[5] = lines[5].replacen(",0.", ",zero.", 1);
    std::fs::write(dir.join("data_empowered_leases_tape.csv"), lines.join("\n")).unwrap();
    let out = bin()
        .args([
            "check",
            dir.join("data_empowered_leases.ron").to_str().unwrap(),
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("row 6, column rate"), "{err}");
}

#[test]
fn garbage_never_panics() {
    let huge = std::fs::read_to_string(sample("data_asset_pledge_loans.ron"))
        .unwrap()
        .replace("25000000.00", "79228162514264337593543950335");
    let inputs: Vec<&str> = vec![
        "",
        "Deal(",
        "()",
        "Deal(format_version: 1)",
        "\u{0}\u{1}binary",
        "Deal(format_version: 99, name: \"x\")",
        &huge,
        "[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[[",
    ];
    for (i, text) in inputs.iter().enumerate() {
        let p = temp_file(&format!("g{i}.ron"), text);
        for cmd in ["check", "run"] {
            let out = bin().args([cmd, p.to_str().unwrap()]).output().unwrap();
            assert_eq!(out.status.code(), Some(1), "{cmd} on {text:?}");
        }
    }
    let out = bin()
        .args(["check", "/nonexistent/deal.ron"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let out = with_stdin(&["xirr"], "nonsense");
    assert_eq!(out.status.code(), Some(1));
}

#[test]
fn one_thread_and_many_threads_give_the_same_json() {
    let run = |threads: &str| {
        let out = bin()
            .env("RAYON_NUM_THREADS", threads)
            .args([
                "run",
                &sample("data_empowered_leases.ron"),
                "--format",
                "json",
                "--scenario",
                "stress-cdr6",
            ])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
        out.stdout
    };
    let one = run("1");
    assert!(one.len() > 10_000);
    assert_eq!(one, run("2"));
    assert_eq!(one, run("7"));
}

#[test]
fn price_quotes_a_tranche_at_settlement_and_refuses_bad_requests() {
    let deal = sample("receivables_deficiency_guarantee.ron");
    let out = bin()
        .args(["price", &deal, "--security", "A", "--settle", "2026-03-15"])
        .args(["--price", "100", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // 9 Jan → 15 Mar 2026 = 22 + 28 + 15 = 65 days: 390,000,000 × 2.58% × 65/365
    // = 1,791,863.0137 → 1,791,863.01.
    assert_eq!(v["accrued_days"], 65);
    assert_eq!(v["accrued_interest"].to_string(), "1791863.01");
    assert_eq!(v["clean_price"], 100.0);
    for key in [
        "yield",
        "dirty_price",
        "wal",
        "modified_duration",
        "convexity",
        "flows",
    ] {
        assert!(v.get(key).is_some(), "missing {key}");
    }
    // No quote: usage (2); two quotes: usage; an unknown tranche: exit 1 with its id.
    let none = bin()
        .args(["price", &deal, "--security", "A", "--settle", "2026-03-15"])
        .output()
        .unwrap();
    assert_eq!(none.status.code(), Some(2));
    let two = bin()
        .args([
            "price",
            &deal,
            "--security",
            "A",
            "--yield",
            "0.02",
            "--price",
            "99",
        ])
        .output()
        .unwrap();
    assert_eq!(two.status.code(), Some(2));
    let unknown = bin()
        .args(["price", &deal, "--security", "Q", "--settle", "2026-03-15"])
        .args(["--yield", "0.02"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("no tranche \"Q\""));
}

fn stdout(args: &[&str]) -> (Option<i32>, String, String) {
    let out = bin().args(args).output().unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn compare_json_has_every_scenario_with_its_tape() {
    let (code, out, err) = stdout(&[
        "compare",
        &sample("data_empowered_leases.ron"),
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let c: tranche_studio::engine::compare::Comparison = serde_json::from_str(&out).unwrap();
    let names: Vec<&str> = c.scenarios.iter().map(|s| s.scenario.as_str()).collect();
    assert_eq!(names, ["base", "stress-cdr6", "ramp"]);
    assert!(c.failed.is_empty());
    // The figures are the run's: the senior's IRR in the stress scenario.
    let (_, run, _) = stdout(&[
        "run",
        &sample("data_empowered_leases.ron"),
        "--scenario",
        "stress-cdr6",
        "--format",
        "json",
    ]);
    let run: serde_json::Value = serde_json::from_str(&run).unwrap();
    assert_eq!(
        run["securities"][0]["irr"].as_f64(),
        c.scenarios[1].securities[0].irr
    );
}

#[test]
fn compare_csv_is_one_row_a_figure() {
    let (code, out, err) = stdout(&[
        "compare",
        &sample("data_asset_pledge_loans.ron"),
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let mut lines = out.lines();
    assert_eq!(lines.next(), Some("scenario,security,figure,value"));
    // 3 written scenarios and 3 stress templates × (2 tranches × 5 figures + 2 deal figures).
    assert_eq!(lines.clone().count(), 6 * 12);
    assert!(
        lines
            .clone()
            .any(|l| l.starts_with("AAA ×4 回收−50%,B,irr,"))
    );
    assert!(lines.any(|l| l == "largest-obligor-default,B,principal_loss,6163422.66"));
}

#[test]
fn compare_two_versions_names_the_changed_terms() {
    let text = std::fs::read_to_string(sample("data_asset_pledge_loans.ron")).unwrap();
    let b = temp_file(
        "pledge_b.ron",
        &text.replace("coupon: 0.020,", "coupon: 0.022,"),
    );
    let a = temp_file("pledge_a.ron", &text);
    let (code, out, err) = stdout(&[
        "compare",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let d: tranche_studio::engine::compare::DealDiff = serde_json::from_str(&out).unwrap();
    assert_eq!(d.changes.len(), 1, "{:?}", d.changes);
    assert_eq!(d.changes[0].path, "tranches[0].coupon");
    assert_eq!(d.changes[0].a.as_deref(), Some("0.02"));
    assert_eq!(d.changes[0].b.as_deref(), Some("0.022"));
    let irr = |c: &tranche_studio::engine::compare::Comparison| c.scenarios[0].securities[0].irr;
    assert!(irr(&d.b).unwrap() > irr(&d.a).unwrap());
}

#[test]
fn grid_csv_and_json() {
    let (code, out, err) = stdout(&[
        "grid",
        &sample("data_asset_pledge_loans.ron"),
        "--grid",
        "senior-loss-by-cdr",
        "--format",
        "csv",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "cdr,0,0.1,0.2,0.3,0.4,0.5");
    assert!(lines[1].starts_with("loss:A,0,0,"), "{}", lines[1]);
    let (code, out, _) = stdout(&[
        "grid",
        &sample("data_asset_pledge_loans.ron"),
        "--grid",
        "cdr-cpr",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0));
    let g: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(g["cells"].as_array().unwrap().len(), 3);
    assert_eq!(g["cells"][0].as_array().unwrap().len(), 5);
    assert_eq!(g["y"]["driver"], "cpr");
    let (code, _, err) = stdout(&[
        "grid",
        &sample("data_asset_pledge_loans.ron"),
        "--grid",
        "nope",
    ]);
    assert_eq!(code, Some(1));
    assert!(err.contains("no grid named \"nope\""), "{err}");
}

#[test]
fn solve_reports_the_break_even_and_says_when_nothing_is_bracketed() {
    let deal = sample("data_asset_pledge_loans.ron");
    let (code, out, err) = stdout(&[
        "solve",
        &deal,
        "--target",
        "no-loss:A",
        "--vary",
        "cdr",
        "--format",
        "json",
    ]);
    assert_eq!(code, Some(0), "{err}");
    let s: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(s["status"], "Found");
    let (v, f) = (
        s["value"].as_f64().unwrap(),
        s["fails_at"].as_f64().unwrap(),
    );
    assert!(f - v <= 1e-4 && f > v);
    assert!(s["iterations"].as_u64().unwrap() >= 2);
    let (code, out, _) = stdout(&[
        "solve",
        &deal,
        "--target",
        "no-loss:A",
        "--vary",
        "cdr",
        "--to",
        "0.05",
    ]);
    assert_eq!(code, Some(2), "nothing bracketed: exit 2");
    assert!(out.contains("holds at both ends"), "{out}");
    let (code, _, err) = stdout(&["solve", &deal, "--target", "no-loss:A", "--vary", "speed"]);
    assert_eq!(code, Some(1));
    assert!(err.contains("unknown driver"), "{err}");
}

#[test]
fn tornado_breakevens_and_obligors_run() {
    let deal = sample("data_asset_pledge_loans.ron");
    let (code, out, err) = stdout(&["tornado", &deal, "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let t: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert!(t["rows"].as_array().unwrap().len() >= 4);
    let (code, out, err) = stdout(&["breakevens", &deal, "--format", "csv"]);
    assert_eq!(code, Some(0), "{err}");
    assert_eq!(out.lines().count(), 1 + 8);
    let (code, out, err) = stdout(&["obligors", &deal, "--top", "3", "--format", "json"]);
    assert_eq!(code, Some(0), "{err}");
    let o: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(o["singles"].as_array().unwrap().len(), 3);
    assert_eq!(o["singles"][0]["obligors"][0], "苏州数智科技");
    assert_eq!(o["output"], "loss:B");
}
