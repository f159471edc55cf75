//! The one table of keys: for each binding, the modes it works in, the
//! keys and the action each sends, its help text and its hint for the
//! status line, in English and Chinese. `map_key`, the help overlay, the
//! status-line hints and the detail panel's key reminder are all read
//! from it, so none of them can drift from what the keys do.

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

use super::action::{Action, Mode};
use crate::lang::Lang;

/// A key as the table names it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Key {
    /// A character typed without Ctrl or Alt (Shift is part of it: `G`).
    Char(char),
    /// Ctrl and a letter.
    Ctrl(char),
    /// A named key: arrows, Enter, Esc, …
    Code(KeyCode),
    /// `1`–`9`: the action gets the digit (`CopyNumbered(n)`).
    Digits,
    /// Any character: the action gets it (`Type(c)`).
    AnyChar,
}

impl Key {
    /// How help and hints write the key.
    pub fn name(self) -> String {
        match self {
            Key::Char(' ') => "Space".into(),
            Key::Char(c) => c.to_string(),
            Key::Ctrl(c) => format!("Ctrl-{c}"),
            Key::Digits => "1-9".into(),
            Key::AnyChar => "text".into(),
            Key::Code(code) => match code {
                KeyCode::Up => "Up".into(),
                KeyCode::Down => "Down".into(),
                KeyCode::Left => "Left".into(),
                KeyCode::Right => "Right".into(),
                KeyCode::PageUp => "PgUp".into(),
                KeyCode::PageDown => "PgDn".into(),
                KeyCode::Home => "Home".into(),
                KeyCode::End => "End".into(),
                KeyCode::Enter => "Enter".into(),
                KeyCode::Esc => "Esc".into(),
                KeyCode::Tab => "Tab".into(),
                KeyCode::BackTab => "Shift-Tab".into(),
                KeyCode::Backspace => "Backspace".into(),
                other => format!("{other:?}"),
            },
        }
    }

    /// The action this key sends for `event`, given the action bound to it.
    fn matches(self, event: &KeyEvent, bound: &Action) -> Option<Action> {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        let alt = event.modifiers.contains(KeyModifiers::ALT);
        match (self, event.code) {
            (Key::Ctrl(want), KeyCode::Char(c)) if ctrl && !alt && c == want => Some(bound.clone()),
            _ if ctrl || alt => None,
            (Key::Char(want), KeyCode::Char(c)) if c == want => Some(bound.clone()),
            (Key::Code(want), code) if code == want => Some(bound.clone()),
            (Key::Digits, KeyCode::Char(c @ '1'..='9')) => {
                Some(Action::CopyNumbered(c as usize - '0' as usize))
            }
            (Key::AnyChar, KeyCode::Char(c)) => Some(Action::Type(c)),
            _ => None,
        }
    }
}

/// Where a binding is listed in the help overlay.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Group {
    Move,
    Filter,
    Details,
    Act,
    Picker,
    Other,
}

impl Group {
    pub const ALL: [Group; 6] = [
        Group::Move,
        Group::Filter,
        Group::Details,
        Group::Picker,
        Group::Act,
        Group::Other,
    ];

    pub fn title(self, lang: Lang) -> &'static str {
        let (en, zh) = match self {
            Group::Move => ("Move", "移动"),
            Group::Filter => ("Filter", "筛选"),
            Group::Details => ("Tree and details", "目录与详情"),
            Group::Act => ("Act on the selected dataset", "对所选数据集操作"),
            Group::Picker => ("Facet picker (f)", "分面选择器（f）"),
            Group::Other => ("Other", "其他"),
        };
        pick(lang, en, zh)
    }
}

