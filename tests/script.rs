//! `medsets script`: the download script for every dataset passes shellcheck
//! and `bash -n`, and a script run against a local HTTP server really
//! downloads, resumes, and on a second run downloads nothing.

mod common;

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Command as Process;
use std::sync::{Arc, Mutex};
use std::thread;

use common::medsets;

fn script_for(args: &[&str]) -> String {
    let output = medsets().arg("script").args(args).output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

fn embedded_ids() -> Vec<String> {
    let output = medsets()
        .args(["list", "--format", "csv"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(&output.stdout[..]);
    reader
        .records()
        .map(|record| record.unwrap()[0].to_string())
        .collect()
}

/// shellcheck's findings for `script`, or `None` when it has none.
fn shellcheck(script: &str) -> Option<String> {
    let mut child = Process::new("shellcheck")
        .args(["--shell=bash", "-"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .expect("shellcheck is needed for these tests: apt-get install shellcheck");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(script.as_bytes())
        .unwrap();
    let output = child.wait_with_output().unwrap();
    (!output.status.success()).then(|| String::from_utf8_lossy(&output.stdout).into_owned())
}

fn bash_syntax_ok(script: &str) -> bool {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("get.sh");
    std::fs::write(&file, script).unwrap();
    Process::new("bash")
        .arg("-n")
        .arg(&file)
        .status()
        .unwrap()
        .success()
}

/// The commented steps (datasets that need access) with their `# `
/// removed, as a user who has access would run them.
fn uncommented(script: &str) -> String {
    let mut out = String::new();
    let mut inside = false;
    for line in script.lines() {
        if line.starts_with("# if begin ") {
            inside = true;
        }
        match line.strip_prefix("# ") {
            Some(code) if inside => out.push_str(code),
            _ => out.push_str(line),
        }
        if line == "# fi" {
            inside = false;
        }
        out.push('\n');
    }
    out
}

#[test]
fn every_script_passes_shellcheck_and_bash_n() {
    let ids = embedded_ids();
    assert!(ids.len() >= 40, "{ids:?}");
    for id in &ids {
        let script = script_for(&[id]);
        if let Some(findings) = shellcheck(&script) {
            panic!("shellcheck on the script for {id}:\n{findings}\n{script}");
        }
        assert!(bash_syntax_ok(&script), "bash -n on the script for {id}");
    }
    let args: Vec<&str> = ids.iter().map(String::as_str).collect();
    let whole = script_for(&args);
    assert!(shellcheck(&whole).is_none(), "{:?}", shellcheck(&whole));
    assert!(bash_syntax_ok(&whole));
    // The steps left as comments are code too, once uncommented.
    let opened = uncommented(&whole);
    assert_ne!(opened, whole, "the catalog has datasets that need access");
    if let Some(findings) = shellcheck(&opened) {
        panic!("shellcheck on the uncommented steps:\n{findings}");
    }
    assert!(bash_syntax_ok(&opened));
    // Never a password in a script; credentials come from variables.
    assert!(whole.contains("PHYSIONET_USER"));
    assert!(!whole.contains("--password"));
}

#[test]
fn scripts_for_imported_lists_pass_shellcheck() {
    let fixtures =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import");
    let work = tempfile::tempdir().unwrap();
    for list in [
        "openmedlab-awesome-medical-dataset.md",
        "sfikas-medical-imaging-datasets.md",
    ] {
        let output = medsets()
            .arg("import")
            .arg(fixtures.join(list))
            .output()
            .unwrap();
        assert!(output.status.success(), "{list}");
        let catalog = work.path().join(format!("{list}.json"));
        std::fs::write(&catalog, &output.stdout).unwrap();
        let output = medsets()
            .args(["--no-embedded", "--catalog"])
            .arg(&catalog)
            .args(["script", "--query", ""])
            .output()
            .unwrap();
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        let script = String::from_utf8(output.stdout).unwrap();
        assert!(
            script.contains("# Not run: the catalog does not say"),
            "{list}"
        );
        if let Some(findings) = shellcheck(&uncommented(&script)) {
            panic!("shellcheck on the script for {list}:\n{findings}");
        }
    }
}

#[test]
fn query_and_shortlist_choose_datasets_each_once() {
    let script = script_for(&["vqa-rad", "--query", "vqa-rad"]);
    assert_eq!(script.matches("if begin vqa-rad; then").count(), 1);
    medsets()
        .arg("script")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("--shortlist or --query"));
    medsets()
        .args(["script", "--query", "zzzzqqqq"])
        .assert()
        .code(1);
    medsets()
        .args(["script", "no-such-dataset"])
        .assert()
        .code(1);
}

/// A plain HTTP/1.1 file server on 127.0.0.1 that honours `Range: bytes=N-`
/// and records every request as `path` or `path@N`.
struct Server {
    port: u16,
    log: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start(files: HashMap<String, Vec<u8>>) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let log = Arc::new(Mutex::new(Vec::new()));
        let files = Arc::new(files);
        let shared = Arc::clone(&log);
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let files = Arc::clone(&files);
                let log = Arc::clone(&shared);
                thread::spawn(move || serve(stream, &files, &log));
            }
        });
        Server { port, log }
    }

    fn requests(&self) -> Vec<String> {
        std::mem::take(&mut *self.log.lock().unwrap())
    }
}

