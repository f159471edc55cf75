//! The real binary in a real terminal: tmux runs it, keys are typed with
//! `send-keys`, the screen is read with `capture-pane`, as a person would.
//!
//! Each test uses its own tmux server (`-L`), so it neither sees nor touches
//! the user's sessions. tmux is required (`.ci/run` installs it).

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::thread::sleep;
use std::time::{Duration, Instant};

#[path = "support/synth.rs"]
mod synth;

const BINARY: &str = env!("CARGO_BIN_EXE_medsets");

struct Session {
    socket: String,
    dir: tempfile::TempDir,
}

impl Session {
    /// Starts medsets in a fresh tmux server, recording the terminal's
    /// settings before and after it runs and its exit code.
    fn start(name: &str, args: &str, env: &[(&str, &str)], width: u16, height: u16) -> Session {
        let dir = tempfile::tempdir().unwrap();
        let socket = format!("medsets-test-{}-{name}", std::process::id());
        let d = dir.path().display().to_string();
        // The user's link cache never leaks in; a test may name its own.
        let mut exports =
            format!("export MEDSETS_CACHE_DIR='{d}/cache'; export MEDSETS_STATE_DIR='{d}/state'; ");
        exports.extend(env.iter().map(|(k, v)| format!("export {k}='{v}'; ")));
        let script = format!(
            "{exports}stty -g > {d}/before; '{BINARY}' {args} 2> {d}/stderr; echo $? > {d}/rc; stty -g > {d}/after; sleep 600\n"
        );
        std::fs::write(dir.path().join("run.sh"), script).unwrap();
        let session = Session { socket, dir };
        session.tmux(&[
            "-f",
            "/dev/null",
            "new-session",
            "-d",
            "-x",
            &width.to_string(),
            "-y",
            &height.to_string(),
            "-s",
            "main",
        ]);
        for option in [["escape-time", "0"], ["set-clipboard", "on"]] {
            session.tmux(&["set-option", "-g", option[0], option[1]]);
        }
        session.tmux(&[
            "respawn-pane",
            "-k",
            "-t",
            "main",
            &format!("sh {d}/run.sh"),
        ]);
        session
    }

    fn tmux(&self, args: &[&str]) -> Output {
        let output = Command::new("tmux")
            .arg("-L")
            .arg(&self.socket)
            .args(args)
            .output()
            .expect("tmux must be installed to run these tests (apt-get install tmux)");
        assert!(
            output.status.success(),
            "tmux {args:?}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        output
    }

    fn screen(&self) -> String {
        String::from_utf8(self.tmux(&["capture-pane", "-p", "-t", "main"]).stdout).unwrap()
    }

    fn keys(&self, keys: &[&str]) {
        let mut args = vec!["send-keys", "-t", "main"];
        args.extend_from_slice(keys);
        self.tmux(&args);
    }

    fn type_text(&self, text: &str) {
        self.tmux(&["send-keys", "-t", "main", "-l", text]);
    }

    /// Waits for the screen to satisfy `check`; fails with the screen if it never does.
    fn wait_for(&self, what: &str, check: impl Fn(&str) -> bool) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if check(&screen) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(30) {
                panic!(
                    "timed out waiting for {what}; screen:\n{screen}\nstderr: {}",
                    self.stderr()
                );
            }
            sleep(Duration::from_millis(50));
        }
    }

    fn file(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(self.dir.path().join(name)).ok()
    }

    fn path(&self) -> &Path {
        self.dir.path()
    }

    fn stderr(&self) -> String {
        self.file("stderr").unwrap_or_default()
    }

    /// Waits for the program to exit; returns its exit code.
    fn exit_code(&self) -> i32 {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(30) {
            if let Some(after) = self.file("after")
                && !after.is_empty()
            {
                return self.file("rc").unwrap().trim().parse().unwrap();
            }
            sleep(Duration::from_millis(50));
        }
        panic!("medsets did not exit; screen:\n{}", self.screen());
    }

    /// The terminal is back exactly as it was: cooked mode, same settings.
    fn assert_terminal_restored(&self) {
        let before = self.file("before").unwrap();
        let after = self.file("after").unwrap();
        assert_eq!(before, after, "stty settings differ after medsets exited");
        let mode = self.tmux(&[
            "display-message",
            "-p",
            "-t",
            "main",
            "#{alternate_on} #{mouse_any_flag} #{cursor_flag}",
        ]);
        assert_eq!(
            String::from_utf8_lossy(&mode.stdout).trim(),
            "0 0 1",
            "alternate screen off, mouse off, cursor shown"
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["-L", &self.socket, "kill-server"])
            .output();
    }
}

