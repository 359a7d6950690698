//! Time Rego rules against a dumped input (developer tool for optimising the
//! pack): `cargo run --release -p caregov-core --example rego_timing --
//! INPUT.json RULE.rego...` prints each rule's `deny` count and time.

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let input_path = args
        .next()
        .ok_or("usage: rego_timing INPUT.json RULE.rego...")?;
    let text = std::fs::read_to_string(&input_path)?;
    let input = regorus::Value::from_json_str(&text)?;
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
            count = v.as_set().map(|s| s.len()).unwrap_or(0);
        }
        println!("{path}: {count} findings, interpreter best of 5 {best:.1} ms");
        let rule: regorus::Rc<str> = query.as_str().into();
        let compiled = engine.compile_with_entrypoint(&rule)?;
        let program = regorus::languages::rego::compiler::Compiler::compile_from_policy(
            &compiled,
            &[query.as_str()],
        )?;
        let mut vm = regorus::rvm::vm::RegoVM::new();
        vm.load_program(program);
        vm.set_max_instructions(usize::MAX);
        let mut best = f64::MAX;
        for _ in 0..5 {
            let started = Instant::now();
            vm.set_input(input.clone());
            let v = vm.execute()?;
            best = best.min(started.elapsed().as_secs_f64() * 1000.0);
            count = v.as_set().map(|s| s.len()).unwrap_or(0);
        }
        println!("{path}: {count} findings, RVM best of 5 {best:.1} ms");
    }
    Ok(())
}
