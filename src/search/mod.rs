//! The matcher shared by the TUI and `medsets search`: queries, the search
//! text of each dataset, facet terms, ranking and sort orders, and the
//! incremental search session the TUI keeps while the user types.
//!
//! Dependencies run one way inside: `fold` ← `facts` ← `facets` ← `query`;
//! `prose` is on its own; `index` uses them all; `session` uses `index`.

mod facets;
mod facts;
mod fold;
mod index;
mod order;
mod prose;
mod query;
mod rank;
pub mod session;
mod suggest;
pub mod vocabulary;

pub use facets::{
    FacetTerm, FacetValues, is_facet_value_selected, toggle_facet_value, without_facet,
};
pub use facts::{FacetKey, count_with_any, facet_values};
pub use fold::fold;
pub use index::{Hit, Index, SharedIndex, filter_lines, new_matcher, search_once};
pub use order::{SortOrder, sort_hits};
pub use query::{Extension, Query};
pub use suggest::{Lexicon, did_you_mean, is_weak};
pub use vocabulary::Vocabulary;
