//! Link checking: is each URL alive, moved, behind a login, broken, or slow?
//!
//! Each URL is asked with `HEAD` first; where a server answers HEAD with
//! anything but a success or a redirect (405, 501, 403 from a CDN that only
//! dislikes HEAD, a dropped connection, …) the same hop is asked again with a
//! ranged `GET` (`Range: bytes=0-0`), whose answer then counts, and later hops
//! use GET too. Redirects are followed here rather than inside the HTTP
//! client, so every hop is recorded and a permanent move can be told from a
//! temporary one. No body is ever read.
//!
//! Work is spread over `jobs` threads with at most `per_host` requests to one
//! host at a time. Each URL has `timeout` in all (every hop and the GET
//! fallback included); a URL not started within `total` is reported as a
//! timeout without being asked, so a run never takes much more than `total`.
//!
//! The verdict rules are plain functions ([`status_for_code`],
//! [`looks_like_login`], [`failure_kind`]) so they are unit-tested without a
//! network.

use std::collections::{HashMap, VecDeque};
use std::io;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use url::Url;

use crate::links::cache::{LinkStatus, Status, unix_now};

/// The User-Agent every request carries.
pub const USER_AGENT: &str = concat!("medsets/", env!("CARGO_PKG_VERSION"), " (+link check)");
/// Redirects followed before a URL is called broken.
pub const MAX_REDIRECTS: usize = 10;

/// How a check runs.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    /// Time allowed for one URL, every hop and the GET fallback included.
    pub timeout: Duration,
    /// Requests in flight at once, over all hosts.
    pub jobs: usize,
    /// Requests in flight at once to one host (host and port).
    pub per_host: usize,
    /// URLs not started within this time are reported as timeouts unasked.
    pub total: Duration,
}

impl CheckOptions {
    /// The defaults for a given per-URL timeout: 8 jobs, 2 per host, and a
    /// whole run bounded by twelve timeouts.
    pub fn with_timeout(timeout: Duration) -> CheckOptions {
        CheckOptions {
            timeout,
            jobs: 8,
            per_host: 2,
            total: timeout.saturating_mul(12),
        }
    }
}

impl Default for CheckOptions {
    /// 10 s a URL, 8 jobs, 2 per host, 2 minutes in all.
    fn default() -> CheckOptions {
        CheckOptions::with_timeout(Duration::from_secs(10))
    }
}

/// One request of a redirect chain.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Hop {
    pub url: String,
    pub method: &'static str,
    pub http: u16,
}

/// The outcome for one URL.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UrlResult {
    /// The URL as given.
    pub url: String,
    pub status: LinkStatus,
    /// Every request that got an answer, in order.
    pub chain: Vec<Hop>,
    /// False when the URL was never asked (the run's time ran out first);
    /// such a result is not worth remembering.
    pub attempted: bool,
    /// True when no server answered because the name did not resolve or the
    /// connection could not be made: what every URL looks like offline.
    pub unreachable: bool,
}

/// Checks `urls` (duplicates are checked once) and calls `on_result` from a
/// worker thread as each finishes, in no particular order. Returns when every
/// URL has a result. Meant for a background thread: it blocks for up to
/// about `opts.total + opts.timeout`.
///
/// From the TUI, with results arriving on a channel:
///
/// ```ignore
/// use std::sync::mpsc;
/// use crate::links::check::{CheckOptions, check_urls};
///
/// let (tx, rx) = mpsc::channel();
/// let urls = vec!["https://example.org/data".to_string()];
/// std::thread::spawn(move || {
///     check_urls(urls, &CheckOptions::default(), |result| {
///         let _ = tx.send(result);
///     })
/// });
/// for result in rx {
///     // Show it; remember it with `LinkCache::insert` + `merge_and_save`
///     // if `result.attempted`. When every result is `unreachable`, the
///     // machine is offline: remember none of them (as `medsets check` does).
/// }
/// ```
pub fn check_urls(urls: Vec<String>, opts: &CheckOptions, on_result: impl Fn(UrlResult) + Sync) {
    let mut seen = std::collections::HashSet::new();
    let pending: VecDeque<(String, String)> = urls
        .into_iter()
        .filter(|url| seen.insert(url.clone()))
        .map(|url| {
            let host = host_key(&url);
            (url, host)
        })
        .collect();
    if pending.is_empty() {
        return;
    }
    // Absurd durations are clamped so that `Instant + Duration` cannot overflow.
    let year = Duration::from_secs(365 * 24 * 60 * 60);
    let opts = &CheckOptions {
        timeout: opts.timeout.clamp(Duration::from_millis(1), year),
        total: opts.total.min(year),
        ..opts.clone()
    };
    let agent = agent(opts);
    let started = Instant::now();
    let per_host = opts.per_host.max(1);
    let workers = opts.jobs.max(1).min(pending.len());
    let queue = Queue {
        state: Mutex::new(QueueState {
            pending,
            busy: HashMap::new(),
        }),
        changed: Condvar::new(),
    };
    std::thread::scope(|scope| {
        for _ in 0..workers {
            scope.spawn(|| {
                while let Some(job) = queue.next(per_host, started + opts.total) {
                    let result = match job {
                        Job::Check(url, host) => {
                            let result = check_one(&agent, &url, opts.timeout);
                            queue.done(&host);
                            result
                        }
                        Job::Expired(url) => not_attempted(url),
                    };
                    on_result(result);
                }
            });
        }
    });
}

