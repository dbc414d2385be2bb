//! Finds cycles in "comes after" references (attack stages, playbook steps), so that a chain
//! with no first element is reported with its members in order. Linear in nodes and edges,
//! iterative, and one cycle per tangle: a file of ten thousand stages that all wait for each
//! other gets one report, found in one pass, not one per back edge.

use std::collections::BTreeMap;

/// One cycle among `nodes` (id, ids it comes after) for each group of nodes that wait for each
/// other, as node indices along it with the first repeated at the end. Unknown ids are ignored.
pub fn find_cycles(nodes: &[(&str, &[String])]) -> Vec<Vec<usize>> {
    let index: BTreeMap<&str, usize> = nodes.iter().enumerate().rev().map(|(i, (id, _))| (*id, i)).collect();
    let edges: Vec<Vec<usize>> = nodes
        .iter()
        .map(|(_, after)| after.iter().filter_map(|dep| index.get(dep.as_str()).copied()).collect())
        .collect();
    strongly_connected(&edges)
        .into_iter()
        .filter(|group| group.len() > 1 || edges[group[0]].contains(&group[0]))
        .map(|group| cycle_within(&edges, &group))
        .collect()
}

/// Tarjan's strongly connected components, with an explicit stack; each component lists its
/// nodes in ascending order, and components come in order of their smallest node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut order, mut low, mut on_stack) = (vec![UNSEEN; n], vec![0; n], vec![false; n]);
    let (mut stack, mut groups, mut counter) = (Vec::new(), Vec::new(), 0);
    for root in 0..n {
        if order[root] != UNSEEN {
            continue;
        }
        let mut work: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some(&mut (node, ref mut next)) = work.last_mut() {
            if *next == 0 && order[node] == UNSEEN {
                order[node] = counter;
                low[node] = counter;
                counter += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                if order[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(order[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == order[node] {
                let mut group = Vec::new();
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    group.push(member);
                    if member == node {
                        break;
                    }
                }
                group.sort_unstable();
                groups.push(group);
            }
        }
    }
    groups.sort_unstable_by_key(|group| group[0]);
    groups
}

/// A shortest cycle through the group's first node, staying inside the group (breadth first).
fn cycle_within(edges: &[Vec<usize>], group: &[usize]) -> Vec<usize> {
    let inside = |node: usize| group.binary_search(&node).is_ok();
    let start = group[0];
    let mut came_from: BTreeMap<usize, usize> = BTreeMap::new();
    let mut frontier = std::collections::VecDeque::from([start]);
    while let Some(node) = frontier.pop_front() {
        for &next in &edges[node] {
            if next == start {
                let mut path = vec![node];
                while let Some(&before) = came_from.get(path.last().unwrap_or(&start)) {
                    path.push(before);
                }
                if path.last() != Some(&start) {
                    path.push(start);
                }
                path.reverse();
                path.push(start);
                return path;
            }
            if inside(next) && next != start && !came_from.contains_key(&next) {
                came_from.insert(next, node);
                frontier.push_back(next);
            }
        }
    }
    vec![start, start]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deps(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn finds_a_cycle_and_ignores_chains() {
        let (a, b, c, d) = (deps(&["c"]), deps(&["a"]), deps(&["b"]), deps(&["a", "zzz"]));
        let nodes = [("a", a.as_slice()), ("b", b.as_slice()), ("c", c.as_slice()), ("d", d.as_slice())];
        assert_eq!(find_cycles(&nodes), vec![vec![0, 2, 1, 0]]);
        let chain = [("a", &[][..]), ("b", a.as_slice())];
        assert!(find_cycles(&chain).is_empty());
    }

    #[test]
    fn handles_a_self_loop_and_a_very_long_chain() {
        let own = deps(&["x"]);
        assert_eq!(find_cycles(&[("x", own.as_slice())]), vec![vec![0, 0]]);
        let ids: Vec<String> = (0..100_000).map(|i| format!("s{i}")).collect();
        let afters: Vec<Vec<String>> =
            (0..100_000).map(|i| if i == 0 { vec![] } else { vec![ids[i - 1].clone()] }).collect();
        let nodes: Vec<(&str, &[String])> =
            ids.iter().zip(&afters).map(|(id, a)| (id.as_str(), a.as_slice())).collect();
        assert!(find_cycles(&nodes).is_empty());
    }

    #[test]
    fn reports_one_short_cycle_for_a_tangle() {
        // Every node waits for the next and for the first: one tangle, thousands of back edges.
        let n = 10_000;
        let ids: Vec<String> = (0..n).map(|i| format!("s{i}")).collect();
        let afters: Vec<Vec<String>> =
            (0..n).map(|i| if i == 0 { deps(&["s1"]) } else { deps(&[&ids[(i + 1) % n], "s0"]) }).collect();
        let nodes: Vec<(&str, &[String])> =
            ids.iter().zip(&afters).map(|(id, a)| (id.as_str(), a.as_slice())).collect();
        let cycles = find_cycles(&nodes);
        assert_eq!(cycles.len(), 1);
        // s0 waits for s1, which waits for s0.
        assert_eq!(cycles[0], vec![0, 1, 0]);
    }

    #[test]
    fn separate_tangles_are_reported_separately() {
        let (a, b, c, d) = (deps(&["b"]), deps(&["a"]), deps(&["d"]), deps(&["c"]));
        let nodes = [("a", a.as_slice()), ("b", b.as_slice()), ("c", c.as_slice()), ("d", d.as_slice())];
        assert_eq!(find_cycles(&nodes), vec![vec![0, 1, 0], vec![2, 3, 2]]);
    }
}
