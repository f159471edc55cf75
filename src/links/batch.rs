//! The rules for a batch of link results, shared by `medsets check` and
//! the TUI's `r`: the one place that decides when a machine is offline and
//! what of a batch is worth remembering.

use super::cache::LinkCache;
use super::check::UrlResult;

/// Whether a batch says "no network" rather than "these links are down":
/// some URL was tried, and every one tried failed to resolve or connect.
/// Remembering such results would mark every link broken until the next
/// check, so nothing of the batch is remembered.
pub fn no_network<'a>(results: impl IntoIterator<Item = &'a UrlResult>) -> bool {
    let mut tried = results.into_iter().filter(|r| r.attempted).peekable();
    tried.peek().is_some() && tried.all(|r| r.unreachable)
}

/// Puts what a batch found into `cache`: every URL that was tried, unless
/// the batch says the machine is offline. Returns whether anything was kept.
pub fn remember<'a>(
    cache: &mut LinkCache,
    results: impl IntoIterator<Item = &'a UrlResult> + Clone,
) -> bool {
    if no_network(results.clone()) {
        return false;
    }
    for result in results.into_iter().filter(|r| r.attempted) {
        cache.insert(result.url.clone(), result.status.clone());
    }
    true
}

/// A batch whose results arrive one by one (the TUI's background check).
#[derive(Debug, Default)]
pub struct Batch {
    /// Results still to come.
    expected: usize,
    received: Vec<UrlResult>,
}

impl Batch {
    /// A batch that waits for `expected` results.
    pub fn expecting(expected: usize) -> Batch {
        Batch {
            expected,
            received: Vec::new(),
        }
    }

    /// Results still to come.
    pub fn pending(&self) -> usize {
        self.expected
    }

    /// Takes one result. A result that reached its server can be shown and
    /// remembered at once; offline results wait for the whole batch. The
    /// whole batch is returned with the last result.
    pub fn receive(&mut self, result: UrlResult) -> Option<Vec<UrlResult>> {
        if self.expected == 0 {
            return None;
        }
        self.expected -= 1;
        self.received.push(result);
        (self.expected == 0).then(|| std::mem::take(&mut self.received))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::links::cache::{LinkStatus, Status};

    fn result(url: &str, attempted: bool, unreachable: bool) -> UrlResult {
        UrlResult {
            url: url.into(),
            status: LinkStatus {
                status: if unreachable {
                    Status::Broken
                } else {
                    Status::Ok
                },
                http: None,
                final_url: None,
                moved_to: None,
                detail: None,
                checked_at: 1,
            },
            chain: Vec::new(),
            attempted,
            unreachable,
        }
    }

    #[test]
    fn offline_only_when_everything_tried_was_unreachable() {
        let offline = [result("a", true, true), result("b", false, false)];
        assert!(no_network(&offline));
        let mixed = [result("a", true, true), result("b", true, false)];
        assert!(!no_network(&mixed));
        let untried = [result("a", false, false)];
        assert!(!no_network(&untried), "nothing was tried");
        assert!(!no_network(&[]));
    }

    #[test]
    fn an_offline_batch_is_not_remembered() {
        let mut cache = LinkCache::default();
        assert!(!remember(&mut cache, &[result("a", true, true)]));
        assert!(cache.is_empty());
        let found = [result("a", true, true), result("b", true, false)];
        assert!(remember(&mut cache, &found));
        assert_eq!(cache.len(), 2, "a broken link among live ones is news");
    }

    #[test]
    fn a_batch_is_whole_with_its_last_result() {
        let mut batch = Batch::expecting(2);
        assert_eq!(batch.receive(result("a", true, false)), None);
        assert_eq!(batch.pending(), 1);
        let whole = batch.receive(result("b", true, false)).unwrap();
        assert_eq!(whole.len(), 2);
        assert_eq!(batch.receive(result("c", true, false)), None);
    }
}
