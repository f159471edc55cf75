//! `medsets check` against a tiny HTTP/1.1 server started inside this test
//! process on 127.0.0.1. No test here touches the internet or depends on DNS.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::{Duration, Instant};

use assert_cmd::Command;
use serde_json::{Value, json};

/// One request as the server saw it.
#[derive(Debug, Clone)]
struct Seen {
    method: String,
    path: String,
    headers: HashMap<String, String>,
}

/// A local server; its handler threads are detached and die with the process.
struct Server {
    base: String,
    seen: Arc<Mutex<Vec<Seen>>>,
}

impl Server {
    fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let seen = Arc::new(Mutex::new(Vec::new()));
        let log = Arc::clone(&seen);
        let origin = base.clone();
        thread::spawn(move || {
            // Bounded: a test makes a few dozen requests at most.
            for stream in listener.incoming().take(500).flatten() {
                let log = Arc::clone(&log);
                let origin = origin.clone();
                thread::spawn(move || serve(stream, &origin, &log));
            }
        });
        Server { base, seen }
    }

    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    fn requests_to(&self, path: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect()
    }
}

/// Reads one request head (bounded), answers it, closes the connection.
fn serve(stream: TcpStream, origin: &str, log: &Mutex<Vec<Seen>>) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut reader = BufReader::new(stream.try_clone().unwrap());
    let mut request_line = String::new();
    if reader.read_line(&mut request_line).is_err() {
        return;
    }
    let mut parts = request_line.split_whitespace();
    let method = parts.next().unwrap_or("").to_string();
    let path = parts.next().unwrap_or("").to_string();
    let mut headers = HashMap::new();
    for _ in 0..100 {
        let mut line = String::new();
        match reader.read_line(&mut line) {
            Ok(0) | Err(_) => break,
            Ok(_) if line.trim().is_empty() => break,
            Ok(_) => {
                if let Some((name, value)) = line.split_once(':') {
                    headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_string());
                }
            }
        }
    }
    log.lock().unwrap().push(Seen {
        method: method.clone(),
        path: path.clone(),
        headers: headers.clone(),
    });
    let route = path.split('?').next().unwrap_or("");
    let (code, location): (u16, Option<String>) = match route {
        "/ok" | "/new" | "/final" | "/login" => (200, None),
        "/old" => (301, Some("/new".into())),
        "/chain" => (301, Some("/chain-2".into())),
        "/chain-2" => (308, Some(format!("{origin}/final"))),
        "/perm308" => (308, Some(format!("{origin}/new"))),
        "/temp" => (302, Some("/ok".into())),
        "/temp-then-perm" => (302, Some("/old".into())),
        "/moved-to-missing" => (301, Some("/missing".into())),
        "/loop" => (302, Some("/loop".into())),
        "/private" => (302, Some("/login?next=/private".into())),
        "/forbidden" => (403, None),
        "/unauthorized" => (401, None),
        "/gone" => (410, None),
        "/error" => (500, None),
        "/nohead" if method == "HEAD" => (405, None),
        "/nohead" if headers.contains_key("range") => (206, None),
        "/nohead" => (200, None),
        "/slow" => {
            thread::sleep(Duration::from_secs(4));
            (200, None)
        }
        _ => (404, None),
    };
    let mut response = format!("HTTP/1.1 {code} X\r\nConnection: close\r\n");
    if let Some(location) = location {
        response.push_str(&format!("Location: {location}\r\n"));
    }
    let body = if code == 206 { "o" } else { "hello" };
    if code == 206 {
        response.push_str("Content-Range: bytes 0-0/5\r\n");
    }
    response.push_str(&format!("Content-Length: {}\r\n\r\n", body.len()));
    if method != "HEAD" {
        response.push_str(body);
    }
    let mut stream = stream;
    let _ = stream.write_all(response.as_bytes());
    let _ = stream.flush();
}

/// A port on 127.0.0.1 that nothing listens on: bound, then released.
fn closed_port_url() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    format!("http://127.0.0.1:{port}/")
}

/// A catalog with one dataset per URL, named after the path.
fn write_catalog(dir: &Path, links: &[(&str, String)]) -> std::path::PathBuf {
    let datasets: Vec<Value> = links
        .iter()
        .map(|(id, url)| {
            json!({
                "id": id, "name": id, "categories": ["imaging"],
                "summary": "A test dataset.", "access": "open",
                "urls": [ { "label": "Data", "url": url } ]
            })
        })
        .collect();
    let catalog = json!({
        "version": 1,
        "categories": [ { "id": "imaging", "name": "Imaging" } ],
        "datasets": datasets
    });
    let path = dir.join("catalog.json");
    std::fs::write(&path, serde_json::to_vec_pretty(&catalog).unwrap()).unwrap();
    path
}