fn serve(mut stream: TcpStream, files: &HashMap<String, Vec<u8>>, log: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request = String::new();
    if reader.read_line(&mut request).is_err() {
        return;
    }
    let path = request.split_whitespace().nth(1).unwrap_or("").to_string();
    let mut from: Option<usize> = None;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 || header.trim().is_empty() {
            break;
        }
        let lower = header.to_ascii_lowercase();
        if let Some(range) = lower.strip_prefix("range: bytes=") {
            from = range.trim().trim_end_matches('-').parse().ok();
        }
    }
    log.lock().unwrap().push(match from {
        Some(n) => format!("{path}@{n}"),
        None => path.clone(),
    });
    let response = match (files.get(&path), from) {
        (None, _) => b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_vec(),
        (Some(body), Some(n)) if n >= body.len() => format!(
            "HTTP/1.1 416 Range Not Satisfiable\r\nContent-Range: bytes */{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            body.len()
        )
        .into_bytes(),
        (Some(body), Some(n)) => {
            let mut head = format!(
                "HTTP/1.1 206 Partial Content\r\nContent-Range: bytes {n}-{}/{}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n",
                body.len() - 1,
                body.len(),
                body.len() - n
            )
            .into_bytes();
            head.extend_from_slice(&body[n..]);
            head
        }
        (Some(body), None) => {
            let mut head = format!(
                "HTTP/1.1 200 OK\r\nContent-Length: {}\r\nAccept-Ranges: bytes\r\nConnection: close\r\n\r\n",
                body.len()
            )
            .into_bytes();
            head.extend_from_slice(body);
            head
        }
    };
    let _ = stream.write_all(&response);
}

fn catalog_for(port: u16) -> String {
    let base = format!("http://127.0.0.1:{port}");
    serde_json::json!({
        "version": 1,
        "categories": [{"id": "imaging", "name": "Imaging"}],
        "datasets": [
            {"id": "alpha", "name": "Alpha", "categories": ["imaging"],
             "summary": "Two archives.", "access": "open",
             "urls": [
                {"label": "Training images (zip)", "url": format!("{base}/alpha/train.zip")},
                {"label": "Test images", "url": format!("{base}/alpha/test.tar.gz")}
             ]},
            {"id": "beta", "name": "Beta", "categories": ["imaging"],
             "summary": "A table and its mirror.", "access": "open",
             "urls": [
                {"label": "Official table", "url": format!("{base}/beta/data.csv")},
                {"label": "Mirror (third party)", "url": format!("{base}/mirror/data.csv")}
             ]},
            {"id": "gamma", "name": "Gamma", "categories": ["imaging"],
             "summary": "Needs credentials.", "access": "credentialed",
             "urls": [{"label": "Files", "url": format!("{base}/gamma/secret.zip")}]},
            {"id": "delta", "name": "Delta", "categories": ["imaging"],
             "summary": "A page only.", "access": "open",
             "urls": [{"label": "Project page", "url": format!("{base}/delta/")}]}
        ]
    })
    .to_string()
}

fn run_script(script: &Path, dir: &Path) -> std::process::Output {
    Process::new("bash")
        .arg(script)
        .arg(dir)
        .env_remove("KAGGLE_USERNAME")
        .output()
        .unwrap()
}