fn pause() {
    // Lets an Esc arrive on its own, not as the start of an Alt chord.
    sleep(Duration::from_millis(150));
}

#[test]
fn a_new_user_session_filter_copy_help_resize_quit() {
    let s = Session::start("session", "", &[], 120, 35);
    // Waits for the whole first frame: tmux may show one half-painted.
    let first = s.wait_for("the first screen", |screen| {
        screen.contains("Download") && screen.contains("Organ-specific (3)")
    });
    assert!(first.contains(">    ChatDoctor datasets"));
    // The first screen at 120x35 shows the whole shape of the catalog and
    // the selected dataset's links, without scrolling.
    for category in [
        "QA & language (14)",
        "Medical imaging (21)",
        "Captioning (2)",
        "Multi-collection (1)",
        "Organ-specific (3)",
    ] {
        assert!(first.contains(category), "{category} missing:\n{first}");
    }
    assert!(first.contains("https://drive.google.com/"), "{first}");

    // Filter as you type.
    s.keys(&["/"]);
    s.type_text("vqa-rad");
    let filtered = s.wait_for("the filter", |screen| screen.contains("/vqa-rad"));
    assert!(filtered.contains(">    VQA-RAD"), "{filtered}");
    assert!(
        !filtered.contains("ChatDoctor"),
        "unrelated datasets are hidden:\n{filtered}"
    );

    // Keep the filter and copy the primary link: OSC 52 lands in tmux's buffer.
    s.keys(&["Enter", "y"]);
    s.wait_for("the copy status", |screen| {
        screen.contains("Copied https://osf.io/89kps/")
    });
    let buffer = s.tmux(&["show-buffer"]);
    assert_eq!(
        String::from_utf8_lossy(&buffer.stdout),
        "https://osf.io/89kps/"
    );

    // Help opens and closes.
    s.keys(&["?"]);
    s.wait_for("the help overlay", |screen| {
        screen.contains("Keys (Esc or ? closes)")
    });
    pause();
    s.keys(&["Escape"]);
    s.wait_for("help to close", |screen| !screen.contains("Keys (Esc"));

    // Clear the filter, then search in Chinese.
    pause();
    s.keys(&["Escape"]);
    s.wait_for("the full tree", |screen| screen.contains(" 40/40 "));
    s.keys(&["/"]);
    s.type_text("结核");
    let chinese = s.wait_for("the Chinese filter", |screen| screen.contains("/结核"));
    assert!(chinese.contains(">    NLM Tuberculosis"), "{chinese}");

    // Resize down to nothing and back while still typing the filter.
    for (w, h) in [(30, 10), (7, 3), (2, 2), (1, 1), (120, 35)] {
        s.tmux(&[
            "resize-window",
            "-t",
            "main",
            "-x",
            &w.to_string(),
            "-y",
            &h.to_string(),
        ]);
        sleep(Duration::from_millis(100));
    }
    s.wait_for("the full screen again", |screen| {
        screen.contains("Datasets") && screen.contains("NLM Tuberculosis")
    });
    // Still in the filter: typing goes on where it was.
    s.type_text(" x");
    s.wait_for("the filter to go on", |screen| screen.contains("/结核 x"));
    s.keys(&["BSpace", "BSpace", "Enter"]);
    s.wait_for("the kept filter", |screen| screen.contains("filter: 结核"));

    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0, "stderr: {}", s.stderr());
    s.assert_terminal_restored();
}

#[test]
fn ctrl_c_quits_and_restores_even_while_typing() {
    let s = Session::start("ctrlc", "", &[], 100, 30);
    s.wait_for("the first screen", |screen| screen.contains("Datasets"));
    s.keys(&["/"]);
    s.type_text("mri");
    s.wait_for("the filter", |screen| screen.contains("/mri"));
    s.keys(&["C-c"]);
    assert_eq!(s.exit_code(), 0);
    s.assert_terminal_restored();
}

