//! Where each pane goes for a terminal size. Shared by drawing and by mouse
//! handling, so a click lands on the row that was drawn under it.

use ratatui::layout::Rect;

use crate::tui::action::Focus;

/// Below this the panes cannot show anything useful: one line of notice.
pub const MIN_WIDTH: u16 = 16;
pub const MIN_HEIGHT: u16 = 4;
/// Below this width only the focused pane is shown.
pub const TWO_PANE_WIDTH: u16 = 60;
/// Pane borders and the key-hint line need this much height.
const BORDER_HEIGHT: u16 = 8;
const HINT_HEIGHT: u16 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Areas {
    pub too_small: bool,
    pub bordered: bool,
    /// The tree pane with its border, and the rows inside it.
    pub tree: Rect,
    pub tree_body: Rect,
    /// The detail pane with its border, and the text inside it (the
    /// scrollbar takes the column to its right).
    pub detail: Rect,
    pub detail_body: Rect,
    pub scrollbar: Rect,
    pub status: Rect,
    pub hint: Rect,
}

pub fn areas(width: u16, height: u16, focus: Focus) -> Areas {
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Areas {
            too_small: true,
            status: Rect::new(0, 0, width, height.min(1)),
            ..Areas::default()
        };
    }
    let with_hint = height >= HINT_HEIGHT;
    let bottom_lines = if with_hint { 2 } else { 1 };
    let main = Rect::new(0, 0, width, height - bottom_lines);
    let status = Rect::new(0, main.bottom(), width, 1);
    let hint = if with_hint {
        Rect::new(0, status.bottom(), width, 1)
    } else {
        Rect::default()
    };
    let bordered = height >= BORDER_HEIGHT;

    let (tree, detail) = if width >= TWO_PANE_WIDTH {
        let tree_width = (width * 38 / 100).clamp(24, 48);
        (
            Rect::new(0, 0, tree_width, main.height),
            Rect::new(tree_width, 0, width - tree_width, main.height),
        )
    } else {
        match focus {
            Focus::Tree => (main, Rect::default()),
            Focus::Detail => (Rect::default(), main),
        }
    };
    let inner = |r: Rect| if bordered { inset(r) } else { r };
    let tree_body = inner(tree);
    let detail_inner = inner(detail);
    // One column of margin on the left, the scrollbar on the right.
    let (detail_body, scrollbar) = if detail_inner.width > 4 {
        (
            Rect {
                x: detail_inner.x + 1,
                width: detail_inner.width - 2,
                ..detail_inner
            },
            Rect {
                x: detail_inner.right() - 1,
                width: 1,
                ..detail_inner
            },
        )
    } else {
        (detail_inner, Rect::default())
    };
    Areas {
        too_small: false,
        bordered,
        tree,
        tree_body,
        detail,
        detail_body,
        scrollbar,
        status,
        hint,
    }
}

fn inset(r: Rect) -> Rect {
    if r.width < 2 || r.height < 2 {
        return Rect::new(r.x, r.y, 0, 0);
    }
    Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_size_fits_inside_the_screen() {
        for w in 0..140 {
            for h in 0..50 {
                for focus in [Focus::Tree, Focus::Detail] {
                    let a = areas(w, h, focus);
                    for r in [
                        a.tree,
                        a.tree_body,
                        a.detail,
                        a.detail_body,
                        a.scrollbar,
                        a.status,
                        a.hint,
                    ] {
                        assert!(r.right() <= w && r.bottom() <= h, "{w}x{h}: {r:?}");
                    }
                }
            }
        }
    }

    #[test]
    fn wide_screens_get_two_panes_narrow_ones_the_focused_pane() {
        let wide = areas(120, 35, Focus::Tree);
        assert!(wide.tree.width > 0 && wide.detail.width > 0);
        assert_eq!(wide.tree.width + wide.detail.width, 120);
        let narrow = areas(40, 20, Focus::Detail);
        assert_eq!(narrow.tree.width, 0);
        assert_eq!(narrow.detail.width, 40);
        assert!(areas(10, 3, Focus::Tree).too_small);
    }
}