#[test]
fn a_script_downloads_resumes_and_then_downloads_nothing() {
    let bytes = |n: usize, seed: u8| -> Vec<u8> {
        (0..n)
            .map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed))
            .collect()
    };
    let files: HashMap<String, Vec<u8>> = [
        ("/alpha/train.zip", bytes(200_000, 1)),
        ("/alpha/test.tar.gz", bytes(50_000, 2)),
        ("/beta/data.csv", bytes(1_000, 3)),
        ("/mirror/data.csv", bytes(1_000, 3)),
        ("/gamma/secret.zip", bytes(10, 4)),
    ]
    .into_iter()
    .map(|(path, body)| (path.to_string(), body))
    .collect();
    let server = Server::start(files.clone());
    let work = tempfile::tempdir().unwrap();
    let catalog = work.path().join("catalog.json");
    std::fs::write(&catalog, catalog_for(server.port)).unwrap();
    let output = medsets()
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args([
            "script", "alpha", "beta", "gamma", "delta", "--dir", "unused",
        ])
        .output()
        .unwrap();
    assert!(output.status.success());
    let script = work.path().join("get.sh");
    std::fs::write(&script, &output.stdout).unwrap();
    let data = work.path().join("data");

    // First run: every file of the open datasets, nothing else.
    let first = run_script(&script, &data);
    let said = String::from_utf8_lossy(&first.stdout).into_owned()
        + &String::from_utf8_lossy(&first.stderr);
    assert!(first.status.success(), "{said}");
    let mut fetched = server.requests();
    fetched.sort();
    assert_eq!(
        fetched,
        ["/alpha/test.tar.gz", "/alpha/train.zip", "/beta/data.csv"],
        "{said}"
    );
    for (dir, name, path) in [
        ("alpha", "train.zip", "/alpha/train.zip"),
        ("alpha", "test.tar.gz", "/alpha/test.tar.gz"),
        ("beta", "data.csv", "/beta/data.csv"),
    ] {
        assert_eq!(
            std::fs::read(data.join(dir).join(name)).unwrap(),
            files[path],
            "{dir}/{name}"
        );
        assert!(data.join(dir).join(".medsets-complete").exists());
    }
    assert!(
        !data.join("gamma").exists(),
        "a credentialed step is not run"
    );
    assert!(said.contains("all done"), "{said}");

    // Second run: nothing is downloaded again.
    let second = run_script(&script, &data);
    let said = String::from_utf8_lossy(&second.stdout).into_owned();
    assert!(second.status.success(), "{said}");
    assert_eq!(server.requests(), Vec::<String>::new(), "{said}");
    assert!(said.contains("alpha: complete, skipped"), "{said}");

    // An interrupted download resumes from where it stopped.
    let train = data.join("alpha/train.zip");
    std::fs::write(&train, &files["/alpha/train.zip"][..120_000]).unwrap();
    std::fs::remove_file(data.join("alpha/.medsets-complete")).unwrap();
    let third = run_script(&script, &data);
    let said = String::from_utf8_lossy(&third.stdout).into_owned()
        + &String::from_utf8_lossy(&third.stderr);
    assert!(third.status.success(), "{said}");
    let mut fetched = server.requests();
    fetched.sort();
    assert_eq!(
        fetched,
        ["/alpha/test.tar.gz@50000", "/alpha/train.zip@120000"],
        "{said}"
    );
    assert_eq!(std::fs::read(&train).unwrap(), files["/alpha/train.zip"]);
}

#[test]
fn a_hostile_directory_name_is_a_directory_name() {
    let work = tempfile::tempdir().unwrap();
    let dir = work.path().join("a b'; touch pwned; '$(touch pwned2)");
    let script = script_for(&["padchest", "--dir", dir.to_str().unwrap()]);
    let file = work.path().join("get.sh");
    std::fs::write(&file, script).unwrap();
    let output = Process::new("bash")
        .arg(&file)
        .current_dir(work.path())
        .output()
        .unwrap();
    assert!(output.status.success(), "{output:?}");
    assert!(dir.is_dir());
    assert!(!work.path().join("pwned").exists());
    assert!(!work.path().join("pwned2").exists());
}

#[test]
fn a_missing_tool_is_named_with_its_install_hint_before_anything_runs() {
    let script = script_for(&["vqa-rad"]);
    let work = tempfile::tempdir().unwrap();
    let file = work.path().join("get.sh");
    std::fs::write(&file, script).unwrap();
    // A PATH with bash's own tools but no osf.
    let bin = work.path().join("bin");
    std::fs::create_dir(&bin).unwrap();
    let bash = Process::new("sh")
        .args(["-c", "command -v bash"])
        .output()
        .unwrap();
    let bash = String::from_utf8(bash.stdout).unwrap();
    let output = Process::new(bash.trim())
        .arg(&file)
        .arg(work.path().join("data"))
        .env("PATH", &bin)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let said = String::from_utf8_lossy(&output.stderr);
    assert!(
        said.contains("missing: osf (install: pip install osfclient)"),
        "{said}"
    );
    assert!(!work.path().join("data").exists(), "nothing ran: {said}");
}