#[test]
fn a_panic_restores_the_terminal_and_prints_after_restoring() {
    let s = Session::start("panic", "", &[("MEDSETS_DEBUG_PANIC_KEY", "Z")], 100, 30);
    s.wait_for("the first screen", |screen| screen.contains("Datasets"));
    s.keys(&["Z"]);
    assert_eq!(s.exit_code(), 101, "a panic exits with Rust's panic code");
    s.assert_terminal_restored();
    assert!(
        s.stderr().contains("forced panic for testing"),
        "{}",
        s.stderr()
    );
}

#[test]
fn a_storm_of_random_keys_then_quit() {
    let s = Session::start("storm", "", &[], 100, 30);
    s.wait_for("the first screen", |screen| screen.contains("Datasets"));
    // A fixed pseudo-random sequence over every key but the quitting ones.
    let keys = [
        "j", "k", "g", "G", "h", "l", "Enter", "Tab", "BTab", "PageDown", "PageUp", "Home", "End",
        "Up", "Down", "Left", "Right", "/", "a", "x", "'", "!", "^", "$", "BSpace", "C-u", "C-w",
        "C-n", "C-p", "y", "Y", "1", "9", "?", "L", "F5", "M-x", "C-a", "Escape", "结", "（", "é",
    ];
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    for _ in 0..400 {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        let key = keys[(state % keys.len() as u64) as usize];
        if key == "Escape" {
            // Esc quits when nothing is left to clear: keep it from doing so.
            s.keys(&["/", "z"]);
        }
        s.keys(&[key]);
    }
    sleep(Duration::from_millis(300));
    let screen = s.screen();
    assert!(
        s.file("after").is_none(),
        "medsets exited during the storm:\n{screen}\n{}",
        s.stderr()
    );
    // Make sure we are not typing a query, then quit.
    pause();
    s.keys(&["Enter"]);
    pause();
    s.keys(&["q"]);
    let start = Instant::now();
    while s.file("after").is_none() && start.elapsed() < Duration::from_secs(2) {
        sleep(Duration::from_millis(50));
    }
    if s.file("after").is_none() {
        // The help overlay may have taken the q (it only closes): quit for real.
        s.keys(&["C-c"]);
    }
    assert_eq!(s.exit_code(), 0, "stderr: {}", s.stderr());
    s.assert_terminal_restored();
}

#[test]
fn a_bad_catalog_is_reported_on_a_restored_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let bad: PathBuf = dir.path().join("bad.json");
    std::fs::write(&bad, "{ \"version\": 1,\n  \"categories\": [,] }").unwrap();
    let s = Session::start(
        "badcatalog",
        &format!("--no-embedded --catalog '{}'", bad.display()),
        &[],
        100,
        30,
    );
    assert_eq!(s.exit_code(), 2);
    assert!(s.stderr().contains("bad.json:2:18"), "{}", s.stderr());
    s.assert_terminal_restored();
    let _ = s.path();
}

