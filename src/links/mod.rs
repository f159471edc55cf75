//! Link health: checking URLs over the network, the cache of what checks
//! found, and the rules for a batch of results.

pub mod batch;
pub mod cache;
pub mod check;
