//! Rules about the diagram (BPMNDI): every element drawn, no overlaps, standard sizes.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use super::collide::{self, Extent};
use super::{Check, Report};
use crate::bpmn::kind::Kind;
use crate::bpmn::model::Model;

/// Every `bpmnElement` of the diagrams' plane elements, by element, the last one winning.
fn di_objects(model: &Model) -> HashMap<usize, usize> {
    let mut map = HashMap::new();
    let Some(definitions) = model.definitions() else { return map };
    for diagram in model.children_of(definitions, Kind::Diagram) {
        let Some(plane) = model.child(diagram, Kind::Plane) else { continue };
        for shape in model.children(plane) {
            if let Some(element) = model.reference(shape, "bpmnElement") {
                map.insert(element, shape);
            }
        }
    }
    map
}

/// The elements bpmnlint expects to be drawn, below `roots`.
fn drawable(model: &Model, roots: &[usize], out: &mut Vec<usize>) {
    for &root in roots {
        let flow: Vec<usize> = model.flow_elements(root).collect();
        out.extend(&flow);
        let nested: Vec<usize> = flow.iter().copied().filter(|&f| model.flow_elements(f).next().is_some()).collect();
        drawable(model, &nested, out);
        out.extend(model.children_of(root, Kind::Participant));
        out.extend(model.children(root).filter(|&c| model.kind(c).is_artifact()));
        let lane_set = model.child(root, Kind::LaneSet).or_else(|| model.child(root, Kind::ChildLaneSet));
        if let Some(lane_set) = lane_set {
            let lanes: Vec<usize> = model.children_of(lane_set, Kind::Lane).collect();
            out.extend(&lanes);
            let nested: Vec<usize> =
                lanes.into_iter().filter(|&l| model.child(l, Kind::ChildLaneSet).is_some()).collect();
            drawable(model, &nested, out);
        }
        out.extend(model.children_of(root, Kind::MessageFlow));
    }
}

/// `no-bpmndi`: every element with a visual representation is in the diagram.
pub fn no_bpmndi(model: &Model, out: &mut Vec<Report>) {
    let Some(definitions) = model.definitions() else { return };
    let roots: Vec<usize> = model.children(definitions).collect();
    let mut elements = Vec::new();
    drawable(model, &roots, &mut elements);
    let mut drawn: HashSet<&str> = HashSet::new();
    for diagram in model.children_of(definitions, Kind::Diagram) {
        if let Some(plane) = model.child(diagram, Kind::Plane) {
            drawn.extend(model.children(plane).filter_map(|s| model.attr(s, "bpmnElement")));
        }
    }
    for element in elements {
        if model.kind(element) != Kind::DataObject && model.has_id(element) && !drawn.contains(model.id(element)) {
            out.push(Report::new(element, "Element is missing bpmndi"));
        }
    }
}

/// `dc:Bounds` of a shape, when all four numbers are there.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    x: f64,
    y: f64,
    width: f64,
    height: f64,
}

fn number(model: &Model, index: usize, attr: &str) -> Option<f64> {
    // A present but unparsable number behaves like JavaScript's NaN.
    model.attr(index, attr).map(|v| v.trim().parse().unwrap_or(f64::NAN))
}

fn bounds(model: &Model, shape: Option<usize>) -> Option<Bounds> {
    let b = model.child(shape?, Kind::Bounds)?;
    Some(Bounds {
        x: number(model, b, "x")?,
        y: number(model, b, "y")?,
        width: number(model, b, "width")?,
        height: number(model, b, "height")?,
    })
}

fn collide(a: Bounds, b: Bounds) -> bool {
    a.x + a.width >= b.x && b.x + b.width >= a.x && a.y + a.height >= b.y && b.y + b.height >= a.y
}

fn outside(child: Bounds, parent: Bounds) -> bool {
    let top_left = child.x >= parent.x && child.y >= parent.y;
    let bottom_right =
        child.x + child.width <= parent.x + parent.width && child.y + child.height <= parent.y + parent.height;
    !(top_left && bottom_right)
}

/// An insertion-ordered set of elements.
#[derive(Default)]
struct Ordered {
    seen: HashSet<usize>,
    order: Vec<usize>,
}

impl Ordered {
    fn add(&mut self, element: usize) {
        if self.seen.insert(element) {
            self.order.push(element);
        }
    }
}