#[test]
fn escape_sequences_in_a_catalog_never_reach_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hostile.json");
    // Window title, clipboard write, clear screen, a C1 CSI, BEL, NUL and a bidi override.
    let hostile = "Evil\u{1b}]0;PWNED-TITLE\u{7}\u{1b}]52;c;UFdORUQtQ0xJUA==\u{7}\u{1b}[2J\u{9b}31m\u{0}\u{202e}gnp.exe";
    let catalog = serde_json::json!({
        "version": 1,
        "categories": [{"id": "imaging", "name": hostile, "description": hostile}],
        "datasets": [{
            "id": "evil", "name": hostile, "aliases": [hostile], "categories": ["imaging"],
            "summary": hostile, "summary_zh": hostile, "modalities": [hostile], "body_regions": [hostile],
            "tasks": [hostile], "size": [{"value": 1, "unit": hostile}], "languages": [hostile],
            "access": "open", "license": hostile,
            "paper": {"title": hostile, "venue": hostile, "year": 2020, "id": hostile},
            "urls": [{"label": hostile, "url": "https://example.org/safe"},
                     {"label": hostile, "url": "https://example.org/second"}]
        }]
    });
    std::fs::write(&path, serde_json::to_vec(&catalog).unwrap()).unwrap();
    let s = Session::start(
        "hostile",
        &format!("--no-embedded --catalog '{}'", path.display()),
        &[],
        110,
        32,
    );
    s.tmux(&["set-buffer", "sentinel"]);
    let title_before = String::from_utf8(
        s.tmux(&["display-message", "-p", "-t", "main", "#{pane_title}"])
            .stdout,
    )
    .unwrap();
    let screen = s.wait_for("the hostile entry", |screen| screen.contains("Evil"));
    assert!(
        screen.contains('\u{fffd}'),
        "controls are shown replaced:\n{screen}"
    );
    // Look at it every way: detail scrolled, the category row, help, the filter, Chinese.
    s.keys(&["Enter", "G", "Tab", "k", "?"]);
    pause();
    s.keys(&["Escape"]);
    // Lets the Esc arrive alone, not as the start of Alt-L.
    pause();
    s.keys(&["L", "/"]);
    s.type_text("evil");
    s.keys(&["Enter"]);
    s.wait_for("the filter kept", |screen| screen.contains("filter: evil"));
    let buffer = String::from_utf8(s.tmux(&["show-buffer"]).stdout).unwrap();
    assert_eq!(
        buffer, "sentinel",
        "an OSC 52 sequence from the catalog reached tmux"
    );
    s.keys(&["Y"]);
    s.wait_for("the copy status", |screen| {
        screen.contains("Copied 2 links of Evil")
    });
    let screen = s.screen();
    assert!(
        screen.contains("Datasets"),
        "the screen was not cleared:\n{screen}"
    );
    let title_after = String::from_utf8(
        s.tmux(&["display-message", "-p", "-t", "main", "#{pane_title}"])
            .stdout,
    )
    .unwrap();
    assert_eq!(title_before, title_after, "the window title was changed");
    assert!(!title_after.contains("PWNED"));
    let buffer = String::from_utf8(s.tmux(&["show-buffer"]).stdout).unwrap();
    assert_eq!(
        buffer, "https://example.org/safe\nhttps://example.org/second",
        "only the URLs were copied"
    );
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0);
    s.assert_terminal_restored();
}

#[test]
fn facet_picker_and_download_command_as_a_new_user() {
    let s = Session::start("research", "", &[], 110, 34);
    s.wait_for("the first screen", |screen| screen.contains("Datasets"));
    // f opens the picker on the first value (Modality: CT); Space ticks it.
    s.keys(&["f"]);
    s.wait_for("the picker", |screen| screen.contains("Facets: Space tick"));
    s.keys(&["Space"]);
    s.wait_for("the ticked value", |screen| screen.contains("[x] CT"));
    s.keys(&["Enter"]);
    let screen = s.wait_for("the applied facet", |screen| {
        screen.contains("filter: m:CT")
    });
    assert!(
        !screen.contains("ChatDoctor"),
        "text-only datasets are gone:\n{screen}"
    );
    // Narrow to AMOS by typing, then copy its download command.
    s.keys(&["/"]);
    s.type_text(" amos");
    s.wait_for("AMOS selected", |screen| screen.contains(">    AMOS"));
    s.keys(&["Enter", "c"]);
    s.wait_for("the copy status", |screen| {
        screen.contains("Copied the command for [1]")
    });
    let buffer = String::from_utf8(s.tmux(&["show-buffer"]).stdout).unwrap();
    assert_eq!(
        buffer,
        "zenodo_get 7262581 -o amos && zenodo_get -m 7262581 -o amos && (cd amos && md5sum -c md5sums.txt)"
    );
    // The detail panel shows each link's command beneath it, near its top
    // (`G` would scroll them out of view: the test passed only when the
    // screen was read before `G` arrived).
    s.keys(&["Tab"]);
    s.wait_for("the commands in the focused panel", |screen| {
        screen.contains("[detail]") && screen.contains("# pip install zenodo_get;")
    });
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0);
    s.assert_terminal_restored();
}

/// A local HTTP server for link checks: `/ok` answers 200, anything else 404.
fn tiny_server() -> String {
    use std::io::{Read, Write};
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(50).flatten() {
            let mut stream = stream;
            let _ = stream.set_read_timeout(Some(Duration::from_secs(2)));
            let mut request = [0u8; 2048];
            let n = stream.read(&mut request).unwrap_or(0);
            let head = String::from_utf8_lossy(&request[..n]);
            let path = head.split_whitespace().nth(1).unwrap_or("");
            let code = if path == "/ok" {
                "200 OK"
            } else {
                "404 Not Found"
            };
            let _ = write!(
                stream,
                "HTTP/1.1 {code}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            );
        }
    });
    base
}

