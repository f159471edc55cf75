//! One dataset as a record of the catalog cache, read in place: its
//! strings end to end, then little-endian `u32` words that give every
//! field in `Dataset`'s order, each string as a span of those bytes.
//!
//! ```text
//! record = text length (u32) · text (UTF-8) · words
//! a string:  start, length (in the text)
//! an Option: 0, or 1 then the value      a list: its length, then each item
//! a u64:     low word, high word          a u16: one word
//! an enum:   its variant's number (`*_code` below)
//! ```
//!
//! Reading checks a record's text as UTF-8 once and borrows every string
//! from it; nothing is copied and no field name is read, which is what a
//! start from the cache at 100,000 datasets spent most of its time on with
//! MessagePack maps. Every span, count and code is checked: a record that
//! does not read exactly to its last word is refused, never trusted.

use super::borrowed::{
    CitationView, LinkView, PaperView, RelationView, SizeFigureView, Text, VerifiedView,
};
use super::{
    Access, Category, Citation, CitationRole, Dataset, DatasetView, Domain, Link, Paper, Relation,
    RelationKind, SizeFigure, Source, Verified,
};

/// A whole catalog as records (the embedded one: `assets/catalog.records`),
/// framed by little-endian `u32`s: the version, the number of categories,
/// each category's length and record, the number of datasets, each
/// dataset's length and record. Written by a test
/// (`embedded::tests::the_records_are_those_of_the_json_catalog`).
#[cfg(test)]
pub fn encode_catalog(catalog: &super::Catalog) -> Option<Vec<u8>> {
    let mut out = Vec::new();
    let frame = |out: &mut Vec<u8>, record: Vec<u8>| -> Option<()> {
        out.extend_from_slice(&u32::try_from(record.len()).ok()?.to_le_bytes());
        out.extend_from_slice(&record);
        Some(())
    };
    out.extend_from_slice(&catalog.version.to_le_bytes());
    out.extend_from_slice(&u32::try_from(catalog.categories.len()).ok()?.to_le_bytes());
    for category in &catalog.categories {
        let Category {
            id,
            name,
            name_zh,
            description,
            description_zh,
        } = category;
        let mut w = Writer::default();
        w.str(id)?;
        w.str(name)?;
        w.opt_str(name_zh.as_deref())?;
        w.opt_str(description.as_deref())?;
        w.opt_str(description_zh.as_deref())?;
        frame(&mut out, w.finish()?)?;
    }
    out.extend_from_slice(&u32::try_from(catalog.datasets.len()).ok()?.to_le_bytes());
    for dataset in &catalog.datasets {
        frame(&mut out, encode(dataset)?)?;
    }
    Some(out)
}

/// What [`encode_catalog`] wrote: the version, the categories and the
/// datasets, borrowed from `bytes`; `None` unless all of it reads.
pub fn decode_catalog(bytes: &[u8]) -> Option<(u32, Vec<Category>, Vec<DatasetView<'_>>)> {
    let mut frames = Frames { bytes, at: 0 };
    let version = frames.word()?;
    let categories = (0..frames.word()?)
        .map(|_| decode_category(frames.frame()?))
        .collect::<Option<Vec<_>>>()?;
    let datasets = (0..frames.word()?)
        .map(|_| decode(frames.frame()?))
        .collect::<Option<Vec<_>>>()?;
    (frames.at == bytes.len()).then_some((version, categories, datasets))
}

fn decode_category(record: &[u8]) -> Option<Category> {
    let mut r = Reader::of(record)?;
    let owned = |text: Text<'_>| text.as_str().to_string();
    let category = Category {
        id: owned(r.str()?),
        name: owned(r.str()?),
        name_zh: r.opt(Reader::str)?.map(owned),
        description: r.opt(Reader::str)?.map(owned),
        description_zh: r.opt(Reader::str)?.map(owned),
    };
    r.at_end().then_some(category)
}

/// Length-prefixed records one after another.
struct Frames<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Frames<'a> {
    fn word(&mut self) -> Option<u32> {
        let bytes = self.bytes.get(self.at..self.at.checked_add(4)?)?;
        self.at += 4;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }

    fn frame(&mut self) -> Option<&'a [u8]> {
        let len = self.word()? as usize;
        let frame = self.bytes.get(self.at..self.at.checked_add(len)?)?;
        self.at += len;
        Some(frame)
    }
}

