//! What the chart house style costs: brief's 20-point line chart (plotters drawing + house
//! style post-processing) against plotters' bare SVG output of the same chart.
//!
//! Run: `cargo bench --bench chart_style` (prints medians of 15 batches; no assertions).

use std::hint::black_box;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use brief::internals::BlockOrigin;
use brief::internals::chart::{self, ChartSpec};
use brief::internals::{Cell, Column, ColumnKind, Dataset, Row, SourceFile};
use plotters::prelude::*;

fn dataset() -> Dataset {
    let file = SourceFile {
        path: PathBuf::from("bench.yaml"),
        display: PathBuf::from("bench.yaml"),
        text: String::new(),
    };
    let column = |key: &str| Column {
        key: key.into(),
        label: key.into(),
        kind: ColumnKind::Number,
        format: None,
        unit: None,
    };
    Dataset {
        name: "bench".into(),
        file,
        sidecar: None,
        title: "Bench".into(),
        description: None,
        unit: None,
        source: None,
        notes: None,
        columns: vec![column("year"), column("value")],
        totals: Default::default(),
        digest: 0,
        rows: (0..20)
            .map(|i| Row {
                line: i + 1,
                cells: vec![
                    Cell::Number(2005.0 + i as f64),
                    Cell::Number(40.0 + (i as f64 * 0.7).sin() * 12.0 + i as f64 * 4.0),
                ],
            })
            .collect(),
    }
}

fn points(dataset: &Dataset) -> Vec<(f64, f64)> {
    dataset
        .rows
        .iter()
        .map(|r| (r.number(0).unwrap(), r.number(1).unwrap()))
        .collect()
}

/// plotters with nothing around it: the same 20 points, axes and labels, default style.
fn bare(points: &[(f64, f64)]) -> String {
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, (640, 360)).into_drawing_area();
        let mut chart = ChartBuilder::on(&root)
            .margin(10)
            .x_label_area_size(30)
            .y_label_area_size(50)
            .build_cartesian_2d(2005f64..2024f64, 0f64..150f64)
            .unwrap();
        chart.configure_mesh().draw().unwrap();
        chart
            .draw_series(LineSeries::new(points.iter().copied(), &BLUE))
            .unwrap();
        chart
            .draw_series(points.iter().map(|p| Circle::new(*p, 3, BLUE.filled())))
            .unwrap();
        root.present().unwrap();
    }
    out
}

fn median_per_chart(iterations: u32, mut f: impl FnMut()) -> Duration {
    let mut batches: Vec<Duration> = (0..15)
        .map(|_| {
            let start = Instant::now();
            for _ in 0..iterations {
                f();
            }
            start.elapsed() / iterations
        })
        .collect();
    batches.sort();
    batches[batches.len() / 2]
}

fn main() {
    let dataset = dataset();
    let spec: ChartSpec = serde_saphyr::from_str(
        "data: bench\ntype: line\nx: year\ny: value\ntitle: Twenty points\nformat: {prefix: \"$\", suffix: \"B\"}\n",
    )
    .unwrap();
    let origin = BlockOrigin {
        file: dataset.file.clone(),
        fence_line: 1,
    };
    let checked = chart::check_against(&dataset, &origin, spec, 1).unwrap();
    let points = points(&dataset);

    let iterations = 400;
    let plain = median_per_chart(iterations, || {
        black_box(bare(black_box(&points)));
    });
    let house = median_per_chart(iterations, || {
        black_box(chart::house_svg(&dataset, black_box(&checked)).unwrap());
    });
    let ratio = house.as_secs_f64() / plain.as_secs_f64();
    println!("20-point line chart, median of 15 batches × {iterations}:");
    println!(
        "  plotters, bare SVG:        {:>8.1} µs/chart  ({:>6.0} charts/s)",
        plain.as_secs_f64() * 1e6,
        1.0 / plain.as_secs_f64()
    );
    println!(
        "  brief, house style (wide): {:>8.1} µs/chart  ({:>6.0} charts/s)",
        house.as_secs_f64() * 1e6,
        1.0 / house.as_secs_f64()
    );
    println!("  ratio house/bare:          {ratio:>8.2}×");
    println!(
        "  (a page figure draws wide + narrow: about {:.2}× bare)",
        2.0 * ratio
    );
}