enum Job {
    Check(String, String),
    Expired(String),
}

struct QueueState {
    pending: VecDeque<(String, String)>,
    busy: HashMap<String, usize>,
}

struct Queue {
    state: Mutex<QueueState>,
    changed: Condvar,
}

impl Queue {
    /// The next URL whose host has a free slot, waiting for one if needed;
    /// after the deadline, the rest come out as expired; `None` when empty.
    fn next(&self, per_host: usize, deadline: Instant) -> Option<Job> {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        loop {
            if state.pending.is_empty() {
                return None;
            }
            let now = Instant::now();
            if now >= deadline {
                return state.pending.pop_front().map(|(url, _)| Job::Expired(url));
            }
            let free = state
                .pending
                .iter()
                .position(|(_, host)| state.busy.get(host).copied().unwrap_or(0) < per_host);
            if let Some(i) = free {
                let (url, host) = state.pending.remove(i)?;
                *state.busy.entry(host.clone()).or_insert(0) += 1;
                return Some(Job::Check(url, host));
            }
            state = self
                .changed
                .wait_timeout(state, deadline - now)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn done(&self, host: &str) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(n) = state.busy.get_mut(host) {
            *n = n.saturating_sub(1);
        }
        drop(state);
        self.changed.notify_all();
    }
}

/// `host:port`, the unit of politeness; the URL itself when it does not parse.
fn host_key(url: &str) -> String {
    match Url::parse(url) {
        Ok(parsed) => format!(
            "{}:{}",
            parsed.host_str().unwrap_or(""),
            parsed.port_or_known_default().unwrap_or(0)
        ),
        Err(_) => url.to_string(),
    }
}

fn agent(opts: &CheckOptions) -> ureq::Agent {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(USER_AGENT)
        .timeout_global(Some(opts.timeout))
        .max_idle_connections_per_host(opts.per_host.max(1))
        .build();
    ureq::Agent::new_with_config(config)
}

fn not_attempted(url: String) -> UrlResult {
    UrlResult {
        url,
        status: LinkStatus {
            status: Status::Timeout,
            http: None,
            final_url: None,
            moved_to: None,
            detail: Some("not checked: the run's time ran out".into()),
            checked_at: unix_now(),
        },
        chain: Vec::new(),
        attempted: false,
        unreachable: false,
    }
}

/// Why a request got no answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Failure {
    /// No answer in time from a server that was reached.
    Timeout,
    /// The name did not resolve, or the connection was not made, in time.
    ConnectTimeout,
    /// The host name did not resolve.
    NoSuchHost,
    /// The connection was refused or the network/host unreachable.
    Connect(String),
    Tls(String),
    /// Anything else: a malformed answer, a reset connection, a bad URL.
    Other(String),
}

impl Failure {
    /// Failures that mean no server was reached at all.
    pub fn is_unreachable(&self) -> bool {
        matches!(
            self,
            Failure::NoSuchHost | Failure::Connect(_) | Failure::ConnectTimeout
        )
    }

