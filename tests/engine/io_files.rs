//! Files: atomic saves (exclusive temporary files, permissions and links kept), and the
//! limits on what a deal's `tape` may name.
#![cfg(unix)]

use std::path::{Path, PathBuf};
use tranche_studio::io::write_atomic;

fn fresh_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ts-io-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn names(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    v.sort();
    v
}

#[test]
fn a_planted_temporary_name_does_not_redirect_the_write() {
    let dir = fresh_dir("planted");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, "keep me").unwrap();
    // The old predictable name: `.NAME.PID.tmp`.
    let planted = dir.join(format!(".periods.csv.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &planted).unwrap();
    write_atomic(&dir.join("periods.csv"), b"a,b\n").unwrap();
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "keep me");
    assert_eq!(
        std::fs::read_to_string(dir.join("periods.csv")).unwrap(),
        "a,b\n"
    );
    let planted_name = planted.file_name().unwrap().to_string_lossy().into_owned();
    assert_eq!(
        names(&dir),
        vec![planted_name, "periods.csv".into(), "victim.txt".into()]
    );
}

#[test]
fn the_target_keeps_its_permissions_and_a_new_file_gets_the_usual_ones() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fresh_dir("perms");
    let kept = dir.join("deal.ron");
    std::fs::write(&kept, "old").unwrap();
    std::fs::set_permissions(&kept, std::fs::Permissions::from_mode(0o640)).unwrap();
    write_atomic(&kept, b"new").unwrap();
    let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&kept), 0o640);
    assert_eq!(std::fs::read_to_string(&kept).unwrap(), "new");
    // A new file: 0666 less the umask, like any file the user creates.
    write_atomic(&dir.join("new.ron"), b"x").unwrap();
    std::fs::write(dir.join("reference"), "x").unwrap();
    assert_eq!(mode(&dir.join("new.ron")), mode(&dir.join("reference")));
}

