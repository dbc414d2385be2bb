//! The participant screen (`--serve ADDR`): a read-only web page for a projector or the players'
//! own devices, served on its own thread and fed the latest player view only (never the truth).
//!
//! Routes: `/` the page, `/app.css` and `/app.js` its style and script, `/events` the views as
//! server-sent events (the current one at once, then each change; the event id counts the
//! changes), `/state.json` the current view. Every response carries a strict
//! Content-Security-Policy and no external resource is ever loaded.

mod page;
pub mod view;

use crate::exercise::Session;
use crate::validate::{Failure, Report};
use axum::Router;
use axum::extract::State;
use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::stream::Stream;
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::sync::watch;
pub use view::View;

/// What every response is sent with: nothing but this server's own script, style and event
/// stream; no frames, forms, plugins or base URL.
pub const CONTENT_SECURITY_POLICY: &str = "default-src 'none'; script-src 'self'; style-src 'self'; \
     connect-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

/// A running participant screen. Dropping it ends the event streams and stops the server.
pub struct Screen {
    frames: watch::Sender<Frame>,
    address: SocketAddr,
}

/// The latest view, serialized once for every client, and how many views came before it.
#[derive(Clone)]
struct Frame {
    revision: u64,
    json: Arc<str>,
}

impl Screen {
    /// Binds `address` (port 0 picks a free one) and serves on a thread of its own. Fails at
    /// once when the address cannot be bound.
    pub fn start(address: SocketAddr) -> std::io::Result<Screen> {
        let listener = std::net::TcpListener::bind(address)?;
        listener.set_nonblocking(true)?;
        let address = listener.local_addr()?;
        let runtime = tokio::runtime::Builder::new_current_thread().enable_io().enable_time().build()?;
        let listener = {
            let _context = runtime.enter();
            tokio::net::TcpListener::from_std(listener)?
        };
        let (frames, watching) = watch::channel(Frame { revision: 0, json: "null".into() });
        let mut stop = watching.clone();
        let app = router(watching);
        std::thread::Builder::new().name("participant-screen".into()).spawn(move || {
            runtime.block_on(async move {
                // Serves until the `Screen` is dropped: then `changed` fails and the server stops.
                let stopped = async move { while stop.changed().await.is_ok() {} };
                let _ = axum::serve(listener, app).with_graceful_shutdown(stopped).await;
            });
        })?;
        Ok(Screen { frames, address })
    }

    /// The address served, with the port chosen when 0 was asked for.
    pub fn address(&self) -> SocketAddr {
        self.address
    }

    /// Shows `view`; clients hear of it only when it differs from the last one.
    pub fn publish(&self, view: &View) {
        let Ok(json) = serde_json::to_string(view) else { return };
        self.frames.send_if_modified(|frame| {
            if *frame.json == *json {
                return false;
            }
            *frame = Frame { revision: frame.revision + 1, json: json.into() };
            true
        });
    }

    /// Shows the players' view of `session` as it stands.
    pub fn show(&self, session: &Session) {
        self.publish(&View::of(session));
    }
}

/// Starts the screen when an address is given, and says on standard error where it is. An
/// address that cannot be served is invalid input, reported before the drill starts.
pub fn serve(address: Option<SocketAddr>) -> Result<Option<Screen>, Failure> {
    let Some(address) = address else { return Ok(None) };
    let screen = Screen::start(address).map_err(|e| {
        let message = format!("cannot serve the participant screen on {address}: {e}");
        let hint = "choose another address or port, e.g. `--serve 127.0.0.1:8080`, or port 0 for any free one";
        let mut report = Report::default();
        let diagnostic = crate::diagnostic::Diagnostic::error("serve-address", "--serve", message);
        report.diagnostics.push(diagnostic.with_hint(Some(hint.into())));
        Failure::Invalid(report)
    })?;
    eprintln!("participant screen: http://{}/", screen.address());
    Ok(Some(screen))
}

fn router(frames: watch::Receiver<Frame>) -> Router {
    let asset = |kind: &'static str, body: &'static str| move || async move { ([(header::CONTENT_TYPE, kind)], body) };
    Router::new()
        .route("/", get(index))
        .route("/app.css", get(asset("text/css; charset=utf-8", page::CSS)))
        .route("/app.js", get(asset("text/javascript; charset=utf-8", page::JS)))
        .route("/events", get(events))
        .route("/state.json", get(state))
        .with_state(frames)
        .layer(axum::middleware::map_response(secure))
}

/// The views as server-sent events: the current one at once (if the drill has shown one yet),
/// then each new one.
async fn events(
    State(mut frames): State<watch::Receiver<Frame>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    if frames.borrow().revision > 0 {
        frames.mark_changed();
    }
    let stream = futures_util::stream::unfold(frames, |mut frames| async move {
        frames.changed().await.ok()?;
        let frame = frames.borrow_and_update().clone();
        let event = Event::default().event("view").id(frame.revision.to_string()).data(&*frame.json);
        Some((Ok(event), frames))
    });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The page, with the current view in it.
async fn index(State(frames): State<watch::Receiver<Frame>>) -> impl IntoResponse {
    let html = page::html(&frames.borrow().json);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], html)
}

async fn state(State(frames): State<watch::Receiver<Frame>>) -> impl IntoResponse {
    let json = frames.borrow().json.to_string();
    ([(header::CONTENT_TYPE, "application/json")], json)
}

/// The headers every response carries.
async fn secure(mut response: Response) -> Response {
    let headers = response.headers_mut();
    for (name, value) in [
        (header::CONTENT_SECURITY_POLICY, CONTENT_SECURITY_POLICY),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff"),
        (header::REFERRER_POLICY, "no-referrer"),
        (header::CACHE_CONTROL, "no-store"),
    ] {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