/// A short reminder on the status line: `j/k move`.
#[derive(Debug, Clone, Copy)]
pub struct Hint {
    /// The mode whose status line shows it.
    pub mode: Mode,
    /// The keys as written there; each `/`-separated name is one of the
    /// binding's keys (`/` alone is the slash key).
    pub keys: &'static str,
    pub text: [&'static str; 2],
}

/// One line of the table.
#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub group: Group,
    pub modes: &'static [Mode],
    /// Each key and what it sends. For [`Key::Digits`] and [`Key::AnyChar`]
    /// the action carries the key itself (the one given here is a stand-in).
    pub keys: &'static [(Key, Action)],
    /// English, Chinese.
    pub help: [&'static str; 2],
    pub hints: &'static [Hint],
}

impl Binding {
    pub fn help(&self, lang: Lang) -> &'static str {
        pick(lang, self.help[0], self.help[1])
    }

    /// The keys as the help overlay lists them: `j k Up Down`.
    pub fn key_names(&self) -> String {
        let mut names: Vec<String> = Vec::new();
        for (key, _) in self.keys {
            let name = key.name();
            if !names.contains(&name) {
                names.push(name);
            }
        }
        names.join(" ")
    }
}

fn pick(lang: Lang, en: &'static str, zh: &'static str) -> &'static str {
    match lang {
        Lang::En => en,
        Lang::Zh => zh,
    }
}

use Mode::{Compare, Detail, Help, Picker, Tree, Typing};

const ALL: &[Mode] = &Mode::ALL;
const BROWSE: &[Mode] = &[Tree, Detail];
const BROWSE_OR_TYPING: &[Mode] = &[Tree, Detail, Typing];

const fn hint(mode: Mode, keys: &'static str, en: &'static str, zh: &'static str) -> Hint {
    Hint {
        mode,
        keys,
        text: [en, zh],
    }
}

