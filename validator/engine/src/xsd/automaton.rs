//! Content models → automata: a Thompson NFA over particles (occurrence bounds unrolled),
//! then the subset construction, once per complex type at schema load.

use std::collections::HashMap;

use super::model::{Dfa, ElementDecl, NsConstraint, Particle, QName, Symbol, Term, Wildcard};

/// Occurrence bounds above which a particle of one element or wildcard, when no enclosing
/// particle repeats, is a counting state rather than unrolled.
const COUNT_FROM: u32 = 100;

/// A minimum no element's children reach: the validator refuses an element with this many
/// children (`validate::MAX_CHILDREN` is one less), so a particle that needs as many
/// occurrences never completes, and a maximum this large or larger is no bound.
pub const NEVER: u32 = u32::MAX;

/// NFA states above which a content model is refused (huge `maxOccurs` values).
const MAX_NFA_STATES: usize = 100_000;

/// NFA states visited by the subset construction above which a content model is refused
/// (nested occurrence bounds multiply).
const MAX_WORK: usize = 2_000_000;

#[derive(Default)]
struct Nfa {
    /// Per state: epsilon targets and symbol transitions (symbol, target, and the particle
    /// the transition is a copy of, for Unique Particle Attribution).
    eps: Vec<Vec<usize>>,
    edges: Vec<Vec<(usize, usize, usize)>>,
    symbols: Vec<Symbol>,
    /// Counting states: (state, min, max).
    counters: Vec<(usize, u32, Option<u32>)>,
}

impl Nfa {
    fn state(&mut self) -> Result<usize, String> {
        if self.eps.len() >= MAX_NFA_STATES {
            return Err("the content model is too large (occurrence bounds unroll to over 100 000 states)".into());
        }
        self.eps.push(Vec::new());
        self.edges.push(Vec::new());
        Ok(self.eps.len() - 1)
    }

    fn symbol(&mut self, symbol: &Symbol) -> usize {
        if let Some(i) = self.symbols.iter().position(|s| s == symbol) {
            return i;
        }
        self.symbols.push(symbol.clone());
        self.symbols.len() - 1
    }

    /// Adds `particle` after `from`, returning its end state.
    /// Adds `particle` after `from`, returning its end state; `repeated`: whether an
    /// enclosing particle may occur more than once.
    fn particle(&mut self, particle: &Particle, from: usize, repeated: bool) -> Result<usize, String> {
        self.particle_within(particle, from, repeated, false)
    }

    /// [`Self::particle`]; `in_choice_loop`: whether it is an alternative of a choice that
    /// repeats without bound, where `x{a,b}` with `a ≤ 1` is `x{a,1}` (the choice's
    /// repetitions make up any count: `(x{1,5} | y){2,}` is `(x | y){2,}`).
    fn particle_within(
        &mut self,
        particle: &Particle,
        from: usize,
        repeated: bool,
        in_choice_loop: bool,
    ) -> Result<usize, String> {
        let (min, mut max, term) = flatten(particle);
        if min == NEVER {
            // Never complete: a state nothing leaves.
            return self.state();
        }
        if in_choice_loop && min <= 1 {
            max = Some(1);
        }
        let large = |bound: u32| bound > COUNT_FROM;
        if !repeated
            && (large(min) || max.is_some_and(large))
            && let Some(atoms) = atoms(term)
        {
            return self.counted(&atoms, from, min, max);
        }
        let repeated = repeated || max != Some(1);
        let mut at = from;
        // In a choice that repeats without bound, its first `min` repetitions too may take
        // `x{a,b}` (`a ≤ 1`) as `x{a,1}`: more repetitions make up the same words.
        for _ in 0..min {
            at = match term {
                Term::Choice(items) if max.is_none() => self.choice(items, at, repeated, true)?,
                _ => self.term(term, at, repeated)?,
            };
        }
        match max {
            None => {
                let loop_start = self.state()?;
                self.eps[at].push(loop_start);
                let end = match term {
                    Term::Choice(items) => self.choice(items, loop_start, repeated, true)?,
                    _ => self.term(term, loop_start, repeated)?,
                };
                self.eps[end].push(loop_start);
                Ok(loop_start)
            }
            Some(max) => {
                let exit = self.state()?;
                for _ in min..max {
                    self.eps[at].push(exit);
                    at = self.term(term, at, repeated)?;
                }
                self.eps[at].push(exit);
                Ok(exit)
            }
        }
    }