/// The record of `dataset`, or `None` if its text outgrows `u32` spans.
pub fn encode(dataset: &Dataset) -> Option<Vec<u8>> {
    // Every field by name, so that a field added to `Dataset` fails to
    // compile here until the record carries it.
    let Dataset {
        id,
        name,
        aliases,
        categories,
        summary,
        summary_zh,
        modalities,
        body_regions,
        tasks,
        size,
        size_bytes,
        languages,
        access,
        license,
        year,
        paper,
        homepage,
        urls,
        domain,
        citations,
        related,
        notes,
        notes_zh,
        verified,
        overrides,
        source: _, // set by layering, never stored (as in JSON)
    } = dataset;
    let mut w = Writer::default();
    w.str(id)?;
    w.str(name)?;
    w.strs(aliases)?;
    w.strs(categories)?;
    w.str(summary)?;
    w.opt_str(summary_zh.as_deref())?;
    w.strs(modalities)?;
    w.strs(body_regions)?;
    w.strs(tasks)?;
    w.len(size.len())?;
    for SizeFigure { value, unit } in size {
        w.u64(*value);
        w.str(unit)?;
    }
    w.opt(size_bytes.as_ref(), |w, &bytes| {
        w.u64(bytes);
        Some(())
    })?;
    w.strs(languages)?;
    w.word(access_code(*access));
    w.opt_str(license.as_deref())?;
    w.opt(year.as_ref(), |w, &year| {
        w.word(year.into());
        Some(())
    })?;
    w.opt(paper.as_ref(), |w, paper| {
        let Paper {
            title,
            venue,
            year,
            id,
        } = paper;
        w.str(title)?;
        w.opt_str(venue.as_deref())?;
        w.opt(year.as_ref(), |w, &year| {
            w.word(year.into());
            Some(())
        })?;
        w.opt_str(id.as_deref())
    })?;
    w.opt_str(homepage.as_deref())?;
    w.len(urls.len())?;
    for Link { label, url } in urls {
        w.str(label)?;
        w.str(url)?;
    }
    w.word(domain_code(*domain));
    w.len(citations.len())?;
    for Citation {
        role,
        bibtex,
        unconfirmed,
    } in citations
    {
        w.word(role_code(*role));
        w.str(bibtex)?;
        w.strs(unconfirmed)?;
    }
    w.len(related.len())?;
    for Relation { id, relation } in related {
        w.str(id)?;
        w.word(relation_code(*relation));
    }
    w.opt_str(notes.as_deref())?;
    w.opt_str(notes_zh.as_deref())?;
    w.opt(verified.as_ref(), |w, verified| {
        let Verified {
            date,
            sources,
            unconfirmed,
        } = verified;
        w.str(date)?;
        w.strs(sources)?;
        w.strs(unconfirmed)
    })?;
    w.word(u32::from(*overrides));
    w.finish()
}

/// The dataset `record` holds, its strings borrowed from it; `None` unless
/// every part of it reads.
pub fn decode(record: &[u8]) -> Option<DatasetView<'_>> {
    let mut r = Reader::of(record)?;
    let dataset = DatasetView {
        id: r.str()?,
        name: r.str()?,
        aliases: r.strs()?,
        categories: r.strs()?,
        summary: r.str()?,
        summary_zh: r.opt(Reader::str)?,
        modalities: r.strs()?,
        body_regions: r.strs()?,
        tasks: r.strs()?,
        size: r.list(|r| {
            Some(SizeFigureView {
                value: r.u64()?,
                unit: r.str()?,
            })
        })?,
        size_bytes: r.opt(Reader::u64)?,
        languages: r.strs()?,
        access: access_of(r.word()?)?,
        license: r.opt(Reader::str)?,
        year: r.opt(Reader::u16)?,
        paper: r.opt(|r| {
            Some(PaperView {
                title: r.str()?,
                venue: r.opt(Reader::str)?,
                year: r.opt(Reader::u16)?,
                id: r.opt(Reader::str)?,
            })
        })?,
        homepage: r.opt(Reader::str)?,
        urls: r.list(|r| {
            Some(LinkView {
                label: r.str()?,
                url: r.str()?,
            })
        })?,
        domain: domain_of(r.word()?)?,
        citations: r.list(|r| {
            Some(CitationView {
                role: role_of(r.word()?)?,
                bibtex: r.str()?,
                unconfirmed: r.strs()?,
            })
        })?,
        related: r.list(|r| {
            Some(RelationView {
                id: r.str()?,
                relation: relation_of(r.word()?)?,
            })
        })?,
        notes: r.opt(Reader::str)?,
        notes_zh: r.opt(Reader::str)?,
        verified: r.opt(|r| {
            Some(VerifiedView {
                date: r.str()?,
                sources: r.strs()?,
                unconfirmed: r.strs()?,
            })
        })?,
        overrides: match r.word()? {
            0 => false,
            1 => true,
            _ => return None,
        },
        source: Source::default(),
    };
    r.at_end().then_some(dataset)
}