/// Every binding. Earlier lines win where two bind a key in one mode.
pub const BINDINGS: &[Binding] = &[
    // ----- Move -----
    Binding {
        group: Group::Move,
        modes: &[Tree],
        keys: &[(Key::Char('j'), Action::Down), (Key::Char('k'), Action::Up)],
        help: ["move the selection", "移动选择"],
        hints: &[hint(Tree, "j/k", "move", "移动")],
    },
    Binding {
        group: Group::Move,
        modes: &[Detail, Help, Compare],
        keys: &[(Key::Char('j'), Action::Down), (Key::Char('k'), Action::Up)],
        help: ["scroll details and help", "滚动详情和帮助"],
        hints: &[
            hint(Detail, "j/k", "scroll", "滚动"),
            hint(Help, "j/k", "scroll", "滚动"),
        ],
    },
    Binding {
        group: Group::Move,
        modes: ALL,
        keys: &[
            (Key::Code(KeyCode::Up), Action::Up),
            (Key::Code(KeyCode::Down), Action::Down),
        ],
        help: [
            "move, also while typing a filter",
            "移动（输入筛选时也可用）",
        ],
        hints: &[
            hint(Typing, "Up/Down", "move", "移动"),
            hint(Picker, "Up/Down", "move", "移动"),
        ],
    },
    Binding {
        group: Group::Move,
        modes: ALL,
        keys: &[(Key::Ctrl('p'), Action::Up), (Key::Ctrl('n'), Action::Down)],
        help: ["the same, as in a shell", "同上（与 shell 相同）"],
        hints: &[],
    },
    Binding {
        group: Group::Move,
        modes: ALL,
        keys: &[
            (Key::Code(KeyCode::PageUp), Action::PageUp),
            (Key::Code(KeyCode::PageDown), Action::PageDown),
        ],
        help: ["one page up / down", "上一页 / 下一页"],
        hints: &[hint(Detail, "PgUp/PgDn", "page", "翻页")],
    },
    Binding {
        group: Group::Move,
        modes: &[Tree, Detail],
        keys: &[
            (Key::Char('g'), Action::Top),
            (Key::Char('G'), Action::Bottom),
        ],
        help: ["first / last row", "第一行 / 最后一行"],
        hints: &[],
    },
    Binding {
        group: Group::Move,
        modes: ALL,
        keys: &[
            (Key::Code(KeyCode::Home), Action::Top),
            (Key::Code(KeyCode::End), Action::Bottom),
        ],
        help: ["first / last row", "第一行 / 最后一行"],
        hints: &[],
    },
    // ----- Filter -----
    Binding {
        group: Group::Filter,
        modes: BROWSE,
        keys: &[(Key::Char('/'), Action::StartFilter)],
        help: [
            "filter; the panes follow each key",
            "筛选；窗格随每次按键更新",
        ],
        hints: &[hint(Tree, "/", "filter", "筛选")],
    },
    Binding {
        group: Group::Filter,
        modes: &[Typing],
        keys: &[
            (Key::AnyChar, Action::Type(' ')),
            (Key::Code(KeyCode::Backspace), Action::Backspace),
        ],
        help: [
            "typed into the filter; Backspace deletes",
            "输入筛选词；Backspace 删除",
        ],
        hints: &[],
    },
    Binding {
        group: Group::Filter,
        modes: &[Typing],
        keys: &[(Key::Code(KeyCode::Enter), Action::Enter)],
        help: ["keep the filter, back to the tree", "保留筛选，回到目录"],
        hints: &[hint(Typing, "Enter", "keep", "保留")],
    },
    Binding {
        group: Group::Filter,
        modes: &[Typing],
        keys: &[(Key::Code(KeyCode::Esc), Action::Escape)],
        help: ["clear the filter", "清除筛选"],
        hints: &[hint(Typing, "Esc", "clear", "清除")],
    },
    Binding {
        group: Group::Filter,
        modes: BROWSE_OR_TYPING,
        keys: &[
            (Key::Ctrl('u'), Action::ClearQuery),
            (Key::Ctrl('w'), Action::DeleteWord),
        ],
        help: ["clear the query / delete a word", "清空查询 / 删除一个词"],
        hints: &[
            hint(Typing, "Ctrl-u", "clear", "清空"),
            hint(Typing, "Ctrl-w", "word", "删词"),
        ],
    },
    Binding {
        group: Group::Filter,
        modes: BROWSE,
        keys: &[(Key::Char('f'), Action::OpenPicker)],
        help: ["facet picker with live counts", "分面选择器（实时计数）"],
        hints: &[hint(Tree, "f", "facets", "分面")],
    },
    Binding {
        group: Group::Filter,
        modes: BROWSE,
        keys: &[(Key::Char('s'), Action::CycleSort)],
        help: [
            "sort: relevance, name, year, size",
            "排序：相关度、名称、年份、规模",
        ],
        hints: &[hint(Tree, "s", "sort", "排序")],
    },
    // ----- Tree and details -----
    Binding {
        group: Group::Details,
        modes: BROWSE,
        keys: &[
            (Key::Char('h'), Action::Left),
            (Key::Char('l'), Action::Right),
            (Key::Code(KeyCode::Left), Action::Left),
            (Key::Code(KeyCode::Right), Action::Right),
        ],
        help: [
            "fold / unfold; on a dataset: details",
            "折叠 / 展开；数据集上：详情",
        ],
        hints: &[],
    },
    Binding {
        group: Group::Details,
        modes: BROWSE,
        keys: &[
            (Key::Char('-'), Action::CollapseAll),
            (Key::Char('+'), Action::ExpandAll),
        ],
        help: ["fold all / unfold all", "全部折叠 / 全部展开"],
        hints: &[hint(Tree, "-/+", "fold all", "全部折叠")],
    },
    Binding {
        group: Group::Details,
        modes: BROWSE,
        keys: &[(Key::Code(KeyCode::Enter), Action::Enter)],
        help: [
            "fold or unfold; on a dataset: details",
            "折叠或展开；数据集上：详情",
        ],
        hints: &[hint(Tree, "Enter", "details", "详情")],
    },
    Binding {
        group: Group::Filter,
        modes: &[Typing],
        keys: &[
            (Key::Code(KeyCode::Tab), Action::ApplySuggestion),
            (Key::Code(KeyCode::BackTab), Action::SwitchFocus),
        ],
        help: [
            "apply \"did you mean\" (else: switch focus)",
            "采用“您是不是要找”（否则切换焦点）",
        ],
        hints: &[],
    },
    Binding {
        group: Group::Details,
        modes: BROWSE,
        keys: &[
            (Key::Code(KeyCode::Tab), Action::SwitchFocus),
            (Key::Code(KeyCode::BackTab), Action::SwitchFocus),
        ],
        help: ["switch focus: tree / details", "切换焦点：目录 / 详情"],
        hints: &[hint(Detail, "Tab", "back", "返回")],
    },
    // ----- Act -----
    Binding {
        group: Group::Act,
        modes: BROWSE,
        keys: &[(Key::Char('y'), Action::CopyPrimary)],
        help: ["copy the primary URL [1]", "复制主链接 [1]"],
        hints: &[
            hint(Tree, "y", "copy link", "复制链接"),
            hint(Detail, "y", "copy [1]", "复制 [1]"),
        ],
    },
    Binding {
        group: Group::Act,
        modes: BROWSE,
        keys: &[(Key::Digits, Action::CopyNumbered(1))],
        help: ["copy URL [n] and mark it > for c", "复制链接 [n] 并标记 >"],
        hints: &[
            hint(Tree, "1-9", "copy [n]", "复制 [n]"),
            hint(Detail, "1-9", "copy [n]", "复制 [n]"),
        ],
    },
    Binding {
        group: Group::Act,
        modes: BROWSE,
        keys: &[(Key::Char('Y'), Action::CopyAll)],
        help: ["copy all URLs, one per line", "复制全部链接，每行一个"],
        hints: &[hint(Detail, "Y", "copy all", "复制全部")],
    },
    Binding {
        group: Group::Act,
        modes: BROWSE,
        keys: &[(Key::Char('c'), Action::CopyCommand)],
        help: ["copy the command of link >", "复制 > 链接的下载命令"],
        hints: &[
            hint(Tree, "c", "command", "命令"),
            hint(Detail, "c", "copy command of >", "复制 > 的命令"),
        ],
    },
    Binding {
        group: Group::Act,
        modes: BROWSE,
        keys: &[(Key::Char(' '), Action::ToggleMark)],
        help: [
            "mark / unmark; Y c b act on all marked",
            "标记 / 取消；Y c b 随后作用于全部已标记",
        ],
        hints: &[hint(Tree, "Space", "mark", "标记")],
    },
    Binding {
        group: Group::Act,
        modes: BROWSE,
        keys: &[
            (Key::Char('*'), Action::MarkAllShown),
            (Key::Char('U'), Action::ClearMarks),
            (Key::Char('M'), Action::OnlyMarked),
        ],
        help: [
            "mark all matches / clear / only marked",
            "标记全部匹配 / 清除 / 只看已标记",
        ],
        hints: &[],
    },
    Binding {
        group: Group::Act,
        modes: &[Tree, Detail, Compare],
        keys: &[
            (Key::Char('='), Action::ToggleCompare),
            (Key::Char('h'), Action::Left),
            (Key::Char('l'), Action::Right),
        ],
        help: [
            "compare the marked side by side; h l scroll",
            "并排比较已标记的；h l 滚动",
        ],
        hints: &[
            hint(Tree, "=", "compare", "比较"),
            hint(Compare, "=", "close", "关闭"),
            hint(Compare, "h/l", "columns", "列"),
        ],
    },
    Binding {
        group: Group::Act,
        modes: BROWSE,
        keys: &[(Key::Char('b'), Action::CopyBibtex)],
        help: ["copy the BibTeX of every citation", "复制全部引用的 BibTeX"],
        hints: &[hint(Detail, "b", "BibTeX", "BibTeX")],
    },
    Binding {
        group: Group::Act,
        modes: BROWSE,
        keys: &[
            (Key::Char(']'), Action::FollowRelated),
            (Key::Char('['), Action::JumpBack),
        ],
        help: [
            "next related dataset / back again",
            "下一个相关数据集 / 返回",
        ],
        hints: &[
            hint(Detail, "]", "related", "相关"),
            hint(Detail, "[", "back", "返回"),
        ],
    },
    Binding {
        group: Group::Act,
        modes: BROWSE,
        keys: &[(Key::Char('o'), Action::OpenPrimary)],
        help: [
            "open [1] in a browser (SSH: copy)",
            "浏览器打开 [1]（SSH 下复制）",
        ],
        hints: &[hint(Detail, "o", "open [1]", "打开 [1]")],
    },
    Binding {
        group: Group::Act,
        modes: BROWSE,
        keys: &[(Key::Char('r'), Action::Recheck)],
        help: ["re-check the links in the background", "在后台重新检查链接"],
        hints: &[],
    },
    // ----- Facet picker -----
    Binding {
        group: Group::Picker,
        modes: &[Picker],
        keys: &[(Key::Char(' '), Action::TogglePick)],
        help: ["tick or untick the value", "勾选或取消该取值"],
        hints: &[hint(Picker, "Space", "toggle", "勾选")],
    },
    Binding {
        group: Group::Picker,
        modes: &[Picker],
        keys: &[(Key::Code(KeyCode::Enter), Action::Enter)],
        help: ["apply the ticked values", "应用勾选的取值"],
        hints: &[hint(Picker, "Enter", "apply", "应用")],
    },
    Binding {
        group: Group::Picker,
        modes: &[Picker],
        keys: &[(Key::Code(KeyCode::Esc), Action::Escape)],
        help: [
            "clear the typed filter, else close without applying",
            "清除输入的筛选，否则关闭且不应用",
        ],
        hints: &[hint(Picker, "Esc", "cancel", "取消")],
    },
    Binding {
        group: Group::Picker,
        modes: &[Picker],
        keys: &[
            (Key::Code(KeyCode::Tab), Action::NextFacet),
            (Key::Code(KeyCode::BackTab), Action::PreviousFacet),
        ],
        help: ["next / previous facet", "下一个 / 上一个分面"],
        hints: &[hint(Picker, "Tab", "next facet", "下一分面")],
    },
    Binding {
        group: Group::Picker,
        modes: &[Picker],
        keys: &[
            (Key::AnyChar, Action::Type(' ')),
            (Key::Code(KeyCode::Backspace), Action::Backspace),
        ],
        help: ["type to narrow the values (chinese, mri)", "输入以筛选取值"],
        hints: &[],
    },
    // ----- Other -----
    Binding {
        group: Group::Other,
        modes: BROWSE,
        keys: &[(Key::Char('L'), Action::ToggleLang)],
        help: ["English / 中文", "English / 中文"],
        hints: &[hint(Tree, "L", "中文", "English")],
    },
    Binding {
        group: Group::Other,
        modes: &[Tree, Detail, Help],
        keys: &[(Key::Char('?'), Action::ToggleHelp)],
        help: ["this help", "本帮助"],
        hints: &[
            hint(Tree, "?", "help", "帮助"),
            hint(Detail, "?", "help", "帮助"),
        ],
    },
    Binding {
        group: Group::Other,
        modes: &[Tree, Detail, Help, Compare],
        keys: &[(Key::Code(KeyCode::Esc), Action::Escape)],
        help: [
            "close, clear or step back (never quits)",
            "关闭、清除或返回（不会退出）",
        ],
        hints: &[hint(Help, "Esc", "close", "关闭")],
    },
    Binding {
        group: Group::Other,
        modes: &[Tree, Detail, Help, Compare],
        keys: &[(Key::Char('q'), Action::Quit)],
        help: ["quit", "退出"],
        hints: &[
            hint(Tree, "q", "quit", "退出"),
            hint(Detail, "q", "quit", "退出"),
        ],
    },
    Binding {
        group: Group::Other,
        modes: ALL,
        keys: &[(Key::Ctrl('c'), Action::Quit)],
        help: ["quit from anywhere", "随处退出"],
        hints: &[],
    },
];