#[test]
fn r_checks_links_in_the_background_and_the_cache_shows_them_next_time() {
    let base = tiny_server();
    let dir = tempfile::tempdir().unwrap();
    let catalog_path = dir.path().join("links.json");
    let cache = dir.path().join("cache");
    let catalog = serde_json::json!({
        "version": 1,
        "categories": [{"id": "imaging", "name": "Imaging"}],
        "datasets": [{
            "id": "local", "name": "Local Set", "categories": ["imaging"], "summary": "Served here.",
            "access": "open",
            "urls": [{"label": "Works", "url": format!("{base}/ok")},
                     {"label": "Gone", "url": format!("{base}/missing")}]
        }]
    });
    std::fs::write(&catalog_path, serde_json::to_vec(&catalog).unwrap()).unwrap();
    let args = format!("--no-embedded --catalog '{}'", catalog_path.display());
    let cache_env = cache.display().to_string();
    let s = Session::start(
        "recheck",
        &args,
        &[("MEDSETS_CACHE_DIR", &cache_env)],
        110,
        32,
    );
    s.wait_for("the dataset", |screen| screen.contains("Local Set"));
    s.keys(&["r"]);
    let screen = s.wait_for("the check to finish", |screen| {
        screen.contains("Checked 2 links: 1 ok, 1 broken")
    });
    assert!(screen.contains("broken 404, today"), "{screen}");
    assert!(screen.contains("ok, today"), "{screen}");
    assert!(
        screen.contains(">! "),
        "the tree marks the broken link:\n{screen}"
    );
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0);
    assert!(cache.join("links.json").exists(), "results are remembered");

    // A new session shows the remembered statuses without checking again.
    let again = Session::start(
        "recheck-again",
        &args,
        &[("MEDSETS_CACHE_DIR", &cache_env)],
        110,
        32,
    );
    let screen = again.wait_for("the cached statuses", |screen| {
        screen.contains("broken 404, today")
    });
    assert!(screen.contains(">! "), "{screen}");
    again.keys(&["q"]);
    assert_eq!(again.exit_code(), 0);
}

#[test]
fn b_copies_the_bibtex_and_brackets_walk_the_lineage() {
    let s = Session::start("cite", "", &[], 120, 35);
    s.wait_for("the first screen", |screen| screen.contains("Datasets"));
    s.keys(&["/"]);
    s.type_text("vqa-rad");
    s.wait_for("VQA-RAD selected", |screen| screen.contains(">    VQA-RAD"));
    s.keys(&["Enter", "b"]);
    s.wait_for("the copy status", |screen| {
        screen.contains("BibTeX of VQA-RAD")
    });
    let buffer = String::from_utf8(s.tmux(&["show-buffer"]).stdout).unwrap();
    let parsed = biblatex::Bibliography::parse(&buffer).expect("the copied BibTeX parses");
    let entry = parsed.iter().next().expect("one entry at least");
    assert_eq!(
        entry.get("doi").map(biblatex::ChunksExt::format_verbatim),
        Some("10.1038/sdata.2018.251".to_string()),
        "{buffer}"
    );

    // CT-ORG is part of SAT-DS: ] goes there, [ comes back.
    pause();
    s.keys(&["Escape"]);
    pause();
    s.keys(&["/"]);
    s.type_text("ct-org");
    s.wait_for("CT-ORG selected", |screen| screen.contains(">    CT-ORG"));
    s.keys(&["Enter", "]"]);
    s.wait_for("SAT-DS selected", |screen| {
        screen.contains(">  r SAT-DS") && screen.contains("CT-ORG is part of SAT-DS; [ goes back")
    });
    s.keys(&["["]);
    s.wait_for("back on CT-ORG", |screen| {
        screen.contains(">    CT-ORG") && screen.contains("Back to CT-ORG")
    });
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0, "stderr: {}", s.stderr());
    s.assert_terminal_restored();
}

