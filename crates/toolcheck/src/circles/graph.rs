//! The dependency graph between sibling modules: its strongly connected components (Tarjan)
//! and one circle through each.

use std::collections::{BTreeMap, BTreeSet};

pub(super) type Graph = BTreeMap<Vec<String>, BTreeSet<Vec<String>>>;

/// Tarjan's strongly connected components.
pub(super) fn strongly_connected(g: &Graph) -> Vec<Vec<Vec<String>>> {
    struct State<'g> {
        g: &'g Graph,
        index: BTreeMap<&'g Vec<String>, usize>,
        low: BTreeMap<&'g Vec<String>, usize>,
        stack: Vec<&'g Vec<String>>,
        on: BTreeSet<&'g Vec<String>>,
        out: Vec<Vec<Vec<String>>>,
    }
    fn visit<'g>(s: &mut State<'g>, v: &'g Vec<String>) {
        let n = s.index.len();
        s.index.insert(v, n);
        s.low.insert(v, n);
        s.stack.push(v);
        s.on.insert(v);
        for w in s.g.get(v).into_iter().flatten() {
            let Some((w, _)) = s.g.get_key_value(w) else {
                continue;
            };
            if !s.index.contains_key(w) {
                visit(s, w);
                let low = s.low[v].min(s.low[w]);
                s.low.insert(v, low);
            } else if s.on.contains(w) {
                let low = s.low[v].min(s.index[w]);
                s.low.insert(v, low);
            }
        }
        if s.low[v] == s.index[v] {
            let mut component = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on.remove(w);
                component.push(w.clone());
                if w == v {
                    break;
                }
            }
            s.out.push(component);
        }
    }
    let mut s = State {
        g,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on: BTreeSet::new(),
        out: Vec::new(),
    };
    for v in g.keys() {
        if !s.index.contains_key(v) {
            visit(&mut s, v);
        }
    }
    s.out
}

/// One circle through the first module of a strongly connected component, back to it.
pub(super) fn cycle_through(component: &[Vec<String>], g: &Graph) -> Vec<Vec<String>> {
    let inside: BTreeSet<&Vec<String>> = component.iter().collect();
    let start = component.iter().min().unwrap();
    // Breadth-first from the start's successors back to the start.
    let mut previous: BTreeMap<&Vec<String>, &Vec<String>> = BTreeMap::new();
    let mut queue = std::collections::VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for w in g.get(v).into_iter().flatten() {
            if !inside.contains(w) || previous.contains_key(w) {
                continue;
            }
            previous.insert(w, v);
            if w == start {
                let mut path = vec![start.clone()];
                let mut at = v;
                while at != start {
                    path.push(at.clone());
                    at = previous[at];
                }
                path.push(start.clone());
                path.reverse();
                return path;
            }
            queue.push_back(w);
        }
    }
    component.to_vec()
}