    /// One of the elements or wildcards `atoms` (symbol and particle), `min` to `max` times,
    /// as a state that counts: the first occurrence enters it, the others loop on it.
    fn counted(&mut self, atoms: &[(Symbol, usize)], from: usize, min: u32, max: Option<u32>) -> Result<usize, String> {
        let counting = self.state()?;
        for (symbol, particle) in atoms {
            let symbol = self.symbol(symbol);
            self.edges[from].push((symbol, counting, *particle));
            self.edges[counting].push((symbol, counting, *particle));
        }
        let exit = self.state()?;
        self.eps[counting].push(exit);
        if min == 0 {
            self.eps[from].push(exit);
        }
        self.counters.push((counting, min, max));
        Ok(exit)
    }

    fn term(&mut self, term: &Term, from: usize, repeated: bool) -> Result<usize, String> {
        match term {
            Term::Element(id) => self.edge(&Symbol::Element(*id), from, term),
            Term::Any(w) => self.edge(&Symbol::Any(Box::new(w.clone())), from, term),
            Term::Sequence(items) => {
                let mut at = from;
                for item in items {
                    at = self.particle(item, at, repeated)?;
                }
                Ok(at)
            }
            Term::Choice(items) => self.choice(items, from, repeated, false),
            Term::All(_) => Err("`xs:all` may only be the whole content model of a type".into()),
        }
    }

    /// A transition on `symbol`; `term` (its address: copies made by unrolling occurrence
    /// bounds share it) names the particle.
    /// One of `items` after `from`; `in_loop`: the choice repeats without bound.
    fn choice(&mut self, items: &[Particle], from: usize, repeated: bool, in_loop: bool) -> Result<usize, String> {
        let end = self.state()?;
        for item in items {
            let start = self.state()?;
            self.eps[from].push(start);
            let item_end = self.particle_within(item, start, repeated, in_loop)?;
            self.eps[item_end].push(end);
        }
        Ok(end)
    }

    fn edge(&mut self, symbol: &Symbol, from: usize, term: &Term) -> Result<usize, String> {
        let to = self.state()?;
        let s = self.symbol(symbol);
        self.edges[from].push((s, to, std::ptr::from_ref(term) as usize));
        Ok(to)
    }

    /// Unique Particle Attribution in the set of NFA states `set`: no element can match
    /// transitions of two different particles (same name, or a wildcard allowing it).
    fn attribution(&self, set: &[usize], elements: &[ElementDecl]) -> Result<(), String> {
        let mut names: Vec<(&QName, usize)> = Vec::new();
        let mut wildcards: Vec<(&Wildcard, usize)> = Vec::new();
        for &s in set {
            for &(symbol, _, particle) in &self.edges[s] {
                match &self.symbols[symbol] {
                    Symbol::Element(e) => {
                        if let Some(decl) = elements.get(*e) {
                            names.push((&decl.name, particle));
                        }
                    }
                    Symbol::Any(w) => wildcards.push((w, particle)),
                }
            }
        }
        names.sort_unstable();
        names.dedup();
        if let Some(pair) = names.windows(2).find(|p| p[0].0 == p[1].0) {
            return Err(ambiguous(&format!("`{}`", pair[0].0)));
        }
        for (i, &(w, particle)) in wildcards.iter().enumerate() {
            if let Some((name, _)) = names.iter().find(|(n, p)| *p != particle && w.allows(&n.ns)) {
                return Err(ambiguous(&format!("`{name}` (also matched by a wildcard)")));
            }
            if wildcards[i + 1..].iter().any(|&(other, p)| p != particle && overlap(w, other)) {
                return Err(ambiguous("an element two wildcards allow"));
            }
        }
        Ok(())
    }