fn medsets(cache_dir: &Path) -> Command {
    let mut cmd = Command::cargo_bin("medsets").unwrap();
    cmd.env_remove("MEDSETS_CATALOG")
        .env_remove("MEDSETS_LANG")
        .env("LANG", "C.UTF-8")
        .env("MEDSETS_CACHE_DIR", cache_dir)
        .env("NO_COLOR", "1");
    // A proxy would take local requests elsewhere.
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
    ] {
        cmd.env_remove(var);
    }
    cmd
}

/// The result rows of a `check --json` run, by dataset id.
fn rows_by_dataset(report: &Value) -> HashMap<String, Value> {
    report["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["dataset"].as_str().unwrap().to_string(), r.clone()))
        .collect()
}

#[test]
fn every_status_class_against_a_local_server() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    let refused = closed_port_url();
    let links = [
        ("plain-ok", server.url("/ok")),
        ("temporary-redirect", server.url("/temp")),
        ("head-rejected", server.url("/nohead")),
        ("moved-301", server.url("/old")),
        ("moved-chain", server.url("/chain")),
        ("moved-308", server.url("/perm308")),
        ("temp-then-perm", server.url("/temp-then-perm")),
        ("login-redirect", server.url("/private")),
        ("forbidden", server.url("/forbidden")),
        ("unauthorized", server.url("/unauthorized")),
        ("not-found", server.url("/missing")),
        ("gone", server.url("/gone")),
        ("server-error", server.url("/error")),
        ("moved-to-missing", server.url("/moved-to-missing")),
        ("redirect-loop", server.url("/loop")),
        ("refused", refused.clone()),
        ("slow", server.url("/slow")),
    ];
    let catalog = write_catalog(dir.path(), &links);

    let started = Instant::now();
    let output = medsets(&cache)
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["check", "--timeout", "1", "--json"])
        .timeout(Duration::from_secs(30))
        .output()
        .unwrap();
    let elapsed = started.elapsed();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(1), "stderr: {stderr}");
    assert!(
        elapsed < Duration::from_secs(6),
        "took {elapsed:?}; the slow endpoint must time out after 1 s"
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = rows_by_dataset(&report);
    let status = |id: &str| rows[id]["status"].as_str().unwrap().to_string();
    let http = |id: &str| rows[id]["http"].as_u64();

    for id in [
        "plain-ok",
        "temporary-redirect",
        "head-rejected",
        "temp-then-perm",
    ] {
        assert_eq!(status(id), "ok", "{id}: {}", rows[id]);
    }
    assert_eq!(http("head-rejected"), Some(206));
    assert_eq!(
        rows["temporary-redirect"]["final_url"],
        server.url("/ok"),
        "the end of a temporary redirect is recorded"
    );

    assert_eq!(status("moved-301"), "moved");
    assert_eq!(http("moved-301"), Some(301));
    assert_eq!(rows["moved-301"]["moved_to"], server.url("/new"));
    assert_eq!(status("moved-chain"), "moved");
    assert_eq!(rows["moved-chain"]["moved_to"], server.url("/final"));
    assert_eq!(rows["moved-chain"]["chain"].as_array().unwrap().len(), 3);
    assert_eq!(status("moved-308"), "moved");
    assert_eq!(http("moved-308"), Some(308));
    assert_eq!(rows["moved-308"]["moved_to"], server.url("/new"));

    assert_eq!(status("login-redirect"), "gated");
    assert_eq!(
        rows["login-redirect"]["final_url"],
        server.url("/login?next=/private")
    );
    assert_eq!(status("forbidden"), "gated");
    assert_eq!(http("forbidden"), Some(403));
    assert_eq!(status("unauthorized"), "gated");
    assert_eq!(http("unauthorized"), Some(401));

    for (id, code) in [
        ("not-found", 404),
        ("gone", 410),
        ("server-error", 500),
        ("moved-to-missing", 404),
    ] {
        assert_eq!(status(id), "broken", "{id}");
        assert_eq!(http(id), Some(code), "{id}");
    }
    assert_eq!(status("redirect-loop"), "broken");
    assert_eq!(rows["redirect-loop"]["detail"], "redirect loop");
    assert_eq!(status("refused"), "broken");
    assert_eq!(rows["refused"]["http"], Value::Null);
    assert_eq!(rows["refused"]["detail"], "connection refused");

    assert_eq!(status("slow"), "timeout");

    let summary = &report["summary"];
    assert_eq!(summary["links"], links.len());
    assert_eq!(summary["no_network"], false);
    assert_eq!(summary["counts"]["ok"], 4);
    assert_eq!(summary["counts"]["moved"], 3);
    assert_eq!(summary["counts"]["gated"], 3);
    assert_eq!(summary["counts"]["broken"], 6);
    assert_eq!(summary["counts"]["timeout"], 1);

    // HEAD first, then a ranged GET where HEAD was refused.
    let nohead: Vec<String> = server
        .requests_to("/nohead")
        .iter()
        .map(|s| s.method.clone())
        .collect();
    assert_eq!(nohead, ["HEAD", "GET"]);
    let get = &server.requests_to("/nohead")[1];
    assert_eq!(
        get.headers.get("range").map(String::as_str),
        Some("bytes=0-0")
    );
    assert_eq!(server.requests_to("/ok")[0].method, "HEAD");
    let agent = server.requests_to("/ok")[0].headers["user-agent"].clone();
    assert!(
        agent.starts_with("medsets/") && agent.ends_with("(+link check)"),
        "{agent}"
    );

    // Remembered: the cache holds every URL, and `show` prints the status.
    let cached: Value =
        serde_json::from_slice(&std::fs::read(cache.join("links.json")).unwrap()).unwrap();
    assert_eq!(cached["version"], 1);
    assert_eq!(cached["links"].as_object().unwrap().len(), links.len());
    assert_eq!(cached["links"][server.url("/gone")]["status"], "broken");
    assert!(
        cached["links"][server.url("/ok")]["checked_at"]
            .as_u64()
            .unwrap()
            > 1_600_000_000
    );

    let show = medsets(&cache)
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["show", "moved-301"])
        .output()
        .unwrap();
    assert!(show.status.success());
    let text = String::from_utf8(show.stdout).unwrap();
    let expected = format!(
        "      {}\n      moved → {} · today\n",
        server.url("/old"),
        server.url("/new")
    );
    assert!(text.contains(&expected), "{text}");
    let show = medsets(&cache)
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["show", "not-found"])
        .output()
        .unwrap();
    assert!(
        String::from_utf8(show.stdout)
            .unwrap()
            .contains("      broken 404 · today\n")
    );
}

