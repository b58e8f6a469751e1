//! CSV asset tapes as originators deliver them. Columns, in this order, with a header row:
//! `id,obligor,asset_class,data_asset_role,balance,rate,remaining_term,amortisation`.

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

pub fn read_tape(path: &Path) -> Result<Vec<Asset>, LoadError> {
    let origin = path.display().to_string();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .trim(csv::Trim::All)
        .from_path(path)
        .map_err(|e| csv_error(&origin, e))?;
    let err = |row: u64, column: &str, message: String| LoadError::Tape {
        path: origin.clone(),
        row,
        column: column.to_string(),
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
    let mut assets = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| csv_error(&origin, e))?;
        let row = record.position().map(|p| p.line()).unwrap_or(0);
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
            balance,
            rate,
            remaining_term,
            amortisation,
        });
    }
    Ok(assets)
}

fn csv_error(origin: &str, e: csv::Error) -> LoadError {
    let row = e.position().map(|p| p.line()).unwrap_or(0);
    match e.into_kind() {
        csv::ErrorKind::Io(source) => LoadError::Io {
            path: origin.to_string(),
            source,
        },
        kind => LoadError::Tape {
            path: origin.to_string(),
            row,
            column: "-".into(),
            message: format!("{kind:?}"),
        },
    }
}