struct Overlaps<'m> {
    model: &'m Model,
    di: HashMap<usize, usize>,
    /// Bounds of the drawn elements, read once.
    bounds: HashMap<usize, Bounds>,
    overlapping: Ordered,
    outside: Ordered,
}

impl Overlaps<'_> {
    /// Adds the elements that overlap another one, in the order bpmnlint reports them: the
    /// order in which a test of every pair `(a, b)`, `a` before `b`, first meets them.
    fn check_all(&mut self, elements: &[usize]) {
        let model = self.model;
        let host = |x: usize| {
            if model.kind(x) == Kind::BoundaryEvent { model.reference(x, "attachedToRef") } else { None }
        };
        // Elements without bounds never collide.
        let drawn: Vec<(usize, Bounds, Option<usize>)> =
            elements.iter().filter_map(|&e| Some((e, *self.bounds.get(&e)?, host(e)))).collect();
        let (indices, extents): (Vec<usize>, Vec<Extent>) = drawn
            .iter()
            .enumerate()
            .filter_map(|(i, (_, b, _))| Some((i, Extent::new(b.x, b.y, b.width, b.height)?)))
            .unzip();
        // The first pair each element is met in: its earliest partner before it, or else
        // its earliest partner after it.
        let mut before: Vec<Option<usize>> = vec![None; drawn.len()];
        let mut after: Vec<Option<usize>> = vec![None; drawn.len()];
        collide::overlapping_pairs(&extents, |i, j| {
            let (i, j) = (indices[i], indices[j]);
            let ((a, ba, host_a), (b, bb, host_b)) = (drawn[i], drawn[j]);
            if host_a == Some(b) || host_b == Some(a) || !collide(ba, bb) {
                return;
            }
            before[j] = Some(before[j].map_or(i, |k| k.min(i)));
            after[i] = Some(after[i].map_or(j, |k| k.min(j)));
        });
        let mut met: Vec<((usize, usize, bool), usize)> = (0..drawn.len())
            .filter_map(|k| match (before[k], after[k]) {
                (Some(i), _) => Some(((i, k, true), drawn[k].0)),
                (None, Some(j)) => Some(((k, j, false), drawn[k].0)),
                (None, None) => None,
            })
            .collect();
        met.sort_unstable();
        for (_, element) in met {
            self.overlapping.add(element);
        }
    }

    fn check_container(&mut self, container: usize, parent: Option<Bounds>) {
        let model = self.model;
        let drawn: Vec<usize> = model.flow_elements(container).filter(|e| self.di.contains_key(e)).collect();
        self.check_all(&drawn);
        if let Some(parent) = parent {
            for &element in &drawn {
                if model.kind(element) == Kind::DataStoreReference {
                    continue;
                }
                if let Some(&own) = self.bounds.get(&element)
                    && outside(own, parent)
                {
                    self.outside.add(element);
                }
            }
        }
        let subs: Vec<usize> = model.flow_elements(container).filter(|&e| model.kind(e).is_sub_process()).collect();
        for sub in subs {
            let shape = self.di.get(&sub).copied();
            let expanded = shape.is_some_and(|s| model.flag(s, "isExpanded", false));
            let boundary = if expanded { bounds(model, shape) } else { None };
            self.check_container(sub, boundary);
        }
    }
}

/// `no-overlapping-elements`: shapes do not overlap and stay inside their parent.
pub fn no_overlapping_elements(model: &Model, out: &mut Vec<Report>) {
    let Some(definitions) = model.definitions() else { return };
    let di = di_objects(model);
    let drawn_bounds =
        di.iter().filter_map(|(&element, &shape)| Some((element, bounds(model, Some(shape))?))).collect();
    let mut overlaps =
        Overlaps { model, di, bounds: drawn_bounds, overlapping: Ordered::default(), outside: Ordered::default() };
    let mut pool_of_process: HashMap<usize, Option<usize>> = HashMap::new();
    for collaboration in model.children_of(definitions, Kind::Collaboration) {
        let participants: Vec<usize> = model.children_of(collaboration, Kind::Participant).collect();
        overlaps.check_all(&participants);
        for participant in participants {
            if let Some(process) = model.reference(participant, "processRef") {
                pool_of_process.insert(process, overlaps.di.get(&participant).copied());
            }
        }
    }
    for process in model.children_of(definitions, Kind::Process) {
        let pool = pool_of_process.get(&process).copied().flatten();
        overlaps.check_container(process, bounds(model, pool));
    }
    for element in overlaps.overlapping.order {
        out.push(Report::new(element, "Element overlaps with other element"));
    }
    for element in overlaps.outside.order {
        out.push(Report::new(element, "Element is outside of parent boundary"));
    }
}