#[test]
fn human_summary_lists_the_problems() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let links = [
        ("fine", server.url("/ok")),
        ("relocated", server.url("/old")),
        ("members-only", server.url("/forbidden")),
        ("vanished", server.url("/gone")),
    ];
    let catalog = write_catalog(dir.path(), &links);
    let output = medsets(&dir.path().join("cache"))
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["check", "--timeout", "2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let text = String::from_utf8(output.stdout).unwrap();
    assert!(
        text.starts_with("Checked 4 links of 4 datasets in "),
        "{text}"
    );
    for line in [
        "  ok          1\n",
        "  moved       1\n",
        "  gated       1\n",
        "  broken      1\n",
        "  timeout     0\n",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    let table: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.starts_with("DATASET"))
        .collect();
    assert_eq!(
        table[0].split_whitespace().collect::<Vec<_>>(),
        ["DATASET", "STATUS", "HTTP", "URL"]
    );
    // Broken first, then moved (with its target below), then gated.
    assert!(
        table[1].starts_with("vanished      broken   410   http://"),
        "{text}"
    );
    assert!(
        table[2].starts_with("relocated     moved    301   http://"),
        "{text}"
    );
    assert_eq!(table[3].trim(), format!("→ {}", server.url("/new")));
    assert!(
        table[4].starts_with("members-only  gated    403   http://"),
        "{text}"
    );
    assert!(!text.contains("fine"));
}

#[test]
fn only_ok_links_exit_zero_and_ids_select_datasets() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let links = [
        ("alpha", server.url("/ok")),
        ("beta", server.url("/nohead")),
        ("gamma", server.url("/gone")),
    ];
    let catalog = write_catalog(dir.path(), &links);
    let output = medsets(&dir.path().join("cache"))
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["check", "alpha", "BETA", "--json"])
        .output()
        .unwrap();
    assert_eq!(
        output.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_slice(&output.stdout).unwrap();
    let rows = rows_by_dataset(&report);
    assert_eq!(rows.len(), 2, "gamma was not asked for");
    assert!(server.requests_to("/gone").is_empty());
}