#[test]
fn esc_never_quits_folds_open_for_a_filter_sort_keeps_the_best_and_l_switches() {
    let s = Session::start("everyday", "", &[], 120, 35);
    s.wait_for("the first screen", |screen| screen.contains("Download"));
    // Esc with nothing to close says so and stays.
    s.keys(&["Escape"]);
    s.wait_for("the Esc notice", |screen| {
        screen.contains("Nothing to close; q quits")
    });
    pause();
    s.keys(&["Escape"]);
    pause();
    // Fold everything, then filter: the match's category opens.
    s.keys(&["-"]);
    s.wait_for("all folded", |screen| {
        screen.contains("[+] QA & language (14)")
    });
    s.keys(&["/"]);
    s.type_text("mimic");
    s.wait_for("MIMIC-CXR shown and selected", |screen| {
        screen.contains(">  C MIMIC-CXR") && screen.contains("(0/")
    });
    pause();
    s.keys(&["Escape"]);
    pause();
    // Sort by size, then a query: the best match is selected, not the largest.
    s.keys(&["s", "s", "s"]);
    s.wait_for("sorted by size", |screen| screen.contains("Sorted by size"));
    s.keys(&["/"]);
    s.type_text("vqa rad");
    s.wait_for("VQA-RAD selected", |screen| screen.contains(">    VQA-RAD"));
    s.keys(&["Enter", "L"]);
    s.wait_for("Chinese labels and summary", |screen| {
        screen.contains("访问") && screen.contains("下载") && screen.contains("问答")
    });
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0, "stderr: {}", s.stderr());
    s.assert_terminal_restored();
}

#[test]
fn marks_persist_across_restarts_and_a_corrupt_shortlist_is_reported() {
    let state = tempfile::tempdir().unwrap();
    let state_env = state.path().display().to_string();
    let s = Session::start("marks", "", &[("MEDSETS_STATE_DIR", &state_env)], 120, 35);
    s.wait_for("the first screen", |screen| screen.contains("Download"));
    // Mark ChatDoctor (selected) and PubMedQA.
    s.keys(&["Space", "j", "Space"]);
    s.wait_for("two marks", |screen| {
        screen.contains(" 2 marked") && screen.contains("> *  PubMedQA")
    });
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0, "stderr: {}", s.stderr());
    let saved = std::fs::read_to_string(state.path().join("shortlist.json")).unwrap();
    assert!(
        saved.contains("chatdoctor") && saved.contains("pubmedqa"),
        "{saved}"
    );

    // A second run shows them again.
    let s = Session::start("marks2", "", &[("MEDSETS_STATE_DIR", &state_env)], 120, 35);
    s.wait_for("the marks again", |screen| {
        screen.contains(" 2 marked") && screen.contains("> *  ChatDoctor datasets")
    });
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0);

    // A corrupt file: reported with its path, left alone until marks change.
    std::fs::write(state.path().join("shortlist.json"), b"{ broken").unwrap();
    let s = Session::start("marks3", "", &[("MEDSETS_STATE_DIR", &state_env)], 160, 35);
    s.wait_for("the warning", |screen| {
        screen.contains("shortlist.json is corrupt")
    });
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0);
    assert_eq!(
        std::fs::read(state.path().join("shortlist.json")).unwrap(),
        b"{ broken"
    );
    s.assert_terminal_restored();
}

/// A catalog large enough that a debug build reads it for seconds, behind
/// the loading screen.
fn large_catalog(dir: &Path) -> PathBuf {
    let path = dir.join("big.json");
    let mut json = Vec::new();
    synth::write_json(30_000, synth::DEFAULT_SEED, &mut json).unwrap();
    std::fs::write(&path, json).unwrap();
    path
}

/// medsets started on a large catalog, its loading screen up: the
/// catalog's directory (kept alive), the catalog, the session and the
/// screen seen.
fn on_the_loading_screen(
    name: &str,
    width: u16,
    height: u16,
) -> (tempfile::TempDir, PathBuf, Session, String) {
    let dir = tempfile::tempdir().unwrap();
    let big = large_catalog(dir.path());
    let args = format!("--no-embedded --catalog '{}'", big.display());
    let s = Session::start(name, &args, &[], width, height);
    let screen = s.wait_for("the loading screen", |screen| {
        screen.contains("reading the catalog")
    });
    (dir, big, s, screen)
}

