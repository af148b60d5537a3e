//! The one integration test binary: fixture sites built in temporary folders, the bundled seeds checked by hand,
//! and the command line run as a user runs it.

mod integration {
    pub mod support;

    mod catalogue;
    mod cli;
    mod extraction;
    mod fixtures;
    mod seeds;
    mod serve;
}