#[test]
fn unknown_id_is_a_usage_error_with_a_suggestion() {
    let dir = tempfile::tempdir().unwrap();
    let catalog = write_catalog(dir.path(), &[("alpha-set", "http://127.0.0.1:9/".into())]);
    let output = medsets(&dir.path().join("cache"))
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["check", "alpha-se"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("did you mean: alpha-set?"), "{stderr}");
    assert!(!dir.path().join("cache/links.json").exists());
}

#[test]
fn bad_option_values_are_usage_errors() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        ["check", "--timeout", "0"],
        ["check", "--jobs", "0"],
        ["check", "--timeout", "x"],
    ] {
        medsets(dir.path()).args(args).assert().code(2);
    }
}

#[test]
fn no_network_is_said_once_and_not_cached() {
    let dir = tempfile::tempdir().unwrap();
    let links = [
        ("first", closed_port_url()),
        ("second", format!("{}data", closed_port_url())),
        ("third", closed_port_url()),
    ];
    let catalog = write_catalog(dir.path(), &links);
    let cache = dir.path().join("cache");
    let output = medsets(&cache)
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["check", "--timeout", "2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with(
            "medsets: no network: could not reach any host (3 URLs on 1 host: connection refused)"
        ),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "no per-URL wall");
    assert!(
        !cache.join("links.json").exists(),
        "offline results are not remembered"
    );
}

#[test]
fn corrupt_cache_is_reported_once_and_replaced() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    let cache = dir.path().join("cache");
    std::fs::create_dir_all(&cache).unwrap();
    std::fs::write(
        cache.join("links.json"),
        b"\x00\xff\xfe garbage {{{ \x1b[31m",
    )
    .unwrap();
    let catalog = write_catalog(dir.path(), &[("fine", server.url("/ok"))]);

    // `show` says so but still shows the dataset, without statuses.
    let show = medsets(&cache)
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["show", "fine"])
        .output()
        .unwrap();
    assert!(show.status.success());
    let stderr = String::from_utf8(show.stderr).unwrap();
    assert!(stderr.contains("is corrupt"), "{stderr}");
    assert!(
        String::from_utf8(show.stdout)
            .unwrap()
            .contains(&format!("      {}\n      # ", server.url("/ok")))
    );

    let output = medsets(&cache)
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["check", "--timeout", "2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.matches("corrupt").count(), 1, "{stderr}");
    assert!(!stderr.contains('\u{1b}'));
    let cached: Value =
        serde_json::from_slice(&std::fs::read(cache.join("links.json")).unwrap()).unwrap();
    assert_eq!(cached["links"][server.url("/ok")]["status"], "ok");

    // Read back cleanly now.
    let show = medsets(&cache)
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["show", "fine"])
        .output()
        .unwrap();
    assert!(show.stderr.is_empty());
    assert!(
        String::from_utf8(show.stdout)
            .unwrap()
            .contains("      ok · today\n")
    );
}

#[test]
fn unwritable_cache_is_not_fatal() {
    let server = Server::start();
    let dir = tempfile::tempdir().unwrap();
    // The cache "directory" is a file: nothing can be written under it.
    let blocker = dir.path().join("not-a-dir");
    std::fs::write(&blocker, b"").unwrap();
    let catalog = write_catalog(dir.path(), &[("fine", server.url("/ok"))]);
    let output = medsets(&blocker)
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["check", "--timeout", "2"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(0));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("could not save the link cache"), "{stderr}");
}

#[test]
fn no_network_is_decided_in_seconds_when_no_host_resolves() {
    // RFC 6761: names under .invalid never resolve, as on a machine with
    // no network at all.
    let dir = tempfile::tempdir().unwrap();
    let links = [
        ("first", "https://data.example.invalid/a.zip".to_string()),
        ("second", "https://mirror.example.invalid/b".to_string()),
        ("third", "https://data.example.invalid/c".to_string()),
    ];
    let catalog = write_catalog(dir.path(), &links);
    let cache = dir.path().join("cache");
    let output = medsets(&cache)
        .args(["--no-embedded", "--catalog"])
        .arg(&catalog)
        .args(["check", "--timeout", "30"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(
        stderr.starts_with("medsets: no network: could not resolve any of 2 hosts (3 URLs: "),
        "{stderr}"
    );
    assert!(output.stdout.is_empty(), "nothing counted as broken");
    assert!(!cache.join("links.json").exists());
}
