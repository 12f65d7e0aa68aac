//! Stage timings: what `--verbose` and the benchmarks report.

use std::time::{Duration, Instant};

/// Times a pipeline's stages: each [`Stopwatch::lap`] records the time since the previous one.
pub(crate) struct Stopwatch {
    last: Instant,
    stages: Vec<(&'static str, Duration)>,
}

impl Stopwatch {
    pub(crate) fn start() -> Stopwatch {
        Stopwatch {
            last: Instant::now(),
            stages: Vec::new(),
        }
    }

    /// Ends the stage `name` now.
    pub(crate) fn lap(&mut self, name: &'static str) {
        let now = Instant::now();
        self.stages.push((name, now - self.last));
        self.last = now;
    }

    /// Records stages timed elsewhere (they end now).
    pub(crate) fn extend(&mut self, stages: &[(&'static str, Duration)]) {
        self.stages.extend_from_slice(stages);
        self.last = Instant::now();
    }

    pub(crate) fn into_stages(self) -> Vec<(&'static str, Duration)> {
        self.stages
    }
}