/// An expected size; either dimension may be unchecked.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Size {
    width: Option<f64>,
    height: Option<f64>,
}

/// Whether a kind is of a checked type.
type IsKind = fn(Kind) -> bool;

const CHECKED: [(&str, IsKind); 7] = [
    ("bpmn:SubProcess", Kind::is_sub_process),
    ("bpmn:CallActivity", |k| k == Kind::CallActivity),
    ("bpmn:Task", Kind::is_task),
    ("bpmn:Gateway", Kind::is_gateway),
    ("bpmn:Event", Kind::is_event),
    ("bpmn:DataObjectReference", |k| k == Kind::DataObjectReference),
    ("bpmn:DataStoreReference", |k| k == Kind::DataStoreReference),
];

fn default_sizes() -> HashMap<String, Size> {
    let size = |w: f64, h: f64| Size { width: Some(w), height: Some(h) };
    [
        ("bpmn:Task", size(100.0, 80.0)),
        ("bpmn:CallActivity", size(100.0, 80.0)),
        ("bpmn:SubProcess", size(100.0, 80.0)),
        ("bpmn:Gateway", size(50.0, 50.0)),
        ("bpmn:Event", size(36.0, 36.0)),
        ("bpmn:DataObjectReference", size(36.0, 50.0)),
        ("bpmn:DataStoreReference", size(50.0, 50.0)),
        ("bpmn:Participant", size(60.0, 60.0)),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

/// Builds `standard-size` with options `{ "bpmn:Task": { "width": 100, "height": 80 }, ... }`.
pub fn standard_size(options: &Value) -> Result<Check, String> {
    let mut sizes = default_sizes();
    match options {
        Value::Null => {}
        Value::Object(map) => {
            for (key, value) in map {
                let Value::Object(size) = value else {
                    sizes.remove(key);
                    continue;
                };
                let dim = |name: &str| size.get(name).and_then(Value::as_f64);
                sizes.insert(key.clone(), Size { width: dim("width"), height: dim("height") });
            }
        }
        other => return Err(format!("standard-size options must be an object of sizes, found {other}")),
    }
    Ok(Box::new(move |model, out| check_sizes(model, &sizes, out)))
}

fn expected(model: &Model, element: usize, shape: usize, sizes: &HashMap<String, Size>) -> Option<Size> {
    let kind = model.kind(element);
    if kind == Kind::Participant {
        if model.reference(element, "processRef").is_some() {
            return None;
        }
        let horizontal = model.flag(shape, "isHorizontal", true);
        let size = sizes.get("bpmn:Participant")?;
        return if horizontal {
            size.height.map(|h| Size { width: None, height: Some(h) })
        } else {
            size.width.map(|w| Size { width: Some(w), height: None })
        };
    }
    if kind.is_sub_process() && model.flag(shape, "isExpanded", false) {
        return None;
    }
    let (name, _) = CHECKED.iter().find(|(_, is)| is(kind))?;
    sizes.get(*name).copied()
}

fn check_sizes(model: &Model, sizes: &HashMap<String, Size>, out: &mut Vec<Report>) {
    for shape in model.all(|k| k == Kind::Shape) {
        let Some(element) = model.reference(shape, "bpmnElement") else { continue };
        let Some(b) = model.child(shape, Kind::Bounds) else { continue };
        let (Some(width), Some(height)) = (number(model, b, "width"), number(model, b, "height")) else { continue };
        let Some(size) = expected(model, element, shape, sizes) else { continue };
        let wrong = |expected: Option<f64>, actual: f64| expected.is_some_and(|e| (e - actual).abs() > f64::EPSILON);
        if !wrong(size.width, width) && !wrong(size.height, height) {
            continue;
        }
        let fmt = |v: f64| format!("{v}");
        let message = match (size.width, size.height) {
            (Some(w), None) => format!("Element has a non-standard width; expected width of {}", fmt(w)),
            (None, Some(h)) => format!("Element has a non-standard height; expected height of {}", fmt(h)),
            (Some(w), Some(h)) => format!("Element has a non-standard size; expected {}x{}", fmt(w), fmt(h)),
            (None, None) => continue,
        };
        out.push(Report::new(element, message));
    }
}
