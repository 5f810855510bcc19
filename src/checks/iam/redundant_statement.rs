use crate::checks::{declare_check, Reviewed, Runner, Sink};

declare_check! {
    /// TODO title.
    ///
    /// ## What it checks
    /// TODO
    ///
    /// ## Why it matters
    /// TODO
    ///
    /// ## How to fix
    /// TODO
    pub static REDUNDANT_STATEMENT = {
        id: "redundant-statement",
        severity: Info,
        area: Iam,
        controls: [],
        run: Runner::Policy(check),
    }
}

fn check(_policy: &Reviewed, _sink: &mut Sink) {}
