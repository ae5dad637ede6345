//! `serve-bare`: the ceiling. A minimal hyper HTTP/1.1 server that reads each request body and
//! answers with a fixed 200-byte DynamoDB-style JSON body, so that the generator's rate against
//! it shows what HTTP alone costs on this machine.

use std::convert::Infallible;

use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response};
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;

/// A GetItem-shaped answer, exactly 200 bytes.
pub const BODY: &[u8; 200] = br#"{"Item":{"pk":{"S":"item#4711"},"sk":{"S":"v"},"payload":{"S":"0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ012345678"}}}"#;

async fn answer(req: Request<Incoming>) -> Result<Response<Full<Bytes>>, Infallible> {
    // Read the whole request, as any real server must.
    let _ = req.into_body().collect().await;
    Ok(Response::builder()
        .header("content-type", "application/x-amz-json-1.0")
        .header(
            "x-amzn-requestid",
            "BARE0000000000000000000000000000000000000000000000000000",
        )
        .body(Full::new(Bytes::from_static(BODY)))
        .expect("static response"))
}

pub fn serve(port: u16, threads: usize) -> Result<(), String> {
    let mut builder = tokio::runtime::Builder::new_multi_thread();
    if threads > 0 {
        builder.worker_threads(threads);
    }
    let rt = builder.enable_all().build().map_err(|e| e.to_string())?;
    rt.block_on(async move {
        let listener = TcpListener::bind(("127.0.0.1", port))
            .await
            .map_err(|e| format!("bind 127.0.0.1:{port}: {e}"))?;
        let addr = listener.local_addr().map_err(|e| e.to_string())?;
        println!("ddb-bench bare server listening on http://{addr}");
        loop {
            let (stream, _) = listener.accept().await.map_err(|e| e.to_string())?;
            let _ = stream.set_nodelay(true);
            tokio::spawn(async move {
                let _ = http1::Builder::new()
                    .serve_connection(TokioIo::new(stream), service_fn(answer))
                    .await;
            });
        }
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn body_is_200_bytes_of_json() {
        assert_eq!(super::BODY.len(), 200);
        let _: serde_json::Value = serde_json::from_slice(super::BODY).unwrap();
    }
}
