mod empty;
mod many;
mod one;
mod range;

pub use empty::Empty;
pub use many::Many;
pub use one::One;
pub use range::{Range, RangeIterator};