    fn detail(&self) -> String {
        match self {
            Failure::Timeout => "no answer in time".into(),
            Failure::ConnectTimeout => "could not connect in time".into(),
            Failure::NoSuchHost => "no such host".into(),
            Failure::Connect(what) | Failure::Tls(what) | Failure::Other(what) => what.clone(),
        }
    }
}

/// Sorts a client error into the kinds the verdict needs.
pub fn failure_kind(err: &ureq::Error) -> Failure {
    match err {
        ureq::Error::Timeout(ureq::Timeout::Resolve | ureq::Timeout::Connect) => {
            Failure::ConnectTimeout
        }
        ureq::Error::Timeout(_) => Failure::Timeout,
        ureq::Error::HostNotFound => Failure::NoSuchHost,
        ureq::Error::ConnectionFailed => Failure::Connect("connection failed".into()),
        ureq::Error::Io(io) => io_failure(io),
        ureq::Error::Tls(what) => Failure::Tls(format!("TLS: {what}")),
        ureq::Error::Rustls(e) => Failure::Tls(format!("TLS: {e}")),
        ureq::Error::Pem(e) => Failure::Tls(format!("TLS: {e}")),
        ureq::Error::BadUri(_) | ureq::Error::Http(_) => Failure::Other("invalid URL".into()),
        other => Failure::Other(other.to_string()),
    }
}

fn io_failure(err: &io::Error) -> Failure {
    use io::ErrorKind::*;
    match err.kind() {
        TimedOut | WouldBlock => Failure::Timeout,
        ConnectionRefused => Failure::Connect("connection refused".into()),
        NetworkUnreachable => Failure::Connect("network unreachable".into()),
        HostUnreachable => Failure::Connect("host unreachable".into()),
        AddrNotAvailable | NetworkDown => Failure::Connect("network down".into()),
        ConnectionReset | ConnectionAborted | UnexpectedEof => {
            Failure::Other("connection closed by the server".into())
        }
        // std reports a failed name lookup as an uncategorized error with
        // this text (getaddrinfo: NXDOMAIN, no resolver, no network).
        _ if err.to_string().contains("failed to lookup address") => Failure::NoSuchHost,
        _ => Failure::Other(format!("I/O error: {err}")),
    }
}

/// The verdict for the final answer of a chain (not a redirect).
/// `ranged_get` is true when the answer came to `Range: bytes=0-0`, where
/// 416 (range not satisfiable: an empty file) still means the file is there.
pub fn status_for_code(code: u16, ranged_get: bool) -> Status {
    match code {
        200..=299 => Status::Ok,
        416 if ranged_get => Status::Ok,
        401 | 403 | 407 => Status::Gated,
        _ => Status::Broken,
    }
}

/// Whether a HEAD answer is worth believing, or the hop should be asked
/// again with a ranged GET. Successes and redirects are believed; anything
/// else may be a server that treats HEAD badly.
pub fn head_is_conclusive(code: u16) -> bool {
    (200..=399).contains(&code)
}

/// A redirect that leaves the link where it was: only 301 and 308 are permanent.
pub fn is_permanent_redirect(code: u16) -> bool {
    matches!(code, 301 | 308)
}

/// Whether a redirect target is a sign-in page (PhysioNet, Kaggle, Synapse,
/// institutional SSO…): a path segment such as `login`, `signin`, `sso`,
/// `auth`, `cas`, or `accounts/…/login`-like forms.
pub fn looks_like_login(url: &Url) -> bool {
    const WORDS: [&str; 14] = [
        "login",
        "log-in",
        "log_in",
        "signin",
        "sign-in",
        "sign_in",
        "logon",
        "sso",
        "auth",
        "oauth",
        "oauth2",
        "authorize",
        "cas",
        "saml",
    ];
    let Some(segments) = url.path_segments() else {
        return false;
    };
    segments.into_iter().any(|segment| {
        let segment = segment.to_ascii_lowercase();
        let stem = segment.split('.').next().unwrap_or("");
        WORDS.contains(&stem)
    })
}

/// `3s`, `1.5s`.
fn seconds(d: Duration) -> String {
    if d.subsec_millis() == 0 {
        format!("{}s", d.as_secs())
    } else {
        format!("{:.1}s", d.as_secs_f64())
    }
}

