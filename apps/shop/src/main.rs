fn main() {
    // Readable panic messages in development builds; release builds leave the hook (and its
    // formatting code) out of the shopper's first load.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    omiyage::page_data::adopt_server_page();
    leptos::mount::mount_to_body(omiyage::app::App);
    // The router draws the page's route in a task of its own, queued first.
    leptos::task::spawn_local(async { omiyage::page_data::adopted() });
}