#[test]
fn keys_typed_while_a_large_catalog_loads_are_applied_in_order() {
    let (dir, big, s, loading) = on_the_loading_screen("loading", 120, 35);
    assert!(loading.contains("big.json"), "{loading}");
    s.keys(&["/"]);
    s.type_text("chest cx");
    s.keys(&["BSpace"]);
    s.type_text("t");
    // Echoed while it loads (unless the browser was quicker than this look).
    s.wait_for("the keys, waiting or applied", |screen| {
        screen.contains("keys waiting: /chest ct") || screen.contains("/30000 /chest ct")
    });
    let ready = s.wait_for("the browser with the query applied", |screen| {
        screen.contains("/30000 /chest ct")
            && !screen.contains("searching")
            && !screen.contains("preparing")
    });
    // The query typed blind finds exactly what `medsets search` finds.
    let found = std::process::Command::new(BINARY)
        .args(["--no-embedded", "--catalog"])
        .arg(&big)
        .args(["search", "chest ct", "--json", "--limit", "100000"])
        .env("MEDSETS_CACHE_DIR", dir.path().join("cache"))
        .output()
        .unwrap();
    let hits: Vec<serde_json::Value> = serde_json::from_slice(&found.stdout).unwrap();
    assert!(
        ready.contains(&format!(" {}/30000 /chest ct", hits.len())),
        "{} hits; screen:\n{ready}",
        hits.len()
    );
    s.keys(&["Escape"]);
    pause();
    s.keys(&["Escape"]);
    pause();
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0, "stderr: {}", s.stderr());
    s.assert_terminal_restored();
}

#[test]
fn ctrl_c_on_the_loading_screen_quits_at_once_and_restores() {
    let (_dir, _big, s, _) = on_the_loading_screen("loadingquit", 100, 30);
    s.keys(&["/"]);
    s.type_text("mri");
    s.keys(&["C-c"]);
    assert_eq!(s.exit_code(), 0, "stderr: {}", s.stderr());
    s.assert_terminal_restored();
    assert!(s.stderr().is_empty(), "{}", s.stderr());
}

#[test]
fn a_panic_while_the_catalog_is_read_restores_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let lab = dir.path().join("lab.json");
    std::fs::write(&lab, r#"{"version": 1, "categories": [], "datasets": []}"#).unwrap();
    let args = format!("--catalog '{}'", lab.display());
    let s = Session::start(
        "panicreading",
        &args,
        &[("MEDSETS_DEBUG_PANIC_READING", "1")],
        100,
        30,
    );
    assert_eq!(s.exit_code(), 101, "a panic exits with Rust's panic code");
    s.assert_terminal_restored();
    assert!(
        s.stderr()
            .contains("forced panic while reading the catalog"),
        "{}",
        s.stderr()
    );
}

/// Sends `signal` to the medsets process whose arguments contain `marker`.
fn signal_medsets(signal: &str, marker: &str) {
    let status = Command::new("pkill")
        .args([&format!("-{signal}"), "-f", marker])
        .status()
        .expect("pkill (procps) must be installed");
    assert!(status.success(), "no medsets process matched {marker}");
}

#[test]
fn a_kill_or_a_hangup_restores_the_terminal() {
    for (signal, code) in [("TERM", 143), ("HUP", 129), ("INT", 130)] {
        let dir = tempfile::tempdir().unwrap();
        // The embedded catalog as a file: a marker for pkill in the
        // arguments, and the browser as usual.
        let lab = dir.path().join("lab.json");
        let export = Command::new(BINARY).arg("export").output().unwrap();
        std::fs::write(&lab, export.stdout).unwrap();
        let args = format!("--no-embedded --catalog '{}'", lab.display());
        let s = Session::start(&format!("sig{signal}"), &args, &[], 100, 30);
        s.wait_for("the first screen", |screen| screen.contains("Datasets"));
        s.keys(&["/"]);
        s.type_text("mri");
        s.wait_for("the filter", |screen| screen.contains("/mri"));
        signal_medsets(signal, &lab.display().to_string());
        assert_eq!(s.exit_code(), code, "ended by SIG{signal}");
        s.assert_terminal_restored();
    }
}

