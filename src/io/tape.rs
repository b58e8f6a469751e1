//! CSV asset tapes as originators deliver them. Columns, in this order, with a header row:
//! `id,obligor,asset_class,data_asset_role,balance,rate,remaining_term,amortisation`, and
//! optionally a ninth, `industry`.

use crate::error::LoadError;
use crate::model::{Amortisation, Asset, AssetClass, DataAssetRole};
use rust_decimal::Decimal;
use std::path::Path;
use std::str::FromStr;

pub const TAPE_COLUMNS: [&str; 8] = [
    "id",
    "obligor",
    "asset_class",
    "data_asset_role",
    "balance",
    "rate",
    "remaining_term",
    "amortisation",
];

/// Read a tape: a regular file within [`MAX_TAPE_BYTES`](super::MAX_TAPE_BYTES) and
/// [`MAX_TAPE_ROWS`](super::MAX_TAPE_ROWS) asset rows. Errors name the row (the header is
/// row 1, each record one row) and the column.
pub fn read_tape(path: &Path) -> Result<Vec<Asset>, LoadError> {
    read_tape_within(path, super::MAX_TAPE_BYTES, super::MAX_TAPE_ROWS)
}

fn read_tape_within(path: &Path, max_bytes: u64, max_rows: usize) -> Result<Vec<Asset>, LoadError> {
    let origin = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_reader(super::input::open_regular(path, max_bytes)?);
    let err = |row: u64, column: &str, message: String| LoadError::Tape {
        path: origin.clone(),
        row,
        column: Some(column.to_string()),
        message,
    };
    let headers = reader.headers().map_err(|e| csv_error(&origin, e))?.clone();
    for (i, want) in TAPE_COLUMNS.iter().enumerate() {
        if headers.get(i) != Some(*want) {
            return Err(err(
                1,
                want,
                format!("header must be {}", TAPE_COLUMNS.join(",")),
            ));
        }
    }
    let has_industry = headers.get(TAPE_COLUMNS.len()) == Some("industry");
    let mut assets = Vec::new();
    for (i, record) in reader.records().enumerate() {
        let record = record.map_err(|e| csv_error(&origin, e))?;
        let row = i as u64 + 2;
        if assets.len() == max_rows {
            return Err(LoadError::Tape {
                path: origin.clone(),
                row,
                column: None,
                message: format!("more than the limit of {max_rows} asset rows"),
            });
        }
        let field = |i: usize| record.get(i).unwrap_or("");
        let asset_class = AssetClass::ALL
            .into_iter()
            .find(|c| c.key() == field(2))
            .ok_or_else(|| {
                err(
                    row,
                    "asset_class",
                    format!("unknown asset class {:?}", field(2)),
                )
            })?;
        let data_asset_role = match field(3) {
            "InPool" => DataAssetRole::InPool,
            "Empowering" => DataAssetRole::Empowering,
            "None" | "" => DataAssetRole::None,
            other => {
                return Err(err(
                    row,
                    "data_asset_role",
                    format!("unknown role {other:?}"),
                ));
            }
        };
        let balance = Decimal::from_str(field(4)).map_err(|e| {
            err(
                row,
                "balance",
                format!("{:?} is not an amount: {e}", field(4)),
            )
        })?;
        let rate = f64::from_str(field(5))
            .ok()
            .filter(|r| r.is_finite())
            .ok_or_else(|| err(row, "rate", format!("{:?} is not a rate", field(5))))?;
        let remaining_term = u32::from_str(field(6)).map_err(|_| {
            err(
                row,
                "remaining_term",
                format!("{:?} is not a whole number of months", field(6)),
            )
        })?;
        let amortisation = match field(7) {
            "LevelPayment" => Amortisation::LevelPayment,
            "EqualPrincipal" => Amortisation::EqualPrincipal,
            "Bullet" => Amortisation::Bullet,
            other => {
                return Err(err(
                    row,
                    "amortisation",
                    format!(
                        "unknown amortisation {other:?} (LevelPayment, EqualPrincipal or Bullet)"
                    ),
                ));
            }
        };
        assets.push(Asset {
            id: field(0).to_string(),
            obligor: field(1).to_string(),
            asset_class,
            data_asset_role,
            industry: if has_industry {
                field(8).to_string()
            } else {
                String::new()
            },
            balance,
            rate,
            remaining_term,
            amortisation,
            pledge: None,
        });
    }
    Ok(assets)
}

/// A CSV-level error (not a value's): its row as a record number (the header is row 1) and
/// the column when the error has one.
fn csv_error(origin: &str, e: csv::Error) -> LoadError {
    let row = e.position().map_or(0, |p| p.record() + 1);
    let text = e.to_string();
    let tape = |column: Option<&str>, message: String| LoadError::Tape {
        path: origin.to_string(),
        row,
        column: column.map(str::to_string),
        message,
    };
    match e.into_kind() {
        csv::ErrorKind::Io(source) => LoadError::Io {
            path: origin.to_string(),
            source,
        },
        csv::ErrorKind::Utf8 { err, .. } => tape(
            Some(TAPE_COLUMNS.get(err.field()).copied().unwrap_or("(extra)")),
            "invalid UTF-8 (tapes are UTF-8 text)".into(),
        ),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            let missing = usize::try_from(len)
                .ok()
                .and_then(|l| TAPE_COLUMNS.get(l).copied());
            tape(
                missing.filter(|_| len < expected_len),
                format!("{len} fields where the header has {expected_len}"),
            )
        }
        _ => tape(None, text),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_and_bytes_over_the_limits_are_refused() {
        let dir = std::env::temp_dir().join(format!("ts-tape-limits-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("t.csv");
        let row = "A,O,TrustLoan,,100.00,0.05,12,Bullet\n";
        let text = format!("{}\n{row}{row}{row}", super::TAPE_COLUMNS.join(","));
        std::fs::write(&path, &text).unwrap();
        let p = path.display();
        let err = |bytes, rows| {
            super::read_tape_within(&path, bytes, rows)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            err(1 << 20, 2),
            format!("{p}: row 4: more than the limit of 2 asset rows")
        );
        assert_eq!(super::read_tape_within(&path, 1 << 20, 3).unwrap().len(), 3);
        assert_eq!(
            err(100, 10),
            format!("{p}: larger than the limit of 100 bytes")
        );
    }
}
