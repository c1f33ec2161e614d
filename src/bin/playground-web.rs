//! The browser entry point Trunk builds: it only mounts the page from the library.

fn main() {
    #[cfg(target_arch = "wasm32")]
    policy_playground::web::start();
}