    /// Extends `states` with every state reached by epsilon moves, sorted and without
    /// repeats. `marks` (one per NFA state) is scratch space; `generation` makes it reusable
    /// without clearing.
    fn closure(&self, states: &mut Vec<usize>, marks: &mut Marks) {
        marks.next();
        states.retain(|&s| marks.insert(s));
        let mut stack = states.clone();
        while let Some(s) = stack.pop() {
            for &t in &self.eps[s] {
                if marks.insert(t) {
                    states.push(t);
                    stack.push(t);
                }
            }
        }
        states.sort_unstable();
    }
}

/// The bounds and term of `particle` with groups of one particle folded into it:
/// `(x{a,b}){m,n}` is `x{m·a, n·b}` when the counts its repetitions reach leave no gap
/// (exactly `m` of them, or `(k+1)·a ≤ k·b + 1` from `k = m` on), so nested bounds unroll once, not multiplied.
fn flatten(particle: &Particle) -> (u32, Option<u32>, &Term) {
    let (mut min, mut max, mut term) = (particle.min, particle.max, &particle.term);
    while let Term::Sequence(items) | Term::Choice(items) = term
        && let [inner] = items.as_slice()
    {
        let (a, b) = (u64::from(inner.min), inner.max.map(u64::from));
        let (m, n) = (u64::from(min), max.map(u64::from));
        let contiguous = n == Some(m) || b.is_none_or(|b| b >= a && m * (b - a) + 1 >= a);
        // Bounds of 2^32 - 1 or more: a minimum never reached, a maximum never passed (see
        // `NEVER`).
        let new_min = u32::try_from(m * a).unwrap_or(NEVER);
        let new_max = match (n, b) {
            (Some(n), Some(b)) => u32::try_from(n * b).ok().filter(|&p| p < NEVER),
            _ => None,
        };
        if !contiguous {
            break;
        }
        (min, max, term) = (new_min, new_max, &inner.term);
    }
    (min, max, term)
}

/// The symbols (and particles) of a term that is one element or wildcard, or a choice of
/// them each occurring once: what a counting state can loop on.
fn atoms(term: &Term) -> Option<Vec<(Symbol, usize)>> {
    let atom = |term: &Term| match term {
        Term::Element(id) => Some((Symbol::Element(*id), std::ptr::from_ref(term) as usize)),
        Term::Any(w) => Some((Symbol::Any(Box::new(w.clone())), std::ptr::from_ref(term) as usize)),
        _ => None,
    };
    match term {
        Term::Choice(items) if !items.is_empty() => items
            .iter()
            .map(|item| match flatten(item) {
                (1, Some(1), term) => atom(term),
                _ => None,
            })
            .collect(),
        _ => atom(term).map(|a| vec![a]),
    }
}

fn ambiguous(what: &str) -> String {
    format!(
        "the content model is not deterministic (Unique Particle Attribution): {what} can match two different particles"
    )
}

/// Whether some namespace is allowed by both wildcards.
fn overlap(a: &Wildcard, b: &Wildcard) -> bool {
    match (&a.namespaces, &b.namespaces) {
        (NsConstraint::List(list), _) => list.iter().any(|ns| b.allows(ns)),
        (_, NsConstraint::List(list)) => list.iter().any(|ns| a.allows(ns)),
        _ => true,
    }
}

/// Which NFA states a closure has seen: a stamp per state, the current stamp marking.
struct Marks {
    stamps: Vec<u32>,
    generation: u32,
}

impl Marks {
    fn new(states: usize) -> Self {
        Self { stamps: vec![0; states], generation: 0 }
    }

