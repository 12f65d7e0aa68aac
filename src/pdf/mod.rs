//! Write stage, PDF: the built page printed by a Chromium-family browser, then finished with
//! lopdf so that the file says what it is and is the same for the same brief.
//!
//! - [`page`]: the page as it is printed (links to site files made absolute, every figure
//!   named, so that the tagged PDF gives each `Figure` its alternate text);
//! - [`print`]: find the browser and have it print the page;
//! - [`metadata`]: after printing, the document information, the XMP metadata, the catalog's
//!   language and the structure ids, rewritten with lopdf (`xmp` writes the XMP packet);
//!   [`links`] gives each link annotation the description its link has on the page.

mod links;
mod metadata;
mod page;
mod print;
mod xmp;

pub(crate) use links::link_descriptions;
pub(crate) use metadata::{Metadata, finish};
pub(crate) use page::print_page;
pub(crate) use print::{DEFAULT_TIMEOUT, Printer, find_browser};
