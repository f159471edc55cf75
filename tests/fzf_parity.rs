//! fzf's query syntax, as medsets reads it: the cases of
//! `tests/fixtures/search/fzf_cases.md`, ported from fzf's own tests
//! (junegunn/fzf @956562d: `test/test_filter.rb`, `test/test_core.rb`,
//! `src/pattern_test.go`), each line read as a dataset name alone.
//!
//! Where medsets differs from fzf on purpose, the case is left out with the
//! reason: medsets matches plain words case-insensitively (no smart case:
//! cases 9, 15, 16, 24, 25), a two-letter word matches only contiguously
//! (the fuzzy half of case 11: "13" does not find "103"), an inverse fuzzy
//! term `!'x` is read as inverse exact (case 10), and fields are not
//! trimmed before `^`/`$` (case 14: catalog fields have no padding).

use medsets::search::filter_lines;

fn check(lines: &[&str], query: &str, expected: &[&str]) {
    let found: Vec<&str> = filter_lines(lines, query)
        .into_iter()
        .map(|i| lines[i])
        .collect();
    assert_eq!(found, expected, "query {query:?} over {lines:?}");
}

fn one_to(n: usize) -> Vec<String> {
    (1..=n).map(|i| i.to_string()).collect()
}

#[test]
fn case_1_and_2_or() {
    // test_filter.rb test_or_operator, lines 19-21.
    let ten = one_to(10);
    let lines: Vec<&str> = ten.iter().map(String::as_str).collect();
    check(&lines, "1 | 5", &["1", "5", "10"]);
    check(&lines, "1 | !1", &lines);
}

#[test]
fn case_3_inverse_suffix_or_equal() {
    // pattern_test.go TestParseTermsExtended, lines 19-34.
    check(
        &["xhhh", "iii", "iiix", "hhhx"],
        "!hhh$ | ^iii$",
        &["iii", "iiix", "hhhx"],
    );
}

#[test]
fn case_4_or_groups_and_another_term() {
    check(
        &["13", "23", "33", "12", "103"],
        "^1 | ^2 3$",
        &["13", "23", "103"],
    );
}

#[test]
fn case_5_to_7_bars_without_a_word_before_or_after() {
    // pattern.go parseTerms, line 189.
    check(&["foo", "a|b", "bar"], "| | foo", &["foo", "a|b"]);
    check(&["foo", "a|b", "bar", "foo|x"], "| | | foo", &["foo|x"]);
    check(&["abc", "xyz", "a|b"], "abc |", &["abc"]);
}

#[test]
fn case_8_inverse_only() {
    check(
        &["aaaaa", "b", "ccc", "BAD"],
        "!bad",
        &["aaaaa", "b", "ccc"],
    );
}

#[test]
fn case_11_exact_is_contiguous() {
    let lines = one_to(123);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    check(&lines, "'13", &["13", "113"]);
}

#[test]
fn case_12_meta_characters_inside_a_word_are_literal() {
    // test_core.rb test_invalid_cache_query_type, lines 427-457.
    let lines = ["foo$bar", "barfoo", "foo^bar", "foo'1-2", "12", "21"];
    check(&lines, "foo$", &["barfoo"]);
    check(&lines, "foo$bar", &["foo$bar"]);
    check(&lines, "^bar", &["barfoo"]);
    check(&lines, "foo^bar", &["foo^bar"]);
    check(&lines, "'12", &["12"]);
    check(&lines, "foo'12", &["foo'1-2"]);
}

#[test]
fn case_13_and_with_suffix() {
    let lines = one_to(100);
    let lines: Vec<&str> = lines.iter().map(String::as_str).collect();
    check(&lines, "1 00$", &["100"]);
}

#[test]
fn case_17_to_19_exact_boundary() {
    // fzf 0.55: test_filter.rb test_exact_boundary; CHANGELOG; pattern.go 196-209.
    check(
        &[
            "xxyzx", "-xxyz", "xyzx-", "_xyz_", "_xyz-", "-xyz_", "[xyz]", "-xyz-", " xyz ",
            "/xyz/",
        ],
        "'xyz'",
        &[
            "_xyz_", "_xyz-", "-xyz_", "[xyz]", "-xyz-", " xyz ", "/xyz/",
        ],
    );
    check(&["come here", "not there"], "'here'", &["come here"]);
    check(&["come here", "not there"], "!'here'", &["not there"]);
}

#[test]
fn case_20_to_23_escaped_spaces() {
    // test_filter.rb test_escaped_meta_characters, lines 90-106.
    let lines = [
        "foo^bar", "foo$bar", "foo!bar", "foo'bar", "foo bar", "bar foo",
    ];
    check(&lines, "foo bar", &lines);
    check(&lines, "^foo bar$", &lines[..5]);
    check(&lines, "foo\\ bar", &["foo bar"]);
    check(&lines, "^foo\\ bar$", &["foo bar"]);
    check(
        &lines,
        "!^foo\\ bar$",
        &["foo^bar", "foo$bar", "foo!bar", "foo'bar", "bar foo"],
    );
}

#[test]
fn case_26_and_27_operators_alone() {
    check(&["a", "b", "c"], "' ^ !' !^", &["a", "b", "c"]);
    check(&["a$b", "ab"], "$", &["a$b"]);
}
