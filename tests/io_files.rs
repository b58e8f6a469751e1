//! Files: atomic saves (exclusive temporary files, permissions and links kept), and the
//! limits on what a deal's `tape` may name.
#![cfg(unix)]

use std::path::PathBuf;
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
