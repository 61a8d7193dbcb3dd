//! Finding the overlapping pairs among many rectangles without testing every pair.
//!
//! A sweep along one axis only tests rectangles whose extents on that axis overlap, so a
//! diagram laid out along a line or a grid costs `n log n` plus the pairs that really touch,
//! where testing every pair costs `n²` (seconds for a model of a few thousand shapes).

use std::cmp::Ordering;

/// A rectangle's extent on both axes, `[lo, hi]` with `lo <= hi`.
#[derive(Debug, Clone, Copy)]
pub struct Extent {
    x: (f64, f64),
    y: (f64, f64),
}

impl Extent {
    /// The extent of the rectangle at `x`, `y` of `width` × `height`, or `None` when a
    /// number is NaN (such a rectangle collides with nothing).
    #[must_use]
    pub fn new(x: f64, y: f64, width: f64, height: f64) -> Option<Self> {
        let span = |lo: f64, len: f64| {
            let hi = lo + len;
            (!lo.is_nan() && !hi.is_nan()).then(|| (lo.min(hi), lo.max(hi)))
        };
        Some(Self { x: span(x, width)?, y: span(y, height)? })
    }
}

/// Calls `candidate(i, j)` (with `i < j`) for every pair of `extents` whose extents overlap
/// on both axes (closed intervals), each pair once, in no particular order.
pub fn overlapping_pairs(extents: &[Extent], mut candidate: impl FnMut(usize, usize)) {
    let along_x = |e: &Extent| e.x;
    let along_y = |e: &Extent| e.y;
    // Sweep along the axis on which fewer pairs overlap: a column of shapes overlaps on x.
    if axis_pairs(extents, along_x) <= axis_pairs(extents, along_y) {
        sweep(extents, along_x, along_y, &mut candidate);
    } else {
        sweep(extents, along_y, along_x, &mut candidate);
    }
}

fn by_value(a: f64, b: f64) -> Ordering {
    a.total_cmp(&b)
}

/// How many pairs overlap along one axis.
fn axis_pairs(extents: &[Extent], axis: impl Fn(&Extent) -> (f64, f64)) -> usize {
    let n = extents.len();
    let mut starts: Vec<f64> = extents.iter().map(|e| axis(e).0).collect();
    starts.sort_unstable_by(|a, b| by_value(*a, *b));
    // Each disjoint pair has exactly one member entirely before the other.
    let disjoint: usize = extents.iter().map(|e| n - starts.partition_point(|&lo| lo <= axis(e).1)).sum();
    n * n.saturating_sub(1) / 2 - disjoint
}

fn sweep(
    extents: &[Extent],
    main: impl Fn(&Extent) -> (f64, f64),
    cross: impl Fn(&Extent) -> (f64, f64),
    candidate: &mut impl FnMut(usize, usize),
) {
    let mut order: Vec<usize> = (0..extents.len()).collect();
    order.sort_unstable_by(|&a, &b| by_value(main(&extents[a]).0, main(&extents[b]).0));
    let mut active: Vec<usize> = Vec::new();
    for &next in &order {
        let (lo, _) = main(&extents[next]);
        let (cross_lo, cross_hi) = cross(&extents[next]);
        active.retain(|&open| main(&extents[open]).1 >= lo);
        for &open in &active {
            let (open_lo, open_hi) = cross(&extents[open]);
            if open_hi >= cross_lo && cross_hi >= open_lo {
                candidate(open.min(next), open.max(next));
            }
        }
        active.push(next);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs(rects: &[(f64, f64, f64, f64)]) -> Vec<(usize, usize)> {
        let extents: Vec<Extent> = rects.iter().map(|&(x, y, w, h)| Extent::new(x, y, w, h).unwrap()).collect();
        let mut found = Vec::new();
        overlapping_pairs(&extents, |i, j| found.push((i, j)));
        found.sort_unstable();
        found
    }

    /// Every pair, tested the slow way.
    fn brute(rects: &[(f64, f64, f64, f64)]) -> Vec<(usize, usize)> {
        let overlap = |a: (f64, f64), b: (f64, f64)| a.1 >= b.0 && b.1 >= a.0;
        let span = |lo: f64, len: f64| (lo.min(lo + len), lo.max(lo + len));
        let mut found = Vec::new();
        for (i, a) in rects.iter().enumerate() {
            for (j, b) in rects.iter().enumerate().skip(i + 1) {
                if overlap(span(a.0, a.2), span(b.0, b.2)) && overlap(span(a.1, a.3), span(b.1, b.3)) {
                    found.push((i, j));
                }
            }
        }
        found
    }

    #[test]
    fn finds_the_same_pairs_as_testing_every_pair() {
        let row: Vec<_> = (0..40).map(|i| (f64::from(i) * 70.0, 0.0, 100.0, 80.0)).collect();
        let column: Vec<_> = (0..40).map(|i| (0.0, f64::from(i) * 90.0, 100.0, 80.0)).collect();
        let touching = vec![(0.0, 0.0, 10.0, 10.0), (10.0, 10.0, 5.0, 5.0), (15.1, 15.1, 1.0, 1.0)];
        let negative = vec![(100.0, 100.0, -50.0, -50.0), (60.0, 60.0, 10.0, 10.0), (0.0, 0.0, 10.0, 10.0)];
        let same = vec![(5.0, 5.0, 20.0, 20.0); 6];
        let mixed: Vec<_> =
            (0..60).map(|i| (f64::from(i * 37 % 11) * 40.0, f64::from(i * 53 % 7) * 30.0, 45.0, 35.0)).collect();
        for rects in [row, column, touching, negative, same, mixed] {
            assert_eq!(pairs(&rects), brute(&rects), "{rects:?}");
        }
    }

    #[test]
    fn nan_rectangles_collide_with_nothing() {
        assert!(Extent::new(f64::NAN, 0.0, 1.0, 1.0).is_none());
        assert!(Extent::new(0.0, 0.0, 1.0, f64::NAN).is_none());
        assert!(Extent::new(f64::INFINITY, 0.0, f64::NEG_INFINITY, 1.0).is_none());
    }
}
