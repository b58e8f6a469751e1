//! Chart colours for the exports and the app, as hex RGB (`0xRRGGBB`), one per series index.
//! The series colours are the app's (senior to junior: blues, then amber, red and grey, the
//! way term sheets shade the capital structure); the rest is a light, print-friendly frame.
//! The GUI can use these too (`Rgb::rgb()` gives the bytes for `Color32::from_rgb`).

/// An sRGB colour.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rgb(pub u8, pub u8, pub u8);

impl Rgb {
    /// `0x1F77B4` → `Rgb(31, 119, 180)`.
    pub const fn from_hex(hex: u32) -> Rgb {
        Rgb((hex >> 16) as u8, (hex >> 8) as u8, hex as u8)
    }

    pub const fn rgb(self) -> (u8, u8, u8) {
        (self.0, self.1, self.2)
    }

    /// `"#1f77b4"`, as SVG and CSS write it.
    pub fn css(self) -> String {
        format!("#{:02x}{:02x}{:02x}", self.0, self.1, self.2)
    }
}

/// One colour per series index (securities in deal order); wraps after eight.
pub const SERIES: [u32; 8] = [
    0x1F77B4, // senior: blue
    0x66AAE6, // mezzanine: light blue
    0xFF9D28, // amber
    0xD6463C, // red
    0x8C6EBE, // violet
    0x3CAA78, // green
    0xC878AA, // pink
    0x808080, // grey
];

pub fn series(i: usize) -> Rgb {
    Rgb::from_hex(SERIES[i % SERIES.len()])
}

/// Pool chart: interest, scheduled principal, prepayments, recoveries, defaults, balance.
pub const POOL_INTEREST: u32 = 0x3CAA78;
pub const POOL_SCHEDULED_PRINCIPAL: u32 = 0x1F77B4;
pub const POOL_PREPAYMENTS: u32 = 0x66AAE6;
pub const POOL_RECOVERIES: u32 = 0xFF9D28;
pub const POOL_DEFAULTS: u32 = 0xD6463C;
pub const POOL_BALANCE: u32 = 0x808080;

/// Project company (holding-type deals): NOI, bank and shareholder-loan debt service, tax,
/// trapped cash.
pub const PC_NOI: u32 = 0x1F77B4;
pub const PC_BANK_SERVICE: u32 = 0xFF9D28;
pub const PC_LOAN_SERVICE: u32 = 0x8C6EBE;
pub const PC_TAX: u32 = 0xD6463C;
pub const PC_TRAPPED_CASH: u32 = 0x808080;

/// Sensitivity chart: the runs that lose principal, the scenario's own value.
pub const LOSS: u32 = 0xD6463C;
pub const SCENARIO_VALUE: u32 = 0xFF9D28;

/// The print frame: white paper, near-black text, light grid.
pub const BACKGROUND: u32 = 0xFFFFFF;
pub const TEXT: u32 = 0x222222;
pub const MUTED_TEXT: u32 = 0x666666;
pub const AXIS: u32 = 0x444444;
pub const GRID: u32 = 0xDDDDDD;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        assert_eq!(Rgb::from_hex(0x1F77B4), Rgb(31, 119, 180));
        assert_eq!(series(0).css(), "#1f77b4");
        assert_eq!(series(8), series(0));
    }
}