/// What a key press means in `mode`. Only presses count, not releases.
pub fn map_key(event: &KeyEvent, mode: Mode) -> Option<Action> {
    if event.kind != KeyEventKind::Press {
        return None;
    }
    BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .flat_map(|b| b.keys.iter())
        .find_map(|(key, action)| key.matches(event, action))
}

/// The status-line hints of `mode`: `j/k move  / filter  …`.
pub fn hints(mode: Mode, lang: Lang) -> String {
    hint_items(mode, lang).join("  ")
}

/// The hints of `mode`, one per key, most useful first.
pub fn hint_items(mode: Mode, lang: Lang) -> Vec<String> {
    let mut out = Vec::new();
    if mode == Mode::Typing {
        out.push(pick(lang, "type to filter", "输入以筛选").to_string());
    }
    for binding in BINDINGS {
        for hint in binding.hints.iter().filter(|h| h.mode == mode) {
            out.push(format!(
                "{} {}",
                hint.keys,
                pick(lang, hint.text[0], hint.text[1])
            ));
        }
    }
    if mode == Mode::Typing {
        // Query syntax, not keys.
        out.push("'exact ^prefix !not".to_string());
    }
    // `? help` leads: it is the way to every other key when hints are cut.
    if let Some(at) = out.iter().position(|h| h.starts_with("? ")) {
        let help = out.remove(at);
        out.insert(0, help);
    }
    out
}