#[test]
fn sigbus_while_a_catalog_is_read_restores_the_terminal() {
    // What a mapped catalog file truncated by another program mid-read
    // raises; sent here while the loading screen is up.
    let (_dir, big, s, _) = on_the_loading_screen("sigbus", 100, 30);
    signal_medsets("BUS", &big.display().to_string());
    assert_eq!(s.exit_code(), 135, "ended by SIGBUS");
    s.assert_terminal_restored();
}

/// `o` hands the URL to the platform's opener on a thread of its own: an
/// opener that takes its time (here a stand-in `xdg-open` that sleeps
/// 1.2 s) never holds the keys, and what it said shows when it is done.
#[test]
fn o_opens_in_the_background_and_keys_go_on_meanwhile() {
    let bin = tempfile::tempdir().unwrap();
    let d = bin.path().display().to_string();
    let opener = bin.path().join("xdg-open");
    std::fs::write(
        &opener,
        format!(
            "#!/bin/sh\necho \"$1\" > '{d}/started'\nsleep 1.2\necho done > '{d}/ended'\nexit 0\n"
        ),
    )
    .unwrap();
    std::fs::set_permissions(&opener, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let path = format!("{d}:{}", std::env::var("PATH").unwrap_or_default());
    // A local display and no SSH: the browser is opened, not the URL copied.
    let env = [
        ("PATH", path.as_str()),
        ("DISPLAY", ":0"),
        ("SSH_TTY", ""),
        ("SSH_CONNECTION", ""),
        ("SSH_CLIENT", ""),
    ];
    let s = Session::start("opener", "", &env, 120, 35);
    s.wait_for("the first screen", |screen| {
        screen.contains("Download") && screen.contains(">    ChatDoctor datasets")
    });
    s.keys(&["o"]);
    let started = Instant::now();
    while !bin.path().join("started").exists() {
        assert!(
            started.elapsed() < Duration::from_secs(10),
            "the opener ran"
        );
        sleep(Duration::from_millis(20));
    }
    let url = std::fs::read_to_string(bin.path().join("started")).unwrap();
    assert!(url.starts_with("https://drive.google.com/"), "{url}");
    s.wait_for("the opening status", |screen| screen.contains("Opening"));
    s.keys(&["j"]);
    s.wait_for("the next dataset selected", |screen| {
        !screen.contains(">    ChatDoctor datasets")
    });
    assert!(
        !bin.path().join("ended").exists(),
        "the key was answered while the opener still ran"
    );
    s.wait_for("the opener's answer", |screen| {
        screen.contains("Opened") && screen.contains("in the browser")
    });
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0);
    s.assert_terminal_restored();
}

/// A catalog file parsed on a cold start is cached after the browser's
/// first frame, not before it; quitting at once still leaves a whole,
/// valid cache (the write is waited for), which the next run uses.
#[test]
fn the_cache_of_a_file_just_parsed_is_whole_even_after_quitting_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let big = large_catalog(dir.path());
    // A file changed in the last two seconds is not cached yet.
    sleep(Duration::from_millis(2100));
    let args = format!("--no-embedded --catalog '{}'", big.display());
    let s = Session::start("cachelater", &args, &[], 120, 35);
    s.wait_for("the browser", |screen| screen.contains("? help"));
    s.keys(&["q"]);
    assert_eq!(s.exit_code(), 0, "stderr: {}", s.stderr());
    s.assert_terminal_restored();
    let cache = s.path().join("cache");
    let written: Vec<_> = std::fs::read_dir(cache.join("catalogs"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert_eq!(
        written.len(),
        1,
        "one cache, no temporary file: {written:?}"
    );
    let stamp = |path: &Path| {
        let meta = std::fs::metadata(path).unwrap();
        (
            std::os::unix::fs::MetadataExt::ino(&meta),
            meta.modified().unwrap(),
        )
    };
    let before = stamp(&written[0]);
    // Used as it is by the next run: a cache that failed its checks would
    // be written again (a new file, renamed over it).
    let run = std::process::Command::new(BINARY)
        .args(["--no-embedded", "--catalog"])
        .arg(&big)
        .args(["search", "chest ct", "--limit", "3"])
        .env("MEDSETS_CACHE_DIR", &cache)
        .output()
        .unwrap();
    assert!(run.status.success());
    assert_eq!(stamp(&written[0]), before);
}