#[test]
fn a_symbolic_link_is_written_through() {
    let dir = fresh_dir("link");
    std::fs::create_dir_all(dir.join("real")).unwrap();
    std::fs::write(dir.join("real/deal.ron"), "old").unwrap();
    // A relative link, resolved from its own folder.
    std::os::unix::fs::symlink("real/deal.ron", dir.join("link.ron")).unwrap();
    write_atomic(&dir.join("link.ron"), b"new").unwrap();
    assert!(
        std::fs::symlink_metadata(dir.join("link.ron"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(
        std::fs::read_to_string(dir.join("real/deal.ron")).unwrap(),
        "new"
    );
    assert_eq!(names(&dir.join("real")), vec!["deal.ron".to_string()]);
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
    let dir = fresh_dir("fail");
    std::fs::create_dir_all(dir.join("sub")).unwrap();
    // Renaming a file over a non-empty directory fails after the bytes are written.
    std::fs::write(dir.join("sub/x"), "x").unwrap();
    assert!(write_atomic(&dir.join("sub"), b"new").is_err());
    assert_eq!(names(&dir), vec!["sub".to_string()]);
}

fn tape_header() -> String {
    tranche_studio::io::TAPE_COLUMNS.join(",")
}

fn tape_err(path: &std::path::Path) -> String {
    tranche_studio::io::read_tape(path).unwrap_err().to_string()
}

#[test]
fn a_tape_must_be_a_regular_file() {
    use tranche_studio::io::read_tape;
    let t = std::time::Instant::now();
    assert_eq!(
        tape_err("/dev/zero".as_ref()),
        "/dev/zero: not a regular file"
    );
    let dir = fresh_dir("fifo");
    let fifo = dir.join("tape.csv");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    assert_eq!(
        tape_err(&fifo),
        format!("{}: not a regular file", fifo.display())
    );
    assert_eq!(
        tape_err(&dir),
        format!("{}: not a regular file", dir.display())
    );
    // Through a deal that names them: refused at once, nothing blocks.
    let deal = include_str!("../../sample_deals/data_empowered_leases.ron");
    for tape in ["/dev/zero", fifo.to_str().unwrap()] {
        let text = deal.replacen(
            "tape: \"data_empowered_leases_tape.csv\"",
            &format!("tape: {tape:?}"),
            1,
        );
        assert_ne!(text, deal);
        let path = dir.join("deal.ron");
        std::fs::write(&path, text).unwrap();
        let e = tranche_studio::io::load_deal(&path)
            .unwrap_err()
            .to_string();
        assert_eq!(e, format!("{tape}: not a regular file"));
    }
    assert!(read_tape(&dir.join("missing.csv")).is_err());
    assert!(t.elapsed() < std::time::Duration::from_secs(5));
}

#[test]
fn tape_errors_give_the_record_and_the_column_name() {
    let dir = fresh_dir("csv-errors");
    let row = "A1,甲,TrustLoan,,100.00,0.05,12,Bullet";
    let write = |name: &str, rows: &[&[u8]]| {
        let mut bytes = tape_header().into_bytes();
        for r in rows {
            bytes.push(b'\n');
            bytes.extend_from_slice(r);
        }
        let p = dir.join(name);
        std::fs::write(&p, bytes).unwrap();
        p
    };
    let p = write(
        "short.csv",
        &[row.as_bytes(), b"A2,O,TrustLoan,,1.00,0.05,12"],
    );
    assert_eq!(
        tape_err(&p),
        format!(
            "{}: row 3, column amortisation: 7 fields where the header has 8",
            p.display()
        )
    );
    let p = write("utf8.csv", &[b"A1,\xff\xfe,TrustLoan,,1.00,0.05,12,Bullet"]);
    assert_eq!(
        tape_err(&p),
        format!(
            "{}: row 2, column obligor: invalid UTF-8 (tapes are UTF-8 text)",
            p.display()
        )
    );
    // A quoted field over two lines is still one record: the bad rate is row 3, line 4.
    let p = write(
        "multiline.csv",
        &[
            b"A1,\"two\nlines\",TrustLoan,,1.00,0.05,12,Bullet",
            b"A2,O,TrustLoan,,1.00,zero,12,Bullet",
        ],
    );
    assert_eq!(
        tape_err(&p),
        format!(
            "{}: row 3, column rate: \"zero\" is not a rate",
            p.display()
        )
    );
}

#[test]
fn a_deal_with_a_byte_order_mark_loads_and_invalid_utf8_is_located() {
    let dir = fresh_dir("deal-text");
    let text = include_str!("../../sample_deals/data_asset_pledge_loans.ron");
    let bom = dir.join("bom.ron");
    std::fs::write(&bom, format!("\u{feff}{text}")).unwrap();
    let deal = tranche_studio::io::load_deal(&bom).unwrap().deal;
    assert_eq!(deal.tranches[0].size.to_string(), "127000000.00");
    // Line 7 is `    name: "鑫欣…`: the bad byte follows `    name: "` (11 characters).
    let mut bytes = text.as_bytes().to_vec();
    let at = text.find("name: \"鑫欣").unwrap() + "name: \"".len();
    bytes.insert(at, 0xff);
    let bad = dir.join("bad.ron");
    std::fs::write(&bad, bytes).unwrap();
    assert_eq!(
        tranche_studio::io::load_deal(&bad).unwrap_err().to_string(),
        format!(
            "{}:7:12: invalid UTF-8 (deal files are UTF-8 text)",
            bad.display()
        )
    );
    assert_eq!(
        tranche_studio::io::load_deal("/dev/zero".as_ref())
            .unwrap_err()
            .to_string(),
        "/dev/zero: not a regular file"
    );
}

fn inode(path: &Path) -> u64 {
    std::os::unix::fs::MetadataExt::ino(&std::fs::metadata(path).unwrap())
}

/// Run by `killed_saves_leave_the_old_file_or_the_new_one` as its child: saves one of two
/// contents over `TS_SAVE_LOOP` until killed.
#[test]
#[ignore = "the child process of killed_saves_leave_the_old_file_or_the_new_one"]
fn save_loop_child() {
    let Some(path) = std::env::var_os("TS_SAVE_LOOP") else {
        return;
    };
    let contents = [vec![b'a'; 1 << 20], vec![b'b'; 1 << 20]];
    for i in 0usize.. {
        write_atomic(path.as_ref(), &contents[i % 2]).unwrap();
    }
}

#[test]
fn killed_saves_leave_the_old_file_or_the_new_one() {
    let dir = fresh_dir("killed-saves");
    let target = dir.join("deal.ron");
    write_atomic(&target, &vec![b'a'; 1 << 20]).unwrap();
    let first_inode = inode(&target);
    let kills: u32 = std::env::var("TS_KILLS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(20);
    for i in 0..kills {
        let mut child = std::process::Command::new(std::env::current_exe().unwrap())
            .args([
                "--exact",
                "io_files::save_loop_child",
                "--ignored",
                "--test-threads=1",
            ])
            .env("TS_SAVE_LOOP", &target)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(u64::from(i % 10) * 15));
        child.kill().unwrap(); // SIGKILL
        child.wait().unwrap();
        let bytes = std::fs::read(&target).unwrap();
        assert_eq!(bytes.len(), 1 << 20, "kill {i}");
        assert!(
            bytes.iter().all(|b| *b == bytes[0]) && b"ab".contains(&bytes[0]),
            "kill {i}: a mix"
        );
    }
    // Each finished save renames a new file over the old one: a child that never ran (a wrong
    // test filter) would leave the first file and make this test pass without testing.
    assert_ne!(inode(&target), first_inode, "no child save finished");
    // What the kills left: temporary files. Once they are over a minute old, the next save of
    // the file removes them.
    let old = std::time::SystemTime::now() - std::time::Duration::from_secs(120);
    for name in names(&dir) {
        if name != "deal.ron" {
            assert!(
                name.starts_with(".deal.ron.") && name.ends_with(".ts-tmp"),
                "{name}"
            );
            std::fs::File::options()
                .write(true)
                .open(dir.join(&name))
                .unwrap()
                .set_modified(old)
                .unwrap();
        }
    }
    write_atomic(&target, b"saved").unwrap();
    assert_eq!(names(&dir), vec!["deal.ron".to_string()]);
}
