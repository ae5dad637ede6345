//! ddb's wire protocol: DynamoDB's HTTP/JSON API (the `x-amz-json-1.0` protocol) in front of
//! [`ddb_engine`]. This crate owns everything between the socket and
//! [`ddb_engine::dispatch`]: HTTP/1.1 with keep-alive (hyper), `X-Amz-Target` routing, request
//! bodies (size limit, gzip), response compression, the header-size limit, SigV4 header parsing, DynamoDB's error shapes and its order of
//! checks, `x-amz-crc32`, request ids, CORS, the health check, and graceful shutdown. It holds no
//! database logic.
//!
//! Operations run directly on the tokio worker that read the request: they are short and
//! CPU-bound, and handing each to a blocking pool costs more than the work itself.

pub mod auth;
pub mod body;
pub mod compression;
pub mod content_type;
pub mod cors;
pub mod crc;
pub mod credentials;
pub mod error_response;
pub mod http;
pub mod request_id;
pub mod sigv4;
pub mod target;

use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use ddb_engine::Engine;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper_util::rt::TokioIo;
use hyper_util::server::graceful::GracefulShutdown;
use tokio::net::{TcpListener, ToSocketAddrs};

pub use crate::auth::RequestAuth;
pub use crate::http::App;

/// How long shutdown waits for in-flight requests before giving up on them.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(10);

/// A DynamoDB-protocol server bound to a socket, not yet serving.
pub struct Server {
    listener: TcpListener,
    app: Arc<App>,
}

impl Server {
    /// Binds `addr` (port 0 picks a free port: see [`Server::local_addr`]).
    pub async fn bind(addr: impl ToSocketAddrs, engine: Arc<Engine>) -> io::Result<Server> {
        Ok(Server::from_listener(
            TcpListener::bind(addr).await?,
            engine,
        ))
    }

    /// Serves on an already bound listener.
    pub fn from_listener(listener: TcpListener, engine: Arc<Engine>) -> Server {
        Server::with_app(listener, App::new(engine))
    }

    /// Serves `app` on an already bound listener.
    pub fn with_app(listener: TcpListener, app: App) -> Server {
        Server {
            listener,
            app: Arc::new(app),
        }
    }

    /// The address actually bound.
    pub fn local_addr(&self) -> io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until `shutdown` completes, then stops accepting, lets in-flight requests finish
    /// (closing idle keep-alive connections at once), and returns.
    pub async fn run(self, shutdown: impl Future<Output = ()>) -> io::Result<()> {
        let Server { listener, app } = self;
        let graceful = GracefulShutdown::new();
        let mut http = http1::Builder::new();
        // Flushing pipelined responses together saves syscalls under load.
        http.keep_alive(true).pipeline_flush(true);
        // The app answers heads over MAX_HEADER_BYTES with a 431 of its own; hyper stops reading
        // a head at twice that (and at more than 100 headers), and also answers 431.
        http.max_header_size(2 * http::MAX_HEADER_BYTES);
        tokio::pin!(shutdown);
        loop {
            tokio::select! {
                biased;
                () = &mut shutdown => break,
                accepted = listener.accept() => {
                    let (stream, peer) = match accepted {
                        Ok(accepted) => accepted,
                        Err(e) => {
                            // Usually out of file descriptors: back off instead of spinning.
                            tracing::warn!(error = %e, "accept failed");
                            tokio::time::sleep(Duration::from_millis(50)).await;
                            continue;
                        }
                    };
                    // Responses are small and written whole; Nagle would only delay them.
                    let _ = stream.set_nodelay(true);
                    let app = app.clone();
                    let service = service_fn(move |request| app.clone().handle(request));
                    let connection = graceful.watch(http.serve_connection(TokioIo::new(stream), service));
                    tokio::spawn(async move {
                        if let Err(e) = connection.await {
                            tracing::debug!(%peer, error = %e, "connection ended with an error");
                        }
                    });
                }
            }
        }
        drop(listener);
        tokio::select! {
            () = graceful.shutdown() => {}
            () = tokio::time::sleep(SHUTDOWN_GRACE) => {
                tracing::warn!("connections still open after {SHUTDOWN_GRACE:?}; closing them");
            }
        }
        Ok(())
    }
}