/// The hint text of the binding that sends `action` in `mode`, as
/// `keys text`: for reminders written next to what the keys act on.
pub fn reminder(action: &Action, mode: Mode, lang: Lang) -> Option<String> {
    BINDINGS
        .iter()
        .filter(|b| b.modes.contains(&mode))
        .find(|b| b.keys.iter().any(|(_, a)| a == action))?
        .hints
        .iter()
        .find(|h| h.mode == mode)
        .map(|h| format!("{} {}", h.keys, pick(lang, h.text[0], h.text[1])))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode) -> KeyEvent {
        KeyEvent::new(code, KeyModifiers::NONE)
    }

    /// The key a name in help or hints stands for.
    fn parse(name: &str) -> Option<Key> {
        let code = match name {
            "Up" => KeyCode::Up,
            "Down" => KeyCode::Down,
            "Left" => KeyCode::Left,
            "Right" => KeyCode::Right,
            "PgUp" => KeyCode::PageUp,
            "PgDn" => KeyCode::PageDown,
            "Home" => KeyCode::Home,
            "End" => KeyCode::End,
            "Enter" => KeyCode::Enter,
            "Esc" => KeyCode::Esc,
            "Tab" => KeyCode::Tab,
            "Shift-Tab" => KeyCode::BackTab,
            "Backspace" => KeyCode::Backspace,
            "Space" => return Some(Key::Char(' ')),
            "1-9" => return Some(Key::Digits),
            "text" => return Some(Key::AnyChar),
            _ => {
                if let Some(c) = name.strip_prefix("Ctrl-") {
                    return c.chars().next().map(Key::Ctrl);
                }
                let mut chars = name.chars();
                return match (chars.next(), chars.next()) {
                    (Some(c), None) => Some(Key::Char(c)),
                    _ => None,
                };
            }
        };
        Some(Key::Code(code))
    }

    #[test]
    fn every_binding_has_help_and_keys_in_some_mode() {
        for b in BINDINGS {
            assert!(!b.keys.is_empty() && !b.modes.is_empty(), "{:?}", b.help);
            assert!(!b.help[0].is_empty() && !b.help[1].is_empty());
            for (key, _) in b.keys {
                assert_eq!(parse(&key.name()), Some(*key), "{key:?} names itself");
            }
        }
    }

    /// The keys of a hint: `j/k` is two, `/` is the slash key.
    fn hint_key_names(keys: &str) -> Vec<&str> {
        if keys == "/" {
            vec!["/"]
        } else {
            keys.split('/').collect()
        }
    }

    #[test]
    fn every_key_named_in_a_hint_is_bound_in_its_mode_to_that_binding() {
        for b in BINDINGS {
            for h in b.hints {
                assert!(b.modes.contains(&h.mode), "{} outside its modes", h.keys);
                for name in hint_key_names(h.keys) {
                    let key = parse(name).unwrap_or_else(|| panic!("{name}: not a key"));
                    assert!(
                        b.keys.iter().any(|(k, _)| *k == key),
                        "hint {} names {name}, not a key of its binding",
                        h.keys
                    );
                }
            }
        }
    }

    #[test]
    fn every_key_of_a_binding_reaches_it_in_each_of_its_modes() {
        // Where an earlier line takes a key in some mode, the later line
        // must not claim it there: that key's help would be a lie.
        for b in BINDINGS {
            for &mode in b.modes {
                for (key, action) in b.keys {
                    let event = match *key {
                        Key::Char(c) => press(KeyCode::Char(c)),
                        Key::Ctrl(c) => KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL),
                        Key::Code(code) => press(code),
                        Key::Digits => press(KeyCode::Char('3')),
                        Key::AnyChar => press(KeyCode::Char('x')),
                    };
                    let expected = match key {
                        Key::Digits => Action::CopyNumbered(3),
                        Key::AnyChar => Action::Type('x'),
                        _ => action.clone(),
                    };
                    assert_eq!(
                        map_key(&event, mode),
                        Some(expected),
                        "{} in {mode:?} ({:?})",
                        key.name(),
                        b.help[0]
                    );
                }
            }
        }
    }

    #[test]
    fn letters_are_commands_in_the_tree_and_text_in_the_filter() {
        assert_eq!(
            map_key(&press(KeyCode::Char('q')), Tree),
            Some(Action::Quit)
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('3')), Tree),
            Some(Action::CopyNumbered(3))
        );
        assert_eq!(
            map_key(&press(KeyCode::Char('q')), Typing),
            Some(Action::Type('q'))
        );
        assert_eq!(map_key(&press(KeyCode::Down), Typing), Some(Action::Down));
        let ctrl_n = KeyEvent::new(KeyCode::Char('n'), KeyModifiers::CONTROL);
        assert_eq!(map_key(&ctrl_n, Typing), Some(Action::Down));
        let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
        assert_eq!(map_key(&ctrl_c, Typing), Some(Action::Quit));
        let alt_j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::ALT);
        assert_eq!(map_key(&alt_j, Tree), None);
    }

    #[test]
    fn only_presses_count() {
        let mut release = press(KeyCode::Char('j'));
        release.kind = KeyEventKind::Release;
        assert_eq!(map_key(&release, Tree), None);
    }

    #[test]
    fn hints_in_both_languages_name_the_same_keys() {
        for mode in Mode::ALL {
            let keys = |lang| -> Vec<String> {
                hints(mode, lang)
                    .split("  ")
                    .map(|h| h.split(' ').next().unwrap_or("").to_string())
                    .collect()
            };
            let (en, zh) = (keys(Lang::En), keys(Lang::Zh));
            assert_eq!(en.len(), zh.len(), "{mode:?}");
            assert!(hints(Mode::Detail, Lang::Zh).contains("c 复制 > 的命令"));
        }
    }
}
