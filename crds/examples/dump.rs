fn main() {
    for crd in caregov_crds::all_crds() {
        match caregov_crds::crd_yaml(&crd) { Ok(s) => print!("{s}"), Err(e) => eprintln!("{e}") }
    }
}