/// Checks one URL, following its redirects by hand.
fn check_one(agent: &ureq::Agent, url: &str, timeout: Duration) -> UrlResult {
    let started = Instant::now();
    let mut result = UrlResult {
        url: url.to_string(),
        status: LinkStatus {
            status: Status::Broken,
            http: None,
            final_url: None,
            moved_to: None,
            detail: None,
            checked_at: unix_now(),
        },
        chain: Vec::new(),
        attempted: true,
        unreachable: false,
    };
    let mut current = match Url::parse(url) {
        Ok(parsed) if matches!(parsed.scheme(), "http" | "https") => parsed,
        _ => {
            result.status.detail = Some("not an http(s) URL".into());
            return result;
        }
    };
    // While every hop so far was a permanent redirect, the link has moved.
    let mut all_permanent = true;
    let mut moved_to: Option<Url> = None;
    let mut use_get = false;
    let (status, detail) = loop {
        if result.chain.len() > MAX_REDIRECTS {
            break (
                Status::Broken,
                Some(format!("more than {MAX_REDIRECTS} redirects")),
            );
        }
        let (code, location) = match ask(agent, &current, started + timeout, &mut use_get) {
            Ok(answer) => answer,
            Err(failure) => {
                result.unreachable = result.chain.is_empty() && failure.is_unreachable();
                let status = match failure {
                    Failure::Timeout | Failure::ConnectTimeout => Status::Timeout,
                    _ => Status::Broken,
                };
                let detail = match failure {
                    Failure::Timeout => format!("no answer within {}", seconds(timeout)),
                    _ => failure.detail(),
                };
                break (status, Some(detail));
            }
        };
        result.chain.push(Hop {
            url: current.to_string(),
            method: if use_get { "GET" } else { "HEAD" },
            http: code,
        });
        result.status.http = Some(code);
        if !(300..=399).contains(&code) || code == 304 {
            break (status_for_code(code, use_get), None);
        }
        let Some(next) = location.and_then(|loc| current.join(&loc).ok()) else {
            break (
                Status::Broken,
                Some("redirect without a valid Location".into()),
            );
        };
        let seen = result.chain.iter().any(|hop| hop.url == next.as_str());
        current = next;
        if looks_like_login(&current) {
            break (Status::Gated, Some("login page".into()));
        }
        if !matches!(current.scheme(), "http" | "https") {
            let detail = format!("redirects to a {} URL", current.scheme());
            break (Status::Broken, Some(detail));
        }
        if seen {
            break (Status::Broken, Some("redirect loop".into()));
        }
        all_permanent &= is_permanent_redirect(code);
        if all_permanent {
            moved_to = Some(current.clone());
        }
    };
    result.status.status = status;
    result.status.detail = detail;
    if current.as_str() != url {
        result.status.final_url = Some(current.to_string());
    }
    if result.status.status == Status::Ok
        && let Some(target) = moved_to
        && target.as_str() != url
    {
        result.status.status = Status::Moved;
        result.status.moved_to = Some(target.to_string());
        // The code that says "moved" is the first hop's.
        result.status.http = result.chain.first().map(|hop| hop.http);
    }
    result
}

/// One hop: HEAD (unless an earlier hop needed GET), then a ranged GET if
/// HEAD was not conclusive. Returns the status code and the Location header.
fn ask(
    agent: &ureq::Agent,
    url: &Url,
    deadline: Instant,
    use_get: &mut bool,
) -> Result<(u16, Option<String>), Failure> {
    if !*use_get {
        match request(agent, "HEAD", url, deadline) {
            Ok((code, location)) if head_is_conclusive(code) => return Ok((code, location)),
            Err(failure) if failure == Failure::Timeout || failure.is_unreachable() => {
                return Err(failure);
            }
            // Not conclusive, or a failure GET may not share (a server
            // that drops HEAD requests): ask again with GET.
            Ok(_) | Err(_) => *use_get = true,
        }
    }
    request(agent, "GET", url, deadline)
}