#[derive(Default)]
struct Writer {
    text: String,
    words: Vec<u32>,
}

impl Writer {
    fn word(&mut self, word: u32) {
        self.words.push(word);
    }

    fn len(&mut self, len: usize) -> Option<()> {
        self.word(u32::try_from(len).ok()?);
        Some(())
    }

    fn u64(&mut self, value: u64) {
        self.word(value as u32);
        self.word((value >> 32) as u32);
    }

    fn str(&mut self, text: &str) -> Option<()> {
        let start = u32::try_from(self.text.len()).ok()?;
        self.text.push_str(text);
        u32::try_from(self.text.len()).ok()?;
        self.word(start);
        self.len(text.len())
    }

    fn strs(&mut self, texts: &[super::Text]) -> Option<()> {
        self.len(texts.len())?;
        texts.iter().try_for_each(|text| self.str(text))
    }

    fn opt<T>(
        &mut self,
        value: Option<T>,
        write: impl FnOnce(&mut Writer, T) -> Option<()>,
    ) -> Option<()> {
        match value {
            None => {
                self.word(0);
                Some(())
            }
            Some(value) => {
                self.word(1);
                write(self, value)
            }
        }
    }

    fn opt_str(&mut self, text: Option<&str>) -> Option<()> {
        self.opt(text, Writer::str)
    }

    fn finish(self) -> Option<Vec<u8>> {
        let text_len = u32::try_from(self.text.len()).ok()?;
        let mut record = Vec::with_capacity(4 + self.text.len() + 4 * self.words.len());
        record.extend_from_slice(&text_len.to_le_bytes());
        record.extend_from_slice(self.text.as_bytes());
        for word in self.words {
            record.extend_from_slice(&word.to_le_bytes());
        }
        Some(record)
    }
}

struct Reader<'a> {
    text: &'a str,
    words: &'a [u8],
    /// The next word's byte offset in `words`.
    at: usize,
}

impl<'a> Reader<'a> {
    /// A record's text, checked as UTF-8, and its words.
    fn of(record: &'a [u8]) -> Option<Reader<'a>> {
        let text_len = u32::from_le_bytes(record.get(..4)?.try_into().ok()?) as usize;
        let text = record.get(4..4usize.checked_add(text_len)?)?;
        let words = &record[4 + text_len..];
        if !words.len().is_multiple_of(4) {
            return None;
        }
        Some(Reader {
            text: std::str::from_utf8(text).ok()?,
            words,
            at: 0,
        })
    }

    fn word(&mut self) -> Option<u32> {
        let bytes = self.words.get(self.at..self.at + 4)?;
        self.at += 4;
        Some(u32::from_le_bytes(bytes.try_into().ok()?))
    }

    fn u64(&mut self) -> Option<u64> {
        let low = u64::from(self.word()?);
        let high = u64::from(self.word()?);
        Some(high << 32 | low)
    }

    fn u16(&mut self) -> Option<u16> {
        u16::try_from(self.word()?).ok()
    }

    fn str(&mut self) -> Option<Text<'a>> {
        let start = self.word()? as usize;
        let len = self.word()? as usize;
        // `get` also refuses a span that cuts a character.
        self.text
            .get(start..start.checked_add(len)?)
            .map(Text::borrowed)
    }

