//! Unlimited undo/redo as a stack of document snapshots.
//!
//! An undo point is made before the first edit of an interaction: edits carrying the same
//! group (a dragged slider, a field being typed into) merge into one step until the widget
//! reports the end of the interaction (`drag_stopped`, `lost_focus`) and the group closes.
//! Snapshots share the tape rows, so a step costs about one copy of the deal's terms.

use super::document::{Document, Snapshot};

/// Identifies one interaction (usually the widget id).
pub type Group = egui::Id;

#[derive(Default)]
pub struct History {
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    open_group: Option<Group>,
    /// Frame of the last undo point and how many consecutive frames made one; a long run
    /// means some widget makes undo points every frame instead of per interaction.
    last_point_frame: u64,
    streak: u32,
}

impl History {
    /// Record the undo point for an edit about to be applied to `doc` on frame `frame`.
    pub fn before_edit(&mut self, doc: &Document, group: Option<Group>, frame: u64) {
        if group.is_some() && group == self.open_group {
            return;
        }
        self.streak = if frame == self.last_point_frame.wrapping_add(1) {
            self.streak + 1
        } else {
            0
        };
        self.last_point_frame = frame;
        debug_assert!(
            self.streak < 30,
            "an undo point on every frame: tie edits to interaction boundaries"
        );
        self.undo.push(doc.snapshot());
        self.redo.clear();
        self.open_group = group;
    }

    /// The interaction ended: the next edit starts a new undo step.
    pub fn end_group(&mut self) {
        self.open_group = None;
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    pub fn undo(&mut self, doc: &mut Document) -> bool {
        self.open_group = None;
        let Some(s) = self.undo.pop() else {
            return false;
        };
        self.redo.push(doc.snapshot());
        doc.restore(s);
        true
    }

    pub fn redo(&mut self, doc: &mut Document) -> bool {
        self.open_group = None;
        let Some(s) = self.redo.pop() else {
            return false;
        };
        self.undo.push(doc.snapshot());
        doc.restore(s);
        true
    }

    /// A different document was opened: its history starts empty.
    pub fn clear(&mut self) {
        *self = History::default();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc() -> Document {
        let deal = crate::io::parse_deal(
            include_str!("../../sample_deals/data_asset_pledge_loans.ron"),
            "sample",
        )
        .unwrap();
        Document::new(deal, Vec::new(), None)
    }

    #[test]
    fn groups_merge_and_undo_restores_revision() {
        let mut d = doc();
        let mut h = History::default();
        let g = egui::Id::unique("coupon");
        for (frame, c) in [(1, 0.021), (2, 0.022), (3, 0.023)] {
            h.before_edit(&d, Some(g), frame);
            d.apply(|deal| deal.tranches[0].coupon = c);
        }
        h.end_group();
        assert!(d.is_dirty());
        assert!(h.undo(&mut d));
        assert_eq!(d.deal().tranches[0].coupon, 0.020);
        assert!(!d.is_dirty(), "back at the saved revision");
        assert!(!h.can_undo());
        assert!(h.redo(&mut d));
        assert_eq!(d.deal().tranches[0].coupon, 0.023);
    }

    #[test]
    fn a_new_edit_clears_redo() {
        let mut d = doc();
        let mut h = History::default();
        h.before_edit(&d, None, 1);
        d.apply(|deal| deal.name = "x".into());
        h.undo(&mut d);
        h.before_edit(&d, None, 5);
        d.apply(|deal| deal.name = "y".into());
        assert!(!h.can_redo());
    }
}