fn request(
    agent: &ureq::Agent,
    method: &str,
    url: &Url,
    deadline: Instant,
) -> Result<(u16, Option<String>), Failure> {
    let left = deadline.saturating_duration_since(Instant::now());
    if left.is_zero() {
        return Err(Failure::Timeout);
    }
    let builder = if method == "HEAD" {
        agent.head(url.as_str())
    } else {
        agent.get(url.as_str()).header("Range", "bytes=0-0")
    };
    // The name lookup gets slightly less than the whole budget, so that a
    // resolver that hangs (as one does offline) is told from a slow server.
    let resolve = left.saturating_sub((left / 10).min(Duration::from_millis(50)));
    let response = builder
        .header("Accept", "*/*")
        .config()
        .timeout_global(Some(left))
        .timeout_resolve(Some(resolve))
        .build()
        .call()
        .map_err(|err| failure_kind(&err))?;
    let code = response.status().as_u16();
    let location = response
        .headers()
        .get("location")
        .and_then(|value| value.to_str().ok())
        .map(str::to_string);
    // The body is dropped unread: the connection is closed, not drained.
    drop(response);
    Ok((code, location))
}

/// The most hosts [`any_host_resolves`] looks up at once.
const MAX_LOOKUPS: usize = 64;

/// Resolves every host of `urls` at once, each on its own thread, and
/// says whether any resolved within `deadline`. On a machine with no
/// network every lookup fails within milliseconds (or hangs): this decides
/// "no network" in seconds, where checking URL by URL took half a minute.
/// `Err` carries why (the first failure, or the deadline).
pub fn any_host_resolves(urls: &[String], deadline: Duration) -> Result<(), String> {
    use std::net::ToSocketAddrs;
    use std::sync::mpsc;

    let mut hosts: Vec<(String, u16)> = urls
        .iter()
        .filter_map(|u| url::Url::parse(u).ok())
        .filter_map(|u| Some((u.host_str()?.to_string(), u.port_or_known_default()?)))
        .collect();
    hosts.sort();
    hosts.dedup();
    // A thread per host: enough hosts to know whether the network is
    // there, never thousands of threads for a catalog with thousands.
    hosts.truncate(MAX_LOOKUPS);
    if hosts.is_empty() {
        return Ok(());
    }
    let (sender, receiver) = mpsc::channel();
    for (host, port) in hosts.iter().cloned() {
        let sender = sender.clone();
        // Detached: a lookup that hangs must not hold up the answer.
        std::thread::spawn(move || {
            let host = host
                .trim_start_matches('[')
                .trim_end_matches(']')
                .to_string();
            let answer = (host.as_str(), port)
                .to_socket_addrs()
                .map(|mut addrs| addrs.next().is_some())
                .map_err(|e| e.to_string());
            let _ = sender.send(answer);
        });
    }
    drop(sender);
    let until = Instant::now() + deadline;
    let mut first_failure = None;
    for _ in 0..hosts.len() {
        let left = until.saturating_duration_since(Instant::now());
        match receiver.recv_timeout(left) {
            Ok(Ok(true)) => return Ok(()),
            Ok(Ok(false)) => {
                first_failure.get_or_insert_with(|| "no address".to_string());
            }
            Ok(Err(why)) => {
                first_failure.get_or_insert(why);
            }
            Err(_) => {
                return Err(first_failure.unwrap_or_else(|| {
                    format!("no host name resolved within {}s", deadline.as_secs())
                }));
            }
        }
    }
    Err(first_failure.unwrap_or_else(|| "no host name resolved".into()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_to_statuses() {
        assert_eq!(status_for_code(200, false), Status::Ok);
        assert_eq!(status_for_code(204, false), Status::Ok);
        assert_eq!(status_for_code(206, true), Status::Ok);
        assert_eq!(status_for_code(416, true), Status::Ok);
        assert_eq!(status_for_code(416, false), Status::Broken);
        assert_eq!(status_for_code(401, true), Status::Gated);
        assert_eq!(status_for_code(403, false), Status::Gated);
        for code in [400, 404, 405, 410, 429, 500, 502, 503, 504, 304, 100] {
            assert_eq!(status_for_code(code, true), Status::Broken, "{code}");
        }
    }

    #[test]
    fn head_fallback_rules() {
        for code in [200, 204, 301, 302, 307, 308] {
            assert!(head_is_conclusive(code), "{code}");
        }
        for code in [400, 403, 404, 405, 500, 501] {
            assert!(!head_is_conclusive(code), "{code}");
        }
        assert!(is_permanent_redirect(301) && is_permanent_redirect(308));
        assert!(!is_permanent_redirect(302) && !is_permanent_redirect(307));
    }

    #[test]
    fn login_pages() {
        let yes = [
            "https://physionet.org/login/?next=/files/mimic-cxr/",
            "https://www.kaggle.com/account/login?returnUrl=x",
            "https://idp.example.edu/cas/login",
            "https://example.org/SignIn",
            "https://example.org/auth/realms/x",
            "https://example.org/login.php",
        ];
        for url in yes {
            assert!(looks_like_login(&Url::parse(url).unwrap()), "{url}");
        }
        let no = [
            "https://example.org/",
            "https://example.org/datasets/author-login-study",
            "https://example.org/casting/data",
            "https://example.org/files?login=1",
        ];
        for url in no {
            assert!(!looks_like_login(&Url::parse(url).unwrap()), "{url}");
        }
    }

    #[test]
    fn io_errors_sorted() {
        use io::ErrorKind::*;
        assert!(io_failure(&io::Error::from(ConnectionRefused)).is_unreachable());
        assert!(io_failure(&io::Error::from(NetworkUnreachable)).is_unreachable());
        assert_eq!(io_failure(&io::Error::from(TimedOut)), Failure::Timeout);
        assert!(!io_failure(&io::Error::from(ConnectionReset)).is_unreachable());
        let lookup =
            io::Error::other("failed to lookup address information: Name or service not known");
        assert_eq!(io_failure(&lookup), Failure::NoSuchHost);
        assert!(failure_kind(&ureq::Error::HostNotFound).is_unreachable());
        assert_eq!(
            failure_kind(&ureq::Error::Timeout(ureq::Timeout::Global)),
            Failure::Timeout
        );
        assert!(failure_kind(&ureq::Error::Timeout(ureq::Timeout::Resolve)).is_unreachable());
    }

    #[test]
    fn host_keys_include_the_port() {
        assert_eq!(host_key("https://a.org/x"), "a.org:443");
        assert_eq!(host_key("http://a.org:8080/x"), "a.org:8080");
        assert_eq!(host_key("http://a.org/"), "a.org:80");
    }

    #[test]
    fn user_agent_names_the_version() {
        assert!(USER_AGENT.starts_with("medsets/0."));
        assert!(USER_AGENT.ends_with("(+link check)"));
    }

    #[test]
    fn no_urls_no_results() {
        check_urls(Vec::new(), &CheckOptions::default(), |_| {
            panic!("no result expected")
        });
    }

    #[test]
    fn absurd_durations_do_not_panic() {
        let opts = CheckOptions {
            timeout: Duration::MAX,
            jobs: 0,
            per_host: 0,
            total: Duration::MAX,
        };
        let results = Mutex::new(Vec::new());
        check_urls(vec!["not a url".into()], &opts, |r| {
            results.lock().unwrap().push(r)
        });
        assert_eq!(results.into_inner().unwrap().len(), 1);
    }

    #[test]
    fn zero_total_time_reports_every_url_unasked() {
        let opts = CheckOptions {
            total: Duration::ZERO,
            ..CheckOptions::default()
        };
        let results = Mutex::new(Vec::new());
        // 127.0.0.1:9 is never asked: the run's time is over before it starts.
        check_urls(
            vec!["http://127.0.0.1:9/a".into(), "http://127.0.0.1:9/b".into()],
            &opts,
            |r| results.lock().unwrap().push(r),
        );
        let results = results.into_inner().unwrap();
        assert_eq!(results.len(), 2);
        for r in results {
            assert!(!r.attempted);
            assert_eq!(r.status.status, Status::Timeout);
        }
    }

    #[test]
    fn non_http_url_is_broken_without_a_request() {
        let results = Mutex::new(Vec::new());
        check_urls(
            vec!["ftp://example.org/x".into(), "not a url".into()],
            &CheckOptions::default(),
            |r| results.lock().unwrap().push(r),
        );
        let results = results.into_inner().unwrap();
        assert_eq!(results.len(), 2);
        assert!(results.iter().all(|r| r.status.status == Status::Broken));
        assert!(results.iter().all(|r| r.chain.is_empty()));
    }
}