    /// Starts a new, empty set.
    fn next(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamps.fill(0);
            self.generation = 1;
        }
    }

    /// Adds `state`; whether it was new.
    fn insert(&mut self, state: usize) -> bool {
        let new = self.stamps[state] != self.generation;
        self.stamps[state] = self.generation;
        new
    }
}

/// Compiles a particle into a DFA, refusing a model that violates Unique Particle
/// Attribution (`elements` gives the names of the element declarations it uses).
pub fn compile(particle: &Particle, elements: &[ElementDecl]) -> Result<Dfa, String> {
    let mut nfa = Nfa::default();
    let start = nfa.state()?;
    let end = nfa.particle(particle, start, false)?;
    let mut marks = Marks::new(nfa.eps.len());
    let mut first = vec![start];
    nfa.closure(&mut first, &mut marks);
    let mut work = 0usize;
    let mut ids: HashMap<Vec<usize>, usize> = HashMap::new();
    ids.insert(first.clone(), 0);
    let mut queue = vec![first];
    let mut dfa = Dfa::default();
    dfa.states.push((Vec::new(), false));
    let mut counted = vec![false; nfa.counters.len()];
    let mut next = 0;
    while next < queue.len() {
        let set = queue[next].clone();
        nfa.attribution(&set, elements)?;
        let mut by_symbol: Vec<(usize, Vec<usize>)> = Vec::new();
        for &s in &set {
            for &(symbol, to, _) in &nfa.edges[s] {
                match by_symbol.iter_mut().find(|(sym, _)| *sym == symbol) {
                    Some((_, targets)) => targets.push(to),
                    None => by_symbol.push((symbol, vec![to])),
                }
            }
        }
        let mut edges = Vec::with_capacity(by_symbol.len());
        for (symbol, mut targets) in by_symbol {
            nfa.closure(&mut targets, &mut marks);
            work += targets.len();
            if work > MAX_WORK {
                return Err("the content model is too large to compile (its automaton grows past the limit)".into());
            }
            let id = if let Some(&id) = ids.get(&targets) {
                id
            } else {
                if dfa.states.len() >= MAX_NFA_STATES {
                    return Err("the content model is too large to compile".into());
                }
                let id = dfa.states.len();
                ids.insert(targets.clone(), id);
                dfa.states.push((Vec::new(), false));
                queue.push(targets);
                id
            };
            edges.push((nfa.symbols[symbol].clone(), id));
        }
        dfa.states[next] = (edges, set.contains(&end));
        // Unique Particle Attribution makes the state a counting state's first occurrence
        // leads to hold only what follows it: one DFA state per counting state.
        for (i, &(counting, min, max)) in nfa.counters.iter().enumerate() {
            if set.binary_search(&counting).is_ok() {
                if counted[i] {
                    return Err("the content model is too complex: a large occurrence bound cannot be counted".into());
                }
                counted[i] = true;
                dfa.counters.push((next, min, max));
            }
        }
        next += 1;
    }
    Ok(dfa)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn element(id: usize, min: u32, max: Option<u32>) -> Particle {
        Particle { min, max, term: Term::Element(id) }
    }

    fn run(dfa: &Dfa, input: &[usize]) -> bool {
        let mut state = 0;
        for &i in input {
            match dfa.states[state].0.iter().find(|(s, _)| *s == Symbol::Element(i)) {
                Some(&(_, to)) => state = to,
                None => return false,
            }
        }
        dfa.states[state].1
    }

    #[test]
    fn sequences_choices_and_bounds() {
        let model = Particle {
            min: 1,
            max: Some(1),
            term: Term::Sequence(vec![
                element(0, 1, Some(1)),
                Particle {
                    min: 0,
                    max: None,
                    term: Term::Choice(vec![element(1, 1, Some(1)), element(2, 2, Some(3))]),
                },
                element(3, 0, Some(2)),
            ]),
        };
        let dfa = compile(&model, &[]).unwrap();
        assert!(run(&dfa, &[0]));
        assert!(run(&dfa, &[0, 1, 2, 2, 1, 3, 3]));
        assert!(!run(&dfa, &[0, 2]));
        assert!(!run(&dfa, &[0, 3, 3, 3]));
        assert!(!run(&dfa, &[1]));
    }

    fn group(min: u32, max: Option<u32>, inner: Particle) -> Particle {
        Particle { min, max, term: Term::Sequence(vec![inner]) }
    }

    #[test]
    fn nested_bounds_fold_without_gaps() {
        // Issue #24: `70..70 { 70..70 { a* } }` is `a*`, compiled at once.
        let nested = group(70, Some(70), group(70, Some(70), element(0, 0, None)));
        let dfa = compile(&nested, &[]).unwrap();
        assert!(dfa.states.len() <= 2);
        assert!(run(&dfa, &[]) && run(&dfa, &[0; 500]));
        // (a{2,3}){2} is a{4,6}.
        let dfa = compile(&group(2, Some(2), element(0, 2, Some(3))), &[]).unwrap();
        assert_eq!((4..=7).map(|n| run(&dfa, &vec![0; n])).collect::<Vec<_>>(), [true, true, true, false]);
        assert!(!run(&dfa, &[0; 3]));
        // (a{2}){0,2} is 0, 2 or 4 a's: not folded.
        let dfa = compile(&group(0, Some(2), element(0, 2, Some(2))), &[]).unwrap();
        assert_eq!(
            (0..=5).map(|n| run(&dfa, &vec![0; n])).collect::<Vec<_>>(),
            [true, false, true, false, true, false]
        );
    }

    #[test]
    fn ambiguous_models_are_refused() {
        let decl = |local: &str| ElementDecl {
            name: QName::new("", local),
            type_id: 0,
            nillable: false,
            is_abstract: false,
            default: None,
            fixed: None,
            substitutes: Vec::new(),
            identity: Vec::new(),
            block: 0,
        };
        let elements = [decl("a"), decl("b"), decl("a")];
        let choice =
            Particle { min: 1, max: Some(1), term: Term::Choice(vec![element(0, 1, Some(1)), element(2, 1, Some(1))]) };
        assert!(compile(&choice, &elements).unwrap_err().contains("Unique Particle Attribution"));
        let optional_then_same = Particle {
            min: 1,
            max: Some(1),
            term: Term::Sequence(vec![element(0, 0, Some(1)), element(0, 1, Some(1))]),
        };
        assert!(compile(&optional_then_same, &elements).is_err());
        let counted =
            Particle { min: 1, max: Some(1), term: Term::Sequence(vec![element(0, 1, Some(3)), element(1, 1, None)]) };
        assert!(compile(&counted, &elements).is_ok());
    }

    #[test]
    fn large_bounds_count_instead_of_unrolling() {
        let counted = Particle {
            min: 1,
            max: Some(1),
            term: Term::Sequence(vec![element(0, 150, Some(100_000_000)), element(1, 0, Some(1))]),
        };
        let dfa = compile(&counted, &[]).unwrap();
        assert!(dfa.states.len() < 10);
        assert_eq!(dfa.counters.len(), 1);
        assert_eq!(dfa.counters[0].1..dfa.counters[0].2.unwrap(), 150..100_000_000);
        // A choice of single elements counts as well: (a | b){0,999999}.
        let choice = Particle {
            min: 0,
            max: Some(999_999),
            term: Term::Choice(vec![element(0, 1, Some(1)), element(1, 1, Some(1))]),
        };
        let dfa = compile(&choice, &[]).unwrap();
        assert_eq!(dfa.counters.len(), 1);
        assert!(run(&dfa, &[]) && run(&dfa, &[0, 1, 1, 0]));
        // Inside a repeated group, bounds are unrolled (and refused past the limit).
        let repeated = group(0, None, group(1, Some(1), counted));
        assert!(compile(&repeated, &[]).is_err());
    }
}
