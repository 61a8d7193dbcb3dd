//! Content models → automata: a Thompson NFA over particles (occurrence bounds unrolled),
//! then the subset construction, once per complex type at schema load.

use std::collections::HashMap;

use super::model::{Dfa, Particle, Symbol, Term};

/// NFA states above which a content model is refused (huge `maxOccurs` values).
const MAX_NFA_STATES: usize = 100_000;

/// NFA states visited by the subset construction above which a content model is refused
/// (nested occurrence bounds multiply).
const MAX_WORK: usize = 20_000_000;

#[derive(Default)]
struct Nfa {
    /// Per state: epsilon targets and symbol transitions.
    eps: Vec<Vec<usize>>,
    edges: Vec<Vec<(usize, usize)>>,
    symbols: Vec<Symbol>,
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
    fn particle(&mut self, particle: &Particle, from: usize) -> Result<usize, String> {
        let mut at = from;
        for _ in 0..particle.min {
            at = self.term(&particle.term, at)?;
        }
        match particle.max {
            None => {
                let loop_start = self.state()?;
                self.eps[at].push(loop_start);
                let end = self.term(&particle.term, loop_start)?;
                self.eps[end].push(loop_start);
                Ok(loop_start)
            }
            Some(max) => {
                let exit = self.state()?;
                for _ in particle.min..max {
                    self.eps[at].push(exit);
                    at = self.term(&particle.term, at)?;
                }
                self.eps[at].push(exit);
                Ok(exit)
            }
        }
    }

    fn term(&mut self, term: &Term, from: usize) -> Result<usize, String> {
        match term {
            Term::Element(id) => self.edge(&Symbol::Element(*id), from),
            Term::Any(w) => self.edge(&Symbol::Any(Box::new(w.clone())), from),
            Term::Sequence(items) => {
                let mut at = from;
                for item in items {
                    at = self.particle(item, at)?;
                }
                Ok(at)
            }
            Term::Choice(items) => {
                let end = self.state()?;
                if items.is_empty() {
                    return Ok(end);
                }
                for item in items {
                    let start = self.state()?;
                    self.eps[from].push(start);
                    let item_end = self.particle(item, start)?;
                    self.eps[item_end].push(end);
                }
                Ok(end)
            }
            Term::All(_) => Err("`xs:all` may only be the whole content model of a type".into()),
        }
    }

    fn edge(&mut self, symbol: &Symbol, from: usize) -> Result<usize, String> {
        let to = self.state()?;
        let s = self.symbol(symbol);
        self.edges[from].push((s, to));
        Ok(to)
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

/// Compiles a particle into a DFA.
pub fn compile(particle: &Particle) -> Result<Dfa, String> {
    let mut nfa = Nfa::default();
    let start = nfa.state()?;
    let end = nfa.particle(particle, start)?;
    let mut marks = Marks::new(nfa.eps.len());
    let mut first = vec![start];
    nfa.closure(&mut first, &mut marks);
    let mut work = 0usize;
    let mut ids: HashMap<Vec<usize>, usize> = HashMap::new();
    ids.insert(first.clone(), 0);
    let mut queue = vec![first];
    let mut dfa = Dfa::default();
    dfa.states.push((Vec::new(), false));
    let mut next = 0;
    while next < queue.len() {
        let set = queue[next].clone();
        let mut by_symbol: Vec<(usize, Vec<usize>)> = Vec::new();
        for &s in &set {
            for &(symbol, to) in &nfa.edges[s] {
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
        let dfa = compile(&model).unwrap();
        assert!(run(&dfa, &[0]));
        assert!(run(&dfa, &[0, 1, 2, 2, 1, 3, 3]));
        assert!(!run(&dfa, &[0, 2]));
        assert!(!run(&dfa, &[0, 3, 3, 3]));
        assert!(!run(&dfa, &[1]));
    }
}
