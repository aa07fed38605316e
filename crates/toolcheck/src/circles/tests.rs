//! The circle finder on small crates written for the test.

use std::path::{Path, PathBuf};

use super::circles;

/// Writes `files` (path, text) under a fresh folder; returns the crate root `src/lib.rs`.
fn crate_of(files: &[(&str, &str)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "omiyage-circles-{}-{}",
        std::process::id(),
        files.len() * 1000 + files.iter().map(|(_, t)| t.len()).sum::<usize>()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    for (path, text) in files {
        let file = dir.join(path);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, text).unwrap();
    }
    dir.join("src/lib.rs")
}

fn found(root: &Path) -> Vec<Vec<String>> {
    let c = circles(root);
    let _ = std::fs::remove_dir_all(root.parent().unwrap().parent().unwrap());
    c
}

#[test]
fn two_siblings_naming_each_other_are_a_circle() {
    let root = crate_of(&[
        ("src/lib.rs", "mod a;\nmod b;\n"),
        ("src/a.rs", "use crate::b::B;\npub struct A;\n"),
        (
            "src/b.rs",
            "pub struct B;\nfn f() { let _ = crate::a::A; }\n",
        ),
    ]);
    assert_eq!(found(&root), vec![vec!["a", "b", "a"]]);
}

#[test]
fn a_circle_through_nested_modules_and_super_paths_is_found() {
    let root = crate_of(&[
        ("src/lib.rs", "pub mod store;\nmod flows;\n"),
        ("src/store/mod.rs", "mod sql;\nmod gifts;\n"),
        ("src/store/sql.rs", "use super::gifts::{self, Gift as G};\n"),
        (
            "src/store/gifts.rs",
            "pub fn x() { super::super::flows::run(); }\n",
        ),
        ("src/flows.rs", "use crate::store::{sql::Conn};\n"),
    ]);
    // store::sql → store::gifts (siblings) and store → flows → store (at the top).
    assert_eq!(found(&root), vec![vec!["flows", "store", "flows"]]);
}

#[test]
fn children_using_their_parent_comments_and_strings_are_no_circle() {
    let root = crate_of(&[
        (
            "src/lib.rs",
            "mod a;\nmod b;\npub use a::A;\n// crate::b::x and crate::a::y\nconst S: &str = \"crate::b::B\";\n",
        ),
        (
            "src/a.rs",
            "use crate::b;\npub struct A;\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
        ),
        // b's tests may use anything.
        ("src/b/tests.rs", "use crate::a::A;\n"),
        (
            "src/b.rs",
            "use super::A as Parent;\nfn f() { let r = r#\"crate::a::A\"#; let c = '\\''; }\n#[cfg(test)]\nmod tests;\n",
        ),
    ]);
    // b names `super::A`: the crate root (its parent), not a; a names b: one way only.
    assert_eq!(found(&root), Vec::<Vec<String>>::new());
}

#[test]
fn a_path_attribute_is_followed_and_super_is_the_including_module() {
    let root = crate_of(&[
        ("src/lib.rs", "mod sqlite;\nmod shared;\n"),
        (
            "src/sqlite/mod.rs",
            "#[path = \"../sql/gifts.rs\"]\nmod gifts;\npub struct Conn;\n",
        ),
        (
            "src/sql/gifts.rs",
            "use super::Conn;\nuse crate::shared::S;\n",
        ),
        ("src/shared.rs", "pub struct S;\nuse crate::sqlite::Conn;\n"),
    ]);
    // `super` in sql/gifts.rs is sqlite: no circle from that; but sqlite (through gifts) and
    // shared name each other.
    assert_eq!(found(&root), vec![vec!["shared", "sqlite", "shared"]]);
}
