//! Finds cycles in "comes after" references (attack stages, playbook steps), so that a chain
//! with no first element is reported with its members in order.

use std::collections::BTreeMap;

/// Every cycle among `nodes` (id, ids it comes after), each as the ids along it with the first
/// repeated at the end. Unknown ids are ignored; iterative, so long chains cannot overflow.
pub fn find_cycles<'a>(nodes: &[(&'a str, &'a [String])]) -> Vec<Vec<&'a str>> {
    let index: BTreeMap<&str, usize> = nodes.iter().enumerate().map(|(i, (id, _))| (*id, i)).collect();
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        New,
        OnPath,
        Done,
    }
    let mut mark = vec![Mark::New; nodes.len()];
    let mut found = Vec::new();
    for root in 0..nodes.len() {
        if mark[root] != Mark::New {
            continue;
        }
        mark[root] = Mark::OnPath;
        let mut path: Vec<(usize, usize)> = vec![(root, 0)];
        while let Some((node, next)) = path.last_mut() {
            let deps = nodes[*node].1;
            let Some(dep) = deps.get(*next) else {
                mark[*node] = Mark::Done;
                path.pop();
                continue;
            };
            *next += 1;
            let Some(&target) = index.get(dep.as_str()) else {
                continue;
            };
            match mark[target] {
                Mark::New => {
                    mark[target] = Mark::OnPath;
                    path.push((target, 0));
                }
                Mark::OnPath => {
                    let start = path.iter().position(|(n, _)| *n == target).unwrap_or(0);
                    let mut cycle: Vec<&str> = path[start..].iter().map(|(n, _)| nodes[*n].0).collect();
                    cycle.push(nodes[target].0);
                    found.push(cycle);
                }
                Mark::Done => {}
            }
        }
    }
    found
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
        assert_eq!(find_cycles(&nodes), vec![vec!["a", "c", "b", "a"]]);
        let chain = [("a", &[][..]), ("b", a.as_slice())];
        assert!(find_cycles(&chain).is_empty());
    }

    #[test]
    fn handles_a_self_loop_and_a_very_long_chain() {
        let own = deps(&["x"]);
        assert_eq!(find_cycles(&[("x", own.as_slice())]), vec![vec!["x", "x"]]);
        let ids: Vec<String> = (0..100_000).map(|i| format!("s{i}")).collect();
        let afters: Vec<Vec<String>> =
            (0..100_000).map(|i| if i == 0 { vec![] } else { vec![ids[i - 1].clone()] }).collect();
        let nodes: Vec<(&str, &[String])> =
            ids.iter().zip(&afters).map(|(id, a)| (id.as_str(), a.as_slice())).collect();
        assert!(find_cycles(&nodes).is_empty());
    }
}