    fn strs(&mut self) -> Option<Vec<Text<'a>>> {
        self.list(Reader::str)
    }

    fn opt<T>(&mut self, read: impl FnOnce(&mut Reader<'a>) -> Option<T>) -> Option<Option<T>> {
        match self.word()? {
            0 => Some(None),
            1 => read(self).map(Some),
            _ => None,
        }
    }

    fn list<T>(&mut self, mut read: impl FnMut(&mut Reader<'a>) -> Option<T>) -> Option<Vec<T>> {
        let len = self.word()? as usize;
        // Every item takes at least one word: a count beyond what is left
        // is corrupt, and must not reserve memory for it.
        if len > (self.words.len() - self.at) / 4 {
            return None;
        }
        let mut items = Vec::with_capacity(len);
        for _ in 0..len {
            items.push(read(self)?);
        }
        Some(items)
    }

    fn at_end(&self) -> bool {
        self.at == self.words.len()
    }
}

/// The variant of `all` whose code is `wanted`. Every enum's variants
/// are listed as its `ALL`; `*_code` matches each exhaustively.
fn variant<T: Copy>(all: &[T], code: fn(T) -> u32, wanted: u32) -> Option<T> {
    all.iter().copied().find(|&v| code(v) == wanted)
}

fn access_code(access: Access) -> u32 {
    match access {
        Access::Open => 0,
        Access::Registration => 1,
        Access::Credentialed => 2,
        Access::Request => 3,
        Access::Unknown => 4,
    }
}

fn access_of(code: u32) -> Option<Access> {
    variant(&Access::ALL, access_code, code)
}

fn domain_code(domain: Domain) -> u32 {
    match domain {
        Domain::Medical => 0,
        Domain::General => 1,
    }
}

fn domain_of(code: u32) -> Option<Domain> {
    variant(&Domain::ALL, domain_code, code)
}

fn role_code(role: CitationRole) -> u32 {
    match role {
        CitationRole::Paper => 0,
        CitationRole::Data => 1,
        CitationRole::Platform => 2,
    }
}

fn role_of(code: u32) -> Option<CitationRole> {
    variant(&CitationRole::ALL, role_code, code)
}

fn relation_code(relation: RelationKind) -> u32 {
    match relation {
        RelationKind::MemberOf => 0,
        RelationKind::HasMember => 1,
        RelationKind::DerivedFrom => 2,
        RelationKind::SourceOf => 3,
        RelationKind::MirrorOf => 4,
        RelationKind::VersionOf => 5,
    }
}

fn relation_of(code: u32) -> Option<RelationKind> {
    variant(&RelationKind::ALL, relation_code, code)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::Catalog;

    fn round_trip(dataset: &Dataset) -> Dataset {
        let record = encode(dataset).expect("encodes");
        decode(&record).expect("decodes").to_dataset()
    }

    #[test]
    fn every_embedded_dataset_reads_back_equal_and_borrowed() {
        for dataset in Catalog::embedded().datasets {
            let mut expected = dataset.clone();
            expected.source = Source::default();
            assert_eq!(round_trip(&dataset), expected, "{}", dataset.id);
            let record = encode(&dataset).unwrap();
            let view = decode(&record).unwrap();
            let name = crate::catalog::DatasetText::name(&view);
            assert!(record.as_ptr_range().contains(&name.as_ptr()));
        }
    }

    #[test]
    fn every_variant_and_extreme_reads_back() {
        let mut d = Catalog::embedded().datasets[0].clone();
        d.source = Source::default();
        d.size_bytes = Some(u64::MAX);
        d.year = Some(u16::MAX);
        d.overrides = true;
        d.summary = "中文 · émoji 🩻 and \u{0} nul".into();
        for access in Access::ALL {
            d.access = access;
            assert_eq!(round_trip(&d), d);
        }
        for domain in Domain::ALL {
            d.domain = domain;
            assert_eq!(round_trip(&d), d);
        }
        for role in CitationRole::ALL {
            assert_eq!(role_of(role_code(role)), Some(role));
        }
        for code in 0..6 {
            let relation = relation_of(code).unwrap();
            assert_eq!(relation_code(relation), code);
        }
        assert_eq!(relation_of(6), None);
    }

    #[test]
    fn a_catalog_reads_back_and_a_cut_or_longer_one_is_refused() {
        let catalog = Catalog::embedded();
        let bytes = encode_catalog(&catalog).unwrap();
        let (version, categories, views) = decode_catalog(&bytes).unwrap();
        assert_eq!(
            (version, &categories),
            (catalog.version, &catalog.categories)
        );
        let datasets: Vec<Dataset> = views.iter().map(DatasetView::to_dataset).collect();
        assert_eq!(datasets, catalog.datasets);
        for len in (0..bytes.len()).step_by(97).chain([bytes.len() - 1]) {
            assert!(decode_catalog(&bytes[..len]).is_none(), "cut to {len}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode_catalog(&longer).is_none());
    }

    #[test]
    fn any_damage_is_refused_or_reads_as_some_dataset_never_a_panic() {
        let dataset = &Catalog::embedded().datasets[3];
        let good = encode(dataset).unwrap();
        for len in 0..good.len() {
            assert!(decode(&good[..len]).is_none(), "cut to {len}");
        }
        let mut longer = good.clone();
        longer.extend_from_slice(&[0; 4]);
        assert!(decode(&longer).is_none(), "a word too many");
        // Flipped bits must never panic; the cache's checksums are what
        // keep a damaged record from being read at all.
        for at in 0..good.len() {
            for bit in [0x01, 0x80] {
                let mut bad = good.clone();
                bad[at] ^= bit;
                let _ = decode(&bad);
            }
        }
        // A huge count is refused without reserving memory for it.
        let mut huge = good.clone();
        let words_at = 4 + u32::from_le_bytes(good[..4].try_into().unwrap()) as usize;
        // id (2 words), name (2), then the aliases' count.
        let count_at = words_at + 16;
        huge[count_at..count_at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(decode(&huge).is_none());
    }
}
