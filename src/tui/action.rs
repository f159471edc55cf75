//! What the user asks for ([`Action`]), what the state asks the edge to do
//! ([`Effect`]), and the modes keys are read in.

use crate::links::check::UrlResult;

/// Something the user asked for, already decoded from the terminal's events.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    Top,
    Bottom,
    PageUp,
    PageDown,
    /// `h` / `←`: collapse, or go to the parent category.
    Left,
    /// `l` / `→`: expand, or move into the detail panel.
    Right,
    /// `Enter`: keep the filter while typing; else like `Right` (toggles a category).
    Enter,
    /// `Tab` / `Shift-Tab`.
    SwitchFocus,
    /// `/`: start typing a filter.
    StartFilter,
    /// A character typed into the filter.
    Type(char),
    /// Text pasted into the filter.
    Paste(String),
    Backspace,
    /// `Ctrl-u`.
    ClearQuery,
    /// `Ctrl-w`.
    DeleteWord,
    /// `Esc`: close, clear, or quit when there is nothing left to clear.
    Escape,
    /// `y`.
    CopyPrimary,
    /// `1`–`9`.
    CopyNumbered(usize),
    /// `Y`.
    CopyAll,
    /// `o`.
    OpenPrimary,
    /// `c`: copy the download command of the current link.
    CopyCommand,
    /// `b`: copy the dataset's BibTeX, every entry it asks to be cited with.
    CopyBibtex,
    /// `Tab` while typing: replace the query with its "did you mean".
    ApplySuggestion,
    /// Tab in the facet picker: the first value of the next facet.
    NextFacet,
    /// Shift-Tab in the facet picker.
    PreviousFacet,
    /// Space: mark or unmark the selected dataset.
    ToggleMark,
    /// `*`: mark every dataset shown (the filtered ones).
    MarkAllShown,
    /// `U`: clear every mark.
    ClearMarks,
    /// `M`: show only the marked datasets, or everything again.
    OnlyMarked,
    /// `=`: the marked datasets side by side (or close that view).
    ToggleCompare,
    /// `-`: collapse every category.
    CollapseAll,
    /// `+` or `=`: expand every category.
    ExpandAll,
    /// `]`: go to a related dataset (the next one on each visit).
    FollowRelated,
    /// `[`: back to where `]` came from.
    JumpBack,
    /// `s`: next sort order.
    CycleSort,
    /// `f`: open the facet picker.
    OpenPicker,
    /// Space in the facet picker.
    TogglePick,
    /// `r`: check the selected dataset's links again, in the background.
    Recheck,
    /// One link's result came back from the background check.
    LinkChecked(UrlResult),
    /// Nothing else to do: search the next slice of an unfinished search.
    ContinueSearch,
    /// `?`.
    ToggleHelp,
    /// `L`.
    ToggleLang,
    Quit,
    Resize(u16, u16),
    Click(u16, u16),
    ScrollUp(u16, u16),
    ScrollDown(u16, u16),
}

/// Work for the edge of the program, returned by `App::update`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    /// Put `text` on the clipboard; `what` says what it is, for the status line.
    Copy { text: String, what: String },
    /// Open an http(s) URL in the browser.
    Open(String),
    /// Check these URLs in the background; results come back as
    /// [`Action::LinkChecked`].
    CheckLinks(Vec<String>),
    /// Write the link cache (a check finished).
    SaveLinks,
    /// Write the shortlist (the marks changed).
    SaveShortlist,
}

/// Which pane keys move in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Tree,
    Detail,
}

/// What a key means depends on what is on top: the keymap has a column
/// per mode.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    /// The tree has focus.
    Tree,
    /// The detail panel has focus.
    Detail,
    /// Typing a filter.
    Typing,
    /// The facet picker is open.
    Picker,
    /// The help overlay is open.
    Help,
    /// The compare view (`=`) is open.
    Compare,
}

impl Mode {
    pub const ALL: [Mode; 6] = [
        Mode::Tree,
        Mode::Detail,
        Mode::Typing,
        Mode::Picker,
        Mode::Help,
        Mode::Compare,
    ];
}
