//! Time the Rego rules against a dumped input (developer tool for optimising
//! the pack):
//!
//! ```sh
//! caregov lint --dump-input /tmp/input.json /tmp/ics-10000
//! cargo run --release -p caregov-core --example rego_timing -- /tmp/input.json core/policy/*/rule.rego
//! ```
//!
//! Each rule is evaluated five times; the best time and the number of
//! findings are printed.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input_path = args
        .next()
        .ok_or("usage: rego_timing INPUT.json RULE.rego...")?;
    let text = std::fs::read_to_string(&input_path)?;
    let input = regorus::Value::from_json_str(&text)?;
    let mut total = 0.0;
    for path in args {
        let mut engine = regorus::Engine::new();
        engine.set_rego_v0(false);
        let package = engine.add_policy_from_file(&path)?;
        engine.set_input(input.clone());
        let query = format!("{package}.deny");
        let mut best = f64::MAX;
        let mut count = 0;
        for _ in 0..5 {
            let started = Instant::now();
            let v = engine.eval_rule(query.clone())?;
            best = best.min(started.elapsed().as_secs_f64() * 1000.0);
            count = v.as_set().map_or(0, |s| s.len());
        }
        total += best;
        println!("{query}: {count} findings, {best:.1} ms");
    }
    println!("total: {total:.1} ms");
    Ok(())
}
